import { describe, expect, it } from "vitest";
import { newHistogram } from "../results/histogram.js";
import { curveFromEncoded, percentileCurve } from "./percentile-curve.js";
import { encodedLatencies } from "./test-fixtures.js";

describe("percentile curve", () => {
  const values = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 µs, one each
  const curve = curveFromEncoded(encodedLatencies(values));
  const at = (x: number) => curve.find((p) => Math.abs(p.x - x) < 1e-9);

  it("walks HdrHistogram's percentile ticks: 5 per halving of the distance to 100 %, up to the last operation", () => {
    // x = 2^(i/5) for i = 0 .. floor(5 log2 1000) = 49, then the maximum at x = count.
    expect(curve).toHaveLength(51);
    expect(curve[0]).toEqual({ percentile: 0, x: 1, us: 1 });
    expect(curve.at(-1)).toEqual({ percentile: 100, x: 1000, us: 1000 });
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.x).toBeGreaterThan(curve[i - 1]!.x);
      expect(curve[i]!.us).toBeGreaterThanOrEqual(curve[i - 1]!.us);
    }
  });

  it("puts each percentile at x = 1/(1-p) with the histogram's value there", () => {
    expect(at(2)).toMatchObject({ percentile: 50, us: 500 });
    expect(at(4)).toMatchObject({ percentile: 75, us: 750 });
    expect(at(2 ** 5)!.percentile).toBeCloseTo(100 * (1 - 1 / 32), 9);
    expect(at(2 ** 5)!.us).toBe(969); // ceil(0.96875 * 1000)
  });

  it("is empty for an empty histogram", () => {
    const h = newHistogram();
    expect(percentileCurve(h)).toEqual([]);
    h.destroy();
  });

  it("ends at the maximum even for a single operation", () => {
    expect(curveFromEncoded(encodedLatencies([420]))).toEqual([
      { percentile: 0, x: 1, us: 420 },
      { percentile: 100, x: 1, us: 420 },
    ]);
  });
});
