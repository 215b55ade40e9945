/**
 * Engine benchmark (`npm run bench:engine`): the engine against its ceiling, single DynamoDB operations on the
 * harness's runner (scripts/bench/engine-bench.ts). Target: GetItem and PutItem each ≥ 85% of the ceiling.
 * Prints the best round of each target and operation, the engine/ceiling ratios, and where the results went:
 * one harness results file per phase plus a summary (`kind: "bench-engine"`) in results/<time>-bench-engine/.
 *
 * Honesty note: the development machine has 2 cores, and the client, workerd and anything else running share
 * them. When the machine is saturated the client's own cost is inside both targets' numbers, which pulls the
 * engine/ceiling ratio toward 1 (flattering the engine); load from other processes (machine busy minus client and
 * server) is flagged, and the server's CPU per op is printed as a ratio such noise disturbs less than ops/s.
 *
 * The metrics overhead is not measured here: two servers run one after the other differ by far more than the
 * 5 % budget on a shared machine. `npm run bench:metrics` measures it (both engines in one workerd, alternating).
 *
 * This is a report, not a test: it exits 0 whatever the verdict, 1 only if something errored.
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileTimestamp, RESULTS_DIR, writeJson } from "../harness/results/result-file.js";
import { OPERATIONS, runEngineBench, TARGET_NAMES, WRITE_VARIANTS, type BenchTargetName, type EngineBenchConfig } from "./bench/engine-bench.js";
import { RESULT_HEADER, formatTable, ratioLine, resultRow } from "./bench/report.js";

const THRESHOLD = 0.85;
/**
 * 2 x 8 = 16 requests in flight already saturate workerd's single JS thread here (same ops/s as 2 x 32).
 * At 2 x 32 workerd serves connections unevenly: some wait seconds, p99 reaches ~1 s, and every few
 * tens of seconds a batch of starved keep-alive connections is closed by the server, on the ceiling as well as
 * the engine. More in flight only measures that queue.
 */
const DEFAULT_CONCURRENCY = 8;

const USAGE = `usage: npm run bench:engine -- [flags]
  --duration=10      measured seconds per phase
  --warmup=2         warm-up seconds per phase (not measured)
  --threads=2        client threads
  --concurrency=${DEFAULT_CONCURRENCY}    in-flight requests per thread (8 already saturates workerd here; more only queues)
  --keys=10000       records loaded first (recordcount)
  --partitions=1     partitions (engine: table tag shvm:partitions; ceiling: Partition objects)
  --rounds=2         rounds; targets alternate within each, best round by ops/s is reported
  --no-variants      skip the engine-only UpdateItem / ConditionalPutItem / Transaction1 / Transaction2 phases
  --only=NAME[,NAME] targets among ceiling, engine
  --out-dir=DIR      results folder (default results/<time>-bench-engine/)`;

function parseEngineArgs(argv: string[], startedAt: Date): EngineBenchConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      threads: { type: "string", default: "2" },
      concurrency: { type: "string", default: String(DEFAULT_CONCURRENCY) },
      keys: { type: "string", default: "10000" },
      partitions: { type: "string", default: "1" },
      rounds: { type: "string", default: "2" },
      "no-variants": { type: "boolean" },
      only: { type: "string" },
      "out-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, v: string, integer: boolean, allowZero = false): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0) || (integer && !Number.isInteger(n))) throw new Error(`--${name} needs a ${allowZero ? "non-negative" : "positive"} ${integer ? "integer" : "number"}, got "${v}"\n${USAGE}`);
    return n;
  };
  const only = values.only?.split(",");
  if (only && !only.every((v) => (TARGET_NAMES as readonly string[]).includes(v))) throw new Error(`--only takes ${TARGET_NAMES.join(",")}\n${USAGE}`);
  return {
    durationS: number("duration", values.duration, false),
    warmupS: number("warmup", values.warmup, false, true),
    threads: number("threads", values.threads, true),
    concurrency: number("concurrency", values.concurrency, true),
    keys: number("keys", values.keys, true),
    partitions: number("partitions", values.partitions, true),
    rounds: number("rounds", values.rounds, true),
    variants: values["no-variants"] !== true,
    ...(only ? { only: only as BenchTargetName[] } : {}),
    ...(process.env.SHVM_BENCH_ENGINE_ENTRY ? { engineEntry: process.env.SHVM_BENCH_ENGINE_ENTRY } : {}),
    outDir: values["out-dir"] ?? join(RESULTS_DIR, `${fileTimestamp(startedAt)}-bench-engine`),
  };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const c = parseEngineArgs(process.argv.slice(2), startedAt);
  const cores = cpus().length;
  const targets = TARGET_NAMES.filter((t) => !c.only || c.only.includes(t));
  console.log(
    `shvm-db engine benchmark: ${targets.join(" vs ")}, ${c.rounds} round(s), ${c.warmupS}s warm-up + ${c.durationS}s per phase, ` +
      `${c.threads} thread(s) x ${c.concurrency} in flight, ${c.keys} keys, ${c.partitions} partition(s) (harness runner)`,
  );
  console.log(`note: client and server share this machine's ${cores} core(s); CPU % columns are % of ONE core, machine % is of all cores.\n`);
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const outcome = await runEngineBench(c, { log: (l) => console.log(l), signal: abort.signal });

  const rows: string[][] = [];
  const warnings: string[] = [];
  for (const op of [...OPERATIONS, ...WRITE_VARIANTS])
    for (const t of targets) {
      const b = outcome.best[t]?.[op];
      if (!b) continue;
      rows.push(resultRow(op, t, b));
      for (const w of b.warnings) warnings.push(`${op} ${t}: ${w}`);
      if (b.otherLoadPct !== undefined && b.otherLoadPct >= 15) warnings.push(`${op} ${t}: other processes used ~${b.otherLoadPct.toFixed(0)}% of the machine during the window: noisy run`);
    }
  console.log(`\nResults (best of ${c.rounds} round(s) by ops/s):\n`);
  console.log(rows.length ? formatTable(RESULT_HEADER, rows) : "(no successful runs)");
  console.log("");
  for (const op of OPERATIONS) console.log(ratioLine(op, outcome.ratios[op] ?? {}, THRESHOLD));
  for (const op of WRITE_VARIANTS) if (outcome.ratios[op]?.throughput !== undefined) console.log(ratioLine(`${op} (vs ceiling PutItem)`, outcome.ratios[op] ?? {}, THRESHOLD));
  const measured = OPERATIONS.map((op) => outcome.ratios[op]?.throughput);
  const verdict = measured.some((r) => r === undefined) ? "N/A" : measured.every((r) => (r ?? 0) >= THRESHOLD) ? "PASS" : "FAIL";
  const noisy = OPERATIONS.flatMap((op) => targets.filter((t) => (outcome.best[t]?.[op]?.otherLoadPct ?? 0) >= 15).map((t) => `${op} ${t}`));
  const caveat = verdict === "N/A" ? " (needs both targets measured)" : noisy.length ? ` (unreliable: other load during ${noisy.join(", ")}; rerun with more --rounds)` : "";
  console.log(`\nTarget "GetItem and PutItem each ≥ ${THRESHOLD * 100}% of ceiling": ${verdict}${caveat}`);
  for (const r of outcome.runs)
    if (r.figures.errors > 0) warnings.push(`round ${r.round} ${r.target} ${r.operation}: ${r.figures.errors} failed operation(s) (${r.figures.file})`);
  if (warnings.length) {
    console.log("\nWarnings:");
    for (const w of warnings) console.log(`  - ${w}`);
  }
  console.log(
    `\n(${cores}-core machine shared by client, server and whoever else runs: absolute numbers are this machine's, the ratios are what carry over;` +
      ` when "other processes" warnings appear, trust the server-CPU-per-op ratio more than the throughput ratio.` +
      ` The server is saturated by design (closed loop), so p99 is mostly queueing inside workerd and varies between runs.)`,
  );
  const file = join(c.outDir, "bench-engine.json");
  writeJson(file, { kind: "bench-engine", startedAt: startedAt.toISOString(), config: c, selection: `best of ${c.rounds} round(s) by ops/s`, threshold: THRESHOLD, verdict, noisyBestRuns: noisy, warnings, ...outcome });
  console.log(`results: ${c.outDir} (one harness results file per phase; summary ${file})`);
  return outcome.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
