import { describe, expect, it } from "vitest";
import { fnvhash64, fnvhash64Mod, fnvhash64String } from "./fnvhash64.js";
import { createRng } from "./rng.js";

const KNOWN: Array<[number, string]> = [
  [0, "6284781860667377211"],
  [1, "8517097267634966620"],
  [2, "1820151046732198393"],
  [1000, "5952875239596136740"],
];

describe("fnvhash64", () => {
  it.each(KNOWN)("fnvhash64(%i) = %s (exact, string and modulo paths)", (v, expected) => {
    expect(fnvhash64(v)).toBe(BigInt(expected));
    expect(fnvhash64(BigInt(v))).toBe(BigInt(expected));
    expect(fnvhash64String(v)).toBe(expected);
    for (const n of [1, 7, 1000, 2147483647, 10_000_000_001]) {
      expect(fnvhash64Mod(v, n)).toBe(Number(BigInt(expected) % BigInt(n)));
    }
  });

  it("fast paths agree with the BigInt reference over small and large inputs and moduli", () => {
    const r = createRng(1);
    const moduli = [3, 1001, 2 ** 31, 2 ** 37, 2 ** 40 + 7, 2 ** 53 - 1];
    const mismatches: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = i < 1000 ? i : Math.floor(r.nextDouble() * 2 ** 53);
      const exact = fnvhash64(v);
      const n = moduli[i % moduli.length] as number;
      if (exact < 0n) mismatches.push(`negative hash for ${v}`);
      if (fnvhash64String(v) !== exact.toString()) mismatches.push(`string of ${v}`);
      if (fnvhash64Mod(v, n) !== Number(exact % BigInt(n))) mismatches.push(`${v} mod ${n}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("hashes negative longs over their two's-complement bytes, like Java", () => {
    // -1 is eight 0xff bytes, the same input as 2^64 - 1.
    expect(fnvhash64(-1)).toBe(fnvhash64((1n << 64n) - 1n));
    expect(fnvhash64String(-1)).toBe(fnvhash64(-1n).toString());
  });

  it("rejects non-integers", () => {
    expect(() => fnvhash64(1.5)).toThrow(RangeError);
    expect(() => fnvhash64Mod(1, 0)).toThrow(RangeError);
  });
});
