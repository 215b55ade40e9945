/**
 * One phase against an already prepared target, written as a results file: the step `ycsb load|run` and
 * every step of `npm run lab` share.
 */
import type { Properties } from "../../workloads/properties.js";
import type { Phase, PreparedTarget, TargetDefinition } from "../target.js";
import type { Environment } from "../results/environment.js";
import { destroyMerged } from "../results/merge.js";
import { buildResult, defaultResultPath, writeJson, type YcsbResult } from "../results/result-file.js";
import { runPhase } from "../runner/run-phase.js";
import { DEFAULT_METRICS_INTERVAL_MS, sampledDuring } from "../report/metrics-sampler.js";
import type { RunSettings } from "./options.js";

/** Milliseconds between scrapes of a target's partition metrics (0: none); default about once a second. */
export const METRICS_INTERVAL_PROPERTY = "harness.metricsIntervalMs";

function metricsIntervalMs(properties: Readonly<Properties>): number {
  const v = properties[METRICS_INTERVAL_PROPERTY];
  if (v === undefined || v === "") return DEFAULT_METRICS_INTERVAL_MS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${METRICS_INTERVAL_PROPERTY} must be 0 (off) or a whole number of milliseconds, got "${v}"`);
  return n;
}

export interface RunOneOptions {
  target: TargetDefinition;
  prepared: PreparedTarget;
  /** Every property the phase runs with (workload + binding + what prepare learned). */
  properties: Properties;
  phase: Phase;
  workloadName: string;
  workloadFiles: string[];
  settings: RunSettings;
  environment: Environment;
  /** Explicit results file; default results/<iso-time>-<target>-<workload>-<phase>.json (in `dir` if given). */
  out?: string;
  dir?: string;
  onStatus?: (line: string) => void;
  label?: string;
  signal?: AbortSignal;
}

export async function runOne(o: RunOneOptions): Promise<{ result: YcsbResult; path: string }> {
  // Only the run settings themselves: o.settings may carry more (the lab's), which neither the phase nor the result takes.
  const { threads, concurrency, targetRate, warmupSeconds, maxExecutionTime, seed } = o.settings;
  const settings: RunSettings = { threads, concurrency, targetRate, warmupSeconds, maxExecutionTime, seed };
  // The target's partition counters (shvm-db only) are sampled from the main thread around the whole phase.
  const { value: outcome, sampled } = await sampledDuring(o.prepared.partitionMetrics, metricsIntervalMs(o.properties), () => runPhase({
    bindingModule: o.target.bindingModule,
    properties: o.properties,
    phase: o.phase,
    ...settings,
    serverPids: o.prepared.serverPids,
    ...(o.onStatus ? { onStatus: o.onStatus } : {}),
    ...(o.label ? { label: o.label } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  }));
  try {
    const result = buildResult(
      {
        phase: o.phase,
        target: { name: o.target.name, summary: o.target.summary, description: o.prepared.description },
        workloadName: o.workloadName,
        workloadFiles: o.workloadFiles,
        ...settings,
        environment: o.environment,
      },
      outcome,
    );
    if (sampled) {
      result.partitionMetrics = sampled.metrics;
      result.warnings.push(...sampled.warnings);
    }
    const path = o.out ?? defaultResultPath(result, new Date(), o.dir);
    writeJson(path, result);
    return { result, path };
  } finally {
    destroyMerged(outcome.merged);
  }
}

/**
 * The properties a run phase gets from a target prepared for an earlier phase (the lab's load): the run's own
 * workload properties, plus whatever prepare added or changed relative to the input it was given (endpoint,
 * shard count, ...).
 */
export function learnedProperties(input: Readonly<Properties>, prepared: Readonly<Properties>): Properties {
  const out: Properties = {};
  for (const [k, v] of Object.entries(prepared)) if (input[k] !== v) out[k] = v;
  return out;
}

/** "workloada" for the built-in "a"; otherwise the file's base name; several files joined with "+". */
export function workloadNameOf(files: readonly string[]): string {
  return files.map((f) => (/^[a-fA-F]$/.test(f) ? `workload${f.toLowerCase()}` : (f.split(/[\\/]/).pop() ?? f))).join("+") || "properties";
}
