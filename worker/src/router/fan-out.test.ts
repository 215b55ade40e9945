import { describe, expect, it } from "vitest";
import { mapLimited } from "./fan-out.js";

describe("mapLimited", () => {
  it("runs every item, never more than the limit at once, and keeps the input order", async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = await mapLimited(
      items,
      async (n) => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, (n * 7) % 5));
        running--;
        return n * 2;
      },
      4,
    );
    expect(out).toEqual(items.map((n) => n * 2));
    expect(peak).toBe(4);
  });

  it("starts no further item after a failure, and rejects with it", async () => {
    const started: number[] = [];
    const run = mapLimited(
      Array.from({ length: 20 }, (_, i) => i),
      async (n) => {
        started.push(n);
        await new Promise((r) => setTimeout(r, 1));
        if (n === 2) throw new Error("boom");
        return n;
      },
      2,
    );
    await expect(run).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 20));
    expect(started.length).toBeLessThanOrEqual(4);
  });

  it("handles an empty list", async () => {
    expect(await mapLimited([], async () => 1)).toEqual([]);
  });
});
