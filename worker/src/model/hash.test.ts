import { describe, expect, it } from "vitest";
import { hash64, partitionOf, partitionStart } from "./hash.js";

const enc = new TextEncoder();
const asBig = (h: { hi: number; lo: number }) => (BigInt(h.hi) << 32n) | BigInt(h.lo);

describe("hash64", () => {
  it("is deterministic and spreads both halves", () => {
    expect(hash64(enc.encode("user1"))).toEqual(hash64(enc.encode("user1")));
    expect(hash64(enc.encode("user1")).hi).not.toBe(hash64(enc.encode("user2")).hi);
  });
  it("spreads sequential YCSB-like keys evenly over range partitions", () => {
    const P = 16;
    const counts = new Array<number>(P).fill(0);
    const N = 32000;
    for (let i = 0; i < N; i++) counts[partitionOf(hash64(enc.encode(`user${i}`)), P)]!++;
    for (const c of counts) {
      expect(c).toBeGreaterThan((N / P) * 0.9);
      expect(c).toBeLessThan((N / P) * 1.1);
    }
  });
});

describe("partitionOf", () => {
  it("is floor(hash * P / 2^64), exactly", () => {
    for (const P of [1, 2, 3, 7, 16, 1000, 1024]) {
      for (let i = 0; i < 200; i++) {
        const h = hash64(enc.encode(`k${i}`));
        const want = Number((asBig(h) * BigInt(P)) >> 64n);
        expect(partitionOf(h, P)).toBe(want);
      }
      expect(partitionOf({ hi: 0xffffffff, lo: 0xffffffff }, P)).toBe(P - 1);
      expect(partitionOf({ hi: 0, lo: 0 }, P)).toBe(0);
    }
  });
  it("agrees with partitionStart at every boundary", () => {
    for (const P of [2, 3, 7, 1024]) {
      for (let i = 1; i < P; i++) {
        const start = partitionStart(i, P);
        expect(partitionOf(start, P)).toBe(i);
        const before = asBig(start) - 1n;
        expect(partitionOf({ hi: Number(before >> 32n), lo: Number(before & 0xffffffffn) }, P)).toBe(i - 1);
      }
    }
  });
});
