import { describe, expect, it } from "vitest";
import { loadWorkload, resolveConfig } from "../../workloads/index.js";
import { dynamoUnitsFromWorkload, scanReadUnits, ycsbItemSize } from "./dynamo-units.js";

describe("ycsbItemSize", () => {
  it("counts YCSB's default record as DynamoDB does: key attribute, key, ten 6-byte names and 100-byte values", () => {
    const size = ycsbItemSize(resolveConfig({ recordcount: "1000" }));
    // "ycsb_key" (8) + "user" + up to 19 digits + 10 x ("fieldN" 6 + 100).
    expect(size.max).toBeLessThanOrEqual(8 + 23 + 1060);
    expect(size.min).toBeGreaterThanOrEqual(8 + 5 + 1060);
    expect(size.mean).toBeGreaterThan(1024); // just over 1 KB: two write units per write
  });
});

describe("dynamoUnitsFromWorkload", () => {
  it("workload A, 1,000 operations: 500 eventually consistent reads at 0.5 RRU, 500 updates at 2 WRU", () => {
    const c = loadWorkload("a", ["recordcount=1000"]);
    const u = dynamoUnitsFromWorkload(c, { operations: 1000, seconds: 10, itemOverheadBytes: 100 });
    expect(u.readRequestUnits).toBeCloseTo(250, 9);
    expect(u.writeRequestUnits).toBeCloseTo(1000, 9);
    expect(u.storageBytes).toBeCloseTo(1000 * (ycsbItemSize(c).mean + 100), 6);
    expect(u.derivation).toBe("workload-rules");
  });

  it("strongly consistent reads cost a whole unit; a read-modify-write is a read and an update", () => {
    const c = loadWorkload("f", ["recordcount=1000", "dynamodb.consistentReads=true"]);
    const u = dynamoUnitsFromWorkload(c, { operations: 1000, seconds: 10 });
    // F: 50 % read, 50 % read-modify-write.
    expect(u.readRequestUnits).toBeCloseTo(1000, 9);
    expect(u.writeRequestUnits).toBeCloseTo(500 * 2, 9);
  });

  it("takes measured call counts over the proportions", () => {
    const c = loadWorkload("c", ["recordcount=1000"]);
    const u = dynamoUnitsFromWorkload(c, { operations: 10, seconds: 1, calls: { read: 10, update: 1, insert: 0, scan: 0, delete: 0 } });
    expect(u.readRequestUnits).toBeCloseTo(5, 9);
    expect(u.writeRequestUnits).toBeCloseTo(2, 9);
  });
});

describe("scanReadUnits", () => {
  it("a scan of L records: the start key's GetItem, then one page of L - 1 items rounded up to 4 KB", () => {
    const c = resolveConfig({ recordcount: "1000", minscanlength: "5", maxscanlength: "5" });
    // 0.5 (GetItem) + ceil(4 x 1000 / 4096) = 1 unit, halved: 0.5.
    expect(scanReadUnits(c, 1000, false)).toBeCloseTo(1, 12);
    expect(scanReadUnits(c, 1000, true)).toBeCloseTo(2, 12);
  });

  it("averages over the scan-length distribution and splits pages at 1 MB", () => {
    const uniform = resolveConfig({ recordcount: "1000", minscanlength: "1", maxscanlength: "2" });
    // L = 1: GetItem only (1 unit); L = 2: GetItem + one 1-item page (2 units).
    expect(scanReadUnits(uniform, 1000, true)).toBeCloseTo(1.5, 12);
    const long = resolveConfig({ recordcount: "1000", minscanlength: "1001", maxscanlength: "1001" });
    // 1000 items of 2 KB: pages of 512 items (1 MB = 256 units) and 488 (244 units), plus the GetItem.
    expect(scanReadUnits(long, 2048, true)).toBeCloseTo(1 + 256 + 244, 12);
  });
});
