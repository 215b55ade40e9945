/**
 * `npm run lab`: the lab's main job in one command. For each target (shvm-db first, then its peers): prepare it
 * (skipped, with the reason and how to start it, when it is not reachable), load the records once, then run
 * workloads A, B and C on that same record set (they only read and update, YCSB's usual practice), each run
 * measured after a warm-up and bounded in time. Every phase writes its results JSON; the lab writes one summary
 * JSON and prints a side-by-side table per workload (throughput, p50/p99 per operation, ratio to shvm-db).
 *
 * Every target gets the same record count, threads, concurrency, warm-up and time per run.
 */
import { join } from "node:path";
import { CORE_WORKLOADS, loadWorkload } from "../../workloads/load-workload.js";
import { normaliseOverrides, type Properties } from "../../workloads/properties.js";
import { TargetUnavailable, type PreparedTarget } from "../target.js";
import { readEnvironment } from "../results/environment.js";
import { buildTable, formatTable, rowFromResult, type ComparisonRow, type ComparisonTable } from "../results/comparison.js";
import { fileTimestamp, RESULTS_DIR, SCHEMA_VERSION, writeJson } from "../results/result-file.js";
import { buildReport, REPORTS_DIR } from "../report/build-report.js";
import { parseCommandArgs, runSettings, UsageError, type RunSettings } from "./options.js";
import { learnedProperties, runOne } from "./run-one.js";
import { loadRegistry } from "./targets.js";
import { errorLine, processIo, type CommandDeps, type CommandIo } from "./ycsb.js";

/**
 * Lab-sized defaults: 10,000 records; each run 3 s of warm-up then 10 s measured. operationcount=0: the runs are
 * bounded by time only ("until the time is up"), so every target is measured for the same time whatever its
 * speed — and CoreWorkload sizes the zipfian key space for no extra inserts, as YCSB does for such a run. (A large
 * operationcount as the cap would size it for operationcount × insertproportion × 2 inserts that never come:
 * for workload E most scan starts would then fall beyond the records and be redrawn.)
 */
export const LAB_DEFAULTS: Readonly<Properties> = { recordcount: "10000", operationcount: "0", maxexecutiontime: "10" };
export const LAB_RUN_DEFAULTS = { threads: 2, concurrency: 8, warmupSeconds: 3 };
/** --quick: seconds, not minutes (tests, a smoke check). */
export const QUICK_DEFAULTS: Readonly<Properties> = { recordcount: "200", operationcount: "400", maxexecutiontime: "3" };
export const QUICK_RUN_DEFAULTS = { threads: 1, concurrency: 4, warmupSeconds: 0 };

export const LAB_USAGE = `Usage: npm run lab -- [options]

Loads ${LAB_DEFAULTS.recordcount} records into each target once, then runs YCSB workloads A, B and C against it
(${LAB_RUN_DEFAULTS.warmupSeconds} s warm-up, ${LAB_DEFAULTS.maxexecutiontime} s measured each, ${LAB_RUN_DEFAULTS.threads} threads x ${LAB_RUN_DEFAULTS.concurrency} in flight), and prints a comparison table.

  --targets <list>      comma-separated (default: every target, shvm first)
  --workloads <list>    comma-separated letters (default a,b,c)
  -p <key=value>        property override for every phase (repeatable), e.g. -p recordcount=100000
  --endpoint <url>      use this shvm-db instead of starting one
  --threads, --concurrency, --target-rate, --warmup, --seed   as for ycsb
  --quick               a smoke run: ${QUICK_DEFAULTS.recordcount} records, runs of at most ${QUICK_DEFAULTS.operationcount} operations / ${QUICK_DEFAULTS.maxexecutiontime} s, no warm-up
  --out-dir <dir>       where the results files go (default results/)
  --report-dir <dir>    where the HTML report and its index go (default reports/out/, or --out-dir when given)
  --quiet, -q           no per-second status line
  -h, --help            this text`;

export interface LabTargetOutcome {
  target: string;
  status: "ok" | "skipped" | "failed";
  reason?: string;
  startHint?: string;
  /** Phase → results file. */
  files: Record<string, string>;
}

export interface LabSummary {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: "ycsb-lab";
  startedAt: string;
  finishedAt: string;
  settings: RunSettings & { quick: boolean; workloads: string[]; overrides: Properties };
  environment: ReturnType<typeof readEnvironment>;
  targets: LabTargetOutcome[];
  tables: ComparisonTable[];
}

export async function labCommand(argv: readonly string[], io: CommandIo = processIo, deps: CommandDeps = {}): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs(argv, {
      targets: { type: "string" },
      workloads: { type: "string" },
      quick: { type: "boolean" },
      "out-dir": { type: "string" },
      "report-dir": { type: "string" },
    });
    if (values.help) {
      io.stdout(LAB_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const registry = deps.registry ?? (await loadRegistry());
    const targetNames = values.targets ? values.targets.split(",").map((s) => s.trim()).filter(Boolean) : [...registry.order];
    for (const t of targetNames) if (!registry.targets[t]) throw new UsageError(`unknown target "${t}" (known: ${Object.keys(registry.targets).join(", ")})`);
    const workloads = (values.workloads ?? "a,b,c").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean).map((w) => (w.length === 1 ? `workload${w}` : w));
    for (const w of workloads) if (!(CORE_WORKLOADS as readonly string[]).includes(w)) throw new UsageError(`unknown workload "${w}" (a..f)`);
    const quick = values.quick === true;
    const overrides = { ...(quick ? QUICK_DEFAULTS : LAB_DEFAULTS), ...normaliseOverrides(values.p ?? []) };
    // Validate the overrides once, before any target starts.
    const probe = loadWorkload([workloads[0] ?? "workloada"], overrides);
    const settings = runSettings(values, probe.properties, quick ? QUICK_RUN_DEFAULTS : LAB_RUN_DEFAULTS);
    if (probe.operationcount === 0 && settings.maxExecutionTime === null) {
      throw new UsageError("operationcount=0 with no maxexecutiontime would run forever: set -p maxexecutiontime=S (or -p operationcount=N)");
    }
    const dir = values["out-dir"] ?? RESULTS_DIR;
    const environment = readEnvironment();
    const startedAt = new Date();
    const status = values.quiet ? undefined : (line: string) => io.stderr(line);

    const outcomes: LabTargetOutcome[] = [];
    const rows = new Map<string, ComparisonRow[]>(); // phase title → rows
    const addRow = (title: string, row: ComparisonRow) => {
      let list = rows.get(title);
      if (!list) rows.set(title, (list = []));
      list.push(row);
    };
    const titles = ["load", ...workloads.map((w) => `run ${w}`)];

    for (const name of targetNames) {
      if (deps.signal?.aborted) break;
      const target = registry.targets[name]!;
      const outcome: LabTargetOutcome = { target: name, status: "ok", files: {} };
      outcomes.push(outcome);
      const targetOverrides = { ...overrides };
      if (values.endpoint !== undefined && name === "shvm") targetOverrides[registry.endpointProperty("shvm") ?? "shvm.endpoint"] = values.endpoint;
      // The records are loaded with workload A's file (all core workloads share the record format).
      const loadConfig = loadWorkload(["workloada"], targetOverrides);
      io.stderr(`-- ${name}: preparing (${target.summary})`);
      let prepared: PreparedTarget | undefined;
      try {
        prepared = await target.prepare(loadConfig.properties, "load");
      } catch (e) {
        const skipped = e instanceof TargetUnavailable;
        outcome.status = skipped ? "skipped" : "failed";
        outcome.reason = skipped ? e.reason : errorLine(e);
        if (skipped) outcome.startHint = e.startHint;
        io.stderr(skipped ? `-- ${name}: SKIPPED, ${e.reason}. Start it with: ${e.startHint}` : `-- ${name}: FAILED to prepare: ${outcome.reason}`);
        for (const t of titles) addRow(t, { target: name, status: outcome.status, note: skipped ? `not running (${e.startHint})` : outcome.reason });
        continue;
      }
      let current = "load";
      try {
        io.stderr(`-- ${name}: load ${loadConfig.insertcount} records`);
        const common = { target, prepared, settings, environment, dir, ...(status ? { onStatus: status } : {}), ...(deps.signal ? { signal: deps.signal } : {}) };
        // The load inserts every record: no warm-up (inserts do not repeat) and no time limit (maxexecutiontime
        // bounds the runs only; a load cut short would leave the runs reading records that are not there). It
        // runs closed loop: --target-rate is a setting of the runs, whose latencies at that rate are the point;
        // throttling the load would only make it slower.
        const loadSettings: RunSettings = { ...settings, warmupSeconds: 0, maxExecutionTime: null, targetRate: null };
        const load = await runOne({ ...common, settings: loadSettings, properties: prepared.properties, phase: "load", workloadName: "workloada", workloadFiles: ["workloada"], label: `[lab ${name} load]` });
        outcome.files.load = load.path;
        addRow("load", rowFromResult(name, load.result));
        const learned = learnedProperties(loadConfig.properties, prepared.properties);
        for (const w of workloads) {
          if (deps.signal?.aborted) break;
          current = `run ${w}`;
          io.stderr(`-- ${name}: run ${w}`);
          const runConfig = loadWorkload([w], targetOverrides);
          const run = await runOne({ ...common, properties: { ...runConfig.properties, ...learned }, phase: "run", workloadName: w, workloadFiles: [w], label: `[lab ${name} run ${w}]` });
          outcome.files[w] = run.path;
          addRow(`run ${w}`, rowFromResult(name, run.result));
          for (const warning of run.result.warnings) io.stderr(`   WARNING: ${warning}`);
        }
      } catch (e) {
        outcome.status = "failed";
        outcome.reason = `${current}: ${errorLine(e)}`;
        io.stderr(`-- ${name}: FAILED during ${outcome.reason}`);
        for (const t of titles.slice(titles.indexOf(current))) {
          if (!(rows.get(t) ?? []).some((r) => r.target === name)) addRow(t, { target: name, status: "failed", note: t === current ? errorLine(e) : "not run" });
        }
      } finally {
        await prepared.close().catch((e: unknown) => io.stderr(`-- ${name}: closing failed: ${errorLine(e)}`));
      }
    }

    const tables = titles.map((t) => buildTable(t === "load" ? `load (${probe.recordcount} records)` : t, rows.get(t) ?? []));
    const summary: LabSummary = {
      schemaVersion: SCHEMA_VERSION,
      kind: "ycsb-lab",
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      settings: { ...settings, quick, workloads, overrides },
      environment,
      targets: outcomes,
      tables,
    };
    const summaryPath = join(dir, `${fileTimestamp(startedAt)}-lab.json`);
    writeJson(summaryPath, summary);
    io.stdout(tables.map(formatTable).join("\n\n"));
    io.stderr(`lab summary: ${summaryPath}`);
    if (outcomes.some((o) => Object.keys(o.files).length > 0)) {
      // The report is a view of what was measured: failing to build it loses no result, so it never fails the lab.
      const reportDir = values["report-dir"] ?? (values["out-dir"] !== undefined ? dir : REPORTS_DIR);
      await buildReport({ inputs: [summaryPath], outDir: reportDir }).then(
        ({ path }) => io.stderr(`report: ${path}`),
        (e: unknown) => io.stderr(`lab: the HTML report could not be built: ${errorLine(e)}`),
      );
    }
    return outcomes.some((o) => o.status === "ok") ? 0 : 1;
  } catch (e) {
    io.stderr(`lab: ${errorLine(e)}`);
    return 1;
  }
}
