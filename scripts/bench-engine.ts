/**
 * Engine benchmark (`npm run bench:engine`): the engine (worker/src/index.ts) against a ceiling worker
 * (scripts/bench/ceiling-worker.ts: the least a PutItem/GetItem can cost on workerd + SQLite Durable
 * Objects), each served by workerd on a free port with fresh temporary state, driven by the same
 * closed-loop client (scripts/bench/driver.ts). Target: GetItem and PutItem each ≥ 85% of the ceiling.
 *
 * Per round and target: start workerd, CreateTable (engine only), a PutItem/GetItem preflight, the
 * PutItem phase (which loads the keyspace; any keys it did not reach are then loaded unmeasured),
 * the GetItem phase, stop. Targets alternate within each round so machine noise hits both; the
 * reported figure per target and operation is the BEST round by ops/s (noise only slows runs down).
 *
 * Honesty note: the development machine has 2 cores, and the client, workerd and anything else
 * running share them. The client's CPU and the machine's are measured over each window and printed;
 * when the machine is saturated the client's own cost is inside both numbers, which pulls the
 * engine/ceiling ratio toward 1 (flattering the engine). Prefer reading it with the machine below ~90%.
 * Load from other processes (machine busy minus client and server) is flagged, and the server's CPU
 * per op is printed as a ratio that such noise disturbs less than ops/s.
 *
 * The metrics overhead is not measured here: two servers run one after the other differ by far more than the
 * 5 % budget on a shared machine. `npm run bench:metrics` measures it (both engines in one workerd, alternating).
 *
 * This is a report, not a test: it exits 0 whatever the verdict, 1 only if something errored.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runLoad, type LoadResult } from "./bench/driver.js";
import { createTable, preflight } from "./bench/dynamo-client.js";
import { threadKeyRange, type DynamoWorkloadOptions } from "./bench/dynamo-workload.js";
import { RESULT_HEADER, formatTable, oneLine, ratioLine, resultRow } from "./bench/report.js";
import { startTarget, type RunningTarget } from "./bench/server.js";
import { compare, cpuEfficiency, otherLoadPct, pickBest, saturationWarnings, verdict, type Comparison, type PhaseSummary } from "./bench/stats.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TABLE = "bench";
/**
 * 2 x 8 = 16 requests in flight already saturate workerd's single JS thread here (same ops/s as 2 x 32).
 * At 2 x 32 workerd serves connections unevenly: some wait seconds, p99 reaches ~1 s, and every few
 * tens of seconds a batch of starved keep-alive connections is closed by the server (ECONNRESET /
 * "other side closed"), on the ceiling as well as the engine. More in flight only measures that queue.
 */
const DEFAULT_CONCURRENCY = 8;
const THRESHOLD = 0.85;
const OPERATIONS = ["PutItem", "GetItem"] as const;
/** Engine-only operations, compared with the ceiling's PutItem (the same single-row write). */
const WRITE_VARIANTS = ["UpdateItem", "ConditionalPutItem"] as const;
type Operation = (typeof OPERATIONS)[number] | (typeof WRITE_VARIANTS)[number];
type TargetName = "ceiling" | "engine";
const TARGET_NAMES: readonly TargetName[] = ["ceiling", "engine"];

interface Target {
  name: TargetName;
  entry: string;
  createTable: boolean;
}

const TARGETS: Target[] = [
  { name: "ceiling", entry: join(root, "scripts/bench/ceiling-worker.ts"), createTable: false },
  // SHVM_BENCH_ENGINE_ENTRY: another build of the engine (the gate's self-check runs a deliberately slowed one).
  { name: "engine", entry: process.env.SHVM_BENCH_ENGINE_ENTRY ? resolve(process.env.SHVM_BENCH_ENGINE_ENTRY) : join(root, "worker/src/index.ts"), createTable: true },
];

interface Config {
  durationS: number;
  warmupS: number;
  threads: number;
  concurrency: number;
  keys: number;
  partitions: number;
  rounds: number;
  only?: TargetName[];
  /** Run the engine-only UpdateItem / ConditionalPutItem phases (default yes). */
  variants: boolean;
}

const USAGE = `usage: npm run bench:engine -- [flags]
  --duration=10      measured seconds per phase
  --warmup=2         warm-up seconds per phase (not measured)
  --threads=2        driver threads
  --concurrency=${DEFAULT_CONCURRENCY}    in-flight requests per thread (8 already saturates workerd here; more only queues)
  --keys=10000       keyspace size
  --partitions=1     partitions (engine: table tag shvm:partitions; ceiling: Partition objects)
  --rounds=2         rounds; targets alternate within each, best round by ops/s is reported
  --no-variants      skip the engine-only UpdateItem / ConditionalPutItem phases
  --only=NAME[,NAME]  targets among ceiling, engine (the metrics overhead: npm run bench:metrics)`;

function parseArgs(argv: string[]): Config {
  const c: Config = { durationS: 10, warmupS: 2, threads: 2, concurrency: DEFAULT_CONCURRENCY, keys: 10_000, partitions: 1, rounds: 2, variants: true };
  const positive = (name: string, v: string, allowZero = false): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`--${name} needs a ${allowZero ? "non-negative" : "positive"} number, got "${v}"`);
    return n;
  };
  const int = (name: string, v: string) => {
    const n = positive(name, v);
    if (!Number.isInteger(n)) throw new Error(`--${name} needs an integer, got "${v}"`);
    return n;
  };
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--no-variants") {
      c.variants = false;
      continue;
    }
    const m = /^--([a-z]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    const [, name = "", value = ""] = m;
    if (name === "duration") c.durationS = positive(name, value);
    else if (name === "warmup") c.warmupS = positive(name, value, true);
    else if (name === "threads") c.threads = int(name, value);
    else if (name === "concurrency") c.concurrency = int(name, value);
    else if (name === "keys") c.keys = int(name, value);
    else if (name === "partitions") c.partitions = int(name, value);
    else if (name === "rounds") c.rounds = int(name, value);
    else if (name === "only" && value.split(",").every((v) => (TARGET_NAMES as readonly string[]).includes(v))) c.only = value.split(",") as TargetName[];
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return c;
}

type Phase = PhaseSummary & { firstError?: string };
interface Run {
  round: number;
  target: TargetName;
  results: Partial<Record<Operation, Phase>>;
  /** Keys loaded unmeasured after the PutItem phase because the phase did not reach them (or had errors). */
  filledKeys: number;
  error?: string;
  /** workerd's last output, kept when the run had request errors. */
  workerdLog?: string;
}

const strip = ({ threads: _threads, ...summary }: LoadResult): Phase => summary;
let current: RunningTarget | undefined;

async function runTarget(target: Target, c: Config, round: number): Promise<Run> {
  const run: Run = { round, target: target.name, results: {}, filledKeys: 0 };
  const server = await startTarget(target.entry);
  current = server;
  const workloadModule = new URL("./bench/dynamo-workload.ts", import.meta.url).href;
  const load = (options: DynamoWorkloadOptions, warmupMs: number, durationMs: number) =>
    runLoad({
      url: server.url,
      threads: c.threads,
      concurrency: c.concurrency,
      warmupMs,
      durationMs,
      workload: { module: workloadModule, options },
      observePids: [server.pid],
    });
  const base = { table: TABLE, keys: c.keys, partitions: c.partitions };
  try {
    if (target.createTable) await createTable(server.url, TABLE, c.partitions);
    await preflight(server.url, TABLE, c.partitions);

    const put = await load({ ...base, op: "put" }, c.warmupS * 1000, c.durationS * 1000);
    run.results.PutItem = strip(put);
    console.log(`  round ${round} ${target.name} PutItem: ${oneLine(put)}`);

    // Each thread wrote its own key slice from the start; load whatever part of a slice it did not reach
    // (all of it again if some puts failed, since which keys they were is unknown).
    const spans = put.issuedPerThread.map((_, index) => {
      const { lo, hi } = threadKeyRange(c.keys, { index, count: c.threads });
      return hi - lo;
    });
    const startAt = put.issuedPerThread.map((issued, i) => (put.errors > 0 ? 0 : Math.min(issued, spans[i] ?? 0)));
    const limit = startAt.map((s, i) => (spans[i] ?? 0) - s);
    run.filledKeys = limit.reduce((a, b) => a + b, 0);
    if (run.filledKeys > 0) {
      const fill = await load({ ...base, op: "put", startAt, limit }, 0, 600_000);
      if (fill.errors > 0) throw new Error(`loading the remaining ${run.filledKeys} keys failed: ${fill.firstError ?? "?"}`);
    }

    const get = await load({ ...base, op: "get" }, c.warmupS * 1000, c.durationS * 1000);
    run.results.GetItem = strip(get);
    console.log(`  round ${round} ${target.name} GetItem: ${oneLine(get)}`);
    let variantErrors = 0;
    if (target.name === "engine" && c.variants) {
      for (const [name, op] of [["UpdateItem", "update"], ["ConditionalPutItem", "cput"]] as const) {
        const v = await load({ ...base, op }, c.warmupS * 1000, c.durationS * 1000);
        run.results[name] = strip(v);
        variantErrors += v.errors;
        console.log(`  round ${round} ${target.name} ${name}: ${oneLine(v)}`);
      }
    }
    if (put.errors > 0 || get.errors > 0 || variantErrors > 0) run.workerdLog = server.logTail();
  } catch (e) {
    run.error = e instanceof Error ? e.message : String(e);
    const tail = server.logTail().trim();
    console.error(`  round ${round} ${target.name} FAILED: ${run.error}${tail ? `\n  workerd said:\n${tail}` : ""}`);
  } finally {
    await server.stop();
    current = undefined;
  }
  return run;
}

async function main(): Promise<number> {
  const c = parseArgs(process.argv.slice(2));
  const targets = TARGETS.filter((t) => !c.only || c.only.includes(t.name));
  const cores = cpus().length;
  const startedAt = new Date();
  console.log(
    `shvm-db engine benchmark: ${targets.map((t) => t.name).join(" vs ")}, ${c.rounds} round(s), ${c.warmupS}s warm-up + ${c.durationS}s per phase, ` +
      `${c.threads} thread(s) x ${c.concurrency} in flight, ${c.keys} keys, ${c.partitions} partition(s)`,
  );
  console.log(`note: client and server share this machine's ${cores} core(s); CPU % columns are % of ONE core, machine % is of all cores.\n`);

  const runs: Run[] = [];
  for (let round = 1; round <= c.rounds; round++)
    // Alternate the order each round, so a trend in the machine (disk, other load) does not favour one target.
    for (const t of round % 2 === 1 ? targets : [...targets].reverse()) {
      try {
        runs.push(await runTarget(t, c, round));
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        console.error(`  round ${round} ${t.name} FAILED to start: ${error}`);
        runs.push({ round, target: t.name, results: {}, filledKeys: 0, error });
      }
    }

  const best = (target: TargetName, op: Operation): Phase | undefined =>
    pickBest(runs.filter((r) => r.target === target && !r.error).flatMap((r) => (r.results[op] ? [r.results[op]] : [])));

  const rows: string[][] = [];
  const warnings: string[] = [];
  const bestOut: Partial<Record<TargetName, Partial<Record<Operation, Phase>>>> = {};
  for (const op of [...OPERATIONS, ...WRITE_VARIANTS])
    for (const t of targets) {
      const b = best(t.name, op);
      if (!b) continue;
      rows.push(resultRow(op, t.name, b));
      (bestOut[t.name] ??= {})[op] = b;
      for (const w of saturationWarnings(b, c.threads, cores)) warnings.push(`${op} ${t.name}: ${w}`);
    }
  const comparisons: Partial<Record<Operation, Comparison>> = {};
  for (const op of OPERATIONS) comparisons[op] = compare(best("engine", op), best("ceiling", op), THRESHOLD);
  const result = verdict(OPERATIONS.map((op) => comparisons[op] ?? {}));

  console.log(`\nResults (best of ${c.rounds} round(s) by ops/s):\n`);
  console.log(rows.length ? formatTable(RESULT_HEADER, rows) : "(no successful runs)");
  console.log("");
  const efficiency: Partial<Record<Operation, number>> = {};
  for (const op of OPERATIONS) {
    const e = cpuEfficiency(best("engine", op), best("ceiling", op));
    if (e !== undefined) efficiency[op] = e;
    console.log(ratioLine(op, comparisons[op] ?? {}, THRESHOLD, e));
  }
  for (const op of WRITE_VARIANTS) {
    const c2 = compare(best("engine", op), best("ceiling", "PutItem"), THRESHOLD);
    const e = cpuEfficiency(best("engine", op), best("ceiling", "PutItem"));
    console.log(ratioLine(`${op} (vs ceiling PutItem)`, c2, THRESHOLD, e));
  }
  // A verdict drawn from a run that shared the machine with someone else's load is only indicative.
  const noisy = OPERATIONS.flatMap((op) =>
    targets.flatMap((t) => {
      const b = best(t.name, op);
      const other = b ? otherLoadPct(b, cores) : undefined;
      return other !== undefined && other >= 15 ? [`${op} ${t.name}`] : [];
    }),
  );
  const caveat = result === "N/A" ? " (needs both targets measured)" : noisy.length ? ` (unreliable: other load during ${noisy.join(", ")}; rerun with more --rounds)` : "";
  console.log(`\nTarget "GetItem and PutItem each ≥ ${THRESHOLD * 100}% of ceiling": ${result}${caveat}`);
  for (const r of runs)
    for (const op of [...OPERATIONS, ...WRITE_VARIANTS]) {
      const p = r.results[op];
      if (!p || p.errors === 0) continue;
      const hint = /other side closed|ECONNRESET/.test(p.firstError ?? "") ? " (server closed starved connections: overloaded, try a lower --concurrency)" : "";
      warnings.push(`round ${r.round} ${r.target} ${op}: ${p.errors} request error(s), first: ${p.firstError ?? "?"}${hint}`);
    }
  if (warnings.length) {
    console.log("\nWarnings:");
    for (const w of warnings) console.log(`  - ${w}`);
  }
  console.log(
    `\n(${cores}-core machine shared by client, server and whoever else runs: absolute numbers are this machine's, the ratios are what carry over;` +
      ` when "other processes" warnings appear, trust the server-CPU-per-op ratio more than the throughput ratio.` +
      ` The server is saturated by design (closed loop), so p99 is mostly queueing inside workerd and varies between runs.)`,
  );

  const failed = runs.some((r) => r.error !== undefined || Object.values(r.results).some((p) => p.errors > 0));
  const outDir = join(root, "reports/out");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-engine-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { cores, cpuModel: cpus()[0]?.model, node: process.version, platform: `${process.platform}-${process.arch}` };
  const report = { startedAt: startedAt.toISOString(), config: c, machine, selection: `best of ${c.rounds} round(s) by ops/s`, threshold: THRESHOLD, runs, best: bestOut, comparisons, serverCpuPerOpCeilingOverEngine: efficiency, verdict: result, noisyBestRuns: noisy, warnings, failed };
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`JSON: ${file}`);
  return failed ? 1 : 0;
}

const interrupt = () => {
  void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
};
process.on("SIGINT", interrupt);
process.on("SIGTERM", interrupt);

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  },
);
