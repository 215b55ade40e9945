import { describe, expect, it } from "vitest";
import { partitionCount } from "./partition-count.js";

describe("partitionCount", () => {
  it("follows ceil(RCU/3000 + WCU/1000) for provisioned tables", () => {
    const p = (r: number, w: number) =>
      partitionCount({ BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: r, WriteCapacityUnits: w } });
    expect(p(5, 5)).toBe(1);
    expect(p(3000, 1000)).toBe(2);
    expect(p(3001, 0)).toBe(2);
    expect(p(12000, 4000)).toBe(8);
    expect(p(1e9, 1e9)).toBe(1024);
  });
  it("gives on-demand tables 4", () => {
    expect(partitionCount({ BillingMode: "PAY_PER_REQUEST" })).toBe(4);
  });
  it("lets the shvm:partitions tag override", () => {
    expect(partitionCount({ BillingMode: "PAY_PER_REQUEST", Tags: [{ Key: "shvm:partitions", Value: "16" }] })).toBe(16);
    expect(partitionCount({ Tags: [{ Key: "shvm:partitions", Value: "1024" }] })).toBe(1024);
  });
  it("rejects a tag outside 1-1024", () => {
    for (const v of ["0", "1025", "x", "1.5", "", "-1"]) {
      expect(() => partitionCount({ Tags: [{ Key: "shvm:partitions", Value: v }] })).toThrow(/shvm:partitions must be an integer from 1 to 1024/);
    }
  });
});
