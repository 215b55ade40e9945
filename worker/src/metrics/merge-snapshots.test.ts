import { describe, expect, it } from "vitest";
import { mergeSnapshots } from "./merge-snapshots.js";
import { MetricsRegistry } from "./registry.js";
import type { CallStats } from "../partition/protocol.js";

const stats = (over: Partial<CallStats> = {}): CallStats => ({ rowsRead: 1, rowsWritten: 0, ms: 2, databaseSize: 8192, starts: 3, startedAt: 1_000, ...over });
const T0 = 1_800_000_000_000;

describe("mergeSnapshots (one registry per process of a multi-process server)", () => {
  it("adds counters, histograms and histories of the same partition, keeps the others, takes the latest self-report", () => {
    const a = new MetricsRegistry();
    const b = new MetricsRegistry();
    a.record("t", "id", 0, { op: "GetItem", seconds: 0.001, bytesIn: 10, bytesOut: 20, stats: stats() }, T0);
    a.record("t", "id", 1, { op: "PutItem", seconds: 0.002, bytesIn: 5, bytesOut: 0, stats: stats({ rowsWritten: 2 }) }, T0);
    b.record("t", "id", 0, { op: "GetItem", seconds: 0.004, bytesIn: 10, bytesOut: 30, stats: stats({ starts: 4, startedAt: 2_000, databaseSize: 12288 }) }, T0 + 1_000);
    b.record("t", "id", 0, { op: "PutItem", error: "ConditionalCheckFailedException", seconds: 0.002, bytesIn: 5, bytesOut: 0, stats: stats({ starts: 4, startedAt: 2_000, databaseSize: null }) }, T0 + 1_000);
    const merged = mergeSnapshots(a.snapshot(true, () => null, T0 + 1_500), [b.snapshot(true, () => null, T0 + 1_500)]);
    expect(merged.partitions.map((p) => p.partition)).toEqual([0, 1]);
    const [p0, p1] = merged.partitions;
    expect(p0).toMatchObject({
      operations: { GetItem: 2, PutItem: 1 },
      errors: { ConditionalCheckFailedException: 1 },
      rowsRead: 3,
      bytesIn: 25,
      bytesOut: 50,
      restarts: 4,
      lastStartAt: 2_000,
      storageBytes: 12288,
    });
    expect(p0!.latency.count).toBe(3);
    expect(p0!.latency.maxSeconds).toBe(0.004);
    expect(p0!.latency.counts.reduce((x, y) => x + y, 0)).toBe(3);
    expect(p0!.history.slice(-2)).toEqual([1, 2]);
    expect(p1).toMatchObject({ operations: { PutItem: 1 }, rowsWritten: 2 });
  });

  it("is the snapshot itself with no other process", () => {
    const a = new MetricsRegistry();
    a.record("t", "id", 0, { op: "GetItem", seconds: 0.001, bytesIn: 0, bytesOut: 0 }, T0);
    const own = a.snapshot(true, () => null, T0);
    expect(mergeSnapshots(own, [])).toBe(own);
  });
});
