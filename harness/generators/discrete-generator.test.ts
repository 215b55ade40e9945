import { describe, expect, it } from "vitest";
import { DiscreteGenerator } from "./discrete-generator.js";
import { createRng } from "./rng.js";

describe("DiscreteGenerator", () => {
  it("picks values in proportion to their normalised weights", () => {
    const gen = new DiscreteGenerator<string>().add(3, "a").add(1, "b").add(0, "never");
    const rng = createRng(12);
    const samples = 40_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < samples; i++) {
      const v = gen.next(rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.has("never")).toBe(false);
    expect(Math.abs((counts.get("a") ?? 0) / samples - 0.75)).toBeLessThan(0.01);
    expect(gen.size).toBe(3);
  });

  it("needs at least one value and non-negative weights", () => {
    expect(() => new DiscreteGenerator<string>().next(createRng(1))).toThrow(/no values/);
    expect(() => new DiscreteGenerator<string>().add(-1, "x")).toThrow(RangeError);
  });
});
