import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeRegistry } from "../runner/testing/fake-target.js";
import type { YcsbResult } from "../results/result-file.js";
import { ycsbCommand } from "./ycsb.js";

const dir = mkdtempSync(join(tmpdir(), "ycsb-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await ycsbCommand(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, { registry: fakeRegistry });
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), errLines: err };
}

describe("ycsb command", () => {
  it("runs a phase, prints YCSB's summary and writes a complete results file", async () => {
    const file = join(dir, "run.json");
    const r = await run(["run", "--target", "fake", "--workload", "a", "-p", "recordcount=20", "-p", "operationcount=50", "-p", "fake.missingIsOk=true", "--endpoint", "http://x", "--threads", "2", "--concurrency", "2", "--seed", "9", "--out", file, "-q"]);
    expect(r.stderr).not.toMatch(/ycsb:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[OVERALL\], RunTime\(ms\), \d+$/m);
    expect(r.stdout).toMatch(/^\[OVERALL\], Throughput\(ops\/sec\), [\d.E]+$/m);
    expect(r.stdout).toMatch(/^\[READ\], 99thPercentileLatency\(us\), \d+$/m);
    expect(r.stdout).toMatch(/^\[UPDATE\], Return=OK, \d+$/m);
    expect(r.stderr).toContain(`results: ${file}`);
    const result = JSON.parse(readFileSync(file, "utf8")) as YcsbResult;
    expect(result.schemaVersion).toBe(2);
    expect(result).toMatchObject({ kind: "ycsb-phase", phase: "run", target: { name: "fake", description: { phase: "run" } }, workload: { name: "workloada", files: ["a"] } });
    expect(result.workload.properties).toMatchObject({ recordcount: "20", operationcount: "50", "fake.endpoint": "http://x", "fake.preparedFor": "run", readproportion: "0.5" });
    expect(result.run).toMatchObject({ threads: 2, concurrency: 2, mode: "closed", targetRate: null, seed: 9, plannedOperations: [25, 25] });
    expect(result.overall.operations).toBe(50);
    expect((result.operations.READ?.operations ?? 0) + (result.operations.UPDATE?.operations ?? 0)).toBe(50);
    expect(result.environment.node).toBe(process.version);
    expect(result.perSecond.throughput.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Object.keys(result.histograms.actual)).toContain("CLEANUP");
  }, 30_000);

  it("reads threads, concurrency and the target rate from YCSB's properties when no flag is given", async () => {
    const file = join(dir, "open.json");
    const r = await run(["run", "-t", "fake", "-P", "workloads/workloadc", "-p", "recordcount=20", "-p", "operationcount=20", "-p", "threadcount=2", "-p", "concurrency=3", "-p", "target=500", "-p", "fake.missingIsOk=true", "-o", file, "-q"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(file, "utf8")) as YcsbResult;
    expect(result.run).toMatchObject({ threads: 2, concurrency: 3, mode: "open", targetRate: 500 });
    expect(result.workload.name).toBe("workloadc");
    expect(Object.keys(result.intended)).toEqual(["READ"]);
    expect(r.stdout).toMatch(/^\[Intended-READ\], Operations, 20$/m);
  }, 30_000);

  it.each([
    [["run", "--target", "nope", "--workload", "a"], /unknown target "nope"/],
    [["run", "--target", "fake"], /a workload is required/],
    [["walk", "--target", "fake", "--workload", "a"], /expected "load" or "run"/],
    [["run", "--target", "fake", "--workload", "a", "-p", "readproportion=x"], /readproportion/],
    [["run", "--target", "fake", "--workload", "a", "--threads", "0"], /--threads must be a positive integer/],
    [["run", "--target", "fake", "--workload", "a", "--bogus"], /bogus/],
    [["run", "--target", "absent", "--workload", "a"], /absent is not available: nothing listens on 127\.0\.0\.1:1\. Start it with: start-absent --now/],
    [["run", "--target", "absent", "--workload", "a", "--endpoint", "http://x"], /--endpoint is not used by target "absent"/],
  ])("fails with one line and exit code 1: %j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^ycsb: /);
    expect(r.errLines[0]).toMatch(message);
  });
});
