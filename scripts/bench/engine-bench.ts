/**
 * The engine benchmark (`npm run bench:engine`, and the engine part of `bench:gate`): single DynamoDB operations,
 * closed loop over HTTP, against the engine and against its ceiling (harness/targets/bench-servers.ts), run by the
 * harness's runner and recorder (harness/cli/run-one.ts) — every phase is a harness results file, so the same
 * report code reads them.
 *
 * Per round and target: prepare (a fresh workerd; the engine's table created), the load (recordcount = --keys
 * PutItems of new items, unmeasured here but written like every phase), then one run phase per operation, each a
 * harness workload of one operation type (OPERATIONS below), warm-up then a measured window of --duration:
 *   PutItem             YCSB's run-phase insert: a PutItem of a new 10-field record
 *   GetItem             YCSB's read of a loaded record: a GetItem, all fields
 *   UpdateItem          YCSB's update: an UpdateItem `SET` of one field (engine only)
 *   ConditionalPutItem  a PutItem of a whole loaded record with `attribute_exists` on its key (engine only)
 *   Transaction1        the update as a TransactWriteItems of that one item (engine only)
 *   Transaction2        the update as a TransactWriteItems of that item and a second one (engine only)
 * Targets alternate within each round (the order flips every round) so machine noise hits both; per target and
 * operation the BEST round by ops/s counts (noise only slows runs down). UpdateItem and the conditional PutItem
 * are compared with the ceiling's PutItem, the same single-row write.
 */
import type { TargetDefinition } from "../../harness/target.js";
import { readEnvironment } from "../../harness/results/environment.js";
import { runOne } from "../../harness/cli/run-one.js";
import type { RunSettings } from "../../harness/runner/run-phase.js";
import { ceilingTarget, engineBenchTarget } from "../../harness/targets/bench-servers.js";
import type { Properties } from "../../workloads/properties.js";
import { phaseFigures, pickBest, ratios, type PhaseFigures, type Ratios } from "./engine-figures.js";
import { oneLine } from "./report.js";

export const OPERATIONS = ["PutItem", "GetItem"] as const;
/** Engine-only operations, compared with the ceiling's PutItem (the same single-row write). */
export const WRITE_VARIANTS = ["UpdateItem", "ConditionalPutItem", "Transaction1", "Transaction2"] as const;
export type BenchOperation = (typeof OPERATIONS)[number] | (typeof WRITE_VARIANTS)[number];
export type BenchTargetName = "ceiling" | "engine";
export const TARGET_NAMES: readonly BenchTargetName[] = ["ceiling", "engine"];

const NONE = { readproportion: "0", updateproportion: "0", insertproportion: "0", scanproportion: "0", readmodifywriteproportion: "0" };

/** Each operation as a harness workload: its run-phase properties, and the series its figures come from. */
export const OPERATION_WORKLOADS: Record<BenchOperation, { series: string; properties: Properties }> = {
  PutItem: { series: "INSERT", properties: { ...NONE, insertproportion: "1" } },
  GetItem: { series: "READ", properties: { ...NONE, readproportion: "1", readallfields: "true" } },
  UpdateItem: { series: "UPDATE", properties: { ...NONE, updateproportion: "1", writeallfields: "false" } },
  ConditionalPutItem: { series: "UPDATE", properties: { ...NONE, updateproportion: "1", writeallfields: "true", "dynamoops.update": "conditional-putitem" } },
  // YCSB's update as a TransactWriteItems: of its one record (one partition), and of it and a second item.
  Transaction1: { series: "UPDATE", properties: { ...NONE, updateproportion: "1", writeallfields: "false", "dynamoops.update": "transaction-1" } },
  Transaction2: { series: "UPDATE", properties: { ...NONE, updateproportion: "1", writeallfields: "false", "dynamoops.update": "transaction-2" } },
};

export interface EngineBenchConfig {
  durationS: number;
  warmupS: number;
  threads: number;
  concurrency: number;
  keys: number;
  partitions: number;
  rounds: number;
  only?: BenchTargetName[];
  /** Run the engine-only UpdateItem / ConditionalPutItem phases. */
  variants: boolean;
  /** Another build of the engine (the gate's self-check runs a deliberately slowed one). */
  engineEntry?: string;
  /** Where the results files go. */
  outDir: string;
  /** The engine's phases instead of OPERATIONS and the variants (bench:gsi runs PutItem and UpdateItem only). */
  operations?: BenchOperation[];
  /** Properties added to every phase (bench:gsi: bench.gsis). */
  extraProperties?: Properties;
}

export interface PhaseRun {
  round: number;
  target: BenchTargetName;
  operation: BenchOperation | "load";
  figures: PhaseFigures;
}

export interface EngineBenchOutcome {
  runs: PhaseRun[];
  /** Rounds of a target that failed (could not start, a phase threw), with the message. */
  failures: { round: number; target: BenchTargetName; error: string }[];
  best: Partial<Record<BenchTargetName, Partial<Record<BenchOperation, PhaseFigures>>>>;
  /** Engine ÷ ceiling per operation; the variants against the ceiling's PutItem. */
  ratios: Partial<Record<BenchOperation, Ratios>>;
  /** Request errors or a failed round: the figures are not to be trusted. */
  failed: boolean;
}

const TARGETS: Record<BenchTargetName, TargetDefinition> = { ceiling: ceilingTarget, engine: engineBenchTarget };

function baseProperties(c: EngineBenchConfig): Properties {
  return {
    table: "bench",
    recordcount: String(c.keys),
    operationcount: "0",
    requestdistribution: "uniform",
    "dynamodb.primaryKey": "pk",
    "dynamodb.api": "expressions",
    "bench.partitions": String(c.partitions),
    ...(c.engineEntry ? { "bench.engineEntry": c.engineEntry } : {}),
    "harness.metricsIntervalMs": "0",
    ...c.extraProperties,
  };
}

async function runTarget(name: BenchTargetName, c: EngineBenchConfig, round: number, signal: AbortSignal | undefined, log: (line: string) => void): Promise<PhaseRun[]> {
  const target = TARGETS[name];
  const base = baseProperties(c);
  const environment = readEnvironment();
  const prepared = await target.prepare(base, "load");
  const runs: PhaseRun[] = [];
  try {
    const phase = async (operation: BenchOperation | "load", properties: Properties, settings: Omit<RunSettings, "threads" | "concurrency" | "targetRate" | "seed">) => {
      const { result, path } = await runOne({
        target,
        prepared,
        properties: { ...prepared.properties, ...properties },
        phase: operation === "load" ? "load" : "run",
        workloadName: `dynamo-${operation.toLowerCase()}`,
        workloadFiles: [],
        settings: { threads: c.threads, concurrency: c.concurrency, targetRate: null, seed: Math.floor(Math.random() * 2 ** 31), ...settings },
        environment,
        dir: c.outDir,
        ...(signal ? { signal } : {}),
      });
      const figures = phaseFigures(result, operation === "load" ? "INSERT" : OPERATION_WORKLOADS[operation].series, path);
      runs.push({ round, target: name, operation, figures });
      return figures;
    };
    // The load is setup (every GetItem must find its item); its figures stay in the results file.
    const load = await phase("load", { ...NONE, insertproportion: "1" }, { warmupSeconds: 0, maxExecutionTime: null });
    if (load.errors > 0) throw new Error(`loading ${c.keys} records failed ${load.errors} times (${load.file})`);
    const operations: BenchOperation[] = c.operations ?? [...OPERATIONS, ...(name === "engine" && c.variants ? WRITE_VARIANTS : [])];
    for (const operation of operations) {
      const timed = { maxexecutiontime: String(c.durationS) };
      const f = await phase(operation, { ...OPERATION_WORKLOADS[operation].properties, ...timed }, { warmupSeconds: c.warmupS, maxExecutionTime: c.durationS });
      log(`  round ${round} ${name} ${operation}: ${oneLine(f)}`);
    }
  } finally {
    await prepared.close();
  }
  return runs;
}

export async function runEngineBench(
  c: EngineBenchConfig,
  o: { log: (line: string) => void; signal?: AbortSignal },
): Promise<EngineBenchOutcome> {
  const targets = TARGET_NAMES.filter((t) => !c.only || c.only.includes(t));
  const runs: PhaseRun[] = [];
  const failures: EngineBenchOutcome["failures"] = [];
  for (let round = 1; round <= c.rounds && !o.signal?.aborted; round++)
    // Alternate the order each round, so a trend in the machine (disk, other load) does not favour one target.
    for (const t of round % 2 === 1 ? targets : [...targets].reverse()) {
      try {
        runs.push(...(await runTarget(t, c, round, o.signal, o.log)));
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        o.log(`  round ${round} ${t} FAILED: ${error}`);
        failures.push({ round, target: t, error });
      }
    }
  const failedRounds = new Set(failures.map((f) => `${f.round} ${f.target}`));
  const best = (target: BenchTargetName, op: BenchOperation) =>
    pickBest(runs.filter((r) => r.target === target && r.operation === op && !failedRounds.has(`${r.round} ${r.target}`)).map((r) => r.figures));
  const out: EngineBenchOutcome = { runs, failures, best: {}, ratios: {}, failed: failures.length > 0 || runs.some((r) => r.figures.errors > 0) };
  for (const t of targets)
    for (const op of [...OPERATIONS, ...WRITE_VARIANTS]) {
      const b = best(t, op);
      if (b) (out.best[t] ??= {})[op] = b;
    }
  for (const op of OPERATIONS) out.ratios[op] = ratios(best("engine", op), best("ceiling", op));
  for (const op of WRITE_VARIANTS) out.ratios[op] = ratios(best("engine", op), best("ceiling", "PutItem"));
  return out;
}
