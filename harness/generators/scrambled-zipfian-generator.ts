/**
 * Zipfian popularity with the popular items scattered over [min, max] (YCSB's ScrambledZipfianGenerator;
 * requestdistribution=zipfian). A Zipfian draw over a fixed 10^10-item space (theta 0.99, its zeta
 * precomputed) is hashed with fnvhash64 and taken modulo the item count, so the distribution's shape does
 * not depend on the item count and hot keys land anywhere in the key space.
 *
 * Like YCSB, the underlying generator is built for the range [0, ITEM_COUNT] — ITEM_COUNT + 1 items, which
 * only enters eta — with zeta precomputed for ITEM_COUNT.
 */
import { fnvhash64Mod } from "./fnvhash64.js";
import type { NumberGenerator } from "./number-generator.js";
import type { Rng } from "./rng.js";
import { ZIPFIAN_CONSTANT, ZipfianGenerator } from "./zipfian-generator.js";

/** zeta(10^10, 0.99), YCSB's precomputed constant. */
export const ZETAN = 26.46902820178302;
export const USED_ZIPFIAN_CONSTANT = 0.99;
export const ITEM_COUNT = 10_000_000_000;

export class ScrambledZipfianGenerator implements NumberGenerator {
  readonly itemcount: number;
  private readonly gen: ZipfianGenerator;
  private lastValue: number;

  /** Items 0 .. items-1. */
  static ofItems(items: number): ScrambledZipfianGenerator {
    return new ScrambledZipfianGenerator(0, items - 1);
  }

  /**
   * @param theta only 0.99 has a precomputed zeta; any other constant costs a 10^10-term sum (YCSB allows
   * it; here it is refused as a certain hang).
   */
  constructor(readonly min: number, readonly max: number, theta = ZIPFIAN_CONSTANT) {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`ScrambledZipfianGenerator needs integer bounds min <= max, got [${min}, ${max}]`);
    }
    if (theta !== USED_ZIPFIAN_CONSTANT) {
      throw new RangeError(`ScrambledZipfianGenerator supports only theta ${USED_ZIPFIAN_CONSTANT} (zeta over 10^10 items is precomputed)`);
    }
    this.itemcount = max - min + 1;
    this.gen = new ZipfianGenerator(0, ITEM_COUNT, theta, { zetan: ZETAN });
    this.lastValue = min;
  }

  next(rng: Rng): number {
    this.lastValue = this.min + fnvhash64Mod(this.gen.next(rng), this.itemcount);
    return this.lastValue;
  }

  last(): number {
    return this.lastValue;
  }

  /** The values are scrambled (close to uniformly), so the mean is the middle of the range. */
  mean(): number {
    return (this.min + this.max) / 2;
  }
}
