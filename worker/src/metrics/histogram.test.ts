import { describe, expect, it } from "vitest";
import { LatencyHistogram, latencyBucket, quantileFromCounts } from "./histogram.js";
import { LATENCY_BUCKET_COUNT, latencyBucketBound } from "./snapshot.js";

describe("latency buckets", () => {
  it("puts each value in the bucket whose bound closes it", () => {
    for (let i = 1; i < LATENCY_BUCKET_COUNT; i++) {
      const bound = latencyBucketBound(i);
      expect(latencyBucket(bound)).toBe(i);
      expect(latencyBucket(bound * 1.0001)).toBe(Math.min(i + 1, LATENCY_BUCKET_COUNT - 1));
      expect(latencyBucket(latencyBucketBound(i - 1) * 1.0001)).toBe(i);
    }
  });

  it("sends zero, negatives and NaN to the first bucket and huge values to the last", () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(-1)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(1e9)).toBe(LATENCY_BUCKET_COUNT - 1);
  });
});

describe("LatencyHistogram", () => {
  it("counts, sums and reads quantiles that bound the true value from above within one bucket", () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.record(ms / 1000);
    const s = h.snapshot();
    expect(s.count).toBe(100);
    expect(s.sumSeconds).toBeCloseTo(5.05, 9);
    expect(s.maxSeconds).toBe(0.1);
    const p50 = quantileFromCounts(s.counts, 0.5)!;
    expect(p50).toBeGreaterThanOrEqual(0.05);
    expect(p50).toBeLessThan(0.05 * 2 ** 0.25 + 1e-12);
    expect(quantileFromCounts(s.counts, 1, s.maxSeconds)).toBe(0.1);
    expect(quantileFromCounts(new Array(LATENCY_BUCKET_COUNT).fill(0), 0.5)).toBeNull();
  });
});
