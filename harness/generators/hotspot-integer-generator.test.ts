import { describe, expect, it } from "vitest";
import { HotspotIntegerGenerator } from "./hotspot-integer-generator.js";
import { createRng } from "./rng.js";
import { countWhere, draw, range } from "./test-support.js";

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
    const allCold = new HotspotIntegerGenerator(0, 9, 0, 1);
    expect(range(draw(100, () => allCold.next(rng)))[1]).toBeLessThanOrEqual(9);
    const allHot = new HotspotIntegerGenerator(0, 9, 1, 0);
    expect(range(draw(100, () => allHot.next(rng)))[1]).toBeLessThanOrEqual(9);
    expect(() => new HotspotIntegerGenerator(0, 9, 1.5, 0.5)).toThrow(/Hotset/);
    expect(() => new HotspotIntegerGenerator(9, 0, 0.2, 0.8)).toThrow(RangeError);
  });
});
