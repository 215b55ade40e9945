import { describe, expect, it } from "vitest";
import { createRng, nextBelow, threadRng, Xoshiro128 } from "./rng.js";
import { draw, range } from "./test-support.js";

describe("xoshiro128**", () => {
  it("matches the reference output for state (1, 2, 3, 4)", () => {
    const r = new Xoshiro128(1, 2, 3, 4);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it("refuses the all-zero state", () => {
    expect(() => new Xoshiro128(0, 0, 0, 0)).toThrow(/all zero/);
  });

  it("is reproducible from a seed, and streams and seeds differ", () => {
    const take = (r: Xoshiro128) => Array.from({ length: 8 }, () => r.nextUint32());
    expect(take(createRng(42))).toEqual(take(createRng(42)));
    expect(take(createRng(42))).not.toEqual(take(createRng(43)));
    expect(take(threadRng(42, 0))).not.toEqual(take(threadRng(42, 1)));
    expect(take(createRng(2 ** 40))).not.toEqual(take(createRng(0)));
  });

  it("gives doubles in [0, 1) with mean 1/2 and integers below n", () => {
    const r = createRng(7);
    const doubles = draw(100_000, () => r.nextDouble());
    const [min, max] = range(doubles);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(doubles.reduce((a, b) => a + b, 0) / 100_000 - 0.5)).toBeLessThan(0.005);
    expect(range(draw(1000, () => nextBelow(r, 3)))).toEqual([0, 2]);
    expect(range(draw(1000, () => r.nextUint32()))[1]).toBeLessThan(2 ** 32);
  });
});
