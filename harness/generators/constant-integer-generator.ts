/** Always the same value (YCSB's ConstantIntegerGenerator; fieldlengthdistribution=constant). */
import type { NumberGenerator } from "./number-generator.js";

export class ConstantIntegerGenerator implements NumberGenerator {
  constructor(readonly value: number) {}

  next(): number {
    return this.value;
  }

  last(): number {
    return this.value;
  }

  mean(): number {
    return this.value;
  }
}
