/** Small, made-up results files for the report's unit tests (never real measurements). */
import { encodeHistogram, newHistogram } from "../results/histogram.js";
import type { YcsbResult } from "../results/result-file.js";
import type { SeriesSummary } from "../results/summary.js";

/** A histogram of these latencies (µs), encoded as a results file holds it. */
export function encodedLatencies(values: readonly number[]): string {
  const h = newHistogram();
  for (const v of values) h.recordValue(v);
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

export function series(p50: number, extra: Partial<SeriesSummary> = {}): SeriesSummary {
  return {
    operations: 100,
    throughput: 10,
    averageLatencyUs: p50,
    minLatencyUs: p50 / 2,
    maxLatencyUs: p50 * 10,
    p50LatencyUs: p50,
    p95LatencyUs: p50 * 2,
    p99LatencyUs: p50 * 4,
    p999LatencyUs: p50 * 8,
    returnCodes: { OK: 100 },
    ...extra,
  };
}

export interface FixtureOptions {
  target?: string;
  phase?: YcsbResult["phase"];
  workload?: string;
  mode?: YcsbResult["run"]["mode"];
  operations?: Record<string, SeriesSummary>;
  intended?: Record<string, SeriesSummary>;
  actual?: Record<string, string>;
  intendedHistograms?: Record<string, string>;
  perSecond?: number[];
  runTimeMs?: number;
  partitionMetrics?: YcsbResult["partitionMetrics"];
}

export const MEASURED_FROM = "2026-01-01T00:00:10.000Z";

export function fixtureResult(o: FixtureOptions = {}): YcsbResult {
  const mode = o.mode ?? "closed";
  return {
    schemaVersion: 2,
    kind: "ycsb-phase",
    phase: o.phase ?? "run",
    target: { name: o.target ?? "shvm", summary: "fixture", description: { endpoint: "http://127.0.0.1:1" } },
    workload: { name: o.workload ?? "workloada", files: ["workloada"], properties: { recordcount: "1000", requestdistribution: "zipfian" } },
    run: { threads: 2, concurrency: 8, mode, targetRate: mode === "open" ? 500 : null, warmupSeconds: 3, maxExecutionTimeSeconds: 10, plannedOperations: [null, null], seed: 1, stoppedEarly: false },
    environment: { node: "v20", platform: "linux", release: "6", arch: "x64", hostname: "box", cpuModel: "cpu", cpus: 2, availableParallelism: 2, totalMemoryBytes: 2 ** 32, gitCommit: "abc", gitDirty: false, time: MEASURED_FROM },
    timing: { startedAt: "2026-01-01T00:00:07.000Z", measuredFrom: MEASURED_FROM, finishedAt: "2026-01-01T00:00:20.000Z" },
    overall: { runTimeMs: o.runTimeMs ?? 10_000, operations: 1000, throughput: 100, warmupOperations: 0 },
    operations: o.operations ?? { READ: series(1000), UPDATE: series(2000) },
    intended: o.intended ?? {},
    perSecond: { throughput: o.perSecond ?? [100, 100], byOperation: {} },
    cpu: {} as YcsbResult["cpu"],
    warnings: [],
    histograms: { encoding: "hdrhistogram-compressed-base64", unit: "us", actual: o.actual ?? {}, intended: o.intendedHistograms ?? {} },
    ...(o.partitionMetrics ? { partitionMetrics: o.partitionMetrics } : {}),
  };
}
