/**
 * A latency histogram on the fixed log-spaced buckets of snapshot.ts: recording is one Math.log2 and one array
 * increment, so it can sit on every partition call. Percentiles are read from the buckets (upper bound of the
 * bucket holding the rank: at most 19 % high with 4 buckets per doubling, never low).
 */
import {
  LATENCY_BASE_SECONDS,
  LATENCY_BUCKET_COUNT,
  LATENCY_BUCKETS_PER_DOUBLING,
  latencyBucketBound,
  type LatencySnapshot,
} from "./snapshot.js";

/** Index of the bucket that holds `seconds` (values ≤ the first bound go to bucket 0). */
export function latencyBucket(seconds: number): number {
  if (!(seconds > LATENCY_BASE_SECONDS)) return 0;
  // Bucket i holds (bound(i-1), bound(i)]: the smallest i with bound(i) >= seconds. The epsilon keeps a value
  // exactly on a bound (2 ms after float rounding) in the bucket it closes.
  const i = Math.ceil(Math.log2(seconds / LATENCY_BASE_SECONDS) * LATENCY_BUCKETS_PER_DOUBLING - 1e-9);
  return i >= LATENCY_BUCKET_COUNT ? LATENCY_BUCKET_COUNT - 1 : i;
}

export class LatencyHistogram {
  count = 0;
  sumSeconds = 0;
  maxSeconds = 0;
  readonly counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);

  record(seconds: number): void {
    this.count++;
    this.sumSeconds += seconds;
    if (seconds > this.maxSeconds) this.maxSeconds = seconds;
    this.counts[latencyBucket(seconds)]!++;
  }

  snapshot(): LatencySnapshot {
    return { count: this.count, sumSeconds: this.sumSeconds, maxSeconds: this.maxSeconds, counts: this.counts.slice() };
  }
}

/**
 * The q-quantile (0 < q ≤ 1) of bucket counts, as the upper bound of the bucket holding that rank (capped at
 * `max` when given); null when there are no observations.
 */
export function quantileFromCounts(counts: readonly number[], q: number, max?: number): number | null {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) {
      const bound = latencyBucketBound(i);
      return max !== undefined && max < bound ? max : bound;
    }
  }
  return max ?? latencyBucketBound(counts.length - 1);
}
