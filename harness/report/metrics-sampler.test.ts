import { describe, expect, it } from "vitest";
import type { PartitionMetricsSample, PartitionMetricsSource } from "../target.js";
import { sampledDuring } from "./metrics-sampler.js";

const sample = (at: number): PartitionMetricsSample => ({
  at,
  serverStartedAt: 1,
  partitions: [{ tableId: "t", partition: 0, operations: at, rowsRead: 0, rowsWritten: 0, storageBytes: null, walBytes: null, items: null }],
});

function source(answer: (n: number) => PartitionMetricsSample): PartitionMetricsSource & { calls: number } {
  const s = {
    table: "usertable",
    source: "GET fake",
    calls: 0,
    async sample() {
      return answer(s.calls++);
    },
  };
  return s;
}

describe("metrics sampler", () => {
  it("samples before the task and once more after it, in order", async () => {
    const src = source((n) => sample(n));
    const { value, sampled } = await sampledDuring(src, 10_000, async () => "done");
    expect(value).toBe("done");
    // The first scrape starts with the task, the last one follows it: at least two, whatever the timing.
    expect(sampled?.metrics.samples.length).toBeGreaterThanOrEqual(2);
    expect(sampled?.metrics.samples.map((s) => s.at)).toEqual([...(sampled?.metrics.samples.map((s) => s.at) ?? [])].sort((a, b) => a - b));
    expect(sampled?.metrics).toMatchObject({ table: "usertable", source: "GET fake", intervalMs: 10_000, failures: 0 });
    expect(sampled?.warnings).toEqual([]);
  });

  it("turns failing scrapes into one warning and never fails the task", async () => {
    const src = source(() => {
      throw new Error("GET /_shvm/metrics answered 404");
    });
    const { value, sampled } = await sampledDuring(src, 1, async () => {
      await new Promise((r) => setTimeout(r, 30));
      return 42;
    });
    expect(value).toBe(42);
    expect(sampled?.metrics.samples).toEqual([]);
    expect(sampled?.metrics.failures).toBeGreaterThanOrEqual(1);
    // It gives up after three failures in a row: no endless scraping of a server that refuses.
    expect(src.calls).toBeLessThanOrEqual(3);
    expect(sampled?.warnings).toHaveLength(1);
    expect(sampled?.warnings[0]).toContain("answered 404");
  });

  it("does nothing without a source or with interval 0", async () => {
    const src = source((n) => sample(n));
    expect(await sampledDuring(undefined, 1000, async () => 1)).toEqual({ value: 1 });
    expect(await sampledDuring(src, 0, async () => 2)).toEqual({ value: 2 });
    expect(src.calls).toBe(0);
  });

  it("passes the task's error on after stopping", async () => {
    const src = source((n) => sample(n));
    await expect(sampledDuring(src, 1000, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
