import { describe, expect, it } from "vitest";
import { BILLING_MONTH_SECONDS, costPerMillion, dynamoCostPerMillion, type MeasuredTotals } from "./cost.js";
import { loadPrices, type PriceEntry, type Prices } from "./prices.js";

// A price file with round figures, so every expected cost below is worked out by hand.
function prices(): Prices {
  const e = (value: number | null): PriceEntry => ({ value, unit: "", source: "https://example.test", read: "2026-01-01" });
  const base = loadPrices();
  return {
    ...base,
    asOf: "2026-01-01",
    cloudflare: {
      plan: "test",
      gigabyteBytes: e(1e9),
      durableObjects: {
        requestsPerMillion: e(0.1),
        durationPerMillionGbSeconds: e(10),
        memoryGb: e(0.125),
        rowsReadPerMillion: e(0.001),
        rowsWrittenPerMillion: e(1),
        storedGbMonth: e(0.2),
      },
      workers: { requestsPerMillion: e(0.3), cpuMsPerMillion: e(0.02) },
    },
    dynamodb: {
      region: "test-1",
      mode: "on-demand",
      gigabyteBytes: e(1e9),
      writeRequestUnitsPerMillion: { ...e(null), note: "n/a", secondary: { value: 0.5, source: "https://other.test", read: "2026-01-01" } },
      readRequestUnitsPerMillion: e(0.1),
      storedGbMonth: e(0.25),
      itemOverheadBytes: e(100),
    },
  };
}

const run: MeasuredTotals = {
  operations: 1_000_000,
  seconds: 100,
  durableObjectCalls: 1_000_000,
  partitionActiveSeconds: 800, // 8 partitions x 100 s
  activePartitions: 8,
  rowsRead: 2_000_000,
  rowsWritten: 500_000,
  storageBytes: 2e9,
  routerRequests: 1_000_000,
  routerCpuMs: 500_000,
};

const line = (b: ReturnType<typeof costPerMillion>, component: string) => b.lines.find((l) => l.component === component)!;

describe("costPerMillion (shvm-db on Cloudflare)", () => {
  it("prices each measured component at its per-unit rate", () => {
    const b = costPerMillion(run, prices());
    expect(line(b, "DO requests").perMillionOps).toBeCloseTo(0.1, 12);
    // 0.125 GB x 800 object-seconds = 100 GB-s at $10 per million GB-s.
    expect(line(b, "DO duration").quantity).toBeCloseTo(100, 12);
    expect(line(b, "DO duration").cost).toBeCloseTo(0.001, 12);
    expect(line(b, "SQLite rows read").perMillionOps).toBeCloseTo(0.002, 12);
    expect(line(b, "SQLite rows written").perMillionOps).toBeCloseTo(0.5, 12);
    expect(line(b, "SQLite storage").cost).toBeCloseTo((2 * 0.2 * 100) / BILLING_MONTH_SECONDS, 15);
    expect(line(b, "Worker requests").perMillionOps).toBeCloseTo(0.3, 12);
    expect(line(b, "Worker CPU").perMillionOps).toBeCloseTo(0.01, 12);
    expect(b.totalPerMillionOps).toBeCloseTo(0.1 + 0.001 + 0.002 + 0.5 + (2 * 0.2 * 100) / BILLING_MONTH_SECONDS + 0.3 + 0.01, 12);
    expect(b.storagePerMonth).toBeCloseTo(0.4, 12);
    expect(b.pricesAsOf).toBe("2026-01-01");
    expect(b.leftOut).toEqual([]);
  });

  it("scales per million operations, not per run", () => {
    const half = costPerMillion({ ...run, operations: 500_000 }, prices());
    expect(line(half, "DO requests").perMillionOps).toBeCloseTo(0.2, 12);
  });

  it("names what it could not price: unmeasured CPU; router requests taken as the DO calls", () => {
    const b = costPerMillion({ ...run, routerCpuMs: null, routerRequests: undefined, durableObjectCalls: 2_000_000 }, prices());
    expect(b.leftOut).toEqual(["Worker CPU"]);
    expect(line(b, "Worker CPU").priceBasis).toBe("not-measured");
    expect(line(b, "Worker requests").quantity).toBe(2_000_000);
    expect(line(b, "Worker requests").note).toMatch(/upper bound/);
  });

  it("refuses zero operations", () => {
    expect(() => costPerMillion({ ...run, operations: 0 }, prices())).toThrow(RangeError);
  });
});

describe("dynamoCostPerMillion", () => {
  const units = { operations: 1_000_000, seconds: 100, readRequestUnits: 500_000, writeRequestUnits: 1_000_000, storageBytes: 1e9, derivation: "workload-rules" as const };

  it("leaves out a price the provider's page did not give, unless the secondary figure is allowed", () => {
    const strict = dynamoCostPerMillion(units, prices());
    expect(strict.leftOut).toEqual(["write request units"]);
    expect(strict.lines.find((l) => l.component === "read request units")!.perMillionOps).toBeCloseTo(0.05, 12);
    const loose = dynamoCostPerMillion(units, prices(), { allowSecondary: true });
    const wru = loose.lines.find((l) => l.component === "write request units")!;
    expect(wru.priceBasis).toBe("secondary");
    expect(wru.perMillionOps).toBeCloseTo(0.5, 12);
    expect(wru.note).toContain("https://other.test");
    expect(loose.totalPerMillionOps).toBeCloseTo(0.05 + 0.5 + (0.25 * 100) / BILLING_MONTH_SECONDS, 12);
    expect(loose.notes[0]).toMatch(/documented rules/);
  });
});
