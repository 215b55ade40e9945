import { describe, expect, it } from "vitest";
import { createFieldLengthGenerator } from "./field-length-generator.js";
import { createRng } from "./rng.js";
import { countWhere, draw, range } from "./test-support.js";

describe("field length generators", () => {
  const rng = createRng(13);

  it("constant gives fieldlength", () => {
    const g = createFieldLengthGenerator({ fieldlengthdistribution: "constant", fieldlength: 100, minfieldlength: 1 });
    expect(g.next(rng)).toBe(100);
  });

  it("uniform stays in [minfieldlength, fieldlength]", () => {
    const g = createFieldLengthGenerator({ fieldlengthdistribution: "uniform", fieldlength: 100, minfieldlength: 10 });
    const values = draw(10_000, () => g.next(rng));
    expect(range(values)).toEqual([10, 100]);
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / 10_000 - 55)).toBeLessThan(1.5);
  });

  it("zipfian favours short fields", () => {
    const g = createFieldLengthGenerator({ fieldlengthdistribution: "zipfian", fieldlength: 100, minfieldlength: 1 });
    const values = draw(10_000, () => g.next(rng));
    const [min, max] = range(values);
    expect(min).toBe(1);
    expect(max).toBeLessThanOrEqual(100);
    expect(countWhere(values, (v) => v === 1) / 10_000).toBeGreaterThan(0.15); // 1/zeta(100) ≈ 0.19
  });
});
