/**
 * Performance regression gate (`npm run bench:gate`, run by .ci/run after the tests): a short, fixed `bench:engine`
 * run (the engine and its ceiling, alternating, in one run on this machine) and a small YCSB load + A + C through the
 * harness against shvm-db and dynalite, whose ratios (engine ÷ ceiling, shvm-db ÷ dynalite) are judged
 * against the committed baseline (scripts/bench/gate-baseline.json, scripts/bench/gate.ts). Prints the figures
 * either way; exits 1 when a ratio fell below its floor.
 *
 * A run that fails is run once more and each figure judged on the better of the two: a loaded minute on a shared
 * machine seldom repeats, a regression does.
 *
 *   npm run bench:gate                         judge the current code
 *   npm run bench:gate -- --slowed             the same against a deliberately slowed engine (must fail)
 *   npm run bench:gate -- --update-baseline    measure --runs (default 5) times and write a new baseline
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { labCommand, type LabSummary } from "../harness/cli/lab.js";
import { fileTimestamp, RESULTS_DIR } from "../harness/results/result-file.js";
import { OPERATIONS, runEngineBench, type EngineBenchConfig } from "./bench/engine-bench.js";
import { ratioLine } from "./bench/report.js";
import { GATE_METRICS, GATE_OPERATIONS, baselineFrom, describe, judge, type GateBaseline, type GateRatios } from "./bench/gate.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BASELINE = join(root, "scripts/bench/gate-baseline.json");
/** The fixed engine benchmark: short phases, three alternating rounds, PutItem and GetItem only (~1.5 min here). */
const ENGINE_CONFIG: Omit<EngineBenchConfig, "outDir"> = { durationS: 3, warmupS: 1, threads: 2, concurrency: 8, keys: 10_000, partitions: 1, rounds: 3, variants: false };

/** The small YCSB part: load 2,000 records, then A and C for 4 s each after 1 s of warm-up, shvm-db then dynalite. */
const LAB_ARGS = ["--targets", "shvm,dynamodb", "--workloads", "a,c", "-p", "recordcount=2000", "-p", "maxexecutiontime=4", "--warmup", "1", "-q"];

/** shvm-db ÷ dynalite per phase, from one lab run through the harness (the slowed engine is bench:engine's only). */
async function measureYcsb(into: GateRatios, dir: string): Promise<void> {
  let summaryPath = "";
  const code = await labCommand([...LAB_ARGS, "--out-dir", dir], {
    stdout: (t) => process.stdout.write(t + "\n"),
    stderr: (t) => {
      summaryPath = /^lab summary: (.+)$/.exec(t)?.[1] ?? summaryPath;
      process.stderr.write(t + "\n");
    },
  });
  if (code !== 0 || !summaryPath) throw new Error(`the YCSB run failed (lab exit ${code})`);
  const summary = JSON.parse(readFileSync(summaryPath, "utf8")) as LabSummary;
  const phases: Record<string, "ycsb-load" | "ycsb-a" | "ycsb-c"> = { load: "ycsb-load", "run workloada": "ycsb-a", "run workloadc": "ycsb-c" };
  for (const t of summary.tables) {
    const op = phases[t.title.startsWith("load") ? "load" : t.title];
    const shvm = t.rows.find((r) => r.target === "shvm");
    const dynalite = t.rows.find((r) => r.target === "dynamodb");
    if (op && shvm?.status === "ok" && dynalite?.status === "ok" && shvm.throughput && dynalite.throughput) into[op] = { throughput: shvm.throughput / dynalite.throughput };
  }
}

/** One measurement: bench:engine's ratios, then the YCSB part's; every phase's results file under `dir`. */
async function measure(slowed: boolean, dir: string): Promise<GateRatios> {
  const ratios = await measureEngine(slowed, join(dir, "engine"));
  await measureYcsb(ratios, join(dir, "ycsb"));
  return ratios;
}

/** One fixed bench:engine run on the harness runner; its PutItem and GetItem ratios. */
async function measureEngine(slowed: boolean, outDir: string): Promise<GateRatios> {
  const config: EngineBenchConfig = { ...ENGINE_CONFIG, outDir, ...(slowed ? { engineEntry: join(root, "scripts/bench/slowed-engine.ts") } : {}) };
  const outcome = await runEngineBench(config, { log: (l) => console.log(l) });
  if (outcome.failed) throw new Error(`bench:engine had request errors or a failed round (${outDir})`);
  const ratios: GateRatios = {};
  for (const op of OPERATIONS) {
    const r = outcome.ratios[op] ?? {};
    ratios[op] = { ...(r.throughput === undefined ? {} : { throughput: r.throughput }), ...(r.cpu === undefined ? {} : { cpu: r.cpu }) };
    console.log(ratioLine(op, r, 0.85));
  }
  return ratios;
}

const better = (a: GateRatios, b: GateRatios): GateRatios => {
  const out = {} as GateRatios;
  for (const op of GATE_OPERATIONS) {
    const byMetric: Partial<Record<(typeof GATE_METRICS)[number], number>> = {};
    for (const m of GATE_METRICS) {
      const xs = [a[op]?.[m], b[op]?.[m]].filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (xs.length) byMetric[m] = Math.max(...xs);
    }
    out[op] = byMetric;
  }
  return out;
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "update-baseline": { type: "boolean" }, slowed: { type: "boolean" }, runs: { type: "string", default: "5" } } });
  const slowed = values.slowed === true;
  // Every measurement's harness results files stay, for the report: results/<time>-bench-gate/<n>/{engine,ycsb}.
  const dir = join(RESULTS_DIR, `${fileTimestamp()}-bench-gate${slowed ? "-slowed" : ""}`);
  let measurements = 0;
  const measureOnce = () => measure(slowed, join(dir, String(++measurements)));
  if (values["update-baseline"]) {
    const n = Number(values.runs);
    const runs: GateRatios[] = [];
    for (let i = 1; i <= n; i++) {
      console.log(`\n=== baseline run ${i} of ${n} ===`);
      runs.push(await measureOnce());
    }
    const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, node ${process.version}`;
    const b = baselineFrom(runs, new Date().toISOString().slice(0, 10), machine);
    writeFileSync(BASELINE, JSON.stringify(b, null, 2) + "\n");
    console.log(`\nbaseline written to ${BASELINE}: tolerance throughput ${(b.tolerance.throughput * 100).toFixed(1)} %, cpu ${(b.tolerance.cpu * 100).toFixed(1)} %, ycsb ${((b.tolerance.ycsb ?? 0) * 100).toFixed(1)} %`);
    // A tolerance this wide comes from one run far below the others (a loaded minute): the figures it covers can hardly fail.
    const wide = Object.entries(b.tolerance).filter(([, t]) => t >= 0.5).map(([m]) => m);
    if (wide.length) console.log(`warning: tolerance ${wide.join(", ")} ≥ 50 %: a run fell far below the others; re-measure on a quieter machine (see "runs" in the file)`);
    return 0;
  }
  const baseline = JSON.parse(readFileSync(BASELINE, "utf8")) as GateBaseline;
  console.log(`performance gate${slowed ? " (against the deliberately slowed engine)" : ""}: engine ÷ ceiling vs the baseline of ${baseline.measured} (${baseline.machine})\n`);
  let ratios = await measureOnce();
  let verdict = judge(ratios, baseline);
  if (!verdict.pass) {
    console.log("\n" + describe(verdict).join("\n"));
    console.log("\nbelow the floor: measuring once more (each figure judged on the better of the two runs)\n");
    ratios = better(ratios, await measureOnce());
    verdict = judge(ratios, baseline);
  }
  console.log(`\nperformance gate: ${verdict.pass ? "PASS" : "FAIL"} (results files: ${dir})`);
  console.log(describe(verdict).join("\n"));
  if (!verdict.pass) {
    console.log(
      "\nA ratio fell below its floor: the engine got slower against its ceiling. If the change is meant to cost this (and the README says why), " +
        "update the baseline with `npm run bench:gate -- --update-baseline` on a quiet machine and commit it with the change.",
    );
  }
  return verdict.pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`performance gate: could not measure: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
