import { describe, expect, it } from "vitest";
import type { MetricsSnapshot, PartitionSnapshot } from "../../worker/src/metrics/snapshot.js";
import type { YcsbResult } from "../results/result-file.js";
import type { PartitionMetricsSample } from "../target.js";
import { callCountsFromResult, totalsFromResult, totalsFromSnapshots } from "./measured-totals.js";

const T0 = 1_700_000_000_000;

function partition(p: number, ops: Record<string, number>, rows: [number, number], size: number | null, history: number[] = [], historyStart = 0, table = "usertable"): PartitionSnapshot {
  const latency = { count: 0, sumSeconds: 0, maxSeconds: 0, counts: [] };
  return {
    table, tableId: `${table}-id`, partition: p, operations: ops, errors: {}, rowsRead: rows[0], rowsWritten: rows[1], bytesIn: 0, bytesOut: 0,
    latency, sqliteLatency: null, storageBytes: size, walBytes: null, items: null, itemsAt: null, restarts: 1, lastStartAt: T0, historyStart, history,
  };
}

function snapshot(now: number, partitions: PartitionSnapshot[], startedAt = T0 - 60_000): MetricsSnapshot {
  return { version: 1, now, startedAt, enabled: true, sqliteClock: "advancing", clockResolutionSeconds: 0.001, partitions };
}

describe("totalsFromSnapshots", () => {
  it("differences the cumulative counters of the run's table only", () => {
    const before = snapshot(T0, [partition(0, { GetItem: 100 }, [100, 0], 4096), partition(1, { GetItem: 5 }, [5, 0], 4096), partition(0, { PutItem: 9 }, [0, 9], 1, [], 0, "other")]);
    const after = snapshot(T0 + 10_000, [
      partition(0, { GetItem: 600, UpdateItem: 500 }, [1100, 500], 8192),
      partition(1, { GetItem: 5 }, [5, 0], 4096),
      partition(2, { GetItem: 50 }, [50, 0], null),
      partition(0, { PutItem: 99 }, [0, 99], 1, [], 0, "other"),
    ]);
    const t = totalsFromSnapshots(before, after, { table: "usertable", operations: 1000 });
    expect(t.durableObjectCalls).toBe(1000 + 50);
    expect(t.rowsRead).toBe(1000 + 50);
    expect(t.rowsWritten).toBe(500);
    expect(t.storageBytes).toBe(8192 + 4096);
    expect(t.activePartitions).toBe(2); // partition 1 was not called
    expect(t.seconds).toBe(10);
    // No history reaching back: each called partition active for the whole 10 s.
    expect(t.partitionActiveSeconds).toBe(20);
    expect(t.notes?.join(" ")).toMatch(/had not reported their size/);
    expect(t.operations).toBe(1000);
  });

  it("reads active seconds from the per-second history when it covers the interval", () => {
    const s0 = T0 / 1000;
    const before = snapshot(T0, [partition(0, { GetItem: 0 }, [0, 0], 0)]);
    // Called in 3 of the 10 seconds.
    const history = [0, 0, 5, 0, 0, 7, 0, 1, 0, 0];
    const after = snapshot(T0 + 10_000, [partition(0, { GetItem: 13 }, [13, 0], 0, history, s0)]);
    expect(totalsFromSnapshots(before, after, { table: "usertable" }).partitionActiveSeconds).toBe(3);
  });

  it("takes a restarted server's counters as the whole interval's", () => {
    const before = snapshot(T0, [partition(0, { GetItem: 500 }, [500, 0], 0)]);
    const after = snapshot(T0 + 5000, [partition(0, { GetItem: 40 }, [40, 0], 0)], T0 + 1000);
    expect(totalsFromSnapshots(before, after, { table: "usertable" }).durableObjectCalls).toBe(40);
  });
});

function sample(at: number, calls: number[], startedAt = T0): PartitionMetricsSample {
  return {
    at,
    serverStartedAt: startedAt,
    partitions: calls.map((c, p) => ({ tableId: "id", partition: p, operations: c, rowsRead: c, rowsWritten: 0, storageBytes: 1000, walBytes: null, items: null })),
  };
}

function result(samples: PartitionMetricsSample[]): YcsbResult {
  const series = (operations: number) => ({ operations }) as YcsbResult["operations"][string];
  return {
    timing: { startedAt: new Date(T0).toISOString(), measuredFrom: new Date(T0 + 2000).toISOString(), finishedAt: new Date(T0 + 6000).toISOString() },
    overall: { runTimeMs: 4000, operations: 400, throughput: 100, warmupOperations: 0 },
    operations: { READ: series(300), "READ-FAILED": series(20), UPDATE: series(80), SCAN: series(0) },
    cpu: { windowMs: 4000, serverUs: 2_000_000 } as YcsbResult["cpu"],
    partitionMetrics: { table: "usertable", source: "test", intervalMs: 1000, samples, failures: 0 },
  } as unknown as YcsbResult;
}

describe("totalsFromResult", () => {
  it("counts from the last sample before the measured window, scaling the client's side to the samples' span", () => {
    const r = result([sample(T0, [0, 0]), sample(T0 + 1000, [50, 0]), sample(T0 + 2000, [100, 0]), sample(T0 + 4000, [300, 0]), sample(T0 + 6000, [500, 10])]);
    const t = totalsFromResult(r, { routerCpuFromServer: true });
    expect(t.seconds).toBe(4); // T0 + 2000 .. T0 + 6000
    expect(t.durableObjectCalls).toBe(400 + 10);
    expect(t.operations).toBeCloseTo(400, 9); // 100 ops/s x 4 s
    expect(t.activePartitions).toBe(2);
    expect(t.partitionActiveSeconds).toBe(4 + 2); // partition 1 only in the last 2 s interval
    expect(t.routerRequests).toBeCloseTo(400, 9); // 400 API calls in the 4 s run
    expect(t.routerCpuMs).toBeCloseTo(2000, 9);
  });

  it("counts the client's operations only while it ran, however long the sampling went on", () => {
    const r = result([sample(T0 + 2000, [0, 0]), sample(T0 + 6000, [400, 0]), sample(T0 + 8000, [400, 0])]);
    const t = totalsFromResult(r);
    expect(t.seconds).toBe(6);
    expect(t.operations).toBeCloseTo(400, 9);
    expect(t.durableObjectCalls).toBe(400);
    expect(t.routerCpuMs).toBeNull();
  });

  it("refuses a results file without samples", () => {
    expect(() => totalsFromResult({ ...result([]), partitionMetrics: undefined } as YcsbResult)).toThrow(/partitionMetrics/);
  });

  it("counts failed calls with the others", () => {
    expect(callCountsFromResult(result([]))).toEqual({ read: 320, update: 80, insert: 0, scan: 0, delete: 0 });
  });
});
