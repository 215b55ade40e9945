/**
 * Statistics of the A/B benchmarks (bench:metrics, bench:auth, and the gate's baseline): median, quartiles and a
 * bootstrap interval that resamples whole groups. Pure functions, unit-tested.
 */

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** First and third quartiles of a non-empty list (medians of the lower and upper halves). */
export function quartiles(xs: readonly number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 1) return [s[0]!, s[0]!];
  const half = s.length >> 1;
  return [median(s.slice(0, half)), median(s.slice(s.length - half))];
}

/**
 * A percentile-bootstrap confidence interval for the median of all values: `iterations` times, draw as many
 * groups as there are, with replacement, and take the median of their values together; cut those medians at
 * (1 − level)/2 and (1 + level)/2. Resampling whole groups (a benchmark's rounds) keeps what is correlated
 * within a group together, so the interval is not made narrower by pretending neighbouring samples are
 * independent; groups of one value are the plain bootstrap. `random` is injectable for tests.
 */
export function bootstrapMedianCi(
  groups: readonly (readonly number[])[],
  level = 0.95,
  iterations = 2000,
  random: () => number = Math.random,
): [number, number] {
  const medians: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const sample: number[] = [];
    for (let j = 0; j < groups.length; j++) sample.push(...groups[Math.floor(random() * groups.length)]!);
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  const at = (q: number) => medians[Math.min(medians.length - 1, Math.max(0, Math.floor(q * medians.length)))]!;
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
