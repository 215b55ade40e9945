import { describe, expect, it } from "vitest";
import { buildTable, formatTable, rowFromResult, type ComparisonRow } from "./comparison.js";
import type { YcsbResult } from "./result-file.js";
import type { SeriesSummary } from "./summary.js";

const series = (operations: number, p50: number, p99: number): SeriesSummary => ({
  operations,
  throughput: 0,
  averageLatencyUs: p50,
  minLatencyUs: p50,
  maxLatencyUs: p99,
  p50LatencyUs: p50,
  p95LatencyUs: p99,
  p99LatencyUs: p99,
  p999LatencyUs: p99,
  returnCodes: {},
});

/** The parts of a results file the table reads: actual READ 100/900 µs, intended READ 5000/90000 µs, 2 failed. */
const result = (mode: "closed" | "open"): YcsbResult =>
  ({
    run: { mode },
    overall: { throughput: 1000 },
    operations: { READ: series(98, 100, 900), "READ-FAILED": series(2, 50, 60) },
    intended: mode === "open" ? { READ: series(98, 5000, 90000), "READ-FAILED": series(2, 70, 80) } : {},
    warnings: [],
  }) as unknown as YcsbResult;

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

  it("shows the Intended- percentiles of an open-loop run, labelled so, and the actual ones in closed loop", () => {
    const closed = rowFromResult("shvm", result("closed"));
    expect(closed).toMatchObject({ latency: { READ: { p50: 100, p99: 900 } }, latencyFrom: "actual", failed: 2 });
    const closedTable = buildTable("run workloadc", [closed]);
    expect(closedTable.latencyFrom).toBe("actual");
    expect(formatTable(closedTable).split("\n")[1]).toMatch(/^target\s+ops\/s\s+READ p50 µs\s+READ p99 µs\s+failed/);

    const open = rowFromResult("shvm", result("open"));
    expect(open).toMatchObject({ latency: { READ: { p50: 5000, p99: 90000 } }, latencyFrom: "intended", failed: 2 });
    const openTable = buildTable("run workloadc", [open]);
    expect(openTable.latencyFrom).toBe("intended");
    const text = formatTable(openTable);
    expect(text.split("\n")[1]).toMatch(/^target\s+ops\/s\s+READ p50 \(intended\) µs\s+READ p99 \(intended\) µs\s+failed/);
    expect(text).toMatch(/shvm\s+1000\s+5000\s+90000\s+2\s+1\.00x/);
    expect(text).toContain("latencies from each operation's intended start");
  });

  it("marks the open-loop rows of a table that mixes both", () => {
    const t = buildTable("run workloadc", [rowFromResult("shvm", result("closed")), rowFromResult("redis", result("open"))]);
    expect(t.latencyFrom).toBe("mixed");
    const text = formatTable(t);
    expect(text).toMatch(/^redis \*\s+1000\s+5000\s+90000/m);
    expect(text).toMatch(/^shvm\s+1000\s+100\s+900/m);
  });
});
