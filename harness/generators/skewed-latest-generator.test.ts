import { describe, expect, it } from "vitest";
import { AcknowledgedCounterGenerator } from "./acknowledged-counter-generator.js";
import { createRng } from "./rng.js";
import { SkewedLatestGenerator } from "./skewed-latest-generator.js";
import { countWhere, draw, histogram, range } from "./test-support.js";

describe("SkewedLatestGenerator", () => {
  it("favours the most recent records and follows acknowledged inserts", () => {
    const basis = new AcknowledgedCounterGenerator(1000); // records 0..999 loaded
    const gen = new SkewedLatestGenerator(basis);
    const rng = createRng(8);
    const values = draw(50_000, () => gen.next(rng));
    expect(range(values)).toEqual([1, 999]); // YCSB's quirk: record 0 is never chosen
    const ranked = [...histogram(values).entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(ranked.slice(0, 2)).toEqual([999, 998]);
    expect(countWhere(values, (k) => k >= 900)).toBeGreaterThan(5 * countWhere(values, (k) => k < 100));

    // Two inserts land; only once acknowledged does the newest become the hottest.
    const a = basis.next();
    const b = basis.next();
    basis.acknowledge(b);
    expect(range(draw(1000, () => gen.next(rng)))[1]).toBeLessThanOrEqual(999);
    basis.acknowledge(a);
    const after = draw(10_000, () => gen.next(rng));
    expect(range(after)[1]).toBe(1001);
    expect(countWhere(after, (v) => v === 1001) / 10_000).toBeGreaterThan(0.1);
  });
});
