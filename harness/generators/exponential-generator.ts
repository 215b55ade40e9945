/**
 * Exponentially distributed values, small ones most frequent (YCSB's ExponentialGenerator;
 * requestdistribution=exponential, where CoreWorkload subtracts the draw from the newest record). Built from a
 * percentile and a range: `percentile`% of draws fall below `range`.
 */
import type { NumberGenerator } from "./number-generator.js";
import type { Rng } from "./rng.js";

export class ExponentialGenerator implements NumberGenerator {
  readonly gamma: number;
  private lastValue = 0;

  /** `percentile`% of draws fall below `range` (YCSB's exponential.percentile and recordcount·exponential.frac). */
  static fromPercentile(percentile: number, range: number): ExponentialGenerator {
    return new ExponentialGenerator(-Math.log(1 - percentile / 100) / range);
  }

  /** An exponential with rate `gamma` (mean 1/gamma). */
  constructor(gamma: number) {
    if (!(gamma > 0) || !Number.isFinite(gamma)) throw new RangeError(`ExponentialGenerator rate must be positive, got ${gamma}`);
    this.gamma = gamma;
  }

  /** A real number >= 0 (callers truncate, as CoreWorkload's intValue() does). */
  next(rng: Rng): number {
    // 1 - u lies in (0, 1], so the log is finite (YCSB's log(u) can be -Infinity for u = 0).
    this.lastValue = -Math.log(1 - rng.nextDouble()) / this.gamma;
    return this.lastValue;
  }

  last(): number {
    return this.lastValue;
  }

  mean(): number {
    return 1 / this.gamma;
  }
}
