import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../workloads/load-workload.js";
import { destroyMerged } from "../results/merge.js";
import { sqliteTarget } from "../targets/sqlite.js";
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

  it("load with more threads than records: the threads without records insert nothing (uniform keys)", async () => {
    const out = await runPhase(options("a", ["recordcount=2", "requestdistribution=uniform"], { phase: "load", threads: 4 }));
    expect(out.plannedOperations).toEqual([1, 1, 0, 0]);
    expect(out.merged.returnCodes).toEqual({ INSERT: { OK: 2 } });
    expect(out.threads.map((t) => t.issued)).toEqual([1, 1, 0, 0]);
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

  it("run workload D on SQLite from 2 threads: the shared insert counter gives every insert its own record", async () => {
    // A real store: an insert of a record number another thread already used would replace that row
    // (INSERT OR REPLACE), so the table would hold fewer rows than recordcount + inserts.
    const dir = mkdtempSync(join(tmpdir(), "ycsb-run-phase-sqlite-"));
    try {
      const props = ["recordcount=50", "operationcount=300", "readproportion=0.5", "insertproportion=0.5", `sqlite.path=${join(dir, "ycsb.db")}`];
      const base = loadWorkload("d", props).properties;
      const load = await sqliteTarget.prepare(base, "load");
      const loaded = await runPhase({ ...options("d", props, { phase: "load" }), bindingModule: sqliteTarget.bindingModule, properties: load.properties });
      expect(loaded.merged.returnCodes).toEqual({ INSERT: { OK: 50 } });
      destroyMerged(loaded.merged);
      await load.close();

      const run = await sqliteTarget.prepare(base, "run");
      const out = await runPhase({ ...options("d", props), bindingModule: sqliteTarget.bindingModule, properties: run.properties });
      await run.close();
      expect(out.merged.operations).toBe(300);
      const inserts = out.merged.returnCodes.INSERT?.OK ?? 0;
      expect(inserts).toBeGreaterThan(0);
      destroyMerged(out.merged);

      const db = new Database(join(dir, "ycsb.db"), { readonly: true });
      try {
        const { n } = db.prepare("SELECT COUNT(*) AS n FROM usertable").get() as { n: number };
        expect(n).toBe(50 + inserts);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it("a synchronous binding: status lines count operations, Ctrl-C stops it, its event-loop utilisation is measured", async () => {
    // fake.latencyMs=0: every call answers with an already-settled promise (as better-sqlite3 does).
    const controller = new AbortController();
    const lines: string[] = [];
    const started = Date.now();
    const out = await runPhase(
      options("c", ["recordcount=10", "operationcount=0", "fake.missingIsOk=true"], {
        maxExecutionTime: 120,
        signal: controller.signal,
        onStatus: (l) => {
          lines.push(l);
          if (lines.length === 3) controller.abort();
        },
        statusIntervalMs: 100,
      }),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(out.stoppedEarly).toBe(true);
    const counts = lines.map((l) => Number(/: (\d+) operations;/.exec(l)?.[1]));
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[2]).toBeGreaterThan(counts[0]!);
    // The loops keep the thread busy; the ELU timer fired at the window's start, so this is not 0.
    for (const t of out.threads) {
      expect(t.elu).toBeGreaterThan(0.2);
      // Closed loop: no precise wait but the one for the common start time (the end of which may fall in the
      // window), so what the saturation warning judges is a utilisation too, not "nothing to judge".
      expect(t.eluOutsideWaits).not.toBeNull();
      expect(t.eluOutsideWaits!).toBeGreaterThan(0.2);
      expect(t.startLag).toBeNull();
    }
    destroyMerged(out.merged);
  }, 60_000);

  it("refuses a run that would never end", async () => {
    await expect(runPhase(options("a", ["recordcount=10", "operationcount=0"]))).rejects.toThrow(/operationcount=0 would run forever/);
  });

  it("stops a stalled phase after harness.stallTimeoutSeconds, as Ctrl-C does, with a warning naming the stall", async () => {
    // Each thread's binding answers 5 calls, then never again: its 3 loops hang on calls 6, 7 and 8.
    const out = await runPhase(
      options("a", ["recordcount=10", "operationcount=1000", "fake.missingIsOk=true", "fake.hangAfter=6", "harness.stallTimeoutSeconds=0.3"]),
    );
    expect(out.stoppedEarly).toBe(true);
    expect(out.merged.operations).toBe(10);
    expect(out.warnings[0]).toMatch(/^the target stalled: no operation completed for 0\.3 s with 6 in flight \(harness\.stallTimeoutSeconds\)/);
    destroyMerged(out.merged);
  }, 30_000);

  it("rejects a bad harness.stallTimeoutSeconds before starting", async () => {
    await expect(runPhase(options("a", ["recordcount=10", "operationcount=10", "harness.stallTimeoutSeconds=0"]))).rejects.toThrow(
      /harness\.stallTimeoutSeconds must be a positive number/,
    );
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
