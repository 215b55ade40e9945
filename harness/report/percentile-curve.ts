/**
 * The HDR percentile distribution of a latency histogram, as HdrHistogram's own plots draw it: x is
 * 1 / (1 − p) on a log axis (so 90 %, 99 %, 99.9 % are equally spaced and the tail gets the room), y the
 * latency at that percentile. The points follow HdrHistogram's percentile iteration: `ticksPerHalfDistance`
 * points each time the distance to 100 % halves, up to the last operation (1 − 1/count), then the maximum.
 */
import { decodeHistogram, valueAt, type Histogram } from "../results/histogram.js";

export interface CurvePoint {
  /** Percentile, 0–100. */
  percentile: number;
  /** 1 / (1 − percentile/100): the plot's x (the maximum sits at x = count). */
  x: number;
  /** Latency at that percentile, µs. */
  us: number;
}

/** HdrHistogram's default for its percentile distribution output. */
export const TICKS_PER_HALF_DISTANCE = 5;

export function percentileCurve(h: Histogram, ticksPerHalfDistance = TICKS_PER_HALF_DISTANCE): CurvePoint[] {
  const count = h.totalCount;
  if (count === 0) return [];
  const points: CurvePoint[] = [];
  // Beyond x = count the percentiles name no further operation: every one of them is the maximum.
  for (let i = 0; ; i++) {
    const x = 2 ** (i / ticksPerHalfDistance);
    if (x > count) break;
    const percentile = 100 * (1 - 1 / x);
    points.push({ percentile, x, us: valueAt(h, percentile) });
  }
  points.push({ percentile: 100, x: Math.max(count, points.at(-1)?.x ?? 1), us: h.maxValue });
  return points;
}

/** The curve of a results file's encoded histogram (histograms.actual / .intended). */
export function curveFromEncoded(encoded: string, ticksPerHalfDistance = TICKS_PER_HALF_DISTANCE): CurvePoint[] {
  const h = decodeHistogram(encoded);
  try {
    return percentileCurve(h, ticksPerHalfDistance);
  } finally {
    h.destroy();
  }
}
