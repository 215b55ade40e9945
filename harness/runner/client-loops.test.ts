import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../workloads/load-workload.js";
import { CoreWorkload } from "../generators/core-workload.js";
import { createRng } from "../generators/rng.js";
import { decodeHistogram, mergeEncoded } from "../results/histogram.js";
import { runClientLoops, type LoopsPlan } from "./client-loops.js";
import { now, sleepUntil } from "./clock.js";
import { START_LAG_P99_MS } from "./cpu.js";
import { Recorder } from "./recorder.js";
import { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";
import { FakeBinding } from "./testing/fake-binding.js";
import { runWorkloadWithSharedInserts } from "./thread-workload.js";

function plan(p: Partial<LoopsPlan>): LoopsPlan {
  return { phase: "run", concurrency: 4, operations: 100, startAt: now(), warmupMs: 0, maxExecutionMs: null, openLoop: null, ...p };
}

function setup(workloadProps: string[], bindingProps: Record<string, string> = {}, p: Partial<LoopsPlan> = {}) {
  const config = loadWorkload("a", ["recordcount=50", ...workloadProps]);
  const full = plan(p);
  const recorder = new Recorder({ measureFrom: full.startAt + full.warmupMs, intended: full.openLoop !== null });
  const binding = new FakeBinding({ "fake.missingIsOk": "true", ...bindingProps });
  return { config, plan: full, recorder, binding, rng: createRng(3) };
}

describe("runClientLoops", () => {
  it("load: inserts exactly the thread's records, each once, all measured", async () => {
    const s = setup([], {}, { phase: "load", operations: 50 });
    const workload = new CoreWorkload(s.config);
    const out = await runClientLoops(s.plan, { ...s, workload });
    expect(out.issued).toBe(50);
    expect(s.binding.records.size).toBe(50);
    const m = s.recorder.snapshot();
    expect(m.operations).toBe(50);
    expect(m.returnCodes).toEqual({ INSERT: { OK: 50 } });
    expect(decodeHistogram(m.histograms.INSERT!).totalCount).toBe(50);
    expect(m.intended).toEqual({});
    expect(m.perSecond.reduce((a, b) => a + b, 0)).toBe(50);
  });

  it("run: performs the thread's operations; a read-modify-write is a READ, an UPDATE and one READ-MODIFY-WRITE", async () => {
    const s = setup(["readproportion=0", "updateproportion=0", "readmodifywriteproportion=1"], {}, { operations: 30 });
    const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    expect(out.issued).toBe(30);
    const m = s.recorder.snapshot();
    expect(m.operations).toBe(30);
    expect(Object.keys(m.histograms).sort()).toEqual(["READ", "READ-MODIFY-WRITE", "UPDATE"]);
    expect(m.returnCodes).toEqual({ READ: { OK: 30 }, UPDATE: { OK: 30 } });
    expect(m.perSecondByOperation["READ-MODIFY-WRITE"]?.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it("puts failed calls in -FAILED series and counts their return codes under the operation", async () => {
    const s = setup(["readproportion=1", "updateproportion=0"], { "fake.readStatus": "NOT_FOUND" }, { operations: 20 });
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    const m = s.recorder.snapshot();
    expect(Object.keys(m.histograms)).toEqual(["READ-FAILED"]);
    expect(m.returnCodes).toEqual({ READ: { NOT_FOUND: 20 } });
    expect(m.operations).toBe(20);
  });

  it("runs warm-up operations without recording them or counting them towards the run's operations", async () => {
    const s = setup([], { "fake.latencyMs": "1" }, { operations: 40, warmupMs: 150, concurrency: 2 });
    const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    expect(out.warmupOperations).toBeGreaterThan(0);
    expect(out.issued).toBe(40 + out.warmupOperations);
    expect(s.recorder.snapshot().operations).toBe(40);
  });

  it("stops at maxexecutiontime when operations are unbounded", async () => {
    const s = setup([], { "fake.latencyMs": "1" }, { operations: Infinity, maxExecutionMs: 200, concurrency: 2 });
    const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    expect(out.issued).toBeGreaterThan(0);
    expect(s.recorder.snapshot().operations).toBe(out.issued);
  });

  it("stops when asked", async () => {
    let calls = 0;
    const s = setup([], {}, { operations: Infinity });
    const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config), isStopped: () => ++calls > 25 });
    expect(out.issued).toBeGreaterThan(0);
    expect(out.issued).toBeLessThanOrEqual(25);
  });

  it("a binding that answers synchronously (settled promises) still lets the event loop turn: timers fire, a stop is seen", async () => {
    // FakeBinding without latency answers with already-resolved promises, as better-sqlite3 does: awaiting it only
    // queues a microtask, so without yielding the loops would never let a timer (or a message) through.
    const s = setup([], {}, { operations: 2_000_000 });
    let stopped = false;
    let firedAt = 0;
    const intervals: number[] = [];
    const start = now();
    const stopTimer = setTimeout(() => {
      firedAt = now();
      stopped = true;
    }, 100);
    const reportTimer = setInterval(() => intervals.push(s.recorder.takeInterval().operations), 10);
    try {
      const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config), isStopped: () => stopped });
      const end = now();
      expect(firedAt).toBeGreaterThan(0);
      expect(firedAt - start).toBeLessThan(600); // due at 100 ms: the event loop had turns
      expect(end - firedAt).toBeLessThan(100); // the loops saw the stop promptly
      expect(out.issued).toBeLessThan(2_000_000);
      // The status counts moved while the loops ran (the per-second line's source).
      expect(intervals.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    } finally {
      clearTimeout(stopTimer);
      clearInterval(reportTimer);
    }
  }, 30_000);

  it("fails the run when the binding throws, after the other loops stop", async () => {
    const s = setup([], { "fake.throwAfter": "7" }, { operations: 1000 });
    await expect(runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) })).rejects.toThrow(/broken on call 7/);
    expect(s.binding.calls).toBeLessThan(20);
  });

  it("acknowledges run-phase inserts (workload D) so the shared counter reaches the last insert", async () => {
    const config = loadWorkload("d", ["recordcount=50"]);
    const shared = SharedAcknowledgedCounter.create(50);
    const p = plan({ operations: 400 });
    const recorder = new Recorder({ measureFrom: p.startAt, intended: false });
    const binding = new FakeBinding({ "fake.missingIsOk": "true" });
    await runClientLoops(p, { binding, recorder, rng: createRng(1), workload: runWorkloadWithSharedInserts(config, shared) });
    const inserts = recorder.snapshot().returnCodes.INSERT?.OK ?? 0;
    expect(inserts).toBeGreaterThan(0);
    expect(shared.last()).toBe(50 + inserts - 1);
  });

  it("open loop: a stall shows in the Intended- latencies of the operations queued behind it", async () => {
    // One loop at 200 ops/s: the 5th call blocks 200 ms, so the ~40 operations scheduled meanwhile start late.
    const s = setup([], { "fake.stallAfter": "5", "fake.stallMs": "200" }, { operations: 100, concurrency: 1, openLoop: { rate: 200, loops: 1, firstLoop: 0 } });
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    const m = s.recorder.snapshot();
    expect(m.operations).toBe(100);
    expect(Object.keys(m.intended).sort()).toEqual(Object.keys(m.histograms).sort());
    const actual = mergeEncoded(Object.values(m.histograms));
    const intended = mergeEncoded(Object.values(m.intended));
    expect(intended.totalCount).toBe(actual.totalCount);
    expect(intended.maxValue).toBeGreaterThanOrEqual(actual.maxValue);
    expect(intended.mean).toBeGreaterThan(actual.mean);
    // Only the stalled call itself took long; the intended view also charges the backlog behind it.
    expect(intended.getValueAtPercentile(90)).toBeGreaterThan(actual.getValueAtPercentile(90));
    // The backlog was late because of the target (its loop was busy on the stalled call): not a start lag.
    const lag = s.recorder.startLag();
    expect(lag?.operations).toBe(100);
    expect(intended.maxValue / 1000).toBeGreaterThan(150);
    expect(lag!.maxMs).toBeLessThan(50);
  });

  it("open loop: an operation due while its loop is free but the thread is busy records a start lag", async () => {
    // A synchronous binding that keeps the thread busy 8 ms per call, 2 loops at 200 ops/s (one every 5 ms): while
    // one loop's call holds the thread, the other loop's operation is due and its loop free, yet it cannot start.
    const s = setup([], {}, { operations: 30, concurrency: 2, openLoop: { rate: 200, loops: 2, firstLoop: 0 } });
    const busy = <T>(answer: () => Promise<T>) => {
      const until = now() + 8;
      while (now() < until);
      return answer();
    };
    const read = s.binding.read.bind(s.binding);
    s.binding.read = (...args) => busy(() => read(...args));
    const update = s.binding.update.bind(s.binding);
    s.binding.update = (...args) => busy(() => update(...args));
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    const lag = s.recorder.startLag();
    expect(lag?.operations).toBe(30);
    expect(lag!.p99Ms).toBeGreaterThanOrEqual(START_LAG_P99_MS);
  });

  it("closed loop: no start lag is recorded", async () => {
    const s = setup([], {}, { operations: 10 });
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    expect(s.recorder.startLag()).toBeNull();
  });

  it("open loop, capped by operationcount: a stalled loop still issues its own backlog (no coordinated omission)", async () => {
    // 4 loops at 200 ops/s share 40 operations (10 each, one every 20 ms per loop). The 5th call — loop 0's second —
    // blocks 300 ms; its loop's remaining 8 operations were due meanwhile. They must still be issued (late), each
    // charged in the Intended- series with its wait, rather than the other loops using up the 40 operations.
    const s = setup([], { "fake.stallAfter": "5", "fake.stallMs": "300" }, { operations: 40, concurrency: 4, openLoop: { rate: 200, loops: 4, firstLoop: 0 } });
    const out = await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    expect(out.issued).toBe(40);
    const m = s.recorder.snapshot();
    expect(m.operations).toBe(40);
    const intended = mergeEncoded(Object.values(m.intended));
    expect(intended.totalCount).toBe(40);
    // The stalled call plus the 8 queued behind it (> 10 % of the operations) waited well over 100 ms.
    expect(intended.getValueAtPercentile(90)).toBeGreaterThan(100_000);
  });

  it("open loop with dataintegrity: VERIFY is measured from its actual start only (no Intended-VERIFY, as YCSB)", async () => {
    const s = setup(["dataintegrity=true", "readproportion=1", "updateproportion=0"], {}, { operations: 10, concurrency: 1, openLoop: { rate: 1000, loops: 1, firstLoop: 0 } });
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    const m = s.recorder.snapshot();
    expect(decodeHistogram(m.histograms.VERIFY!).totalCount).toBe(10);
    expect(Object.values(m.returnCodes.VERIFY ?? {}).reduce((a, b) => a + b, 0)).toBe(10);
    expect(Object.keys(m.intended)).toEqual(["READ"]);
  });

  it("open loop: operations never start before their intended time", async () => {
    const starts: number[] = [];
    const s = setup([], {}, { operations: 20, concurrency: 2, openLoop: { rate: 400, loops: 2, firstLoop: 0 } });
    const read = s.binding.read.bind(s.binding);
    s.binding.read = async (...args) => {
      starts.push(now());
      return read(...args);
    };
    const update = s.binding.update.bind(s.binding);
    s.binding.update = async (...args) => {
      starts.push(now());
      return update(...args);
    };
    await runClientLoops(s.plan, { ...s, workload: new CoreWorkload(s.config) });
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(20);
    // The k-th operation (over both loops) is intended at startAt + k × 2.5 ms.
    starts.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(s.plan.startAt + k * 2.5 - 1e-6));
  });
});

describe("sleepUntil", () => {
  it("does not return before the deadline", async () => {
    for (const ms of [0.3, 1, 2.5, 12]) {
      const deadline = now() + ms;
      await sleepUntil(deadline);
      expect(now()).toBeGreaterThanOrEqual(deadline);
    }
  });
});
