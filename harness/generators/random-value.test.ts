import { describe, expect, it } from "vitest";
import { deterministicValue, randomValue } from "./random-value.js";
import { createRng } from "./rng.js";

function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

describe("randomValue", () => {
  it("has the requested length and YCSB's alphabet (0x20..0x7F, per-position masks)", () => {
    const rng = createRng(15);
    for (const len of [0, 1, 5, 6, 7, 100, 5000]) expect(randomValue(rng, len)).toHaveLength(len);
    const seen = new Set<number>();
    let outsideMask = 0;
    const masks = [31, 63, 95, 31, 63, 95];
    for (let i = 0; i < 2000; i++) {
      const v = randomValue(rng, 6);
      for (let k = 0; k < 6; k++) {
        const c = v.charCodeAt(k);
        if (((c - 32) & (masks[k] as number)) !== c - 32) outsideMask++;
        seen.add(c);
      }
    }
    expect(outsideMask).toBe(0);
    expect(Math.min(...seen)).toBe(0x20);
    expect(Math.max(...seen)).toBe(0x7f);
  });
});

describe("deterministicValue", () => {
  it("is key:field then :hashCode of the whole string so far, cut to size", () => {
    // Naive re-implementation: recompute Java's String.hashCode over the full string each round.
    let s = "user6284781860667377211:field3";
    while (s.length < 100) {
      s += ":";
      s += String(javaHash(s));
    }
    expect(deterministicValue("user6284781860667377211", "field3", 100)).toBe(s.slice(0, 100));
    expect(deterministicValue("user1", "field0", 5)).toBe("user1");
  });
});
