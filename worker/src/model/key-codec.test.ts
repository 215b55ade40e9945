import { describe, expect, it } from "vitest";
import { encodeNumber, encodePartitionKey, encodeScalar } from "./key-codec.js";
import { bytesToBase64 } from "./base64.js";

function cmp(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

describe("encodeNumber", () => {
  // Sorted ascending by numeric value; every adjacent pair must compare in the same order as bytes.
  const ordered = [
    "-9.9999999999999999999999999999999999999e125",
    "-1e125",
    "-100",
    "-12.5",
    "-12.34",
    "-12.3",
    "-12",
    "-1",
    "-0.123",
    "-0.12",
    "-0.1",
    "-1e-130",
    "0",
    "1e-130",
    "0.0001",
    "0.1",
    "0.12",
    "0.123",
    "1",
    "9",
    "10",
    "12",
    "12.3",
    "12.34",
    "100",
    "1e125",
    "9.9999999999999999999999999999999999999e125",
  ];
  it("orders numbers as DynamoDB does", () => {
    for (let i = 1; i < ordered.length; i++) {
      const a = encodeNumber(ordered[i - 1]!);
      const b = encodeNumber(ordered[i]!);
      expect(cmp(a, b), `${ordered[i - 1]} < ${ordered[i]}`).toBeLessThan(0);
    }
  });
  it("gives equal numbers equal bytes whatever their spelling", () => {
    expect(encodeNumber("100")).toEqual(encodeNumber("1e2"));
    expect(encodeNumber("0012.500")).toEqual(encodeNumber("12.5"));
    expect(encodeNumber("-0")).toEqual(encodeNumber("0"));
    expect(encodeNumber("0.00")).toEqual(Uint8Array.of(0x80));
  });
  it("orders random numbers like their numeric values", () => {
    const nums: number[] = [];
    for (let i = 0; i < 500; i++) nums.push(Math.round((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 12)) / 1000);
    const byBytes = [...nums].sort((a, b) => cmp(encodeNumber(String(a)), encodeNumber(String(b))));
    expect(byBytes).toEqual([...nums].sort((a, b) => a - b));
  });
});

describe("encodeScalar", () => {
  it("orders strings by UTF-8 bytes, not UTF-16 code units", () => {
    // U+FF61 is one UTF-16 unit, U+1F600 is a surrogate pair (0xD83D...) that sorts lower in UTF-16
    // but higher in UTF-8 (F0 vs EF).
    const a = encodeScalar("S", "\uff61");
    const b = encodeScalar("S", "\u{1f600}");
    expect(cmp(a, b)).toBeLessThan(0);
    expect(cmp(encodeScalar("S", "ab"), encodeScalar("S", "abc"))).toBeLessThan(0);
  });
  it("keeps lone surrogates apart from each other and from U+FFFD, in code point order", () => {
    const keys = ["\ud7ff", "\ud800", "\udbff", "\udc00", "\ue000", "\ufffd", "a\ud800b", "\ud83d\ude80"];
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    const encoded = keys.map((k) => hex(encodeScalar("S", k)));
    expect(new Set(encoded).size).toBe(keys.length);
    expect(encoded.slice(1, 4)).toEqual(["eda080", "edafbf", "edb080"]);
    for (let i = 1; i < 6; i++) expect(cmp(encodeScalar("S", keys[i - 1]!), encodeScalar("S", keys[i]!))).toBeLessThan(0);
    // Well-formed strings are plain UTF-8, paired surrogates included.
    expect(encodeScalar("S", "\ud83d\ude80 é")).toEqual(new TextEncoder().encode("\ud83d\ude80 é"));
    expect(encodePartitionKey("S", "\ud800").bytes).not.toEqual(encodePartitionKey("S", "\ufffd").bytes);
  });
  it("orders binaries as unsigned bytes", () => {
    const lo = encodeScalar("B", bytesToBase64(Uint8Array.of(0x7f)));
    const hi = encodeScalar("B", bytesToBase64(Uint8Array.of(0x80)));
    expect(cmp(lo, hi)).toBeLessThan(0);
  });
});

describe("encodePartitionKey", () => {
  it("puts the 8 hash bytes first, then the key", () => {
    const k = encodePartitionKey("S", "user1");
    expect(k.bytes.length).toBe(8 + 5);
    expect(new TextDecoder().decode(k.bytes.subarray(8))).toBe("user1");
    expect(k.bytes[0]).toBe(k.hash.hi >>> 24);
  });
  it("hashes the canonical number, so 1e2 and 100 are the same key", () => {
    expect(encodePartitionKey("N", "1e2").bytes).toEqual(encodePartitionKey("N", "100").bytes);
  });
});
