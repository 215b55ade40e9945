/**
 * The YCSB command end to end: `ycsb load` then `ycsb run` of a tiny workload A against the run's shared
 * shvm-db (global-setup.ts), through the real command (scripts/ycsb.ts under tsx, a child process, worker
 * threads, the shvm target and its binding), then the results files and YCSB's summary lines are checked.
 * Its own table (a unique name) keeps it apart from other files using the same server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { YcsbResult } from "../../harness/results/result-file";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules", ".bin", "tsx");
const provided = inject("shvm");
const dir = mkdtempSync(join(tmpdir(), "ycsb-e2e-"));
const table = `ycsb_e2e_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ycsb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ["scripts/ycsb.ts", ...args], { cwd: root, timeout: 90_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

const common = () => ["--target", "shvm", "--endpoint", provided.endpoint ?? "", "--workload", "a", "-p", `table=${table}`, "-p", "recordcount=100", "-p", "operationcount=200", "--quiet"];

function check(result: YcsbResult, phase: "load" | "run", operations: string[]): void {
  expect(result.schemaVersion).toBe(2);
  expect(result.phase).toBe(phase);
  expect(result.target.name).toBe("shvm");
  expect(result.workload.properties.table).toBe(table);
  expect(Object.keys(result.operations).filter((k) => k !== "CLEANUP").sort()).toEqual(operations);
  for (const op of operations) {
    const s = result.operations[op]!;
    expect(s.returnCodes).toEqual({ OK: s.operations });
    expect(s.operations).toBeGreaterThan(0);
    expect(s.minLatencyUs).toBeGreaterThan(0);
    expect(s.p50LatencyUs).toBeGreaterThanOrEqual(s.minLatencyUs);
    expect(s.p95LatencyUs).toBeGreaterThanOrEqual(s.p50LatencyUs);
    expect(s.p99LatencyUs).toBeGreaterThanOrEqual(s.p95LatencyUs);
    expect(s.p999LatencyUs).toBeGreaterThanOrEqual(s.p99LatencyUs);
    expect(s.maxLatencyUs).toBeGreaterThanOrEqual(s.p999LatencyUs);
  }
  expect(result.overall.throughput).toBeGreaterThan(0);
  expect(result.cpu.windowMs).toBeGreaterThan(0);
}

describe("ycsb against shvm-db", () => {
  it("loads 100 records, then runs 200 operations of workload A, all OK", async () => {
    if (provided.error !== undefined) throw new Error(provided.error);

    const loadFile = join(dir, "load.json");
    const load = await ycsb(["load", ...common(), "--out", loadFile]);
    expect(load.stderr).not.toMatch(/^ycsb: /m);
    expect(load.code).toBe(0);
    const loaded = JSON.parse(readFileSync(loadFile, "utf8")) as YcsbResult;
    check(loaded, "load", ["INSERT"]);
    expect(loaded.overall.operations).toBe(100);
    expect(loaded.operations.INSERT!.returnCodes).toEqual({ OK: 100 });
    expect(load.stdout).toMatch(/^\[INSERT\], Operations, 100$/m);
    expect(load.stdout).toMatch(/^\[INSERT\], Return=OK, 100$/m);

    const runFile = join(dir, "run.json");
    const run = await ycsb(["run", ...common(), "--threads", "2", "--concurrency", "2", "--out", runFile]);
    expect(run.stderr).not.toMatch(/^ycsb: /m);
    expect(run.code).toBe(0);
    const ran = JSON.parse(readFileSync(runFile, "utf8")) as YcsbResult;
    check(ran, "run", ["READ", "UPDATE"]);
    expect(ran.overall.operations).toBe(200);
    expect(ran.operations.READ!.operations + ran.operations.UPDATE!.operations).toBe(200);
    expect(ran.run).toMatchObject({ threads: 2, concurrency: 2, mode: "closed", plannedOperations: [100, 100] });
    expect(ran.perSecond.throughput.reduce((a, b) => a + b, 0)).toBe(200);

    // YCSB's summary shapes, in order.
    const lines = run.stdout.trim().split("\n").filter((l) => l.startsWith("["));
    expect(lines[0]).toMatch(/^\[OVERALL\], RunTime\(ms\), \d+$/);
    expect(lines[1]).toMatch(/^\[OVERALL\], Throughput\(ops\/sec\), \d+(\.\d+)?(E\d+)?$/);
    const read = lines.filter((l) => l.startsWith("[READ],")).map((l) => l.split(", ")[1]);
    expect(read).toEqual(["Operations", "AverageLatency(us)", "MinLatency(us)", "MaxLatency(us)", "95thPercentileLatency(us)", "99thPercentileLatency(us)", "Return=OK"]);
    expect(run.stdout).toContain(`[READ], Return=OK, ${ran.operations.READ!.operations}`);
    expect(run.stdout).toContain(`[UPDATE], Operations, ${ran.operations.UPDATE!.operations}`);
  }, 180_000);
});
