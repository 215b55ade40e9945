/**
 * Per-series summaries of a merged run (what the results JSON and the comparison table show), and the order
 * series are listed in.
 */
import { latencyStats, type Histogram } from "./histogram.js";
import type { MergedMeasurements } from "./merge.js";

export interface SeriesSummary {
  /** Operations recorded in this series (for `READ`: successful reads; failures are in `READ-FAILED`). */
  operations: number;
  /** operations / run time, ops/s. */
  throughput: number;
  averageLatencyUs: number;
  minLatencyUs: number;
  maxLatencyUs: number;
  p50LatencyUs: number;
  p95LatencyUs: number;
  p99LatencyUs: number;
  p999LatencyUs: number;
  /** Return codes of the operation (every outcome, as YCSB reports them under the operation's name). */
  returnCodes: Record<string, number>;
}

/** YCSB's operations in a fixed order; each is followed by its -FAILED series; unknown names come last, sorted. */
const ORDER = ["READ", "UPDATE", "INSERT", "SCAN", "READ-MODIFY-WRITE", "DELETE", "VERIFY", "CLEANUP"];

export function orderSeries(names: Iterable<string>): string[] {
  const rank = (name: string): [number, string] => {
    const failed = name.endsWith("-FAILED");
    const base = failed ? name.slice(0, -"-FAILED".length) : name;
    const i = ORDER.indexOf(base);
    return [i < 0 ? ORDER.length * 2 : i * 2 + (failed ? 1 : 0), name];
  };
  return [...new Set(names)].sort((a, b) => {
    const [ra, na] = rank(a);
    const [rb, nb] = rank(b);
    return ra - rb || na.localeCompare(nb);
  });
}

export function summariseSeries(h: Histogram | undefined, runTimeMs: number, returnCodes: Record<string, number> = {}): SeriesSummary {
  const s = latencyStats(h);
  return {
    operations: s.count,
    throughput: runTimeMs > 0 ? (s.count * 1000) / runTimeMs : 0,
    averageLatencyUs: s.avg,
    minLatencyUs: s.min,
    maxLatencyUs: s.max,
    p50LatencyUs: s.p50,
    p95LatencyUs: s.p95,
    p99LatencyUs: s.p99,
    p999LatencyUs: s.p999,
    returnCodes: { ...returnCodes },
  };
}

/**
 * Every series with its summary: those with latencies, plus operations that only have return codes (every
 * READ failed: `READ` still appears, with 0 operations and its Return= counts, as in YCSB).
 */
export function summariseAll(m: MergedMeasurements, runTimeMs: number): { operations: Record<string, SeriesSummary>; intended: Record<string, SeriesSummary> } {
  const operations: Record<string, SeriesSummary> = {};
  for (const name of orderSeries([...m.histograms.keys(), ...Object.keys(m.returnCodes)])) {
    operations[name] = summariseSeries(m.histograms.get(name), runTimeMs, m.returnCodes[name]);
  }
  const intended: Record<string, SeriesSummary> = {};
  for (const name of orderSeries(m.intended.keys())) intended[name] = summariseSeries(m.intended.get(name), runTimeMs);
  return { operations, intended };
}
