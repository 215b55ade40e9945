/**
 * Zipfian-distributed integers in [min, max] (YCSB's ZipfianGenerator): min is the most popular item, min+1
 * the next, and so on. The method is from Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases" (SIGMOD 1994), with YCSB's constant theta = 0.99.
 *
 * The item count may grow between calls (`nextLong(rng, itemcount)`, used by the "latest" distribution as
 * inserts land): zeta is then extended incrementally from the last count, and eta is recomputed from the new
 * zeta but — as in YCSB — with the *original* item count in its `2/items` term. A smaller item count is used
 * as is with the old zeta unless `allowItemCountDecrease` (then zeta is recomputed from scratch, slowly).
 */
import type { NumberGenerator } from "./number-generator.js";
import type { Rng } from "./rng.js";

export const ZIPFIAN_CONSTANT = 0.99;

/**
 * zeta(n, theta) = Σ_{i=1..n} 1/i^theta, summed in YCSB's order; with `st`/`initialSum`, continues a sum
 * that already covers the first `st` terms.
 */
export function zetaStatic(n: number, theta: number, st = 0, initialSum = 0): number {
  let sum = initialSum;
  for (let i = st; i < n; i++) sum += 1 / Math.pow(i + 1, theta);
  return sum;
}

// From-scratch zetas are O(n) (about a second per 10^8 items); generators over the same count share them.
const zetaCache = new Map<string, number>();
const CACHE_FROM = 100_000;

function cachedZeta(n: number, theta: number): number {
  if (n < CACHE_FROM) return zetaStatic(n, theta);
  const key = `${n}:${theta}`;
  let z = zetaCache.get(key);
  if (z === undefined) {
    z = zetaStatic(n, theta);
    zetaCache.set(key, z);
  }
  return z;
}

export interface ZipfianOptions {
  /** Precomputed zeta(max - min + 1, theta), skipping the O(n) sum (ScrambledZipfian passes its constant). */
  zetan?: number;
  /** Recompute zeta from scratch when a smaller item count is asked for (YCSB's allowitemcountdecrease). */
  allowItemCountDecrease?: boolean;
}

export class ZipfianGenerator implements NumberGenerator {
  /** Number of items the generator was built for (max - min + 1); eta keeps using it, as YCSB does. */
  readonly items: number;
  /** The smallest (and most popular) value. */
  readonly base: number;
  readonly theta: number;
  readonly alpha: number;
  readonly zeta2theta: number;
  private readonly halfPowTheta: number;
  private readonly allowItemCountDecrease: boolean;
  private zetanValue: number;
  private etaValue: number;
  private countForZetaValue: number;
  private lastValue: number;

  /** Items 0 .. items-1. */
  static ofItems(items: number, theta = ZIPFIAN_CONSTANT): ZipfianGenerator {
    return new ZipfianGenerator(0, items - 1, theta);
  }

  constructor(min: number, max: number, theta = ZIPFIAN_CONSTANT, options: ZipfianOptions = {}) {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`ZipfianGenerator needs integer bounds min <= max, got [${min}, ${max}]`);
    }
    if (!(theta > 0 && theta < 1)) throw new RangeError(`Zipfian constant must be in (0, 1), got ${theta}`);
    this.items = max - min + 1;
    this.base = min;
    this.theta = theta;
    this.zeta2theta = zetaStatic(2, theta);
    this.alpha = 1 / (1 - theta);
    this.halfPowTheta = Math.pow(0.5, theta);
    this.allowItemCountDecrease = options.allowItemCountDecrease ?? false;
    this.zetanValue = options.zetan ?? cachedZeta(this.items, theta);
    this.countForZetaValue = this.items;
    this.etaValue = this.computeEta();
    this.lastValue = min;
  }

  get zetan(): number {
    return this.zetanValue;
  }

  get eta(): number {
    return this.etaValue;
  }

  /** The item count the current zetan covers. */
  get countForZeta(): number {
    return this.countForZetaValue;
  }

  next(rng: Rng): number {
    return this.nextLong(rng, this.items);
  }

  /** Next value for a (possibly changed) item count; values lie in [base, base + itemcount). */
  nextLong(rng: Rng, itemcount: number): number {
    if (itemcount !== this.countForZetaValue) {
      if (itemcount > this.countForZetaValue) {
        this.zetanValue = zetaStatic(itemcount, this.theta, this.countForZetaValue, this.zetanValue);
        this.countForZetaValue = itemcount;
        this.etaValue = this.computeEta();
      } else if (this.allowItemCountDecrease) {
        this.zetanValue = zetaStatic(itemcount, this.theta);
        this.countForZetaValue = itemcount;
        this.etaValue = this.computeEta();
      }
    }
    const u = rng.nextDouble();
    const uz = u * this.zetanValue;
    let ret: number;
    if (uz < 1) ret = this.base;
    else if (uz < 1 + this.halfPowTheta) ret = this.base + 1;
    else ret = this.base + Math.floor(itemcount * Math.pow(this.etaValue * u - this.etaValue + 1, this.alpha));
    this.lastValue = ret;
    return ret;
  }

  last(): number {
    return this.lastValue;
  }

  private computeEta(): number {
    return (1 - Math.pow(2 / this.items, 1 - this.theta)) / (1 - this.zeta2theta / this.zetanValue);
  }
}
