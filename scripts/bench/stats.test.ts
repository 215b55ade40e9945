import { describe, expect, it } from "vitest";
import {
  compare,
  cpuEfficiency,
  cpuPercent,
  encodeHistogram,
  bootstrapMedianCi,
  median,
  mergeHistograms,
  newLatencyHistogram,
  pickBest,
  quartiles,
  saturationWarnings,
  summarize,
  verdict,
  type PhaseSummary,
  type ThreadResult,
} from "./stats.js";

function encoded(values: Array<[us: number, count: number]>): string {
  const h = newLatencyHistogram();
  for (const [us, count] of values) h.recordValueWithCount(us, count);
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

function thread(partial: Partial<ThreadResult>): ThreadResult {
  return { ops: 0, errors: 0, windowMs: 1000, issued: 0, elu: 0, histogram: encoded([]), ...partial };
}

describe("mergeHistograms", () => {
  it("adds the threads' samples into one distribution", () => {
    const h = mergeHistograms([encoded([[1000, 900]]), encoded([[3000, 100]])]);
    expect(h.totalCount).toBe(1000);
    // 3 significant digits: values come back within 0.1%.
    expect(h.getValueAtPercentile(50)).toBeCloseTo(1000, -1);
    expect(h.getValueAtPercentile(90)).toBeCloseTo(1000, -1);
    expect(h.getValueAtPercentile(99)).toBeCloseTo(3000, -1);
    expect(h.maxValue).toBeCloseTo(3000, -1);
  });

  it("keeps latencies far beyond the initial range (auto-resize)", () => {
    const h = mergeHistograms([encoded([[120_000_000, 1]])]);
    expect(h.totalCount).toBe(1);
    expect(h.maxValue / 120_000_000).toBeCloseTo(1, 2);
  });
});

describe("summarize", () => {
  it("sums per-thread rates, errors and ops, converts µs to ms and takes the worst thread's ELU", () => {
    const s = summarize(
      [
        thread({ ops: 1000, windowMs: 1000, issued: 1100, elu: 0.5, histogram: encoded([[2000, 1000]]) }),
        thread({ ops: 1000, windowMs: 2000, issued: 1050, elu: 0.7, errors: 2, firstError: "HTTP 500: boom", histogram: encoded([[4000, 1000]]) }),
      ],
      { wallMs: 2000, clientUs: 1_000_000, serverUs: 3_000_000, machineBusyUs: 3_000_000, machineTotalUs: 4_000_000, machineIowaitUs: 400_000 },
    );
    expect(s.ops).toBe(2000);
    expect(s.opsPerSec).toBeCloseTo(1000 + 500);
    expect(s.errors).toBe(2);
    expect(s.firstError).toBe("HTTP 500: boom");
    expect(s.p50Ms).toBeCloseTo(2, 2);
    expect(s.p99Ms).toBeCloseTo(4, 2);
    expect(s.meanMs).toBeCloseTo(3, 2);
    expect(s.clientCpuPct).toBeCloseTo(50);
    expect(s.serverCpuPct).toBeCloseTo(150);
    // 3 s of server CPU over 1500 ops/s × 2 s = 3000 ops.
    expect(s.serverUsPerOp).toBeCloseTo(1000);
    expect(s.machineCpuPct).toBeCloseTo(75);
    expect(s.machineIowaitPct).toBeCloseTo(10);
    expect(s.clientEluMax).toBe(0.7);
    expect(s.issuedPerThread).toEqual([1100, 1050]);
  });

  it("reports zeros (not NaN) for an empty window and omits what was not observed", () => {
    const s = summarize([thread({ windowMs: 0 })], { wallMs: 0, clientUs: 0 });
    expect(s.opsPerSec).toBe(0);
    expect(s.p50Ms).toBe(0);
    expect(s.p99Ms).toBe(0);
    expect(s.clientCpuPct).toBe(0);
    expect(s.serverCpuPct).toBeUndefined();
    expect(s.serverUsPerOp).toBeUndefined();
    expect(s.machineCpuPct).toBeUndefined();
    expect(s.firstError).toBeUndefined();
  });
});

describe("cpuPercent", () => {
  it("is CPU time over wall time as % of one core", () => {
    expect(cpuPercent(1_500_000, 1000)).toBeCloseTo(150);
    expect(cpuPercent(5, 0)).toBe(0);
  });
});

describe("pickBest / compare / verdict", () => {
  it("picks the highest throughput", () => {
    expect(pickBest([{ opsPerSec: 3 }, { opsPerSec: 7 }, { opsPerSec: 5 }])).toEqual({ opsPerSec: 7 });
    expect(pickBest([])).toBeUndefined();
  });

  it("computes engine/ceiling ratios against the threshold", () => {
    expect(compare({ opsPerSec: 850 }, { opsPerSec: 1000 }, 0.85)).toEqual({ ratio: 0.85, pass: true });
    expect(compare({ opsPerSec: 849 }, { opsPerSec: 1000 }, 0.85).pass).toBe(false);
    expect(compare(undefined, { opsPerSec: 1000 }, 0.85)).toEqual({});
    expect(compare({ opsPerSec: 1 }, { opsPerSec: 0 }, 0.85)).toEqual({});
  });

  it("compares server CPU per op (ceiling ÷ engine)", () => {
    expect(cpuEfficiency({ serverUsPerOp: 400 }, { serverUsPerOp: 300 })).toBeCloseTo(0.75);
    expect(cpuEfficiency({}, { serverUsPerOp: 300 })).toBeUndefined();
  });

  it("passes only when every operation was compared and passed", () => {
    expect(verdict([{ ratio: 0.9, pass: true }, { ratio: 1.1, pass: true }])).toBe("PASS");
    expect(verdict([{ ratio: 0.9, pass: true }, { ratio: 0.5, pass: false }])).toBe("FAIL");
    expect(verdict([{ ratio: 0.9, pass: true }, {}])).toBe("N/A");
    expect(verdict([])).toBe("N/A");
  });
});

describe("saturationWarnings", () => {
  const base: PhaseSummary = {
    ops: 1, errors: 0, opsPerSec: 1, p50Ms: 1, p99Ms: 1, p999Ms: 1, maxMs: 1, meanMs: 1,
    clientCpuPct: 50, clientEluMax: 0.3, issuedPerThread: [1], machineCpuPct: 50, serverCpuPct: 50,
  };
  it("is silent for an unsaturated run", () => {
    expect(saturationWarnings(base, 2, 2)).toEqual([]);
  });
  it("flags a busy client thread, a saturated machine and other processes' load", () => {
    const w = saturationWarnings({ ...base, clientEluMax: 0.95, machineCpuPct: 97 }, 2, 2);
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/client may be the bottleneck/);
    expect(w[1]).toMatch(/machine CPU 97%/);
    // 97% busy minus (client 50% + server 50%) / 2 cores = 47% used by something else.
    expect(saturationWarnings({ ...base, machineCpuPct: 97 }, 2, 2)).toContainEqual(expect.stringMatching(/other processes used ~47%/));
  });
  it("flags client CPU near all its threads' capacity", () => {
    expect(saturationWarnings({ ...base, clientCpuPct: 185 }, 2, 2)[0]).toMatch(/near saturation/);
  });
});

describe("median / quartiles", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it("gives the medians of the lower and upper halves, whatever the input order", () => {
    expect(quartiles([8, 1, 5, 3, 7, 2, 6, 4])).toEqual([2.5, 6.5]);
    expect(quartiles([5, 1, 3, 2, 4])).toEqual([1.5, 4.5]);
    expect(quartiles([9])).toEqual([9, 9]);
  });
});

describe("bootstrapMedianCi", () => {
  it("brackets the median, and narrows as the sample grows", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const draw = (n: number) => Array.from({ length: n }, () => 10 + (random() - 0.5) * 4);
    const small = draw(20);
    const large = draw(2000);
    const single = (xs: number[]) => xs.map((x) => [x]);
    const [lo, hi] = bootstrapMedianCi(single(small), 0.95, 1000, random);
    expect(lo).toBeLessThanOrEqual(median(small));
    expect(hi).toBeGreaterThanOrEqual(median(small));
    const [lo2, hi2] = bootstrapMedianCi(single(large), 0.95, 1000, random);
    expect(hi2 - lo2).toBeLessThan((hi - lo) / 3);
    expect(lo2).toBeGreaterThan(9.7);
    expect(hi2).toBeLessThan(10.3);
  });
  it("is a point for a constant sample", () => {
    expect(bootstrapMedianCi([[4, 4], [4, 4]])).toEqual([4, 4]);
  });
  it("is wider when the values move together by group than when the same values are independent", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    // Four groups whose levels differ (a slow round, a fast one ...), little spread within each.
    const groups = [0, 3, -2, 5].map((level) => Array.from({ length: 50 }, () => level + random() - 0.5));
    const [gLo, gHi] = bootstrapMedianCi(groups, 0.95, 1000, random);
    const [iLo, iHi] = bootstrapMedianCi(groups.flat().map((x) => [x]), 0.95, 1000, random);
    expect(gHi - gLo).toBeGreaterThan(2 * (iHi - iLo));
  });
});
