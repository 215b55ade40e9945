import { describe, expect, it } from "vitest";
import { Recorder } from "../runner/recorder.js";
import { mergeMeasurements, destroyMerged } from "./merge.js";
import { orderSeries, summariseAll } from "./summary.js";

const T0 = 1_000_000;

function thread(latenciesUs: number[], opts: { failed?: number; intended?: boolean; secondOffset?: number } = {}) {
  const r = new Recorder({ measureFrom: T0, intended: opts.intended ?? false });
  latenciesUs.forEach((us, i) => {
    const start = T0 + (opts.secondOffset ?? 0) * 1000 + i;
    r.measureCall("READ", "OK", opts.intended ? start - 5 : undefined, start, start + us / 1000, true);
    r.operationDone("READ", start, start + us / 1000, true);
  });
  for (let i = 0; i < (opts.failed ?? 0); i++) {
    r.measureCall("READ", "NOT_FOUND", undefined, T0 + i, T0 + i + 1, true);
    r.operationDone("READ", T0 + i, T0 + i + 1, true);
  }
  // Warm-up: executed, never in the numbers.
  r.measureCall("READ", "OK", undefined, T0 - 50, T0 - 49, false);
  r.operationDone("READ", T0 - 50, T0 - 49, false);
  return r.snapshot();
}

describe("Recorder", () => {
  it("records successes under the operation, failures under -FAILED, return codes under the operation", () => {
    const m = thread([100, 200], { failed: 3 });
    expect(Object.keys(m.histograms).sort()).toEqual(["READ", "READ-FAILED"]);
    expect(m.returnCodes).toEqual({ READ: { OK: 2, NOT_FOUND: 3 } });
    expect(m.operations).toBe(5);
  });

  it("records Intended- latencies only in open loop, and they include the wait before the start", () => {
    expect(thread([100]).intended).toEqual({});
    const open = thread([100], { intended: true });
    expect(Object.keys(open.intended)).toEqual(["READ"]);
  });

  it("keeps the interval for the status line separately, warm-up included, and resets it", () => {
    const r = new Recorder({ measureFrom: T0, intended: false });
    r.measureCall("UPDATE", "OK", undefined, T0 - 10, T0 - 9, false);
    r.operationDone("UPDATE", T0 - 10, T0 - 9, false);
    const first = r.takeInterval();
    expect(first.operations).toBe(1);
    expect(Object.keys(first.histograms)).toEqual(["UPDATE"]);
    expect(r.takeInterval()).toEqual({ operations: 0, histograms: {} });
    expect(r.snapshot().operations).toBe(0);
  });
});

describe("mergeMeasurements + summariseAll", () => {
  it("adds the threads' histograms, return codes and per-second series", () => {
    const merged = mergeMeasurements([thread([100, 300], { secondOffset: 0 }), thread([200], { failed: 1, secondOffset: 1 })]);
    expect(merged.operations).toBe(4);
    expect(merged.returnCodes).toEqual({ READ: { OK: 3, NOT_FOUND: 1 } });
    expect(merged.perSecond).toEqual([3, 1]);
    expect(merged.perSecondByOperation).toEqual({ READ: [3, 1] });
    expect(merged.firstStart).toBe(T0);
    const { operations, intended } = summariseAll(merged, 2000);
    expect(Object.keys(operations)).toEqual(["READ", "READ-FAILED"]);
    const read = operations.READ!;
    expect(read.operations).toBe(3);
    expect(read.throughput).toBe(1.5);
    expect(read.minLatencyUs).toBe(100);
    expect(read.maxLatencyUs).toBeGreaterThanOrEqual(300);
    expect(read.p50LatencyUs).toBeGreaterThanOrEqual(read.minLatencyUs);
    expect(read.p99LatencyUs).toBeGreaterThanOrEqual(read.p50LatencyUs);
    expect(read.averageLatencyUs).toBeCloseTo(200, 0);
    expect(read.returnCodes).toEqual({ OK: 3, NOT_FOUND: 1 });
    expect(operations["READ-FAILED"]!.returnCodes).toEqual({});
    expect(intended).toEqual({});
    destroyMerged(merged);
  });

  it("merges percentiles exactly: the p50/p99 of all operations, not a combination of per-thread percentiles", () => {
    // Thread A: 1000 fast reads (980 at 100 µs, 20 at 1500 µs); thread B: 10 slow ones at 2000 µs.
    // All 1010 sorted: the 505th is 100 µs, the 1000th (p99) 1500 µs. The per-thread p50s are 100 and 2000 (mean
    // 1050), the p99s 1500 and 2000 (mean 1750, max 2000): no average or maximum of them gives the right answer.
    const a = thread([...Array<number>(980).fill(100), ...Array<number>(20).fill(1500)]);
    const b = thread(Array<number>(10).fill(2000), { secondOffset: 1 });
    const perThread = [a, b].map((m) => summariseAll(mergeMeasurements([m]), 1000).operations.READ!);
    expect(perThread.map((r) => [r.p50LatencyUs, r.p99LatencyUs])).toEqual([
      [100, 1500],
      [2000, 2000],
    ]);
    const merged = mergeMeasurements([a, b]);
    const read = summariseAll(merged, 2000).operations.READ!;
    expect(read.operations).toBe(1010);
    expect(read.p50LatencyUs).toBe(100);
    expect(read.p99LatencyUs).toBe(1500);
    expect(read.maxLatencyUs).toBe(2000);
    expect(read.averageLatencyUs).toBeCloseTo((980 * 100 + 20 * 1500 + 10 * 2000) / 1010, 0);
    destroyMerged(merged);
  });

  it("lists an operation whose every call failed, with 0 operations and its return codes (as YCSB)", () => {
    const merged = mergeMeasurements([thread([], { failed: 2 })]);
    const { operations } = summariseAll(merged, 1000);
    expect(Object.keys(operations)).toEqual(["READ", "READ-FAILED"]);
    expect(operations.READ).toMatchObject({ operations: 0, averageLatencyUs: 0, returnCodes: { NOT_FOUND: 2 } });
  });

  it("orders series as YCSB operations, each followed by its failures", () => {
    expect(orderSeries(["CLEANUP", "UPDATE-FAILED", "ZZZ", "UPDATE", "READ-MODIFY-WRITE", "READ", "INSERT"])).toEqual([
      "READ",
      "UPDATE",
      "UPDATE-FAILED",
      "INSERT",
      "READ-MODIFY-WRITE",
      "CLEANUP",
      "ZZZ",
    ]);
  });
});
