import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../workloads/load-workload.js";
import { destroyMerged } from "../results/merge.js";
import { runPhase, type PhaseOptions } from "./run-phase.js";

const fakeModule = new URL("./testing/fake-binding.ts", import.meta.url).href;

function options(workload: string, props: string[], o: Partial<PhaseOptions> = {}): PhaseOptions {
  return {
    bindingModule: fakeModule,
    properties: { ...loadWorkload(workload, props).properties },
    phase: "run",
    threads: 2,
    concurrency: 3,
    targetRate: null,
    warmupSeconds: 0,
    maxExecutionTime: null,
    seed: 42,
    ...o,
  };
}

describe("runPhase (worker threads)", () => {
  it("load: the threads insert every record once between them", async () => {
    const lines: string[] = [];
    const out = await runPhase(options("a", ["recordcount=101"], { phase: "load", onStatus: (l) => lines.push(l), statusIntervalMs: 100 }));
    expect(out.plannedOperations).toEqual([51, 50]);
    expect(out.merged.operations).toBe(101);
    expect(out.merged.returnCodes).toEqual({ INSERT: { OK: 101 } });
    expect(out.merged.histograms.get("INSERT")?.totalCount).toBe(101);
    expect(out.merged.histograms.get("CLEANUP")?.totalCount).toBe(2);
    expect(out.threads.map((t) => t.issued)).toEqual([51, 50]);
    expect(out.runTimeMs).toBeGreaterThan(0);
    expect(out.throughput).toBeGreaterThan(0);
    expect(out.cpu.cores).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^load \d+ sec \(done\): 101 operations; /);
    destroyMerged(out.merged);
  }, 30_000);

  it("run, open loop: operationcount split over threads, Intended- series recorded", async () => {
    const out = await runPhase(options("b", ["recordcount=100", "operationcount=61", "fake.missingIsOk=true"], { targetRate: 400 }));
    expect(out.plannedOperations).toEqual([31, 30]);
    expect(out.merged.operations).toBe(61);
    const ops = [...out.merged.histograms.keys()].filter((k) => k !== "CLEANUP").sort();
    expect([...out.merged.intended.keys()].sort()).toEqual(ops);
    const reads = out.merged.returnCodes.READ?.OK ?? 0;
    const updates = out.merged.returnCodes.UPDATE?.OK ?? 0;
    expect(reads + updates).toBe(61);
    destroyMerged(out.merged);
  }, 30_000);

  it("run workload D: inserts from both threads are acknowledged through the shared counter", async () => {
    const out = await runPhase(options("d", ["recordcount=50", "operationcount=400", "fake.missingIsOk=true"]));
    expect(out.merged.operations).toBe(400);
    expect(out.merged.returnCodes.INSERT?.OK).toBeGreaterThan(0);
    destroyMerged(out.merged);
  }, 30_000);

  it("reports a broken binding as the phase's error", async () => {
    await expect(runPhase(options("a", ["recordcount=10", "operationcount=100", "fake.throwAfter=3"]))).rejects.toThrow(/client thread \d failed: .*broken on call 3/);
  }, 30_000);

  it("stops early on abort and returns what was measured", async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const run = runPhase(
      options("c", ["recordcount=10", "operationcount=0", "fake.missingIsOk=true", "fake.latencyMs=1"], {
        maxExecutionTime: 60,
        signal: controller.signal,
        onStatus: (l) => {
          lines.push(l);
          controller.abort();
        },
        statusIntervalMs: 100,
      }),
    );
    const out = await run;
    expect(out.stoppedEarly).toBe(true);
    expect(out.plannedOperations).toEqual([null, null]);
    expect(out.merged.operations).toBeGreaterThan(0);
    destroyMerged(out.merged);
  }, 30_000);

  it("refuses a run that would never end", async () => {
    await expect(runPhase(options("a", ["recordcount=10", "operationcount=0"]))).rejects.toThrow(/operationcount=0 would run forever/);
  });
});

describe("runPhase warnings", () => {
  it("warns when a load phase did not insert every record", async () => {
    const out = await runPhase(options("a", ["recordcount=100000", "fake.latencyMs=5"], { phase: "load", threads: 1, concurrency: 1, maxExecutionTime: 0.3 }));
    expect(out.merged.operations).toBeLessThan(100000);
    expect(out.warnings[0]).toMatch(/^the load inserted only \d+ of 100000 records \(maxexecutiontime reached\)/);
    destroyMerged(out.merged);
  }, 30_000);
});
