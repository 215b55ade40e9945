import { describe, expect, it } from "vitest";
import { loadWorkloadText, resolveConfig } from "../../workloads/index.js";
import { CoreWorkload } from "../generators/core-workload.js";
import { createRng } from "../generators/rng.js";
import { ZETAN } from "../generators/scrambled-zipfian-generator.js";
import { encodePartitionKey } from "../../worker/src/model/key-codec.js";
import { partitionOf } from "../../worker/src/model/hash.js";
import { keyDistribution } from "./key-distribution.js";
import { keyHashes, partitionShares, scalingCurve } from "./scaling.js";

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
// Fewer exact ranks than the default keeps the tests quick; the tail bound stays far below the tolerances used.
const EXACT_RANKS = 1 << 20;

describe("partition shares", () => {
  it("sum to 1 for every partition count", () => {
    const config = resolveConfig({ recordcount: "3000", requestdistribution: "zipfian" });
    const dist = keyDistribution(config, { exactRanks: EXACT_RANKS });
    const hashes = keyHashes(config, dist);
    for (const P of [1, 3, 16, 1024]) expect(sum(partitionShares(dist.probabilities, hashes, P))).toBeCloseTo(1, 12);
  });

  it("route each record as the engine does: its key string's hash, the i-th of P equal slices", () => {
    const config = resolveConfig({ recordcount: "50" });
    const dist = keyDistribution(config);
    const shares = partitionShares(dist.probabilities, keyHashes(config, dist), 7);
    const expected = new Float64Array(7);
    for (let k = 0; k < 50; k++) {
      const key = new CoreWorkload(config).buildKeyName(k);
      expected[partitionOf(encodePartitionKey("S", key).hash, 7)]! += 1 / 50;
    }
    expect(Array.from(shares)).toEqual(Array.from(expected).map((x) => expect.closeTo(x, 12)));
  });
});

describe("scalingCurve", () => {
  it("uniform over many keys gives each partition about 1/P, so the bound grows about linearly", () => {
    const curve = scalingCurve({ recordcount: 100_000, distribution: "uniform", ceilingOpsPerSec: 1000, partitionCounts: [1, 4, 64] });
    for (const row of curve.rows) {
      // 100,000 keys over 64 partitions: ~1,560 keys each, binomial spread ~2.5 %; the hottest of 64 is ~2.5 σ above.
      expect(row.hottestShare).toBeGreaterThanOrEqual(1 / row.partitions);
      expect(row.hottestShare).toBeLessThan((1 / row.partitions) * 1.1);
      expect(row.bound).toBeCloseTo(1000 / row.hottestShare, 6);
    }
  });

  it("zipfian: 1 at P=1, never rising as P doubles, flattening at the hottest key's own probability ≈ 1/ζ(10^10, 0.99)", () => {
    const curve = scalingCurve({ recordcount: 10_000, distribution: "zipfian", ceilingOpsPerSec: 1000, exactRanks: EXACT_RANKS });
    const shares = curve.rows.map((r) => r.hottestShare);
    expect(shares[0]).toBeCloseTo(1, 12);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeLessThanOrEqual(shares[i - 1]! + 1e-15);
    // The hottest record is rank 0's (1/ζ), plus what other ranks scatter onto it, over the readable share.
    expect(curve.hottestKeyShare).toBeGreaterThan(1 / ZETAN);
    expect(curve.hottestKeyShare).toBeLessThan((1 / ZETAN) * 1.03);
    const last = curve.rows.at(-1)!;
    expect(last.partitions).toBe(1024);
    expect(last.hottestShare).toBeGreaterThanOrEqual(curve.hottestKeyShare);
    expect(last.hottestShare - curve.hottestKeyShare).toBeLessThan(0.01);
    // Far from the uniform 1/1024: the hot key caps the bound at ~ceiling / 0.04.
    expect(last.bound).toBeLessThan(1000 / curve.hottestKeyShare);
    expect(last.bound).toBeLessThan(1000 * 1024 * 0.05);
  });

  it("caps the bound at ceiling × P", () => {
    const curve = scalingCurve({ recordcount: 2, distribution: "uniform", ceilingOpsPerSec: 500, partitionCounts: [1, 2] });
    for (const row of curve.rows) expect(row.bound).toBeLessThanOrEqual(500 * row.partitions + 1e-9);
  });
});

describe("the exact computation against the real generator", () => {
  // 200,000 keys drawn by CoreWorkload itself (workload C: reads only), seeded.
  const N = 200_000;
  const config = loadWorkloadText("recordcount=10000\noperationcount=100000\nreadproportion=1\nupdateproportion=0\nrequestdistribution=zipfian\n");
  const workload = new CoreWorkload(config);
  const rng = createRng(20241);
  const counts = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    const op = workload.nextOperation(rng);
    counts.set(op.keynum, (counts.get(op.keynum) ?? 0) + 1);
  }
  const dist = keyDistribution(config, { exactRanks: EXACT_RANKS });
  // A frequency's standard deviation is sqrt(p(1 − p)/N); 5 σ is loose enough never to flake, tight enough to
  // tell the generator's own distribution from the ideal Zipf law (rank 2: 0.0153 against 0.0127).
  const within = (p: number, sampled: number) => Math.abs(sampled / N - p) <= 5 * Math.sqrt((p * (1 - p)) / N) + (dist.tail?.tailStdBound ?? 0);

  it("agrees on the hottest keys one by one", () => {
    const order = Array.from(dist.probabilities.keys()).sort((a, b) => dist.probabilities[b]! - dist.probabilities[a]!);
    for (const k of order.slice(0, 8)) expect(within(dist.probabilities[k]!, counts.get(dist.first + k) ?? 0), `record ${k}`).toBe(true);
  });

  it("agrees on every partition's share at P = 8", () => {
    const exact = partitionShares(dist.probabilities, keyHashes(config, dist), 8);
    const sampled = new Float64Array(8);
    for (const [keynum, n] of counts) sampled[partitionOf(encodePartitionKey("S", workload.buildKeyName(keynum)).hash, 8)]! += n;
    for (let i = 0; i < 8; i++) expect(within(exact[i]!, sampled[i]!), `partition ${i}`).toBe(true);
  });
});

describe("keyDistribution", () => {
  it("latest never picks record 0 and favours the newest", () => {
    const d = keyDistribution(resolveConfig({ recordcount: "1000", requestdistribution: "latest" }));
    expect(d.probabilities[0]).toBe(0);
    expect(sum(d.probabilities)).toBeCloseTo(1, 12);
    expect(d.probabilities[999]).toBeGreaterThan(d.probabilities[998]!);
  });

  it("hotspot puts hotopnfraction on the first hotdatafraction of the records", () => {
    const d = keyDistribution(resolveConfig({ recordcount: "1000", requestdistribution: "hotspot", hotspotdatafraction: "0.1", hotspotopnfraction: "0.9" }));
    expect(sum(d.probabilities.subarray(0, 100))).toBeCloseTo(0.9, 12);
    expect(d.probabilities[500]).toBeCloseTo(0.1 / 900, 15);
  });

  it("zipfian is conditioned on the loaded records (YCSB redraws the extra inclusive item)", () => {
    const d = keyDistribution(resolveConfig({ recordcount: "100", requestdistribution: "zipfian" }), { exactRanks: 1 << 16 });
    expect(d.probabilities.length).toBe(100);
    expect(sum(d.probabilities)).toBeCloseTo(1, 12);
  });
});
