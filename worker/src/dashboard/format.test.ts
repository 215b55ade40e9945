import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration, formatSeconds, logTicks } from "./format.js";

describe("format", () => {
  it("counts", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1234)).toBe("1.23k");
    expect(formatCount(56_700)).toBe("56.7k");
    expect(formatCount(5_600_000)).toBe("5.6M");
    expect(formatCount(2.5)).toBe("2.5");
  });
  it("bytes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(8 * 1024 * 1024)).toBe("8 MiB");
  });
  it("latencies", () => {
    expect(formatSeconds(0.000042)).toBe("42 µs");
    expect(formatSeconds(0.0153)).toBe("15.3 ms");
    expect(formatSeconds(0.00234)).toBe("2.34 ms");
    expect(formatSeconds(2.5)).toBe("2.5 s");
  });
  it("durations", () => {
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(200_000)).toBe("3m 20s");
    expect(formatDuration(2 * 3600_000 + 60_000)).toBe("2h 1m");
    expect(formatDuration(90_000_000)).toBe("1d 1h");
  });
});

describe("logTicks", () => {
  it("steps 1-2-5 inside the range", () => {
    expect(logTicks(0.0003, 0.004)).toEqual([0.0005, 0.001, 0.002]);
    expect(logTicks(0.9, 11)).toEqual([1, 2, 5, 10]);
  });
  it("keeps powers of ten over wide ranges", () => {
    expect(logTicks(0.00002, 10)).toEqual([0.0001, 0.001, 0.01, 0.1, 1, 10]);
  });
  it("is empty for a non-positive range", () => {
    expect(logTicks(0, 1)).toEqual([]);
  });
});
