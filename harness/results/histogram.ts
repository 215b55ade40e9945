/**
 * Latency histograms (HdrHistogram, values in microseconds, 3 significant digits as YCSB's Recorder(3)) and
 * their wire form between threads: each client thread records into its own histograms and sends them to the
 * main thread compressed (base64), where they are added up. Adding HdrHistograms is exact, so the merged
 * percentiles are those of all operations together, not an average of per-thread percentiles.
 */
import hdr from "hdr-histogram-js";
import type { Histogram } from "hdr-histogram-js";

export type { Histogram };

/** 1 µs resolution; starts at 60 s of range and auto-resizes past it rather than dropping a sample. */
export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded);
}

/** Adds every encoded histogram into one new histogram. */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const total = newHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

/** The numbers a summary needs, read once from a histogram (all µs; zeros for an empty one, as HdrHistogram does). */
export interface LatencyStats {
  count: number;
  avg: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  p9999: number;
}

export function latencyStats(h: Histogram | undefined): LatencyStats {
  if (h === undefined || h.totalCount === 0) return { count: 0, avg: 0, min: 0, max: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, p9999: 0 };
  return {
    count: h.totalCount,
    avg: h.mean,
    // A recorded 0 µs shows up only at percentile 0; otherwise the smallest recorded value.
    min: valueAt(h, 0) === 0 ? 0 : h.minNonZeroValue,
    max: h.maxValue,
    p50: valueAt(h, 50),
    p90: valueAt(h, 90),
    p95: valueAt(h, 95),
    p99: valueAt(h, 99),
    p999: valueAt(h, 99.9),
    p9999: valueAt(h, 99.99),
  };
}

/** HdrHistogram's value at a percentile (the highest value equivalent to the bucket, as Java's getValueAtPercentile). */
export function valueAt(h: Histogram, percentile: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(percentile);
}
