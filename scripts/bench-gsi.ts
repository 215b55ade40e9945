/**
 * What global secondary indexes cost a write (`npm run bench:gsi`): the engine's PutItem (YCSB insert) and
 * UpdateItem (YCSB update, one field `SET`) on tables with 0, 1 and 2 GSIs (`by-field0`, `by-field1`: HASH key a
 * 100-byte YCSB field, projection ALL), on the harness's runner like `bench:engine` (scripts/bench/engine-bench.ts).
 *
 * What is measured is the base write as the client sees it — the write, its outbox rows, the commit — plus the
 * server CPU of everything on the machine's one workerd process, which includes delivering the changes to the index
 * partitions (the alarm's IndexApply calls run in the same process): so "server µs/op" is the whole cost of keeping the
 * indexes, the throughput is what a client gets while it is paid. The configurations alternate within each round (the
 * order flips every round); the best round by ops/s counts. Ratios are against 0 GSIs in the same run.
 *
 * A report, not a test: it exits 0 whatever the figures, 1 only if something errored.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileTimestamp, RESULTS_DIR, writeJson } from "../harness/results/result-file.js";
import { runEngineBench, type BenchOperation, type EngineBenchConfig } from "./bench/engine-bench.js";
import { pickBest, type PhaseFigures } from "./bench/engine-figures.js";
import { formatTable, oneLine } from "./bench/report.js";

const OPERATIONS: BenchOperation[] = ["PutItem", "UpdateItem"];

const USAGE = `usage: npm run bench:gsi -- [flags]
  --gsis=0,1,2       GSI counts to compare (each a table with that many indexes)
  --duration=8       measured seconds per phase
  --warmup=2         warm-up seconds per phase
  --rounds=2         rounds; configurations alternate within each, best round by ops/s is reported
  --keys=5000        records loaded first
  --partitions=4     base table partitions (each GSI gets as many)
  --threads=2 --concurrency=8`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      gsis: { type: "string", default: "0,1,2" },
      duration: { type: "string", default: "8" },
      warmup: { type: "string", default: "2" },
      rounds: { type: "string", default: "2" },
      keys: { type: "string", default: "5000" },
      partitions: { type: "string", default: "4" },
      threads: { type: "string", default: "2" },
      concurrency: { type: "string", default: "8" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, v: string, min = 1) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs an integer ≥ ${min}, got "${v}"\n${USAGE}`);
    return n;
  };
  const counts = values.gsis.split(",").map((v) => int("gsis", v, 0));
  const startedAt = new Date();
  const outDir = join(RESULTS_DIR, `${fileTimestamp(startedAt)}-bench-gsi`);
  const base: EngineBenchConfig = {
    durationS: Number(values.duration),
    warmupS: Number(values.warmup),
    threads: int("threads", values.threads),
    concurrency: int("concurrency", values.concurrency),
    keys: int("keys", values.keys),
    partitions: int("partitions", values.partitions),
    rounds: 1,
    only: ["engine"],
    variants: false,
    operations: OPERATIONS,
    outDir,
  };
  const rounds = int("rounds", values.rounds);
  console.log(`shvm-db GSI write cost: ${counts.join(" / ")} GSIs, ${rounds} round(s), ${base.warmupS}s + ${base.durationS}s per phase, ${base.threads} x ${base.concurrency} in flight, ${base.keys} keys, ${base.partitions} partitions\n`);
  const runs: { round: number; gsis: number; operation: BenchOperation; figures: PhaseFigures }[] = [];
  let failed = false;
  for (let round = 1; round <= rounds; round++) {
    for (const g of round % 2 === 1 ? counts : [...counts].reverse()) {
      const outcome = await runEngineBench({ ...base, extraProperties: g > 0 ? { "bench.gsis": String(g) } : {} }, { log: (l) => console.log(`${l.replace("engine", `engine, ${g} GSI(s),`)}`) });
      failed ||= outcome.failed;
      for (const r of outcome.runs) if (r.operation !== "load") runs.push({ round, gsis: g, operation: r.operation, figures: r.figures });
    }
  }
  const best = (g: number, op: BenchOperation) => pickBest(runs.filter((r) => r.gsis === g && r.operation === op).map((r) => r.figures));
  const rows: string[][] = [];
  for (const op of OPERATIONS)
    for (const g of counts) {
      const b = best(g, op);
      const zero = best(counts[0]!, op);
      if (!b) continue;
      rows.push([
        op,
        String(g),
        b.opsPerSec.toFixed(0),
        b.p50Ms.toFixed(2),
        b.p99Ms.toFixed(2),
        b.serverUsPerOp !== undefined ? b.serverUsPerOp.toFixed(0) : "-",
        zero ? `${((b.opsPerSec / zero.opsPerSec) * 100).toFixed(0)} %` : "-",
        zero?.serverUsPerOp && b.serverUsPerOp ? `${((b.serverUsPerOp / zero.serverUsPerOp) * 100).toFixed(0)} %` : "-",
        String(b.errors),
      ]);
    }
  console.log(`\nBest of ${rounds} round(s) by ops/s; ratios against ${counts[0]} GSI(s) in the same run:\n`);
  console.log(formatTable(["operation", "GSIs", "ops/s", "p50 ms", "p99 ms", "server µs/op", "ops/s vs base", "server µs/op vs base", "errors"], rows));
  for (const r of runs) if (r.figures.errors > 0) console.log(`warning: round ${r.round}, ${r.gsis} GSI(s), ${r.operation}: ${r.figures.errors} errors — ${oneLine(r.figures)}`);
  const file = join(outDir, "bench-gsi.json");
  writeJson(file, { kind: "bench-gsi", startedAt: startedAt.toISOString(), config: { ...base, rounds, gsis: counts }, runs });
  console.log(`\nresults: ${outDir}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
