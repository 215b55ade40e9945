/**
 * Performance regression gate (`npm run bench:gate`, run by .ci/run after the tests): a short, fixed `bench:engine`
 * run (the engine and its ceiling, alternating, in one run on this machine) whose engine ÷ ceiling ratios are judged
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
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GATE_METRICS, GATE_OPERATIONS, baselineFrom, describe, judge, type GateBaseline, type GateRatios } from "./bench/gate.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BASELINE = join(root, "scripts/bench/gate-baseline.json");
/** The fixed benchmark: short phases, three alternating rounds, PutItem and GetItem only (~1.5 min here). */
const BENCH_ARGS = ["--duration=3", "--warmup=1", "--rounds=3", "--no-variants"];

interface EngineReport {
  comparisons: Partial<Record<string, { ratio?: number }>>;
  serverCpuPerOpCeilingOverEngine: Partial<Record<string, number>>;
  failed: boolean;
}

/** One bench:engine run; its ratios. */
function measure(slowed: boolean): Promise<GateRatios> {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, ...(slowed ? { SHVM_BENCH_ENGINE_ENTRY: join(root, "scripts/bench/slowed-engine.ts") } : {}) };
    const child = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/bench-engine.ts"), ...BENCH_ARGS], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      process.stdout.write(b);
    });
    child.on("error", reject);
    child.on("exit", () => {
      const file = /^JSON: (.+)$/m.exec(out)?.[1];
      if (!file) return reject(new Error("bench:engine printed no result file"));
      const r = JSON.parse(readFileSync(file, "utf8")) as EngineReport;
      if (r.failed) return reject(new Error(`bench:engine had request errors or a failed round (${file})`));
      const ratios = {} as GateRatios;
      for (const op of GATE_OPERATIONS) {
        ratios[op] = {};
        const t = r.comparisons[op]?.ratio;
        const c = r.serverCpuPerOpCeilingOverEngine[op];
        if (t !== undefined) ratios[op].throughput = t;
        if (c !== undefined) ratios[op].cpu = c;
      }
      resolvePromise(ratios);
    });
  });
}

const better = (a: GateRatios, b: GateRatios): GateRatios => {
  const out = {} as GateRatios;
  for (const op of GATE_OPERATIONS) {
    out[op] = {};
    for (const m of GATE_METRICS) {
      const xs = [a[op]?.[m], b[op]?.[m]].filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (xs.length) out[op][m] = Math.max(...xs);
    }
  }
  return out;
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "update-baseline": { type: "boolean" }, slowed: { type: "boolean" }, runs: { type: "string", default: "5" } } });
  const slowed = values.slowed === true;
  if (values["update-baseline"]) {
    const n = Number(values.runs);
    const runs: GateRatios[] = [];
    for (let i = 1; i <= n; i++) {
      console.log(`\n=== baseline run ${i} of ${n} ===`);
      runs.push(await measure(false));
    }
    const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? "?"}, node ${process.version}`;
    const b = baselineFrom(runs, new Date().toISOString().slice(0, 10), machine);
    writeFileSync(BASELINE, JSON.stringify(b, null, 2) + "\n");
    console.log(`\nbaseline written to ${BASELINE}: tolerance throughput ${(b.tolerance.throughput * 100).toFixed(1)} %, cpu ${(b.tolerance.cpu * 100).toFixed(1)} %`);
    return 0;
  }
  const baseline = JSON.parse(readFileSync(BASELINE, "utf8")) as GateBaseline;
  console.log(`performance gate${slowed ? " (against the deliberately slowed engine)" : ""}: engine ÷ ceiling vs the baseline of ${baseline.measured} (${baseline.machine})\n`);
  let ratios = await measure(slowed);
  let verdict = judge(ratios, baseline);
  if (!verdict.pass) {
    console.log("\n" + describe(verdict).join("\n"));
    console.log("\nbelow the floor: measuring once more (each figure judged on the better of the two runs)\n");
    ratios = better(ratios, await measure(slowed));
    verdict = judge(ratios, baseline);
  }
  console.log(`\nperformance gate: ${verdict.pass ? "PASS" : "FAIL"}`);
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
