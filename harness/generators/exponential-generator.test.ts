import { describe, expect, it } from "vitest";
import { ExponentialGenerator } from "./exponential-generator.js";
import { createRng } from "./rng.js";
import { countWhere, draw, range } from "./test-support.js";

describe("ExponentialGenerator", () => {
  it("puts `percentile`% of draws below `range`", () => {
    const gen = ExponentialGenerator.fromPercentile(95, 1000);
    const rng = createRng(14);
    const values = draw(20_000, () => gen.next(rng));
    expect(range(values)[0]).toBeGreaterThanOrEqual(0);
    expect(Math.abs(countWhere(values, (v) => v < 1000) / 20_000 - 0.95)).toBeLessThan(0.01);
    expect(gen.mean()).toBeCloseTo(1000 / -Math.log(0.05), 6);
  });
});
