import { describe, expect, it } from "vitest";
import { latencyTable } from "./latency-table.js";
import { fixtureResult, series } from "./test-fixtures.js";

describe("latency table", () => {
  const shvm = fixtureResult({ target: "shvm", operations: { READ: series(1000), "READ-FAILED": series(50), UPDATE: series(2000), CLEANUP: series(5) } });
  const dynalite = fixtureResult({ target: "dynamodb", operations: { READ: series(500), UPDATE: series(3000) } });

  it("gives a row per operation and target, with each percentile's ratio to shvm-db's", () => {
    const t = latencyTable([
      { target: "shvm", result: shvm },
      { target: "dynamodb", result: dynalite },
    ]);
    expect(t.operations).toEqual(["READ", "UPDATE"]); // no -FAILED series, no CLEANUP
    expect(t.rows.map((r) => `${r.operation} ${r.target}`)).toEqual(["READ shvm", "READ dynamodb", "UPDATE shvm", "UPDATE dynamodb"]);
    const [readShvm, readDyn, , updateDyn] = t.rows;
    expect(readShvm!.ratio).toBeUndefined();
    expect(readShvm!.latency).toEqual({ p50: 1000, p95: 2000, p99: 4000, p999: 8000 });
    expect(readDyn!.ratio).toEqual({ p50: 0.5, p95: 0.5, p99: 0.5, p999: 0.5 });
    expect(updateDyn!.ratio).toEqual({ p50: 1.5, p95: 1.5, p99: 1.5, p999: 1.5 });
  });

  it("has no ratios without shvm-db in the phase, and null where shvm-db's latency is 0", () => {
    expect(latencyTable([{ target: "dynamodb", result: dynalite }]).rows.every((r) => r.ratio === undefined)).toBe(true);
    const zero = fixtureResult({ operations: { READ: series(0) } });
    const t = latencyTable([
      { target: "shvm", result: zero },
      { target: "dynamodb", result: dynalite },
    ]);
    expect(t.rows.find((r) => r.target === "dynamodb")?.ratio?.p50).toBeNull();
  });

  it("takes an open-loop run's latencies from the intended start, a closed-loop run's from the actual start", () => {
    const open = fixtureResult({ target: "shvm", mode: "open", operations: { READ: series(1000) }, intended: { READ: series(9000) } });
    const closed = fixtureResult({ target: "redis", operations: { READ: series(100) } });
    const t = latencyTable([
      { target: "shvm", result: open },
      { target: "redis", result: closed },
    ]);
    expect(t.rows.map((r) => [r.target, r.from, r.latency.p50])).toEqual([
      ["shvm", "intended", 9000],
      ["redis", "actual", 100],
    ]);
  });

  it("leaves out an operation with no successful calls", () => {
    const failed = fixtureResult({ operations: { READ: series(1000, { operations: 0 }), "READ-FAILED": series(10) } });
    expect(latencyTable([{ target: "shvm", result: failed }])).toEqual({ operations: [], rows: [] });
  });
});
