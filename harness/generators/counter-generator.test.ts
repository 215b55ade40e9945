import { describe, expect, it } from "vitest";
import { CounterGenerator } from "./counter-generator.js";

describe("CounterGenerator", () => {
  it("counts from its start; last() is the latest value handed out", () => {
    const c = new CounterGenerator(100);
    expect(c.last()).toBe(99);
    expect([c.next(), c.next(), c.next()]).toEqual([100, 101, 102]);
    expect(c.last()).toBe(102);
  });
});
