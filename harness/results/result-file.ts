/**
 * The results file of one `ycsb load` or `ycsb run`: versioned JSON with the run's full configuration, the
 * environment, a summary per measurement series, the Intended- series (open loop), per-second throughput,
 * CPU, warnings, and every merged histogram (compressed, so later reports can compute any percentile).
 *
 * schemaVersion changes whenever a field changes meaning or disappears; added fields keep the version.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Properties } from "../../workloads/properties.js";
import type { PhaseOutcome, RunSettings } from "../runner/run-phase.js";
import type { CpuReport } from "../runner/cpu.js";
import type { StartLag } from "../runner/recorder.js";
import type { PartitionMetricsSample, Phase } from "../target.js";
import type { Environment } from "./environment.js";
import { encodeHistogram, type Histogram } from "./histogram.js";
import { summariseAll, type SeriesSummary } from "./summary.js";

export const SCHEMA_VERSION = 2;

export interface YcsbResult {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: "ycsb-phase";
  phase: Phase;
  target: { name: string; summary: string; description: Record<string, string | number | boolean> };
  workload: {
    /** "workloada" for --workload a, else the property files' base names joined with "+". */
    name: string;
    /** The property files as given (-P / --workload), in order. */
    files: string[];
    /** Every property after files, -p overrides, defaults and what the target added (sorted by name). */
    properties: Properties;
  };
  run: {
    threads: number;
    concurrency: number;
    mode: "closed" | "open";
    /** Open loop: offered ops/s in total; null in closed loop. */
    targetRate: number | null;
    warmupSeconds: number;
    maxExecutionTimeSeconds: number | null;
    /** Operations per thread as planned (null: bounded by maxexecutiontime only). */
    plannedOperations: (number | null)[];
    seed: number;
    /** Stopped by Ctrl-C before the planned work was done. */
    stoppedEarly: boolean;
  };
  environment: Environment;
  timing: { startedAt: string; measuredFrom: string; finishedAt: string };
  overall: {
    /** From the start of the measured window to the last measured completion (YCSB's RunTime). */
    runTimeMs: number;
    /** Workload operations done in the window, every outcome (a read-modify-write is one). */
    operations: number;
    /** operations / run time. */
    throughput: number;
    /** Operations executed during the warm-up (not in any number above or below). */
    warmupOperations: number;
  };
  /** Per YCSB measurement name: READ, READ-FAILED, UPDATE, ..., CLEANUP. Latencies in µs. */
  operations: Record<string, SeriesSummary>;
  /** Open loop: the same measured from each operation's intended start (YCSB's Intended-<name>); empty in closed loop. */
  intended: Record<string, SeriesSummary>;
  perSecond: {
    /** Operations completed in each second of the measured window. */
    throughput: number[];
    byOperation: Record<string, number[]>;
  };
  /**
   * Per thread over the window: threadEventLoopUtilization, the plain one; threadPreciseWaitSpinMs, the wall time
   * its precise open-loop waits spun (blocks and other loops' work between spin turns included); of that,
   * threadPreciseWaitBlockedMs blocked (no CPU) and threadPreciseWaitPollMs pure polling;
   * threadEventLoopUtilizationOutsideWaits, the share of the window busy other than polling or blocked (null when
   * the window never began); threadStartLag, open loop, how late operations started with their loop free (null in
   * closed loop). The last two are what the per-thread saturation warnings judge.
   */
  cpu: CpuReport & {
    threadEventLoopUtilization: number[];
    threadPreciseWaitSpinMs: number[];
    threadPreciseWaitBlockedMs: number[];
    threadPreciseWaitPollMs: number[];
    threadEventLoopUtilizationOutsideWaits: (number | null)[];
    threadStartLag: (StartLag | null)[];
  };
  warnings: string[];
  histograms: {
    encoding: "hdrhistogram-compressed-base64";
    unit: "us";
    actual: Record<string, string>;
    intended: Record<string, string>;
  };
  /**
   * Added in version 2 (an added field keeps the version): the server's per-partition counters for the run's table,
   * sampled about once a second by the main thread from before the threads start until they are done, so warm-up
   * samples come first (compare `at` with `timing.measuredFrom`). Only for targets that report partitions (shvm).
   */
  partitionMetrics?: {
    table: string;
    source: string;
    intervalMs: number;
    samples: PartitionMetricsSample[];
    /** Scrapes that failed (their first message is among `warnings`). */
    failures: number;
  };
}

export interface ResultContext extends RunSettings {
  phase: Phase;
  target: YcsbResult["target"];
  workloadName: string;
  workloadFiles: string[];
  environment: Environment;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildResult(ctx: ResultContext, outcome: PhaseOutcome): YcsbResult {
  const m = outcome.merged;
  const { operations, intended } = summariseAll(m, outcome.runTimeMs);
  const sortedProperties: Properties = {};
  for (const key of Object.keys(outcome.config.properties).sort()) sortedProperties[key] = outcome.config.properties[key] as string;
  const encodeMap = (map: Map<string, Histogram>) => Object.fromEntries([...map].map(([k, h]) => [k, encodeHistogram(h)]));
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: "ycsb-phase",
    phase: ctx.phase,
    target: ctx.target,
    workload: { name: ctx.workloadName, files: ctx.workloadFiles, properties: sortedProperties },
    run: {
      threads: ctx.threads,
      concurrency: ctx.concurrency,
      mode: ctx.targetRate === null ? "closed" : "open",
      targetRate: ctx.targetRate,
      warmupSeconds: ctx.warmupSeconds,
      maxExecutionTimeSeconds: ctx.maxExecutionTime,
      plannedOperations: outcome.plannedOperations,
      seed: ctx.seed,
      stoppedEarly: outcome.stoppedEarly,
    },
    environment: ctx.environment,
    timing: { startedAt: iso(outcome.startAt), measuredFrom: iso(outcome.measureFrom), finishedAt: iso(outcome.finishedAt) },
    overall: {
      runTimeMs: Math.round(outcome.runTimeMs),
      operations: m.operations,
      throughput: outcome.throughput,
      warmupOperations: outcome.threads.reduce((s, t) => s + t.warmupOperations, 0),
    },
    operations,
    intended,
    perSecond: { throughput: m.perSecond, byOperation: m.perSecondByOperation },
    cpu: {
      ...outcome.cpu,
      threadEventLoopUtilization: outcome.threads.map((t) => t.elu),
      threadPreciseWaitSpinMs: outcome.threads.map((t) => Math.round(t.spinMs)),
      threadPreciseWaitBlockedMs: outcome.threads.map((t) => Math.round(t.blockedMs)),
      threadPreciseWaitPollMs: outcome.threads.map((t) => Math.round(t.pollMs)),
      threadEventLoopUtilizationOutsideWaits: outcome.threads.map((t) => t.eluOutsideWaits),
      threadStartLag: outcome.threads.map((t) => t.startLag),
    },
    warnings: outcome.warnings,
    histograms: { encoding: "hdrhistogram-compressed-base64", unit: "us", actual: encodeMap(m.histograms), intended: encodeMap(m.intended) },
  };
}

/** The repository's results/ folder (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL("../../results/", import.meta.url));

/** A file-system-safe timestamp: 2026-04-27T10-11-12-345Z. */
export function fileTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_+.-]+/g, "_");

/** results/<iso-time>-<target>-<workload>-<phase>.json */
export function defaultResultPath(r: Pick<YcsbResult, "phase" | "target" | "workload">, date = new Date(), dir = RESULTS_DIR): string {
  return join(dir, `${fileTimestamp(date)}-${safe(r.target.name)}-${safe(r.workload.name)}-${r.phase}.json`);
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}
