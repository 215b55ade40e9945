import { describe, expect, it } from "vitest";
import {
  HISTORY_SECONDS,
  LATENCY_BUCKET_COUNT,
  latencyBucketBound,
  METRICS_SNAPSHOT_VERSION,
  type LatencySnapshot,
  type MetricsSnapshot,
  type PartitionSnapshot,
} from "../metrics/snapshot.js";
import {
  baselineFor,
  errorRows,
  heatmap,
  latencyRows,
  onlyTables,
  partitionLabels,
  percentile,
  rates,
  restartRows,
  subtractLatency,
  totals,
} from "./data.js";
import { bucketOf } from "./fake-snapshot.js";

const T0 = 1_700_000_000_000; // epoch ms, on a whole second

function latency(observations: Array<[seconds: number, n: number]> = []): LatencySnapshot {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  let count = 0;
  let sumSeconds = 0;
  let maxSeconds = 0;
  for (const [s, n] of observations) {
    counts[bucketOf(s)]! += n;
    count += n;
    sumSeconds += s * n;
    if (n > 0) maxSeconds = Math.max(maxSeconds, s);
  }
  return { count, sumSeconds, maxSeconds, counts };
}

function part(o: Partial<PartitionSnapshot> & { table: string; partition: number }): PartitionSnapshot {
  return {
    tableId: `id-${o.table}`,
    operations: {},
    errors: {},
    rowsRead: 0,
    rowsWritten: 0,
    bytesIn: 0,
    bytesOut: 0,
    latency: latency(),
    sqliteLatency: null,
    storageBytes: null,
    walBytes: null,
    items: null,
    itemsAt: null,
    restarts: null,
    lastStartAt: null,
    historyStart: Math.floor(T0 / 1000) - HISTORY_SECONDS,
    history: [],
    ...o,
  };
}

function snap(now: number, partitions: PartitionSnapshot[], startedAt = T0 - 600_000): MetricsSnapshot {
  return { version: METRICS_SNAPSHOT_VERSION, now, startedAt, enabled: true, sqliteClock: "frozen", clockResolutionSeconds: 0.000001, partitions };
}

describe("percentile", () => {
  it("is null without observations", () => {
    expect(percentile(latency(), 0.5)).toBeNull();
  });

  it("lands inside the bucket holding the rank, never above the maximum", () => {
    const l = latency([[0.001, 90], [0.01, 10]]);
    const p50 = percentile(l, 0.5)!;
    const b = bucketOf(0.001);
    expect(p50).toBeGreaterThan(latencyBucketBound(b - 1));
    expect(p50).toBeLessThanOrEqual(latencyBucketBound(b));
    const p99 = percentile(l, 0.99)!;
    expect(p99).toBeGreaterThan(latencyBucketBound(bucketOf(0.01) - 1));
    expect(p99).toBeLessThanOrEqual(0.01);
    expect(percentile(l, 1)).toBeLessThanOrEqual(0.01);
  });

  it("is monotonic in q", () => {
    const l = latency([[0.0002, 5], [0.0009, 50], [0.004, 30], [0.05, 3]]);
    const qs = [0.1, 0.5, 0.9, 0.99, 1];
    const ps = qs.map((q) => percentile(l, q)!);
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1]!);
  });

  it("uses the maximum for the open-ended last bucket", () => {
    const l = latency([[100, 4]]);
    expect(l.counts[LATENCY_BUCKET_COUNT - 1]).toBe(4);
    expect(percentile(l, 0.99)).toBeLessThanOrEqual(100);
    expect(percentile(l, 0.99)).toBeGreaterThanOrEqual(latencyBucketBound(LATENCY_BUCKET_COUNT - 2));
  });
});

describe("subtractLatency", () => {
  it("gives the interval's distribution", () => {
    const before = latency([[0.001, 10]]);
    const after = latency([[0.001, 10], [0.02, 5]]);
    const d = subtractLatency(after, before)!;
    expect(d.count).toBe(5);
    expect(d.counts[bucketOf(0.001)]).toBe(0);
    expect(d.counts[bucketOf(0.02)]).toBe(5);
  });

  it("refuses counters that went down", () => {
    expect(subtractLatency(latency([[0.001, 1]]), latency([[0.001, 3]]))).toBeNull();
  });
});

describe("latencyRows", () => {
  const fast = latency([[0.0005, 100]]);
  const slowAfter = latency([[0.0005, 100], [0.05, 100]]);

  it("differences against an earlier snapshot of the same isolate", () => {
    const before = snap(T0, [part({ table: "t", partition: 0, latency: fast })]);
    const after = snap(T0 + 10_000, [part({ table: "t", partition: 0, latency: slowAfter })]);
    const [row] = latencyRows(after, before, "latency");
    expect(row).toMatchObject({ label: "t/0", over: "window", count: 100 });
    // Only the slow calls happened in the window.
    expect(row!.p50).toBeGreaterThan(0.03);
  });

  it("falls back to cumulative at first load and after a restart of the isolate", () => {
    const after = snap(T0 + 10_000, [part({ table: "t", partition: 0, latency: slowAfter })]);
    expect(latencyRows(after, undefined, "latency")[0]).toMatchObject({ over: "cumulative", count: 200 });
    const other = snap(T0, [part({ table: "t", partition: 0, latency: fast })], T0 - 1);
    expect(latencyRows(after, other, "latency")[0]).toMatchObject({ over: "cumulative", count: 200 });
  });

  it("shows readings below a millisecond clock's tick as one tick, not as interpolated microseconds", () => {
    const zeros = latency([[0, 50]]);
    const coarse = { ...snap(T0, [part({ table: "t", partition: 0, latency: zeros })]), clockResolutionSeconds: 0.001 };
    expect(latencyRows(coarse, undefined, "latency")[0]).toMatchObject({ p50: 0.001, p90: 0.001, p99: 0.001 });
    const fine = snap(T0, [part({ table: "t", partition: 0, latency: zeros })]);
    expect(latencyRows(fine, undefined, "latency")[0]!.p50).toBeLessThan(0.0001);
  });

  it("leaves out partitions idle in the window and a null SQLite view", () => {
    const before = snap(T0, [part({ table: "t", partition: 0, latency: fast })]);
    const after = snap(T0 + 10_000, [part({ table: "t", partition: 0, latency: fast })]);
    expect(latencyRows(after, before, "latency")).toEqual([]);
    expect(latencyRows(after, undefined, "sqliteLatency")).toEqual([]);
  });
});

describe("heatmap", () => {
  it("places each second's operations on its row and leaves out the second still being counted", () => {
    const now = T0 + 500;
    const sec = Math.floor(now / 1000);
    const p0 = part({ table: "t", partition: 0, historyStart: sec - 2, history: [3, 0, 7] });
    const p1 = part({ table: "t", partition: 1, historyStart: sec - 2, history: [1, 2, 9] });
    const h = heatmap(snap(now, [p1, p0]), { seconds: 10 });
    expect(h.rows).toEqual(["t/0", "t/1"]);
    expect(h.to).toBe(sec);
    expect(h.from).toBe(sec - 10);
    expect(h.cells).toEqual([
      { label: "t/0", t: sec - 2, ops: 3 },
      { label: "t/1", t: sec - 2, ops: 1 },
      { label: "t/1", t: sec - 1, ops: 2 },
    ]);
  });

  it("keeps the busiest partitions when there are too many rows", () => {
    const sec = Math.floor(T0 / 1000);
    const ps = [0, 1, 2, 3].map((i) => part({ table: "t", partition: i, historyStart: sec - 1, history: [i === 2 ? 50 : i, 0] }));
    const h = heatmap(snap(T0, ps), { maxRows: 2 });
    expect(h.rows).toEqual(["t/2", "t/3"]);
    expect(h.hidden).toBe(2);
  });
});

describe("rates and totals", () => {
  const a = part({ table: "t", partition: 0, operations: { GetItem: 10 }, errors: { ConditionalCheckFailedException: 1 } });
  const b = part({ table: "t", partition: 0, operations: { GetItem: 30, PutItem: 10 }, errors: { ConditionalCheckFailedException: 2, ValidationException: 1 } });

  it("derives per-partition rates from two snapshots", () => {
    const r = rates(snap(T0, [a]), snap(T0 + 2000, [b, part({ table: "u", partition: 3, operations: { PutItem: 4 } })]));
    expect(r).toEqual([
      { id: "id-t/0", opsPerSecond: 15, errorsPerSecond: 1 },
      { id: "id-u/3", opsPerSecond: 2, errorsPerSecond: 0 },
    ]);
  });

  it("refuses to difference across an isolate restart or a counter reset", () => {
    expect(rates(snap(T0, [a]), snap(T0 + 1000, [b], T0))).toBeNull();
    expect(rates(snap(T0, [b]), snap(T0 + 1000, [a]))).toBeNull();
  });

  it("sums the snapshot, ConditionalCheckFailed apart", () => {
    const now = T0 + 5000;
    const withHistory = { ...b, historyStart: Math.floor(now / 1000) - 1, history: [6, 1], storageBytes: 4096, items: 3 };
    const t = totals(snap(now, [withHistory, part({ table: "u", partition: 0 })]));
    expect(t).toMatchObject({ tables: 2, partitions: 2, operations: 40, errors: 1, conditionalCheckFailed: 2, storageBytes: 4096, items: 3 });
    expect(t.opsPerSecond).toBe(6);
    expect(totals(snap(now, [b]), snap(now - 2000, [a])).opsPerSecond).toBe(15);
  });
});

describe("labels and rows", () => {
  it("keeps a re-created table's rows apart", () => {
    const labels = partitionLabels([part({ table: "t", partition: 0, tableId: "aaaaaaaa1" }), part({ table: "t", partition: 0, tableId: "bbbbbbbb2" })]);
    expect([...labels.values()]).toEqual(["t~aaaaaa/0", "t~bbbbbb/0"]);
  });

  it("lists errors by type with ConditionalCheckFailed last", () => {
    const s = snap(T0, [
      part({ table: "t", partition: 0, errors: { ConditionalCheckFailedException: 9, ValidationException: 1 } }),
      part({ table: "t", partition: 1, errors: { ValidationException: 2, InternalServerError: 3, ThrottlingException: 0 } }),
    ]);
    expect(errorRows(s)).toEqual([
      { type: "InternalServerError", count: 3, conditional: false },
      { type: "ValidationException", count: 3, conditional: false },
      { type: "ConditionalCheckFailedException", count: 9, conditional: true },
    ]);
  });

  it("gives time since the last start", () => {
    const s = snap(T0, [part({ table: "t", partition: 0, restarts: 2, lastStartAt: T0 - 65_000 }), part({ table: "t", partition: 1 })]);
    expect(restartRows(s)).toEqual([
      { label: "t/0", restarts: 2, upMs: 65_000 },
      { label: "t/1", restarts: null, upMs: null },
    ]);
  });
});

describe("baselineFor", () => {
  const s = (now: number, startedAt = T0 - 600_000) => snap(now, [], startedAt);
  it("picks the newest snapshot at least a window old, else the oldest of the same isolate", () => {
    const cur = s(T0 + 20_000);
    const hist = [s(T0), s(T0 + 5_000), s(T0 + 9_000), s(T0 + 15_000), cur];
    expect(baselineFor(hist, cur, 10_000)?.now).toBe(T0 + 9_000);
    expect(baselineFor([s(T0 + 15_000), s(T0 + 18_000), cur], cur, 10_000)?.now).toBe(T0 + 15_000);
    expect(baselineFor([s(T0, T0 - 1), cur], cur, 10_000)).toBeUndefined();
    expect(baselineFor([cur], cur, 10_000)).toBeUndefined();
  });
});

describe("onlyTables", () => {
  it("keeps the named tables' partitions, or all without names", () => {
    const s = snap(T0, [part({ table: "a", partition: 0 }), part({ table: "b", partition: 0 }), part({ table: "c", partition: 1 })]);
    expect(onlyTables(s, ["a", "c"]).partitions.map((p) => p.table)).toEqual(["a", "c"]);
    expect(onlyTables(s, [])).toBe(s);
  });
});
