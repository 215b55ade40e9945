import { describe, expect, it } from "vitest";
import type { YcsbResult } from "../../harness/results/result-file.js";
import { phaseFigures, pickBest, ratios, type PhaseFigures } from "./engine-figures.js";

const series = (operations: number, throughput: number, p50LatencyUs = 0, p99LatencyUs = 0) => ({
  operations, throughput, averageLatencyUs: 0, minLatencyUs: 0, maxLatencyUs: 0, p50LatencyUs, p95LatencyUs: 0, p99LatencyUs, p999LatencyUs: 0, returnCodes: {},
});

/** Only what phaseFigures reads. */
const result = (r: { operations: Record<string, ReturnType<typeof series>>; cpu: Partial<YcsbResult["cpu"]> }): YcsbResult =>
  ({ operations: r.operations, cpu: { windowMs: 2000, cores: 2, clientPercentOfCore: 40, ...r.cpu }, warnings: ["w"] }) as unknown as YcsbResult;

describe("phaseFigures", () => {
  it("reads the series' throughput and latency, counts every failed series, and divides server CPU by the successful ops", () => {
    const r = result({
      operations: { READ: series(4000, 2000, 1500, 9000), "READ-FAILED": series(3, 1.5), "UPDATE-FAILED": series(2, 1) },
      cpu: { serverUs: 1_000_000, serverPercentOfCore: 50, machinePercent: 80 },
    });
    const f = phaseFigures(r, "READ", "x.json");
    expect(f).toMatchObject({ opsPerSec: 2000, p50Ms: 1.5, p99Ms: 9, errors: 5, clientCpuPct: 40, serverCpuPct: 50, warnings: ["w"], file: "x.json" });
    // 1 s of server CPU over 2,000 ops/s × 2 s.
    expect(f.serverUsPerOp).toBe(250);
    // 80 % of the machine, (40 + 50) / 2 cores = 45 % explained.
    expect(f.otherLoadPct).toBe(35);
  });

  it("leaves out what was not observed instead of reading zero", () => {
    const f = phaseFigures(result({ operations: {}, cpu: {} }), "INSERT", "y.json");
    expect(f.opsPerSec).toBe(0);
    expect(f.serverUsPerOp).toBeUndefined();
    expect(f.otherLoadPct).toBeUndefined();
  });
});

describe("pickBest / ratios", () => {
  const figures = (opsPerSec: number, serverUsPerOp?: number) => ({ opsPerSec, ...(serverUsPerOp ? { serverUsPerOp } : {}) }) as PhaseFigures;

  it("picks the highest throughput", () => {
    expect(pickBest([{ opsPerSec: 3 }, { opsPerSec: 7 }, { opsPerSec: 5 }])).toEqual({ opsPerSec: 7 });
    expect(pickBest([])).toBeUndefined();
  });

  it("divides the engine by the ceiling: throughput, and CPU per op the other way round", () => {
    const r = ratios(figures(850, 400), figures(1000, 300));
    expect(r.throughput).toBeCloseTo(0.85);
    expect(r.cpu).toBeCloseTo(0.75);
    expect(ratios(undefined, figures(1000))).toEqual({});
    expect(ratios(figures(1), figures(0))).toEqual({});
    expect(ratios(figures(10), figures(10, 300))).toEqual({ throughput: 1 });
  });
});
