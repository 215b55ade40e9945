import { describe, expect, it } from "vitest";
import { createRng } from "./rng.js";
import { draw, histogram, range } from "./test-support.js";
import { UniformLongGenerator } from "./uniform-long-generator.js";

describe("UniformLongGenerator", () => {
  it("covers [lb, ub] inclusive and passes a chi-square check", () => {
    const gen = new UniformLongGenerator(10, 29); // 20 values
    const rng = createRng(9);
    const samples = 100_000;
    const values = draw(samples, () => gen.next(rng));
    expect(range(values)).toEqual([10, 29]);
    const counts = histogram(values);
    expect(counts.size).toBe(20);
    const expected = samples / 20;
    const chi2 = [...counts.values()].reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9th percentile is 43.8.
    expect(chi2).toBeLessThan(43.8);
    expect(gen.last()).toBeGreaterThanOrEqual(10);
    expect(gen.mean()).toBe(19.5);
  });

  it("handles a single value and rejects reversed bounds", () => {
    const gen = new UniformLongGenerator(5, 5);
    expect(gen.next(createRng(1))).toBe(5);
    expect(() => new UniformLongGenerator(5, 4)).toThrow(RangeError);
  });
});
