/**
 * Everything a report page shows, shaped from the inputs into plain JSON: the HTML tables are rendered from it
 * at build time and the page's charts draw it in the browser. Nothing here reads the clock or the machine: a
 * report is a function of its results files.
 */
import type { Environment } from "../results/environment.js";
import type { YcsbResult } from "../results/result-file.js";
import { groupPhases, type PhaseGroup, type ReportInputs } from "./inputs.js";
import { BASELINE_TARGET, latencyTable, workloadOperations, type LatencyRow } from "./latency-table.js";
import { modelData, type ModelData } from "./model-data.js";
import { partitionView, type PartitionView } from "./partition-heatmap.js";
import { curveFromEncoded, type CurvePoint } from "./percentile-curve.js";

export interface ThroughputPoint {
  target: string;
  /** Middle of the interval, seconds into the measured window. */
  t: number;
  ops: number;
}

export interface CurveSeries {
  target: string;
  operation: string;
  /** Latency from the actual start, or (open loop) from the intended start. */
  from: "actual" | "intended";
  points: CurvePoint[];
}

export interface ErrorRow {
  target: string;
  operation: string;
  /** Return codes as YCSB counts them under the operation (OK included). */
  codes: Record<string, number>;
  /** Operations in its -FAILED series. */
  failed: number;
}

export interface TargetRun {
  label: string;
  target: string;
  file: string;
  summary: string;
  description: YcsbResult["target"]["description"];
  throughput: number;
  /** throughput ÷ shvm-db's in the same phase; absent for shvm-db itself or without it. */
  ratio?: number;
  operations: number;
  runTimeMs: number;
  /** How steady: the per-second throughput's standard deviation ÷ its mean; null with fewer than 2 seconds. */
  variation: number | null;
  failed: number;
  warnings: string[];
  run: YcsbResult["run"];
  timing: YcsbResult["timing"];
  environment: Environment;
  properties: YcsbResult["workload"]["properties"];
  files: string[];
}

export interface PhaseData {
  key: string;
  phase: YcsbResult["phase"];
  workload: string;
  /** One line of conditions shared by every target of the phase (or "differs"). */
  conditions: string;
  openLoop: boolean;
  runs: TargetRun[];
  throughput: ThroughputPoint[];
  latency: { operations: string[]; rows: LatencyRow[] };
  curves: CurveSeries[];
  errors: ErrorRow[];
  /** From the baseline's sampled partition counters; absent when there were none. */
  partitions?: PartitionView;
  /** Targets that report partitions but have no samples in their results (older file, sampling off). */
  partitionsMissing?: string;
}

export interface ReportData {
  title: string;
  /** Targets in a fixed order, for one colour each across every chart. */
  targets: string[];
  baseline: string;
  phases: PhaseData[];
  absent: ReportInputs["absent"];
  /** Distinct environments (machine + commit) of the inputs: one, normally. */
  environments: Environment[];
  inputs: string[];
  /** Cost per million operations and the partition scaling bound (harness/model/), for the run phases with shvm-db. */
  model?: ModelData;
}

/**
 * Operations per second in each second of the measured window; the last second ends at the window's end (the
 * last completion), so its count is divided by its real length — and left out when that is under 100 ms, too
 * short to be a rate.
 */
export function throughputPoints(target: string, r: Pick<YcsbResult, "perSecond" | "overall">): ThroughputPoint[] {
  const window = r.overall.runTimeMs / 1000;
  const out: ThroughputPoint[] = [];
  r.perSecond.throughput.forEach((ops, i) => {
    const length = Math.min(1, window - i);
    if (length < 0.1) return;
    out.push({ target, t: Math.round((i + length / 2) * 1000) / 1000, ops: Math.round((ops / length) * 10) / 10 });
  });
  return out;
}

export function variation(points: readonly Pick<ThroughputPoint, "ops">[]): number | null {
  if (points.length < 2) return null;
  const mean = points.reduce((a, p) => a + p.ops, 0) / points.length;
  if (mean === 0) return null;
  const sd = Math.sqrt(points.reduce((a, p) => a + (p.ops - mean) ** 2, 0) / (points.length - 1));
  return sd / mean;
}

export function errorRows(target: string, r: Pick<YcsbResult, "operations">): ErrorRow[] {
  return workloadOperations(Object.keys(r.operations)).map((operation) => ({
    target,
    operation,
    codes: { ...(r.operations[operation]?.returnCodes ?? {}) },
    failed: r.operations[`${operation}-FAILED`]?.operations ?? 0,
  }));
}

function curves(label: string, r: YcsbResult): CurveSeries[] {
  const out: CurveSeries[] = [];
  const add = (from: CurveSeries["from"], encoded: Record<string, string>) => {
    for (const operation of workloadOperations(Object.keys(encoded))) {
      // Five significant digits are more than a chart resolves (and keep the page small).
      const points = curveFromEncoded(encoded[operation]!).map((p) => ({ percentile: Number(p.percentile.toPrecision(6)), x: Number(p.x.toPrecision(5)), us: p.us }));
      if (points.length > 0) out.push({ target: label, operation, from, points });
    }
  };
  add("actual", r.histograms.actual);
  if (r.run.mode === "open") add("intended", r.histograms.intended);
  return out;
}

/** "closed loop, 2 threads × 8, 3 s warm-up + 10 s, 10000 records, zipfian": what every number of the phase was measured under. */
export function conditionsOf(r: YcsbResult): string {
  const p = r.workload.properties;
  const loop = r.run.mode === "open" ? `open loop at ${r.run.targetRate} ops/s` : "closed loop";
  const time = r.run.maxExecutionTimeSeconds === null ? "until done" : `${r.run.maxExecutionTimeSeconds} s`;
  const parts = [loop, `${r.run.threads} thread${r.run.threads > 1 ? "s" : ""} × ${r.run.concurrency} in flight`, `${r.run.warmupSeconds} s warm-up + ${time}`, `${p.recordcount ?? "?"} records`];
  if (r.phase === "run") parts.push(`${p.requestdistribution ?? "?"} keys`);
  return parts.join(", ");
}

function phaseData(g: PhaseGroup, baselineLabel: (g: PhaseGroup) => string | undefined): PhaseData {
  const base = baselineLabel(g);
  const baseRun = g.runs.find((r) => r.label === base);
  const runs: TargetRun[] = g.runs.map(({ label, file, result: r }) => {
    const failed = Object.entries(r.operations).reduce((n, [name, s]) => n + (name.endsWith("-FAILED") ? s.operations : 0), 0);
    const baseThroughput = baseRun?.result.overall.throughput;
    return {
      label,
      target: r.target.name,
      file,
      summary: r.target.summary,
      description: r.target.description,
      throughput: r.overall.throughput,
      ...(label !== base && baseThroughput ? { ratio: r.overall.throughput / baseThroughput } : {}),
      operations: r.overall.operations,
      runTimeMs: r.overall.runTimeMs,
      variation: variation(throughputPoints(label, r)),
      failed,
      warnings: r.warnings,
      run: r.run,
      timing: r.timing,
      environment: r.environment,
      properties: r.workload.properties,
      files: r.workload.files,
    };
  });
  const conditions = [...new Set(g.runs.map((r) => conditionsOf(r.result)))];
  const withCounters = baseRun ?? g.runs.find((r) => r.result.partitionMetrics !== undefined);
  const partitions = withCounters ? partitionView(withCounters.result) : undefined;
  const shvmWithout = g.runs.filter((r) => r.result.target.name === BASELINE_TARGET && r.result.partitionMetrics === undefined);
  return {
    key: g.key,
    phase: g.phase,
    workload: g.workload,
    conditions: conditions.length === 1 ? conditions[0]! : `differs by target: ${conditions.join(" | ")}`,
    openLoop: g.runs.some((r) => r.result.run.mode === "open"),
    runs,
    throughput: g.runs.flatMap((r) => throughputPoints(r.label, r.result)),
    latency: latencyTable(
      g.runs.map((r) => ({ target: r.label, result: r.result })),
      base,
    ),
    curves: g.runs.flatMap((r) => curves(r.label, r.result)),
    errors: g.runs.flatMap((r) => errorRows(r.label, r.result)),
    ...(partitions ? { partitions } : {}),
    ...(partitions === undefined && shvmWithout.length > 0
      ? { partitionsMissing: `${shvmWithout.map((r) => r.label).join(", ")}: no partition samples in the results file (taken before sampling existed, or harness.metricsIntervalMs=0, or not shvm's own metrics)` }
      : {}),
  };
}

const environmentKey = (e: Environment) => JSON.stringify([e.hostname, e.cpuModel, e.cpus, e.node, e.gitCommit, e.gitDirty]);

export function reportData(inputs: ReportInputs, title?: string): ReportData {
  const groups = groupPhases(inputs.results);
  const baselineLabel = (g: PhaseGroup) => g.runs.find((r) => r.result.target.name === BASELINE_TARGET)?.label;
  const phases = groups.map((g) => phaseData(g, baselineLabel));
  const model = modelData(
    groups,
    phases.map((p) => p.partitions),
  );
  const targets = [...new Set(phases.flatMap((p) => p.runs.map((r) => r.label)))];
  const environments = new Map<string, Environment>();
  for (const { result } of inputs.results) environments.set(environmentKey(result.environment), result.environment);
  const targetNames = [...new Set(inputs.results.map((r) => r.result.target.name))];
  const workloads = [...new Set(groups.filter((g) => g.phase === "run").map((g) => g.workload.replace(/^workload/, "")))];
  return {
    title: title ?? `YCSB: ${targetNames.join(" vs ")}${workloads.length ? `, workload${workloads.length > 1 ? "s" : ""} ${workloads.join(", ")}` : ""}`,
    targets,
    baseline: BASELINE_TARGET,
    phases,
    absent: inputs.absent,
    environments: [...environments.values()],
    inputs: [...inputs.labs.map((l) => l.file), ...inputs.results.map((r) => r.file)],
    ...(model ? { model } : {}),
  };
}
