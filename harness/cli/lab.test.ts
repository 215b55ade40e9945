import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeRegistry } from "../runner/testing/fake-target.js";
import { resolveConfig } from "../../workloads/config.js";
import { loadWorkload } from "../../workloads/load-workload.js";
import { expectedNewKeys } from "../generators/core-workload.js";
import { LAB_DEFAULTS, labCommand, QUICK_DEFAULTS, type LabSummary } from "./lab.js";

const dir = mkdtempSync(join(tmpdir(), "ycsb-lab-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("lab command", () => {
  it("loads once, runs each workload, skips an unreachable target with its start command, and prints the tables", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await labCommand(
      ["--quick", "--workloads", "a,c", "--out-dir", dir, "-p", "recordcount=30", "-p", "operationcount=40", "-q"],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      { registry: fakeRegistry },
    );
    expect(err.join("\n")).not.toMatch(/FAILED|lab:/);
    expect(code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith("-fake-workloada-load.json"))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith("-fake-workloada-run.json"))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith("-fake-workloadc-run.json"))).toHaveLength(1);
    const summaryFile = files.find((f) => f.endsWith("-lab.json"));
    expect(summaryFile).toBeDefined();
    const summary = JSON.parse(readFileSync(join(dir, summaryFile!), "utf8")) as LabSummary;
    expect(summary).toMatchObject({ schemaVersion: 2, kind: "ycsb-lab", settings: { quick: true, workloads: ["workloada", "workloadc"] } });
    expect(summary.targets).toEqual([
      { target: "fake", status: "ok", files: expect.objectContaining({ load: expect.any(String), workloada: expect.any(String), workloadc: expect.any(String) }) },
      { target: "absent", status: "skipped", reason: "nothing listens on 127.0.0.1:1", startHint: "start-absent --now", files: {} },
    ]);
    expect(summary.tables.map((t) => t.title)).toEqual(["load (30 records)", "run workloada", "run workloadc"]);
    const text = out.join("\n");
    expect(text).toContain("== run workloadc ==");
    expect(text).toMatch(/absent\s+skipped: not running \(start-absent --now\)/);
    expect(err.join("\n")).toContain("-- absent: SKIPPED, nothing listens on 127.0.0.1:1. Start it with: start-absent --now");
    // The run phase's binding got what prepare("load") learned.
    const run = JSON.parse(readFileSync(join(dir, files.find((f) => f.endsWith("-fake-workloadc-run.json"))!), "utf8"));
    expect(run.workload.properties["fake.preparedFor"]).toBe("load");
    expect(run.workload.properties.readproportion).toBe("1");
    expect(run.overall.operations).toBe(40);
    expect(run.run.maxExecutionTimeSeconds).toBe(3);
    // The load inserts every record: never cut by maxexecutiontime, never warmed up.
    const load = JSON.parse(readFileSync(join(dir, files.find((f) => f.endsWith("-fake-workloada-load.json"))!), "utf8"));
    expect(load.run).toMatchObject({ maxExecutionTimeSeconds: null, warmupSeconds: 0 });
    expect(load.overall.operations).toBe(30);
  }, 60_000);

  it("--target-rate: the runs are open loop and their table shows intended latencies; the load stays closed loop", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const outDir = join(dir, "open");
    const code = await labCommand(
      ["--quick", "--targets", "fake", "--workloads", "c", "--target-rate", "400", "--out-dir", outDir, "-p", "recordcount=20", "-p", "operationcount=40", "-p", "fake.missingIsOk=true", "-q"],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      { registry: fakeRegistry },
    );
    expect(err.join("\n")).not.toMatch(/FAILED|lab:/);
    expect(code).toBe(0);
    const files = readdirSync(outDir);
    const read = (suffix: string) => JSON.parse(readFileSync(join(outDir, files.find((f) => f.endsWith(suffix))!), "utf8"));
    expect(read("-fake-workloada-load.json").run).toMatchObject({ mode: "closed", targetRate: null });
    expect(read("-fake-workloadc-run.json").run).toMatchObject({ mode: "open", targetRate: 400 });
    const text = out.join("\n");
    const runTable = text.slice(text.indexOf("== run workloadc =="));
    expect(runTable).toMatch(/READ p99 \(intended\) µs/);
    expect(text.slice(0, text.indexOf("== run workloadc =="))).not.toMatch(/intended/);
  }, 60_000);

  it("sizes the runs' key space for the inserts a time-bounded run expects: none, as YCSB (workload E's scans)", () => {
    // The lab's runs are bounded by maxexecutiontime; a large operationcount as a cap made workload E's zipfian key
    // space 1,000,000 keys wider than the 10,000 records, so ~99 % of the scan starts were redrawn.
    const e = loadWorkload(["workloade"], LAB_DEFAULTS);
    expect(e.properties.maxexecutiontime).toBe("10");
    expect(expectedNewKeys(e)).toBe(0);
    for (const w of ["workloada", "workloadb", "workloadc", "workloadd", "workloadf"]) expect(expectedNewKeys(loadWorkload([w], LAB_DEFAULTS)), w).toBe(0);
    // --quick keeps a small cap: at most 20 % more keys than records, as YCSB would size it for that run.
    expect(expectedNewKeys(loadWorkload(["workloade"], QUICK_DEFAULTS))).toBeLessThanOrEqual(0.2 * Number(QUICK_DEFAULTS.recordcount));
  });

  it("runs until the time is up with the lab's defaults: planned operations unbounded, expected new keys 0", async () => {
    const outDir = join(dir, "timed");
    const err: string[] = [];
    const code = await labCommand(
      ["--targets", "fake", "--workloads", "e", "--warmup", "0", "--threads", "2", "--concurrency", "2", "--out-dir", outDir, "-p", "recordcount=50", "-p", "maxexecutiontime=1", "-p", "fake.missingIsOk=true", "-q"],
      { stdout: () => {}, stderr: (t) => err.push(t) },
      { registry: fakeRegistry },
    );
    expect(err.join("\n")).not.toMatch(/FAILED|lab:/);
    expect(code).toBe(0);
    const file = readdirSync(outDir).find((f) => f.endsWith("-fake-workloade-run.json"))!;
    const run = JSON.parse(readFileSync(join(outDir, file), "utf8"));
    expect(run.workload.properties.operationcount).toBe("0");
    expect(expectedNewKeys(resolveConfig(run.workload.properties))).toBe(0);
    expect(run.run).toMatchObject({ plannedOperations: [null, null], maxExecutionTimeSeconds: 1, stoppedEarly: false });
    expect(run.overall.operations).toBeGreaterThan(0);
    expect(run.overall.runTimeMs).toBeGreaterThan(900);
    expect(run.overall.runTimeMs).toBeLessThan(1_500);
    expect(run.operations.SCAN.operations).toBeGreaterThan(0);
  }, 60_000);

  it("refuses operationcount=0 without maxexecutiontime before starting anything", async () => {
    const err: string[] = [];
    const code = await labCommand(["--targets", "fake", "-p", "maxexecutiontime=0"], { stdout: () => {}, stderr: (t) => err.push(t) }, { registry: fakeRegistry });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^lab: operationcount=0 with no maxexecutiontime would run forever/)]);
  });

  it("rejects an unknown target before starting anything", async () => {
    const err: string[] = [];
    const code = await labCommand(["--targets", "fake,nope"], { stdout: () => {}, stderr: (t) => err.push(t) }, { registry: fakeRegistry });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^lab: unknown target "nope"/)]);
  });
});
