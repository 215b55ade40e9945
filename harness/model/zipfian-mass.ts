/**
 * The exact probability of each value a ZipfianGenerator draws — the generator as it runs, not the ideal
 * 1/r^θ / ζ(n, θ) law it approximates. Gray et al.'s method (zipfian-generator.ts) maps one uniform u in [0, 1):
 *
 *   u·ζn < 1            → rank 0          (probability 1/ζn, the ideal law's)
 *   u·ζn < 1 + 0.5^θ    → rank 1          (0.5^θ/ζn, also the ideal's)
 *   otherwise           → floor(n · (η·u − η + 1)^α),   α = 1/(1 − θ)
 *
 * so rank ≥ r exactly when u ≥ T(r) = 1 + ((r/n)^(1−θ) − 1)/η, and a rank's probability is the length of the u
 * interval that maps to it. Ranks from 2 on therefore follow the method's continuous approximation, which departs
 * from the ideal law by a few per cent (and, for the scrambled generator, whose η is built for 10^10 + 1 items but
 * whose ζ is the precomputed ζ(10^10), by YCSB's own constants). Differences of T are taken through expm1/log1p so
 * ranks near 10^10 keep their precision.
 */
import type { ZipfianGenerator } from "../generators/zipfian-generator.js";

export class ZipfianRankMass {
  /** n in floor(n · …): the item count the generator draws with. */
  readonly items: number;
  private readonly a: number; // 1 − θ
  private readonly eta: number;
  private readonly zetan: number;
  private readonly halfPowTheta: number;
  /** u from which the third branch applies. */
  private readonly u2: number;

  constructor(gen: Pick<ZipfianGenerator, "items" | "theta" | "eta" | "zetan">) {
    this.items = gen.items;
    this.a = 1 - gen.theta;
    this.eta = gen.eta;
    this.zetan = gen.zetan;
    this.halfPowTheta = Math.pow(0.5, gen.theta);
    this.u2 = Math.min(1, (1 + this.halfPowTheta) / this.zetan);
  }

  /** P(rank = r), r in [0, items). */
  mass(r: number): number {
    let p = 0;
    if (r === 0) p += Math.min(1, 1 / this.zetan);
    else if (r === 1) p += Math.min(1, (1 + this.halfPowTheta) / this.zetan) - Math.min(1, 1 / this.zetan);
    if (this.u2 >= 1) return p;
    const lo = this.threshold(r);
    const hi = this.threshold(r + 1);
    if (hi <= this.u2) return p;
    if (lo >= this.u2) return p + this.thresholdStep(r);
    return p + (hi - this.u2);
  }

  /** P(rank ≥ r) for r ≥ 2 (the third branch only, where ranks from 2 on come from). */
  tailFrom(r: number): number {
    if (r < 2) throw new RangeError("tailFrom is defined from rank 2 on");
    if (this.u2 >= 1) return 0;
    const t = this.threshold(r);
    // 1 − T(r) = (1 − (r/n)^a)/η, taken without cancellation.
    return t <= this.u2 ? 1 - this.u2 : -Math.expm1(this.a * Math.log(r / this.items)) / this.eta;
  }

  /** T(r): the smallest u (third branch) that gives a rank ≥ r. */
  private threshold(r: number): number {
    if (r <= 0) return -Infinity;
    return 1 + Math.expm1(this.a * Math.log(r / this.items)) / this.eta;
  }

  /** T(r + 1) − T(r), precisely. */
  private thresholdStep(r: number): number {
    if (r === 0) return Math.exp(this.a * Math.log(1 / this.items)) / this.eta;
    return (Math.exp(this.a * Math.log(r / this.items)) * Math.expm1(this.a * Math.log1p(1 / r))) / this.eta;
  }
}
