import { describe, expect, it } from "vitest";
import { groupPhases } from "./inputs.js";
import { indexPage, readMeta } from "./index-page.js";
import { reportMeta, reportPage } from "./page.js";
import { conditionsOf, errorRows, reportData, throughputPoints, variation } from "./report-data.js";
import { phaseSection } from "./sections.js";
import { encodedLatencies, fixtureResult, series } from "./test-fixtures.js";

const inputsOf = (...results: ReturnType<typeof fixtureResult>[]) => ({ results: results.map((result, i) => ({ file: `/r/${i}.json`, result })), labs: [], absent: [] });

describe("throughput over time", () => {
  it("divides each second's count by its length, the last one ending at the window's end", () => {
    expect(throughputPoints("shvm", { perSecond: { throughput: [100, 120, 30], byOperation: {} }, overall: { runTimeMs: 2500 } as never })).toEqual([
      { target: "shvm", t: 0.5, ops: 100 },
      { target: "shvm", t: 1.5, ops: 120 },
      { target: "shvm", t: 2.25, ops: 60 },
    ]);
  });

  it("leaves out a last second under 100 ms long: too short to be a rate", () => {
    expect(throughputPoints("shvm", { perSecond: { throughput: [100, 3], byOperation: {} }, overall: { runTimeMs: 1050 } as never })).toHaveLength(1);
  });

  it("says how steady it was: standard deviation over mean", () => {
    expect(variation([{ ops: 100 }, { ops: 100 }])).toBe(0);
    expect(variation([{ ops: 90 }, { ops: 110 }])).toBeCloseTo(Math.SQRT2 * 10 / 100, 12);
    expect(variation([{ ops: 100 }])).toBeNull();
  });
});

describe("report data", () => {
  it("groups phases (the load first), shvm-db first in each, with throughput ratios to it", () => {
    const data = reportData(
      inputsOf(
        fixtureResult({ target: "dynamodb", workload: "workloadc" }),
        fixtureResult({ target: "shvm", workload: "workloadc" }),
        fixtureResult({ target: "shvm", phase: "load" }),
      ),
    );
    expect(data.phases.map((p) => p.key)).toEqual(["load", "run workloadc"]);
    expect(data.phases[1]!.runs.map((r) => r.label)).toEqual(["shvm", "dynamodb"]);
    expect(data.phases[1]!.runs[0]!.ratio).toBeUndefined();
    expect(data.phases[1]!.runs[1]!.ratio).toBe(1);
    expect(data.targets).toEqual(["shvm", "dynamodb"]);
  });

  it("a closed-loop phase has only actual-start curves and says it has no intended latencies", () => {
    const closed = fixtureResult({ actual: { READ: encodedLatencies([100, 200, 300]) } });
    const data = reportData(inputsOf(closed));
    const phase = data.phases[0]!;
    expect(phase.openLoop).toBe(false);
    expect(phase.curves.map((c) => [c.operation, c.from])).toEqual([["READ", "actual"]]);
    expect(phaseSection(phase, 0)).toContain("Closed loop: none.");
    expect(conditionsOf(closed)).toBe("closed loop, 2 threads × 8 in flight, 3 s warm-up + 10 s, 1000 records, zipfian keys");
  });

  it("an open-loop phase has both curves per operation and an intended-vs-actual chart for each", () => {
    const open = fixtureResult({
      mode: "open",
      operations: { READ: series(100) },
      intended: { READ: series(900) },
      actual: { READ: encodedLatencies([100, 200]) },
      intendedHistograms: { READ: encodedLatencies([900, 5000]) },
    });
    const phase = reportData(inputsOf(open)).phases[0]!;
    expect(phase.openLoop).toBe(true);
    expect(phase.curves.map((c) => c.from)).toEqual(["actual", "intended"]);
    // The intended curve ends at the intended maximum (HdrHistogram's 3 digits: within 0.1 %).
    expect(phase.curves[1]!.points.at(-1)!.us).toBeGreaterThanOrEqual(5000);
    expect(phase.curves[1]!.points.at(-1)!.us).toBeLessThan(5006);
    const html = phaseSection(phase, 0);
    expect(html).toContain('data-chart="intended" data-phase="0" data-op="READ"');
    expect(html).not.toContain("Closed loop: none.");
    expect(conditionsOf(open)).toMatch(/^open loop at 500 ops\/s, /);
  });

  it("lists return codes and failed operations per operation", () => {
    const r = fixtureResult({ operations: { READ: series(100, { returnCodes: { OK: 90, NOT_FOUND: 10 } }), "READ-FAILED": series(5, { operations: 10 }), CLEANUP: series(1) } });
    expect(errorRows("shvm", r)).toEqual([{ target: "shvm", operation: "READ", codes: { OK: 90, NOT_FOUND: 10 }, failed: 10 }]);
  });

  it("labels a target measured twice in one phase by its start time", () => {
    const a = fixtureResult({ target: "shvm" });
    const b = { ...fixtureResult({ target: "shvm" }), timing: { startedAt: "2026-01-01T01:02:03.000Z", measuredFrom: "", finishedAt: "" } };
    const [g] = groupPhases(inputsOf(a, b).results);
    expect(g!.runs.map((r) => r.label)).toEqual(["shvm @00:00:07", "shvm @01:02:03"]);
  });
});

describe("page and index", () => {
  it("the index reads back each page's meta block, and the data cannot close its script element", () => {
    const data = reportData(inputsOf(fixtureResult({ target: "shvm" })), "a </script><b>title</b>");
    const html = reportPage(data, "/* script */");
    expect(html.match(/<\/script>/g)).toHaveLength(3); // meta, data, the page script: no value closed one early
    expect(readMeta(html)).toEqual(reportMeta(data));
    const index = indexPage([{ file: "x y.html", meta: reportMeta(data) }]);
    expect(index).toContain('href="x%20y.html"');
    expect(index).toContain("a &lt;/script&gt;&lt;b&gt;title&lt;/b&gt;");
  });
});
