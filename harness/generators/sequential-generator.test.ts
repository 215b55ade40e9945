import { describe, expect, it } from "vitest";
import { SequentialGenerator } from "./sequential-generator.js";

describe("SequentialGenerator", () => {
  it("walks [start, end] in order and wraps", () => {
    const g = new SequentialGenerator(5, 7);
    expect(Array.from({ length: 7 }, () => g.next())).toEqual([5, 6, 7, 5, 6, 7, 5]);
    expect(g.last()).toBe(5);
  });
});
