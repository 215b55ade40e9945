import { describe, expect, it } from "vitest";
import type { PartitionCounters, PartitionMetricsSample } from "../target.js";
import { counterDelta, partitionView } from "./partition-heatmap.js";
import { fixtureResult, MEASURED_FROM } from "./test-fixtures.js";

const origin = Date.parse(MEASURED_FROM);
const counters = (partition: number, operations: number, more: Partial<PartitionCounters> = {}): PartitionCounters => ({
  tableId: "t1",
  partition,
  operations,
  rowsRead: operations,
  rowsWritten: 0,
  storageBytes: null,
  walBytes: null,
  items: null,
  ...more,
});
/** A sample `s` seconds into the measured window. */
const sample = (s: number, partitions: PartitionCounters[], serverStartedAt = 1): PartitionMetricsSample => ({ at: origin + s * 1000, serverStartedAt, partitions });
const view = (samples: PartitionMetricsSample[], runTimeMs = 3000) =>
  partitionView(fixtureResult({ runTimeMs, partitionMetrics: { table: "usertable", source: "test", intervalMs: 1000, samples, failures: 0 } }))!;

describe("counter differences", () => {
  it("differences a counter, and reads a decrease or a restart as a reset to 0 in between", () => {
    expect(counterDelta(100, 150, false)).toEqual({ delta: 50, reset: false });
    expect(counterDelta(100, 30, false)).toEqual({ delta: 30, reset: true });
    expect(counterDelta(100, 150, true)).toEqual({ delta: 150, reset: true });
    expect(counterDelta(undefined, 7, false)).toEqual({ delta: 7, reset: false });
  });
});

describe("partition heatmap", () => {
  it("has a row per partition and a cell per interval with the rate between two samples", () => {
    const v = view([
      sample(-1, [counters(0, 0), counters(1, 0)]),
      sample(0, [counters(0, 100), counters(1, 10)]),
      sample(2, [counters(0, 500), counters(1, 30)]),
      sample(3, [counters(0, 900), counters(1, 30)]),
    ]);
    expect(v.rows).toEqual(["usertable/0", "usertable/1"]);
    expect(v.cells).toEqual([
      { row: "usertable/0", t0: -1, t1: 0, qps: 100 },
      { row: "usertable/1", t0: -1, t1: 0, qps: 10 },
      { row: "usertable/0", t0: 0, t1: 2, qps: 200 },
      { row: "usertable/1", t0: 0, t1: 2, qps: 10 },
      { row: "usertable/0", t0: 2, t1: 3, qps: 400 },
      // No cell for partition 1's idle last second: the background shows through.
    ]);
    // The table counts the measured window only (the interval before 0 is warm-up).
    const [hot, cold] = v.partitions;
    expect(hot).toMatchObject({ operations: 800, rowsReadPerSecond: 800 / 3 });
    expect(cold).toMatchObject({ operations: 20 });
    expect(hot!.share).toBeCloseTo(800 / 820, 12);
    expect(v).toMatchObject({ from: -1, to: 3, windowSeconds: 3, samples: 4, resets: 0, otherInstances: 0 });
  });

  it("reads a counter that went down, or a new serverStartedAt, as a restart from 0", () => {
    const v = view([
      sample(0, [counters(0, 1000)]),
      sample(1, [counters(0, 1100)]),
      sample(2, [counters(0, 40)]), // the server restarted: 40 since
      sample(3, [counters(0, 90)], 2), // and again (a new start time), 90 since
    ]);
    expect(v.cells.map((c) => c.qps)).toEqual([100, 40, 90]);
    expect(v.resets).toBe(2);
    expect(v.partitions[0]!.operations).toBe(230);
  });

  it("keeps the last sizes each partition reported", () => {
    const v = view([
      sample(0, [counters(0, 0, { storageBytes: 4096, items: 1 })]),
      sample(1, [counters(0, 5, { storageBytes: 8192, walBytes: 100, items: 5 })]),
      sample(2, [counters(0, 9, { storageBytes: null, items: null })]),
    ]);
    expect(v.partitions[0]).toMatchObject({ storageBytes: 8192, walBytes: 100, items: 5 });
  });

  it("shows the table instance the phase used, not an older one of the same name still listed", () => {
    const old = (n: number) => counters(n, 5000, { tableId: "t0" });
    const v = view([sample(0, [old(0), old(1), old(2), counters(0, 0)]), sample(1, [old(0), old(1), old(2), counters(0, 60)])]);
    expect(v.rows).toEqual(["usertable/0"]);
    expect(v.cells).toEqual([{ row: "usertable/0", t0: 0, t1: 1, qps: 60 }]);
    expect(v.otherInstances).toBe(1);
  });

  it("is absent without samples in the results file", () => {
    expect(partitionView(fixtureResult())).toBeUndefined();
  });
});

describe("GSI propagation lag", () => {
  it("summarises the oldest undelivered change over the partitions, per sample in the measured window", () => {
    const g = (partition: number, pending: number, lagMs: number) => counters(partition, 0, { gsiPending: pending, gsiLagMs: lagMs });
    const v = view([
      sample(-1, [g(0, 50, 900), g(1, 0, 0)]), // warm-up: left out
      sample(1, [g(0, 3, 40), g(1, 2, 10)]),
      sample(2, [g(0, 0, 0), g(1, 7, 120)]),
      sample(3, [g(0, 1, 20), g(1, 0, 0)]),
    ]);
    expect(v.gsi).toEqual({ samples: 3, medianLagMs: 40, maxLagMs: 120, maxPending: 7, lastPending: 1 });
  });

  it("is absent for a table without GSIs", () => {
    expect(view([sample(1, [counters(0, 5)]), sample(2, [counters(0, 9)])]).gsi).toBeUndefined();
  });
});
