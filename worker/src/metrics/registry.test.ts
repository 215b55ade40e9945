import { describe, expect, it } from "vitest";
import { MetricsRegistry } from "./registry.js";
import { HISTORY_SECONDS } from "./snapshot.js";
import { renderPrometheus } from "./prometheus.js";
import { dataPointIndex, writeCallPoint } from "./analytics.js";
import type { CallStats } from "../partition/protocol.js";

const stats = (over: Partial<CallStats> = {}): CallStats => ({ rowsRead: 1, rowsWritten: 0, ms: 2, databaseSize: 8192, starts: 3, startedAt: 1_000, ...over });
const T0 = 1_800_000_000_000; // an epoch ms on a whole second

describe("MetricsRegistry", () => {
  it("accumulates per partition and keeps a per-second history that slides", () => {
    const r = new MetricsRegistry();
    r.record("t", "id1", 0, { op: "GetItem", seconds: 0.001, bytesIn: 10, bytesOut: 20, stats: stats() }, T0);
    r.record("t", "id1", 0, { op: "GetItem", seconds: 0.003, bytesIn: 10, bytesOut: 0, stats: stats({ rowsRead: 0 }) }, T0 + 500);
    r.record("t", "id1", 0, { op: "PutItem", error: "ConditionalCheckFailedException", seconds: 0.002, bytesIn: 5, bytesOut: 0, stats: stats({ rowsRead: 1 }) }, T0 + 2_000);
    r.record("t", "id1", 1, { op: "PutItem", seconds: 0.002, bytesIn: 5, bytesOut: 0 }, T0 + 2_000);
    const snap = r.snapshot(true, () => null, T0 + 2_500);
    expect(snap.sqliteClock).toBe("advancing");
    const [p0, p1] = snap.partitions;
    expect(p0).toMatchObject({ table: "t", partition: 0, operations: { GetItem: 2, PutItem: 1 }, errors: { ConditionalCheckFailedException: 1 }, rowsRead: 2, bytesIn: 25, bytesOut: 20, storageBytes: 8192, restarts: 3, lastStartAt: 1_000 });
    expect(p0!.latency.count).toBe(3);
    expect(p0!.sqliteLatency!.count).toBe(3);
    expect(p0!.historyStart).toBe(T0 / 1000 + 2 - HISTORY_SECONDS + 1);
    expect(p0!.history.slice(-3)).toEqual([2, 0, 1]);
    // A call that threw carries no partition stats: counted, but nothing about storage is known.
    expect(p1).toMatchObject({ partition: 1, operations: { PutItem: 1 }, storageBytes: null, restarts: null, sqliteLatency: null });
    // Seconds older than the window fall out.
    const later = r.snapshot(true, () => null, T0 + (HISTORY_SECONDS + 1) * 1000);
    expect(later.partitions[0]!.history.reduce((a, b) => a + b, 0)).toBe(1);
    const much = r.snapshot(true, () => null, T0 + 10 * HISTORY_SECONDS * 1000);
    expect(much.partitions[0]!.history.every((n) => n === 0)).toBe(true);
  });

  it("reports a frozen clock instead of zero timings", () => {
    const r = new MetricsRegistry();
    expect(r.snapshot(true).sqliteClock).toBe("unknown");
    r.record("t", "id", 0, { op: "GetItem", seconds: 0.001, bytesIn: 0, bytesOut: 0, stats: stats({ ms: null }) });
    const snap = r.snapshot(true);
    expect(snap.sqliteClock).toBe("frozen");
    expect(snap.partitions[0]!.sqliteLatency).toBeNull();
  });

  it("forgets a deleted table's partitions", () => {
    const r = new MetricsRegistry();
    r.record("t", "old", 0, { op: "GetItem", seconds: 0.001, bytesIn: 0, bytesOut: 0 });
    r.record("u", "other", 0, { op: "GetItem", seconds: 0.001, bytesIn: 0, bytesOut: 0 });
    r.forgetTable("old");
    expect(r.snapshot(true).partitions.map((p) => p.table)).toEqual(["u"]);
  });
});

describe("Prometheus rendering", () => {
  it("escapes label values and writes cumulative histogram buckets ending in +Inf", () => {
    const r = new MetricsRegistry();
    r.record('we"ird\\name\n', "id", 2, { op: "GetItem", seconds: 0.0001, bytesIn: 0, bytesOut: 0, stats: stats() });
    r.record('we"ird\\name\n', "id", 2, { op: "GetItem", seconds: 100, bytesIn: 0, bytesOut: 0, stats: stats() });
    const text = renderPrometheus(r.snapshot(true, () => 4096));
    const l = 'table="we\\"ird\\\\name\\n",partition="2",table_id="id"';
    expect(text).toContain(`shvm_partition_operations_total{${l},operation="GetItem"} 2\n`);
    expect(text).toContain(`shvm_partition_wal_bytes{${l}} 4096\n`);
    const buckets = text.split("\n").filter((line) => line.startsWith("shvm_partition_latency_seconds_bucket"));
    const counts = buckets.map((line) => Number(line.split(" ").pop()));
    expect(counts.every((n, i) => i === 0 || n >= counts[i - 1]!)).toBe(true);
    expect(buckets.at(-1)).toBe(`shvm_partition_latency_seconds_bucket{${l},le="+Inf"} 2`);
    // The 100 s outlier is above every finite bound.
    expect(counts.at(-2)).toBe(1);
    expect(text).toContain(`shvm_partition_latency_seconds_count{${l}} 2\n`);
  });

  it("keeps a re-created table's partitions apart from the old table's of the same name", () => {
    const r = new MetricsRegistry();
    r.record("t", "old-id", 0, { op: "PutItem", seconds: 0.001, bytesIn: 0, bytesOut: 0, stats: stats() });
    r.record("t", "new-id", 0, { op: "PutItem", seconds: 0.001, bytesIn: 0, bytesOut: 0, stats: stats() });
    const ops = renderPrometheus(r.snapshot(true))
      .split("\n")
      .filter((line) => line.startsWith("shvm_partition_operations_total{"))
      .map((line) => line.slice(0, line.lastIndexOf(" ")));
    expect(ops).toHaveLength(2);
    expect(new Set(ops).size).toBe(2);
  });
});

describe("clock resolution", () => {
  it("is a millisecond while every timing is whole milliseconds, and Prometheus buckets then start at 1 ms", () => {
    const r = new MetricsRegistry();
    expect(r.snapshot(true).clockResolutionSeconds).toBeNull();
    r.record("t", "id", 0, { op: "GetItem", seconds: 0, bytesIn: 0, bytesOut: 0, stats: stats({ ms: 0 }) });
    r.record("t", "id", 0, { op: "GetItem", seconds: 0.002, bytesIn: 0, bytesOut: 0, stats: stats({ ms: 1 }) });
    const snap = r.snapshot(true);
    expect(snap.clockResolutionSeconds).toBe(0.001);
    const les = renderPrometheus(snap)
      .split("\n")
      .filter((l) => l.startsWith("shvm_partition_latency_seconds_bucket"))
      .map((l) => /,le="([^"]+)"/.exec(l)![1]!);
    expect(les[0]).toBe("0.001024");
    // Exact bounds (32 µs · 2^k): rounded to fewer digits, le would sit below values it counts.
    expect(les.at(-2)).toBe("16.777216");
    expect(les).toContain("2.097152");
    expect(les.at(-1)).toBe("+Inf");
    // A sub-millisecond timing shows the clock is finer: all buckets from 32 µs.
    r.record("t", "id", 0, { op: "GetItem", seconds: 0.00025, bytesIn: 0, bytesOut: 0 });
    const fine = r.snapshot(true);
    expect(fine.clockResolutionSeconds).toBe(0.000001);
    expect(renderPrometheus(fine)).toContain('le="0.000032"} 1'); // the 0 ms reading
  });
});

describe("Analytics Engine points", () => {
  it("cuts the index to 96 bytes but keeps the partition number", () => {
    expect(dataPointIndex("orders", 7)).toBe("orders/7");
    const long = dataPointIndex("é".repeat(200), 1023);
    expect(new TextEncoder().encode(long).byteLength).toBeLessThanOrEqual(96);
    expect(long.endsWith("/1023")).toBe(true);
  });

  it("writes the documented blob and double layout, -1 for an unmeasured partition time", () => {
    const points: unknown[] = [];
    const sink = { writeDataPoint: (p: unknown) => void points.push(p) };
    writeCallPoint(sink, "t", "id", 3, { op: "PutItem", error: "ConditionalCheckFailedException", seconds: 0.0025, bytesIn: 9, bytesOut: 4, stats: stats({ ms: null, rowsWritten: 1 }) });
    expect(points).toEqual([
      { indexes: ["t/3"], blobs: ["t", "3", "PutItem", "ConditionalCheckFailedException", "id"], doubles: [2.5, -1, 1, 1, 9, 4, 8192, 3] },
    ]);
  });
});
