import { describe, expect, it } from "vitest";
import { bootstrapMedianCi, median, quartiles } from "./ab-stats.js";

describe("median / quartiles", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it("gives the medians of the lower and upper halves, whatever the input order", () => {
    expect(quartiles([8, 1, 5, 3, 7, 2, 6, 4])).toEqual([2.5, 6.5]);
    expect(quartiles([5, 1, 3, 2, 4])).toEqual([1.5, 4.5]);
    expect(quartiles([9])).toEqual([9, 9]);
  });
});

describe("bootstrapMedianCi", () => {
  it("brackets the median, and narrows as the sample grows", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const draw = (n: number) => Array.from({ length: n }, () => 10 + (random() - 0.5) * 4);
    const small = draw(20);
    const large = draw(2000);
    const single = (xs: number[]) => xs.map((x) => [x]);
    const [lo, hi] = bootstrapMedianCi(single(small), 0.95, 1000, random);
    expect(lo).toBeLessThanOrEqual(median(small));
    expect(hi).toBeGreaterThanOrEqual(median(small));
    const [lo2, hi2] = bootstrapMedianCi(single(large), 0.95, 1000, random);
    expect(hi2 - lo2).toBeLessThan((hi - lo) / 3);
    expect(lo2).toBeGreaterThan(9.7);
    expect(hi2).toBeLessThan(10.3);
  });
  it("is a point for a constant sample", () => {
    expect(bootstrapMedianCi([[4, 4], [4, 4]])).toEqual([4, 4]);
  });
  it("is wider when the values move together by group than when the same values are independent", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    // Four groups whose levels differ (a slow round, a fast one ...), little spread within each.
    const groups = [0, 3, -2, 5].map((level) => Array.from({ length: 50 }, () => level + random() - 0.5));
    const [gLo, gHi] = bootstrapMedianCi(groups, 0.95, 1000, random);
    const [iLo, iHi] = bootstrapMedianCi(groups.flat().map((x) => [x]), 0.95, 1000, random);
    expect(gHi - gLo).toBeGreaterThan(2 * (iHi - iLo));
  });
});
