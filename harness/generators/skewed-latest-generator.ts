/**
 * Popularity skewed towards the most recently inserted records (YCSB's SkewedLatestGenerator;
 * requestdistribution=latest): `basis.last() - zipfian(basis.last())`, so the newest acknowledged record is
 * the most popular, the one before it next, and so on. The Zipfian's item count follows the basis as inserts
 * are acknowledged (zeta extended incrementally).
 *
 * As in YCSB, the draw lies in [basis.last() - itemcount + 1, basis.last()]: with basis.last() = N - 1 the
 * values are 1 .. N-1 and record 0 is never chosen.
 */
import type { NumberGenerator } from "./number-generator.js";
import type { Rng } from "./rng.js";
import { ZipfianGenerator } from "./zipfian-generator.js";

export class SkewedLatestGenerator implements NumberGenerator {
  private readonly zipfian: ZipfianGenerator;
  private lastValue: number;

  constructor(private readonly basis: NumberGenerator) {
    const max = basis.last();
    if (max < 1) throw new RangeError(`SkewedLatestGenerator needs a basis whose last value is at least 1, got ${max}`);
    this.zipfian = ZipfianGenerator.ofItems(max);
    this.lastValue = max;
  }

  next(rng: Rng): number {
    const max = this.basis.last();
    this.lastValue = max - this.zipfian.nextLong(rng, max);
    return this.lastValue;
  }

  last(): number {
    return this.lastValue;
  }
}
