/**
 * A hot set and a cold set (YCSB's HotspotIntegerGenerator; requestdistribution=hotspot): the lowest
 * `hotsetFraction` of [lowerBound, upperBound] receives `hotOpnFraction` of the draws, the rest the others,
 * uniformly within each set. The hot set size is truncated to an integer, as YCSB's `(int)` cast does.
 *
 * Out-of-range fractions or swapped bounds are errors here (YCSB prints a warning and substitutes 0 or swaps).
 * A hot or cold set of size zero is never drawn from (YCSB would divide by zero).
 */
import type { NumberGenerator } from "./number-generator.js";
import { nextBelow, type Rng } from "./rng.js";

export class HotspotIntegerGenerator implements NumberGenerator {
  readonly hotInterval: number;
  readonly coldInterval: number;
  private lastValue: number;

  constructor(
    readonly lowerBound: number,
    readonly upperBound: number,
    readonly hotsetFraction: number,
    readonly hotOpnFraction: number,
  ) {
    if (!Number.isSafeInteger(lowerBound) || !Number.isSafeInteger(upperBound) || upperBound < lowerBound) {
      throw new RangeError(`HotspotIntegerGenerator needs integer bounds lower <= upper, got [${lowerBound}, ${upperBound}]`);
    }
    if (!(hotsetFraction >= 0 && hotsetFraction <= 1)) throw new RangeError(`Hotset fraction out of range: ${hotsetFraction}`);
    if (!(hotOpnFraction >= 0 && hotOpnFraction <= 1)) throw new RangeError(`Hot operation fraction out of range: ${hotOpnFraction}`);
    const interval = upperBound - lowerBound + 1;
    this.hotInterval = Math.trunc(interval * hotsetFraction);
    this.coldInterval = interval - this.hotInterval;
    this.lastValue = lowerBound;
  }

  next(rng: Rng): number {
    const hot = rng.nextDouble() < this.hotOpnFraction;
    if ((hot && this.hotInterval > 0) || this.coldInterval === 0) {
      this.lastValue = this.lowerBound + nextBelow(rng, this.hotInterval);
    } else {
      this.lastValue = this.lowerBound + this.hotInterval + nextBelow(rng, this.coldInterval);
    }
    return this.lastValue;
  }

  last(): number {
    return this.lastValue;
  }

  mean(): number {
    return (
      this.hotOpnFraction * (this.lowerBound + this.hotInterval / 2) +
      (1 - this.hotOpnFraction) * (this.lowerBound + this.hotInterval + this.coldInterval / 2)
    );
  }
}
