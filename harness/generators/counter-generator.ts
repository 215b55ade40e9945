/**
 * A sequence start, start+1, ... (YCSB's CounterGenerator): the load phase's key sequence (from insertstart).
 * `last()` is the most recently handed out value (start - 1 before the first).
 */
import type { NumberGenerator } from "./number-generator.js";

export class CounterGenerator implements NumberGenerator {
  protected counter: number;

  constructor(start: number) {
    if (!Number.isSafeInteger(start)) throw new RangeError(`CounterGenerator start must be an integer, got ${start}`);
    this.counter = start;
  }

  next(): number {
    return this.counter++;
  }

  last(): number {
    return this.counter - 1;
  }
}
