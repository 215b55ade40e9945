import { describe, expect, it } from "vitest";
import { HISTORY_SECONDS, LATENCY_BUCKET_COUNT, latencyBucketBound } from "../metrics/snapshot.js";
import { heatmap, operationCount } from "./data.js";
import { bucketOf, FakeMetrics } from "./fake-snapshot.js";

const T0 = 1_700_000_000_000;

describe("bucketOf", () => {
  it("puts a latency in the bucket whose bounds hold it", () => {
    for (const s of [0.00001, 0.000016, 0.00002, 0.0005, 0.013, 1.5]) {
      const i = bucketOf(s);
      expect(s).toBeLessThanOrEqual(latencyBucketBound(i) * (1 + 1e-9));
      if (i > 0) expect(s).toBeGreaterThan(latencyBucketBound(i - 1));
    }
    expect(bucketOf(1e6)).toBe(LATENCY_BUCKET_COUNT - 1);
  });
});

describe("FakeMetrics", () => {
  const make = () =>
    new FakeMetrics({ startedAt: T0, seed: 7, tables: [{ name: "usertable", partitions: 4, opsPerSecond: 400, hot: 1, hotShare: 0.7 }] });

  it("is deterministic for a seed", () => {
    expect(make().next(T0 + 1000)).toEqual(make().next(T0 + 1000));
  });

  it("grows counters monotonically and keeps HISTORY_SECONDS of history", () => {
    const m = make();
    const a = m.next(T0 + 1000);
    const b = m.next(T0 + 3000);
    expect(b.partitions).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      const pa = a.partitions[i]!;
      const pb = b.partitions[i]!;
      expect(operationCount(pb)).toBeGreaterThanOrEqual(operationCount(pa));
      expect(pb.latency.count).toBeGreaterThanOrEqual(pa.latency.count);
      expect(pb.history.length).toBe(HISTORY_SECONDS);
      expect(pb.historyStart + pb.history.length - 1).toBe(Math.floor((T0 + 3000) / 1000));
    }
  });

  it("makes the hot partition the hottest row", () => {
    const s = make().next(T0 + 2000);
    const h = heatmap(s);
    const byRow = new Map<string, number>();
    for (const c of h.cells) byRow.set(c.label, (byRow.get(c.label) ?? 0) + c.ops);
    const hottest = [...byRow].sort((x, y) => y[1] - x[1])[0]?.[0];
    expect(hottest).toBe("usertable/1");
  });
});
