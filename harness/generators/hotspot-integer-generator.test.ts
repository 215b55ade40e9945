import { describe, expect, it } from "vitest";
import { HotspotIntegerGenerator } from "./hotspot-integer-generator.js";
import { createRng } from "./rng.js";
import { countWhere, draw, histogram, range } from "./test-support.js";

describe("HotspotIntegerGenerator", () => {
  it("sends hotopnfraction of the draws to the lowest hotsetfraction of the range", () => {
    const gen = new HotspotIntegerGenerator(100, 1099, 0.2, 0.8);
    expect(gen.hotInterval).toBe(200);
    const rng = createRng(4);
    const samples = 50_000;
    const values = draw(samples, () => gen.next(rng));
    expect(range(values)).toEqual([100, 1099]);
    expect(Math.abs(countWhere(values, (v) => v < 300) / samples - 0.8)).toBeLessThan(0.01);
    expect(gen.mean()).toBeCloseTo(0.8 * 200 + 0.2 * (300 + 400), 6);
  });

  it("draws from the other set when one is empty, and rejects bad fractions", () => {
    const rng = createRng(1);
    // No hot set, yet every operation asks for it: all draws come from the cold set, uniformly over all 10 values.
    const allCold = new HotspotIntegerGenerator(0, 9, 0, 1);
    expect([allCold.hotInterval, allCold.coldInterval]).toEqual([0, 10]);
    const cold = histogram(draw(10_000, () => allCold.next(rng)));
    expect([...cold.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const n of cold.values()) expect(Math.abs(n / 10_000 - 0.1)).toBeLessThan(0.02);
    // No cold set, and no operation asks for the hot one: all draws come from the hot set (the whole range).
    const allHot = new HotspotIntegerGenerator(0, 9, 1, 0);
    expect([allHot.hotInterval, allHot.coldInterval]).toEqual([10, 0]);
    const hot = histogram(draw(10_000, () => allHot.next(rng)));
    expect([...hot.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const n of hot.values()) expect(Math.abs(n / 10_000 - 0.1)).toBeLessThan(0.02);
    // A hot set of one value (the lowest) with 90 % of the operations.
    const oneHot = new HotspotIntegerGenerator(5, 14, 0.1, 0.9);
    const values = draw(20_000, () => oneHot.next(rng));
    expect(range(values)).toEqual([5, 14]);
    expect(Math.abs(countWhere(values, (v) => v === 5) / 20_000 - 0.9)).toBeLessThan(0.01);
    expect(() => new HotspotIntegerGenerator(0, 9, 1.5, 0.5)).toThrow(/Hotset/);
    expect(() => new HotspotIntegerGenerator(9, 0, 0.2, 0.8)).toThrow(RangeError);
  });
});
