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

  it("handles an empty list", async () => {
    expect(await mapLimited([], async () => 1)).toEqual([]);
  });
});
