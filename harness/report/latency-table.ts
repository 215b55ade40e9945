/**
 * The report's latency table: per operation, one row per target with p50 / p95 / p99 / p99.9 and each one's
 * ratio to shvm-db's in the same phase (above 1: slower than shvm-db, below: faster).
 *
 * As in the lab's text table (results/comparison.ts), an open-loop run's latencies are taken from the
 * intended start (the Intended- series): the number that shows a stall instead of hiding it.
 */
import type { SeriesSummary } from "../results/summary.js";
import { orderSeries } from "../results/summary.js";
import type { YcsbResult } from "../results/result-file.js";

export const BASELINE_TARGET = "shvm";

export const PERCENTILE_KEYS = ["p50", "p95", "p99", "p999"] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];
export const PERCENTILE_LABELS: Record<PercentileKey, string> = { p50: "p50", p95: "p95", p99: "p99", p999: "p99.9" };

export interface LatencyRow {
  target: string;
  operation: string;
  /** Where the latencies are measured from: the actual start (closed loop) or the intended start (open loop). */
  from: "actual" | "intended";
  count: number;
  /** µs. */
  latency: Record<PercentileKey, number>;
  /** This row's latency ÷ the baseline's (same operation, same phase; null where the baseline's is 0); absent for the baseline or without one. */
  ratio?: Record<PercentileKey, number | null>;
}

export interface TargetResult {
  target: string;
  result: YcsbResult;
}

/** Series with latencies of the workload's own operations: not the -FAILED ones, not the binding's CLEANUP. */
export function workloadOperations(series: Iterable<string>): string[] {
  return orderSeries(series).filter((name) => !name.endsWith("-FAILED") && name !== "CLEANUP");
}

const percentiles = (s: SeriesSummary): Record<PercentileKey, number> => ({ p50: s.p50LatencyUs, p95: s.p95LatencyUs, p99: s.p99LatencyUs, p999: s.p999LatencyUs });

/** Rows grouped by operation (in YCSB's order), targets in the order given. */
export function latencyTable(runs: readonly TargetResult[], baseline = BASELINE_TARGET): { operations: string[]; rows: LatencyRow[] } {
  const rowsOf = ({ target, result }: TargetResult): LatencyRow[] => {
    const from = result.run.mode === "open" ? "intended" : "actual";
    const series = from === "intended" ? result.intended : result.operations;
    return workloadOperations(Object.keys(series)).flatMap((operation) => {
      const s = series[operation];
      return s && s.operations > 0 ? [{ target, operation, from, count: s.operations, latency: percentiles(s) }] : [];
    });
  };
  const all = runs.flatMap(rowsOf);
  const operations = workloadOperations(all.map((r) => r.operation));
  const rows: LatencyRow[] = [];
  for (const operation of operations) {
    const base = all.find((r) => r.operation === operation && r.target === baseline);
    for (const row of all.filter((r) => r.operation === operation)) {
      if (base === undefined || row === base) {
        rows.push(row);
        continue;
      }
      const ratio = Object.fromEntries(PERCENTILE_KEYS.map((k) => [k, base.latency[k] > 0 ? row.latency[k] / base.latency[k] : null])) as Record<PercentileKey, number | null>;
      rows.push({ ...row, ratio });
    }
  }
  return { operations, rows };
}
