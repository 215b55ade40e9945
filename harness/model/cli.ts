/**
 * `npm run model -- scaling|cost ...` (entry: scripts/model.ts). See harness/README.md, "Cost and scaling model".
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { REQUEST_DISTRIBUTIONS, resolveConfig, type CoreWorkloadConfig, type RequestDistribution } from "../../workloads/config.js";
import { loadWorkload } from "../../workloads/load-workload.js";
import { parseNonNegative, parsePositiveInt, UsageError } from "../cli/options.js";
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot.js";
import type { YcsbResult } from "../results/result-file.js";
import { costPerMillion, dynamoCostPerMillion, type CostBreakdown, type DynamoUnits, type MeasuredTotals } from "./cost.js";
import { dynamoUnitsFromWorkload } from "./dynamo-units.js";
import { formatCost, formatScaling } from "./format.js";
import { callCountsFromResult, totalsFromResult, totalsFromSnapshots } from "./measured-totals.js";
import { loadPrices, PRICES_FILE } from "./prices.js";
import { DEFAULT_PARTITION_COUNTS, scalingCurve } from "./scaling.js";

export const USAGE = `Usage:
  npm run model -- scaling --recordcount N --distribution zipfian|uniform|latest|hotspot --ceiling OPS_PER_SEC
                           [--partitions 1,2,4,...] [--workload a] [-p key=value]... [--exact-ranks N] [--json]
  npm run model -- cost FILE... [--table usertable] [--operations N] [--seconds S] [--workload a] [-p key=value]...
                        [--secondary-prices] [--router-cpu-from-server] [--prices FILE] [--json]

scaling: the hot-partition bound min(ceiling / hottest share, ceiling x P) for P partitions, from the workload's
  exact key distribution routed by the engine's hash. --workload / -p supply the other YCSB properties.
cost: USD per million operations, shvm-db on Cloudflare and DynamoDB on-demand. FILEs, recognised by shape:
  - a YCSB results file (results/*.json): shvm-db from its partitionMetrics samples (when it has them) and
    DynamoDB from its workload and operation counts;
  - two metrics snapshots (GET /_shvm/metrics?format=json, before and after the run; ordered by their time):
    shvm-db, table --table; operations from --operations (default: the DO calls) or a results file given too;
  - measured totals ({"operations", "seconds", "durableObjectCalls", "partitionActiveSeconds", "activePartitions",
    "rowsRead", "rowsWritten", "storageBytes", optional "routerRequests", "routerCpuMs"}): shvm-db;
  - DynamoDB units ({"operations", "seconds", "readRequestUnits", "writeRequestUnits", "storageBytes"}).
  Without files, --workload/-p with --operations and --seconds gives the DynamoDB estimate alone.
  --secondary-prices uses the price file's third-party figures where the provider's page gave none (marked).
  --router-cpu-from-server counts the local server's whole CPU as the router Worker's (an upper bound).
Prices: ${PRICES_FILE}`;

export function modelCommand(argv: readonly string[], out: (s: string) => void = console.log): number {
  const [command, ...rest] = argv;
  try {
    if (command === "scaling") return scalingCommand(rest, out);
    if (command === "cost") return costCommand(rest, out);
    if (command === undefined || command === "-h" || command === "--help") {
      out(USAGE);
      return command === undefined ? 1 : 0;
    }
    throw new UsageError(`unknown command "${command}" (scaling or cost)`);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name === "TypeError" && "code" in e)) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 1;
    }
    if (e instanceof Error) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

const WORKLOAD_FLAGS = {
  workload: { type: "string", multiple: true },
  p: { type: "string", short: "p", multiple: true },
  json: { type: "boolean" },
} as const;

function workloadFrom(values: { workload?: string[]; p?: string[] }): CoreWorkloadConfig | null {
  if (!values.workload?.length && !values.p?.length) return null;
  return values.workload?.length ? loadWorkload(values.workload, values.p ?? []) : loadWorkload([], values.p ?? []);
}

function scalingCommand(argv: readonly string[], out: (s: string) => void): number {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { ...WORKLOAD_FLAGS, recordcount: { type: "string" }, distribution: { type: "string" }, ceiling: { type: "string" }, partitions: { type: "string" }, "exact-ranks": { type: "string" } },
  });
  const base = workloadFrom(values);
  const recordcount = values.recordcount !== undefined ? parsePositiveInt(values.recordcount, "--recordcount") : base?.recordcount;
  if (!recordcount) throw new UsageError("--recordcount is required (or a workload that sets it)");
  const distribution = (values.distribution ?? base?.requestdistribution) as RequestDistribution | undefined;
  if (!distribution || !(REQUEST_DISTRIBUTIONS as readonly string[]).includes(distribution)) throw new UsageError(`--distribution must be one of ${REQUEST_DISTRIBUTIONS.join(", ")}`);
  if (values.ceiling === undefined) throw new UsageError("--ceiling (one partition's ops/s) is required");
  const ceiling = parseNonNegative(values.ceiling, "--ceiling");
  const partitionCounts = values.partitions ? values.partitions.split(",").map((s) => parsePositiveInt(s, "--partitions")) : DEFAULT_PARTITION_COUNTS;
  const curve = scalingCurve({
    recordcount,
    distribution,
    ceilingOpsPerSec: ceiling,
    partitionCounts,
    ...(base ? { properties: base.properties } : {}),
    ...(values["exact-ranks"] ? { exactRanks: parsePositiveInt(values["exact-ranks"], "--exact-ranks") } : {}),
  });
  out(values.json ? JSON.stringify(curve, null, 2) : formatScaling(curve));
  return 0;
}

type InputFile =
  | { kind: "result"; path: string; value: YcsbResult }
  | { kind: "snapshot"; path: string; value: MetricsSnapshot }
  | { kind: "totals"; path: string; value: MeasuredTotals }
  | { kind: "units"; path: string; value: DynamoUnits };

function readInput(path: string): InputFile {
  const value: unknown = JSON.parse(readFileSync(path, "utf8"));
  const o = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (o.kind === "ycsb-phase") return { kind: "result", path, value: value as YcsbResult };
  if (Array.isArray(o.partitions) && typeof o.now === "number") return { kind: "snapshot", path, value: value as MetricsSnapshot };
  if (typeof o.durableObjectCalls === "number") return { kind: "totals", path, value: value as MeasuredTotals };
  if (typeof o.readRequestUnits === "number") return { kind: "units", path, value: { derivation: "consumed-capacity", ...(value as Omit<DynamoUnits, "derivation">) } };
  throw new UsageError(`${path}: not a results file, a metrics snapshot, measured totals or DynamoDB units`);
}

function costCommand(argv: readonly string[], out: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      ...WORKLOAD_FLAGS,
      table: { type: "string" },
      operations: { type: "string" },
      seconds: { type: "string" },
      prices: { type: "string" },
      "secondary-prices": { type: "boolean" },
      "router-cpu-from-server": { type: "boolean" },
    },
  });
  const prices = loadPrices(values.prices);
  const options = { allowSecondary: values["secondary-prices"] ?? false };
  const inputs = positionals.map(readInput);
  const results = inputs.filter((i) => i.kind === "result");
  const snapshots = inputs.filter((i) => i.kind === "snapshot").sort((a, b) => a.value.now - b.value.now);
  if (results.length > 1) throw new UsageError("give at most one results file");
  if (snapshots.length !== 0 && snapshots.length !== 2) throw new UsageError("give metrics snapshots in pairs: before and after");
  const result = results[0]?.value;
  const operations = values.operations !== undefined ? parsePositiveInt(values.operations, "--operations") : undefined;
  const seconds = values.seconds !== undefined ? parseNonNegative(values.seconds, "--seconds") : undefined;
  const breakdowns: CostBreakdown[] = [];
  const warnings: string[] = [];

  for (const i of inputs) if (i.kind === "totals") breakdowns.push(costPerMillion(i.value, prices, options));
  if (snapshots.length === 2) {
    const [before, after] = snapshots as [InputFile & { kind: "snapshot" }, InputFile & { kind: "snapshot" }];
    const ops = operations ?? (result ? result.overall.operations : undefined);
    const secs = seconds ?? (result ? result.overall.runTimeMs / 1000 : undefined);
    const table = values.table ?? result?.partitionMetrics?.table ?? "usertable";
    breakdowns.push(
      costPerMillion(totalsFromSnapshots(before.value, after.value, { table, ...(ops === undefined ? {} : { operations: ops }), ...(secs === undefined ? {} : { seconds: secs }) }), prices, options),
    );
  } else if (result?.partitionMetrics) {
    breakdowns.push(costPerMillion(totalsFromResult(result, { routerCpuFromServer: values["router-cpu-from-server"] ?? false }), prices, options));
  } else if (result) {
    warnings.push(`${results[0]?.path}: no partitionMetrics samples (target ${result.target.name}): no shvm-db cost from it`);
  }

  for (const i of inputs) if (i.kind === "units") breakdowns.push(dynamoCostPerMillion(i.value, prices, options));
  const workload = result ? resolveConfig(result.workload.properties) : workloadFrom(values);
  if (workload) {
    const ops = result ? result.overall.operations : operations;
    const secs = result ? result.overall.runTimeMs / 1000 : seconds;
    if (ops === undefined || secs === undefined) throw new UsageError("a DynamoDB estimate from --workload/-p needs --operations and --seconds");
    const units = dynamoUnitsFromWorkload(workload, {
      operations: ops,
      seconds: secs,
      ...(result ? { calls: callCountsFromResult(result) } : {}),
      itemOverheadBytes: prices.dynamodb.itemOverheadBytes.value ?? 0,
    });
    breakdowns.push(dynamoCostPerMillion(units, prices, options));
  }
  if (breakdowns.length === 0) throw new UsageError("nothing to price: give a results file, two snapshots, totals, units, or --workload with --operations and --seconds");
  for (const w of warnings) console.error(w);
  out(values.json ? JSON.stringify(breakdowns, null, 2) : breakdowns.map(formatCost).join("\n\n"));
  return 0;
}
