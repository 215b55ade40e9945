import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../workloads/load-workload.js";
import { createRng } from "../generators/rng.js";
import { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";
import { loadSlice, loadWorkloadForSlice, runWorkloadWithSharedInserts, shareOf } from "./thread-workload.js";

describe("work split among threads", () => {
  it("splits operations as YCSB's Client does (the first remainder threads get one more)", () => {
    expect([0, 1, 2].map((i) => shareOf(10, 3, i))).toEqual([4, 3, 3]);
    expect([0, 1, 2, 3].map((i) => shareOf(2, 4, i))).toEqual([1, 1, 0, 0]);
  });

  it("gives load threads contiguous slices covering insertstart .. insertstart+insertcount exactly once", () => {
    const config = { insertstart: 5, insertcount: 11 };
    const slices = [0, 1, 2].map((i) => loadSlice(config, 3, i));
    expect(slices).toEqual([
      { start: 5, count: 4 },
      { start: 9, count: 4 },
      { start: 13, count: 3 },
    ]);
  });

  it("makes each load thread insert its own slice's records", () => {
    const config = loadWorkload("a", ["recordcount=10"]);
    const rng = createRng(1);
    const keynums = [0, 1, 2].flatMap((i) => {
      const slice = loadSlice(config, 3, i);
      const w = loadWorkloadForSlice(config, slice);
      return Array.from({ length: slice.count }, () => w.nextInsert(rng).keynum);
    });
    expect(keynums).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("gives more threads than records empty slices, for every request distribution", () => {
    for (const dist of ["uniform", "sequential", "hotspot", "zipfian", "latest", "exponential"]) {
      const config = loadWorkload("a", ["recordcount=2", `requestdistribution=${dist}`]);
      const rng = createRng(1);
      const keynums = [0, 1, 2, 3].flatMap((i) => {
        const slice = loadSlice(config, 4, i);
        const w = loadWorkloadForSlice(config, slice);
        return Array.from({ length: slice.count }, () => w.nextInsert(rng).keynum);
      });
      expect(keynums, dist).toEqual([0, 1]);
    }
  });
});

describe("run-phase inserts shared by threads", () => {
  it("hands out one insert sequence to every thread's workload and keeps all readers below unacknowledged inserts", () => {
    const config = loadWorkload("d", ["recordcount=100", "operationcount=1000"]);
    const shared = SharedAcknowledgedCounter.create(100);
    const a = runWorkloadWithSharedInserts(config, shared);
    const b = runWorkloadWithSharedInserts(config, shared);
    const rng = createRng(7);
    // Thread a takes an insert and holds it; b inserts and acknowledges several after it.
    const held = nextInsert(a, rng);
    expect(held.keynum).toBe(100);
    for (let i = 0; i < 5; i++) {
      const op = nextInsert(b, rng);
      expect(op.keynum).toBe(101 + i);
      b.acknowledgeInsert(op.keynum);
    }
    expect(a.maxReadableKeynum).toBe(99);
    for (let i = 0; i < 2000; i++) {
      const op = a.nextOperation(rng);
      if (op.type !== "insert") expect(op.keynum).toBeLessThanOrEqual(99);
      else a.acknowledgeInsert(op.keynum);
    }
    a.acknowledgeInsert(held.keynum);
    expect(b.maxReadableKeynum).toBeGreaterThanOrEqual(105);
  });
});

function nextInsert(w: ReturnType<typeof runWorkloadWithSharedInserts>, rng: ReturnType<typeof createRng>) {
  for (;;) {
    const op = w.nextOperation(rng);
    if (op.type === "insert") return op;
  }
}
