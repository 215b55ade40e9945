/**
 * Cycles through [start, end] in order, wrapping around (YCSB's SequentialGenerator; requestdistribution=sequential).
 */
import type { NumberGenerator } from "./number-generator.js";

export class SequentialGenerator implements NumberGenerator {
  private readonly interval: number;
  private counter = 0;
  private lastValue: number;

  constructor(readonly start: number, readonly end: number) {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
      throw new RangeError(`SequentialGenerator needs integer bounds start <= end, got [${start}, ${end}]`);
    }
    this.interval = end - start + 1;
    this.lastValue = start;
  }

  next(): number {
    this.lastValue = this.start + (this.counter++ % this.interval);
    return this.lastValue;
  }

  /** The last value returned (YCSB's lastValue() here returns counter + 1, an off-by-n quirk nothing relies on). */
  last(): number {
    return this.lastValue;
  }
}
