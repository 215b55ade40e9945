/**
 * Picks one of a fixed set of values with given weights (YCSB's DiscreteGenerator; CoreWorkload's operation
 * chooser). Weights are normalised by their sum, so they need not add up to 1.
 *
 * YCSB walks the list subtracting normalised weights and throws if rounding leaves u past the end; here the
 * last value takes that sliver instead.
 */
import type { Rng } from "./rng.js";

export class DiscreteGenerator<T> {
  private readonly values: T[] = [];
  private readonly weights: number[] = [];
  private cumulative: number[] = [];
  private lastValue: T | undefined;

  add(weight: number, value: T): this {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`DiscreteGenerator weight must be >= 0, got ${weight}`);
    this.values.push(value);
    this.weights.push(weight);
    const sum = this.weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cumulative = this.weights.map((w) => (acc += w / sum));
    return this;
  }

  get size(): number {
    return this.values.length;
  }

  next(rng: Rng): T {
    const n = this.values.length;
    if (n === 0) throw new Error("DiscreteGenerator has no values");
    const u = rng.nextDouble();
    let i = 0;
    while (i < n - 1 && !(u < (this.cumulative[i] as number))) i++;
    this.lastValue = this.values[i] as T;
    return this.lastValue;
  }

  /** The last value drawn (undefined before the first draw; YCSB draws one on demand instead). */
  last(): T | undefined {
    return this.lastValue;
  }
}
