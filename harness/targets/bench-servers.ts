/**
 * The two targets of the engine benchmark (scripts/bench/engine-bench.ts, bench:gate, bench:read), driven by the
 * single-operation binding (bindings/dynamo-ops.ts):
 *
 * - `ceiling`: scripts/bench/ceiling-worker.ts, a bare Worker that makes one RPC to a Durable Object running one
 *   SQLite statement — the least a PutItem/GetItem can cost on workerd. It has no tables (no CreateTable, no
 *   DescribeTable): prepare only starts it.
 * - `engine`: the engine (worker/src/index.ts, or another build of it: `bench.engineEntry`, e.g. the gate's
 *   deliberately slowed one), with its table created by prepare on load (partitions as the tag shvm:partitions).
 *
 * Unlike the `shvm` target, every prepare starts its own workerd on a free port over fresh temporary state and
 * build folders (close() removes them): a benchmark round starts from nothing and never touches .shvm/. Always one
 * workerd process, whatever SHVM_PROCESSES says, so the engine and the single-process ceiling compare on equal terms.
 * No partition-metrics sampling either: the ceiling has none, and a scrape would be load only one side pays.
 *
 * Properties:
 *   bench.partitions   partitions (engine: the table's tag; ceiling: how many Partition objects keys hash to; default 1)
 *   bench.engineEntry  the engine's entry module (default worker/src/index.ts)
 *   bench.createTable  false: the engine's prepare leaves the tables to the caller (bench:read makes its own)
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { boolProperty, intProperty } from "../bindings/dynamodb-options.js";
import type { Phase, PreparedTarget, TargetDefinition } from "../target.js";
import type { Properties } from "../../workloads/properties.js";
import { prepareDynamoTarget, type LocalDynamoServer } from "./dynamo-table.js";
import { modulePath } from "./local-server.js";
import { startLocalWorkerd } from "./shvm.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
export const CEILING_ENTRY = join(root, "scripts/bench/ceiling-worker.ts");
export const ENGINE_ENTRY = join(root, "worker/src/index.ts");

export const benchPartitions = (properties: Readonly<Properties>): number => intProperty(properties, "bench.partitions", 1);

/** workerd serving `entry` on a free port over a fresh temporary folder; ready once any HTTP reply comes back. */
export async function startBenchServer(name: string, entry: string, vars: Record<string, string> = {}, timeoutMs = 60_000): Promise<LocalDynamoServer> {
  const local = await startLocalWorkerd({ name, entry, vars, timeoutMs, anyAnswer: true });
  return { endpoint: local.endpoint, pids: local.server.pids, describe: `local workerd serving ${entry}, fresh state in ${local.stateDir}`, stop: local.stop };
}

const bindingModule = modulePath(import.meta.url, "../bindings/dynamo-ops");

export const ceilingTarget: TargetDefinition = {
  name: "ceiling",
  summary: "the ceiling: a bare Worker → Durable Object RPC → one SQLite statement (scripts/bench/ceiling-worker.ts), fresh local workerd",
  bindingModule,
  async prepare(properties): Promise<PreparedTarget> {
    const partitions = benchPartitions(properties);
    const local = await startBenchServer("ceiling", CEILING_ENTRY, { SHVM_BENCH_PARTITIONS: String(partitions) });
    // The ceiling reads Item.pk / Key.pk only.
    const props: Properties = { ...properties, "dynamodb.endpoint": local.endpoint, "dynamodb.primaryKey": "pk" };
    return { properties: props, description: { endpoint: local.endpoint, server: local.describe, partitions }, serverPids: local.pids, close: local.stop };
  },
};

export const engineBenchTarget: TargetDefinition = {
  name: "engine",
  summary: "the engine (worker/src/index.ts or bench.engineEntry) on a fresh local workerd",
  bindingModule,
  async prepare(properties: Readonly<Properties>, phase: Phase): Promise<PreparedTarget> {
    const entry = properties["bench.engineEntry"] ? resolve(properties["bench.engineEntry"]) : ENGINE_ENTRY;
    const partitions = benchPartitions(properties);
    const start = () => startBenchServer("engine", entry);
    if (!boolProperty(properties, "bench.createTable", true)) {
      const local = await start();
      return { properties: { ...properties, "dynamodb.endpoint": local.endpoint }, description: { endpoint: local.endpoint, server: local.describe }, serverPids: local.pids, close: local.stop };
    }
    return prepareDynamoTarget(undefined, start, {
      target: "engine",
      properties,
      phase,
      startHint: "(started by the benchmark itself)",
      recreateProperty: "bench.recreateTable",
      // bench.gsis = N: the table gets N global secondary indexes, on field0 … field<N-1> (npm run bench:gsi).
      billing: { billingMode: "PAY_PER_REQUEST", tags: { "shvm:partitions": String(partitions) }, gsis: Array.from({ length: intProperty(properties, "bench.gsis", 0, true) }, (_, i) => `field${i}`) },
    });
  },
};
