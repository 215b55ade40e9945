import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeRegistry } from "../runner/testing/fake-target.js";
import { labCommand, type LabSummary } from "./lab.js";

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
    expect(summary).toMatchObject({ schemaVersion: 1, kind: "ycsb-lab", settings: { quick: true, workloads: ["workloada", "workloadc"] } });
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

  it("rejects an unknown target before starting anything", async () => {
    const err: string[] = [];
    const code = await labCommand(["--targets", "fake,nope"], { stdout: () => {}, stderr: (t) => err.push(t) }, { registry: fakeRegistry });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^lab: unknown target "nope"/)]);
  });
});
