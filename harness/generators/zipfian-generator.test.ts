import { describe, expect, it } from "vitest";
import { createRng } from "./rng.js";
import { draw, histogram, range } from "./test-support.js";
import { ZIPFIAN_CONSTANT, ZipfianGenerator, zetaStatic } from "./zipfian-generator.js";

describe("zeta", () => {
  it("has YCSB's values", () => {
    expect(zetaStatic(2, 0.99)).toBe(1.5034777750283594);
    expect(zetaStatic(1000, 0.99)).toBe(7.728953217284729);
  });

  it("continues incrementally to the same sum", () => {
    expect(zetaStatic(1000, 0.99, 400, zetaStatic(400, 0.99))).toBe(zetaStatic(1000, 0.99));
  });
});

describe("ZipfianGenerator", () => {
  const N = 200_000;

  it("gives item 0 probability 1/zeta(n) and item 1 0.5^theta/zeta(n)", () => {
    const gen = ZipfianGenerator.ofItems(1000);
    const rng = createRng(11);
    const counts = new Array<number>(1000).fill(0);
    for (let i = 0; i < N; i++) {
      const v = gen.next(rng);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    const z = zetaStatic(1000, ZIPFIAN_CONSTANT);
    const p0 = 1 / z;
    const p1 = Math.pow(0.5, ZIPFIAN_CONSTANT) / z;
    const tol = (p: number) => 5 * Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs((counts[0] as number) / N - p0)).toBeLessThan(tol(p0));
    expect(Math.abs((counts[1] as number) / N - p1)).toBeLessThan(tol(p1));
    // Popularity falls with rank: the first ten items each beat the last hundred together / 10.
    const tail = counts.slice(900).reduce((a, b) => a + b, 0) / 100;
    for (let i = 0; i < 10; i++) expect(counts[i] as number).toBeGreaterThan(tail);
  });

  it("stays within [min, max] and favours min", () => {
    const gen = new ZipfianGenerator(10, 19);
    const rng = createRng(3);
    const values = draw(20_000, () => gen.next(rng));
    expect(range(values)).toEqual([10, 19]);
    const counts = histogram(values);
    expect(Math.max(...counts.values())).toBe(counts.get(10));
  });

  it("grows zeta incrementally and keeps eta's item count from construction (as YCSB)", () => {
    const gen = ZipfianGenerator.ofItems(1000);
    const rng = createRng(5);
    expect(gen.zetan).toBe(7.728953217284729);
    gen.nextLong(rng, 1500);
    expect(gen.countForZeta).toBe(1500);
    expect(gen.zetan).toBe(zetaStatic(1500, 0.99, 1000, 7.728953217284729));
    expect(gen.zetan).toBeCloseTo(zetaStatic(1500, 0.99), 12);
    const etaOriginalItems = (1 - Math.pow(2 / 1000, 1 - 0.99)) / (1 - zetaStatic(2, 0.99) / gen.zetan);
    expect(gen.eta).toBe(etaOriginalItems);
    const [min, max] = range(draw(1000, () => gen.nextLong(rng, 1500)));
    expect(min).toBe(0);
    expect(max).toBeLessThan(1500);
  });

  it("ignores a smaller item count for zeta unless allowed", () => {
    const rng = createRng(6);
    const fixed = ZipfianGenerator.ofItems(1000);
    fixed.nextLong(rng, 500);
    expect(fixed.countForZeta).toBe(1000);
    const shrinking = new ZipfianGenerator(0, 999, 0.99, { allowItemCountDecrease: true });
    shrinking.nextLong(rng, 500);
    expect(shrinking.countForZeta).toBe(500);
    expect(shrinking.zetan).toBe(zetaStatic(500, 0.99));
  });

  it("accepts a precomputed zeta", () => {
    const gen = new ZipfianGenerator(0, 999, 0.99, { zetan: 7.728953217284729 });
    expect(gen.eta).toBe(ZipfianGenerator.ofItems(1000).eta);
  });
});
