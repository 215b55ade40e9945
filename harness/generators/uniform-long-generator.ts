/**
 * Uniform integers in [lb, ub], both inclusive (YCSB's UniformLongGenerator; requestdistribution=uniform,
 * the field chooser, uniform scan and field lengths).
 *
 * YCSB computes `abs(nextLong()) % interval`; here it is floor(u · interval) from a 53-bit double, equally
 * uniform for any interval a benchmark uses and free of Math.abs(Long.MIN_VALUE)'s negative result.
 */
import type { NumberGenerator } from "./number-generator.js";
import { nextBelow, type Rng } from "./rng.js";

export class UniformLongGenerator implements NumberGenerator {
  private readonly interval: number;
  private lastValue: number;

  constructor(readonly lb: number, readonly ub: number) {
    if (!Number.isSafeInteger(lb) || !Number.isSafeInteger(ub) || ub < lb) {
      throw new RangeError(`UniformLongGenerator needs integer bounds lb <= ub, got [${lb}, ${ub}]`);
    }
    this.interval = ub - lb + 1;
    this.lastValue = lb;
  }

  next(rng: Rng): number {
    this.lastValue = this.lb + nextBelow(rng, this.interval);
    return this.lastValue;
  }

  last(): number {
    return this.lastValue;
  }

  mean(): number {
    return (this.lb + this.ub) / 2;
  }
}
