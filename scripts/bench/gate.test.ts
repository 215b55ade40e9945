import { describe as group, expect, it } from "vitest";
import { baselineFrom, describe, judge, type GateRatios } from "./gate.js";

const run = (put: number, get: number, cpuPut = put, cpuGet = get): GateRatios => ({
  PutItem: { throughput: put, cpu: cpuPut },
  GetItem: { throughput: get, cpu: cpuGet },
});

group("the performance gate", () => {
  const baseline = baselineFrom([run(2.0, 0.7), run(1.9, 0.66), run(2.1, 0.72)], "2026-12-03", "test");

  it("takes each ratio's median and a tolerance that passes every run it was made from", () => {
    expect(baseline.ratios.PutItem?.throughput).toBe(2.0);
    expect(baseline.ratios.GetItem?.throughput).toBe(0.7);
    // Worst shortfall 0.66 / 0.7 → 5.7 %, × 1.5 → 8.6 %, raised to the 30 % minimum.
    expect(baseline.tolerance.throughput).toBeCloseTo(0.3);
    for (const r of baseline.runs) expect(judge(r, baseline).pass).toBe(true);
    const wide = baselineFrom([run(2.0, 0.7), run(1.5, 0.7), run(2.1, 0.7)], "d", "m");
    expect(wide.tolerance.throughput).toBeCloseTo(0.375); // 25 % short × 1.5
    expect(baselineFrom([run(2.0, 0.7)], "d", "m", 1.5, 0.1).tolerance.cpu).toBeCloseTo(0.1); // a minimum of one's own
  });

  it("passes the current figures and fails an injected slowdown, naming what regressed", () => {
    expect(judge(run(1.95, 0.69), baseline).pass).toBe(true);
    // A loaded machine's figures (a CI run read PutItem 25 % under its baseline with no change behind it) pass.
    expect(judge(run(2.0 * 0.75, 0.7 * 0.8), baseline).pass).toBe(true);
    // A synthetic result of an engine 40 % slower on reads (~1.7× the cost per read).
    const slower = judge(run(1.95, 0.7 * 0.6, 1.95, 0.7 * 0.6), baseline);
    expect(slower.pass).toBe(false);
    expect(slower.checks.filter((c) => !c.pass).map((c) => `${c.operation} ${c.metric}`)).toEqual(["GetItem throughput", "GetItem cpu"]);
    const lines = describe(slower);
    expect(lines.find((l) => l.includes("FAIL") && l.includes("GetItem") && l.includes("throughput"))).toMatch(/42\.0 % \(−40\.0 % vs baseline\); baseline 70\.0 %, floor 49\.0 %/);
  });

  it("fails when a figure was not measured (a broken benchmark is no pass)", () => {
    const missing: GateRatios = { PutItem: { throughput: 2, cpu: 2 }, GetItem: { cpu: 0.7 } };
    const v = judge(missing, baseline);
    expect(v.pass).toBe(false);
    expect(describe(v).some((l) => l.includes("not measured"))).toBe(true);
    expect(judge(run(Number.NaN, 0.7), baseline).pass).toBe(false);
  });

  it("holds the YCSB ratios to their own, wider tolerance", () => {
    const runs: GateRatios[] = [0.6, 0.5, 0.7].map((y) => ({ ...run(2, 0.7), "ycsb-a": { throughput: y } }));
    const b = baselineFrom(runs, "d", "m");
    expect(b.tolerance.ycsb).toBeCloseTo((1 - 0.5 / 0.6) * 2);
    expect(b.tolerance.throughput).toBeCloseTo(0.3);
    const check = (y: number) => judge({ ...run(2, 0.7), "ycsb-a": { throughput: y } }, b).pass;
    expect(check(0.6 * (1 - b.tolerance.ycsb!) + 0.001)).toBe(true);
    expect(check(0.6 * (1 - b.tolerance.ycsb!) - 0.001)).toBe(false);
  });
});
