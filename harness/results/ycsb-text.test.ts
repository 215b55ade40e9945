import { describe, expect, it } from "vitest";
import { newHistogram, encodeHistogram } from "./histogram.js";
import type { YcsbResult } from "./result-file.js";
import { summariseSeries } from "./summary.js";
import { formatYcsbSummary, javaDouble, parsePercentiles, percentileLabel } from "./ycsb-text.js";

describe("javaDouble", () => {
  it("prints doubles as Java's Double.toString", () => {
    expect(javaDouble(0)).toBe("0.0");
    expect(javaDouble(1234)).toBe("1234.0");
    expect(javaDouble(98.91196834817013)).toBe("98.91196834817013");
    expect(javaDouble(0.001)).toBe("0.001");
    expect(javaDouble(0.0001)).toBe("1.0E-4");
    expect(javaDouble(12345678.5)).toBe("1.23456785E7");
    expect(javaDouble(1e7)).toBe("1.0E7");
    expect(javaDouble(NaN)).toBe("NaN");
  });
});

describe("percentile names", () => {
  it("uses YCSB's ordinals", () => {
    expect([1, 2, 3, 11, 12, 13, 21, 50, 95, 99].map(percentileLabel)).toEqual(["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "50th", "95th", "99th"]);
    expect(percentileLabel(99.9)).toBe("99.9");
  });

  it("reads hdrhistogram.percentiles, falling back to 95,99", () => {
    expect(parsePercentiles(undefined)).toEqual([95, 99]);
    expect(parsePercentiles("50, 99.9")).toEqual([50, 99.9]);
    expect(parsePercentiles("x")).toEqual([95, 99]);
  });
});

describe("formatYcsbSummary", () => {
  it("prints YCSB's lines in YCSB's order: OVERALL, each series with its return codes, then Intended- series", () => {
    const h = newHistogram();
    for (const v of [100, 200, 300, 400]) h.recordValue(v);
    const encoded = encodeHistogram(h);
    const read = summariseSeries(h, 2000, { OK: 4, NOT_FOUND: 1 });
    const result = {
      overall: { runTimeMs: 2000, throughput: 2.5, operations: 5, warmupOperations: 0 },
      operations: { READ: read },
      intended: { READ: summariseSeries(h, 2000) },
      histograms: { encoding: "hdrhistogram-compressed-base64", unit: "us", actual: { READ: encoded }, intended: { READ: encoded } },
      workload: { name: "x", files: [], properties: {} },
    } as unknown as YcsbResult;
    const lines = formatYcsbSummary(result).split("\n");
    expect(lines.slice(0, 10)).toEqual([
      "[OVERALL], RunTime(ms), 2000",
      "[OVERALL], Throughput(ops/sec), 2.5",
      "[READ], Operations, 4",
      "[READ], AverageLatency(us), 250.0",
      "[READ], MinLatency(us), 100",
      `[READ], MaxLatency(us), ${read.maxLatencyUs}`,
      `[READ], 95thPercentileLatency(us), ${h.getValueAtPercentile(95)}`,
      `[READ], 99thPercentileLatency(us), ${h.getValueAtPercentile(99)}`,
      "[READ], Return=OK, 4",
      "[READ], Return=NOT_FOUND, 1",
    ]);
    expect(lines[10]).toBe("[Intended-READ], Operations, 4");
    expect(lines).toHaveLength(16); // Intended- series have no return codes
    expect(formatYcsbSummary(result, [50])).toContain("[READ], 50thPercentileLatency(us), ");
  });
});
