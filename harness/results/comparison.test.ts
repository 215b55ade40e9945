import { describe, expect, it } from "vitest";
import { buildTable, formatTable, type ComparisonRow } from "./comparison.js";

const ok = (target: string, throughput: number): ComparisonRow => ({
  target,
  status: "ok",
  throughput,
  latency: { READ: { p50: 100, p99: 900 }, UPDATE: { p50: 200, p99: 1500 } },
  failed: 0,
});

describe("comparison table", () => {
  it("gives every target its throughput ratio to shvm-db and keeps skipped targets with their reason", () => {
    const t = buildTable("run workloada", [ok("shvm", 1000), ok("redis", 5000), { target: "postgres", status: "skipped", note: "not running (start it)" }]);
    expect(t.operations).toEqual(["READ", "UPDATE"]);
    expect(t.rows.map((r) => r.ratioToShvm)).toEqual([1, 5, undefined]);
    const text = formatTable(t);
    const lines = text.split("\n");
    expect(lines[0]).toBe("== run workloada ==");
    expect(lines[1]).toMatch(/^target\s+ops\/s\s+READ p50 µs\s+READ p99 µs\s+UPDATE p50 µs\s+UPDATE p99 µs\s+failed\s+vs shvm$/);
    expect(text).toMatch(/redis\s+5000\s+100\s+900\s+200\s+1500\s+0\s+5\.00x/);
    expect(text).toMatch(/postgres\s+skipped: not running \(start it\)/);
  });

  it("has no ratios without a shvm-db row", () => {
    const t = buildTable("load", [ok("redis", 10)]);
    expect(t.rows[0]!.ratioToShvm).toBeUndefined();
    expect(formatTable(t)).toMatch(/redis\s+10\.0\s.*-$/m);
  });
});
