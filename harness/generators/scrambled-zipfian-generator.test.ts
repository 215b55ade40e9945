import { describe, expect, it } from "vitest";
import { fnvhash64Mod } from "./fnvhash64.js";
import { createRng } from "./rng.js";
import { ITEM_COUNT, ScrambledZipfianGenerator, ZETAN } from "./scrambled-zipfian-generator.js";
import { draw, histogram, range } from "./test-support.js";

describe("ScrambledZipfianGenerator", () => {
  it("uses YCSB's constants", () => {
    expect(ZETAN).toBe(26.46902820178302);
    expect(ITEM_COUNT).toBe(10_000_000_000);
    expect(() => new ScrambledZipfianGenerator(0, 9, 0.5)).toThrow(/theta/);
  });

  it("puts the hottest items at fnvhash64(rank) mod n, spread over the key space", () => {
    const n = 1000;
    const gen = ScrambledZipfianGenerator.ofItems(n);
    const rng = createRng(21);
    const samples = 100_000;
    const values = draw(samples, () => gen.next(rng));
    const [min, max] = range(values);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(n);
    const byCount = [...histogram(values).entries()].sort((a, b) => b[1] - a[1]);
    const top3 = byCount.slice(0, 3).map(([k]) => k);
    expect(top3).toEqual([0, 1, 2].map((r) => fnvhash64Mod(r, n)));
    // The hottest key draws at least item 0's share of the underlying Zipfian (1/zeta(10^10)).
    const p0 = 1 / ZETAN;
    expect((byCount[0]?.[1] as number) / samples).toBeGreaterThan(p0 - 5 * Math.sqrt((p0 * (1 - p0)) / samples));
    // Not clustered: the ten hottest keys span most of the space and touch at least four of its tenths.
    const hot10 = byCount.slice(0, 10).map(([k]) => k);
    expect(Math.max(...hot10) - Math.min(...hot10)).toBeGreaterThan(n / 2);
    expect(new Set(hot10.map((k) => Math.floor(k / 100))).size).toBeGreaterThanOrEqual(4);
  });

  it("offsets by min", () => {
    const gen = new ScrambledZipfianGenerator(5000, 5999);
    const rng = createRng(2);
    const [min, max] = range(draw(1000, () => gen.next(rng)));
    expect(min).toBeGreaterThanOrEqual(5000);
    expect(max).toBeLessThanOrEqual(5999);
    expect(gen.mean()).toBe(5499.5);
  });
});
