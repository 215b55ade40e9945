import { describe, expect, it } from "vitest";
import type { PartitionCounters } from "../target.js";
import { groupPhases } from "./inputs.js";
import { modelData } from "./model-data.js";
import { partitionView } from "./partition-heatmap.js";
import { fixtureResult, MEASURED_FROM } from "./test-fixtures.js";

const origin = Date.parse(MEASURED_FROM);
const counters = (partition: number, operations: number): PartitionCounters => ({
  tableId: "t1",
  partition,
  operations,
  rowsRead: operations,
  rowsWritten: 0,
  storageBytes: 4096,
  walBytes: null,
  items: 500,
});
const withSamples = (phase: "load" | "run") =>
  fixtureResult({
    phase,
    partitionMetrics: {
      table: "usertable",
      source: "test",
      intervalMs: 1000,
      failures: 0,
      samples: [0, 5, 10].map((s) => ({ at: origin + s * 1000, serverStartedAt: 1, partitions: [counters(0, 60 * s), counters(1, 40 * s)] })),
    },
  });
const model = (...results: ReturnType<typeof fixtureResult>[]) => {
  const groups = groupPhases(results.map((result, i) => ({ file: `/r/${i}.json`, result })));
  return modelData(
    groups,
    groups.map((g) => partitionView(g.runs[0]!.result)),
  );
};

describe("cost and scaling model in the report", () => {
  it("prices a run phase on both systems and draws the scaling bound through the run's partition count", () => {
    const m = model(withSamples("load"), withSamples("run"));
    expect(m?.phases.map((p) => p.phaseIndex)).toEqual([1]); // the run only: a load is not a workload's steady state
    const [phase] = m!.phases;
    expect(phase!.cost.map((c) => c.system)).toEqual(["shvm-db on Cloudflare", expect.stringMatching(/^DynamoDB/)]);
    expect(phase!.cost[0]!.totalPerMillionOps).toBeGreaterThan(0);
    const s = phase!.scaling!;
    // The ceiling is the hottest partition's measured rate: 60 % of the run's 100 ops/s.
    expect(s.ceilingOpsPerSec).toBeCloseTo(60, 9);
    expect(s.measured).toMatchObject({ partitions: 2, throughput: 100, hottest: "usertable/0" });
    expect(s.rows[0]).toMatchObject({ partitions: 1, bound: expect.closeTo(60, 6) });
    expect(s.predicted?.share).toBeGreaterThan(0.5);
  });

  it("says why instead of failing when the run has no partition samples", () => {
    const m = model(fixtureResult({ phase: "run" }));
    expect(m?.phases[0]?.scaling).toBeUndefined();
    expect(m?.phases[0]?.notes.join(" ")).toMatch(/no partitionMetrics samples/);
  });
});
