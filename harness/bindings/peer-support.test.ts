import { describe, expect, it, vi } from "vitest";
import { boolProperty, ErrorLog, FieldColumns, fieldNames, intProperty, javaStringHashCode, quoteIdent, shardOfKey } from "./peer-support.js";
import { mergeByKey } from "./postgres.js";

describe("javaStringHashCode", () => {
  it("matches Java's String.hashCode", () => {
    expect(javaStringHashCode("")).toBe(0);
    expect(javaStringHashCode("a")).toBe(97);
    expect(javaStringHashCode("hello")).toBe(99162322);
    expect(javaStringHashCode("Hello")).toBe(69609650);
    expect(javaStringHashCode("hello world")).toBe(1794106052);
    // Java's well-known collision.
    expect(javaStringHashCode("Aa")).toBe(2112);
    expect(javaStringHashCode("BB")).toBe(2112);
    // Wrapping 32-bit arithmetic: a string whose hash is Integer.MIN_VALUE.
    expect(javaStringHashCode("polygenelubricants")).toBe(-(2 ** 31));
  });
});

describe("shardOfKey", () => {
  it("is Math.abs(hashCode) % shards, in range even for Integer.MIN_VALUE", () => {
    expect(shardOfKey("hello", 4)).toBe(99162322 % 4);
    expect(shardOfKey("polygenelubricants", 3)).toBe(2 ** 31 % 3);
    for (let i = 0; i < 1000; i++) {
      const s = shardOfKey(`user${i * 104729}`, 7);
      expect(s >= 0 && s < 7).toBe(true);
    }
  });
});

describe("properties", () => {
  it("reads ints and booleans strictly, with defaults", () => {
    expect(intProperty({}, "x", 4)).toBe(4);
    expect(intProperty({ x: " 8 " }, "x", 4)).toBe(8);
    expect(() => intProperty({ x: "1.5" }, "x", 4)).toThrow(/x=1.5/);
    expect(() => intProperty({ x: "0" }, "x", 4, 1)).toThrow(/from 1/);
    expect(boolProperty({ x: "TRUE" }, "x", false)).toBe(true);
    expect(() => boolProperty({ x: "yes" }, "x", false)).toThrow(/true or false/);
  });

  it("builds the workload's field names", () => {
    expect(fieldNames({})).toHaveLength(10);
    expect(fieldNames({ fieldcount: "3", fieldnameprefix: "f" })).toEqual(["f0", "f1", "f2"]);
  });

  it("quotes SQL identifiers", () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
});

describe("mergeByKey", () => {
  it("merges key-ordered lists into the first n keys, in byte order", () => {
    const rows = (...keys: string[]) => keys.map((ycsb_key) => ({ ycsb_key }));
    const merged = mergeByKey([rows("a", "c", "e"), rows("b", "d"), rows("Z")], 4);
    expect(merged.map((r) => r.ycsb_key)).toEqual(["Z", "a", "b", "c"]);
  });
});

describe("FieldColumns", () => {
  const columns = new FieldColumns(["field0", "field1", "field2"]);

  it("names the fields without a column", () => {
    expect(columns.unknown({ field1: "a", other: "b", field9: "c" })).toEqual(["other", "field9"]);
    expect(columns.unknown({ field0: "a" })).toEqual([]);
  });

  it("puts a set of fields in column order with one bit per column", () => {
    expect(columns.ordered({ field2: "c", field0: "a" })).toEqual({ names: ["field0", "field2"], mask: 0b101n });
    expect(columns.ordered({})).toEqual({ names: [], mask: 0n });
  });

  it("rejects values with a field without a column, noting why", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const errors = new ErrorLog("test");
      expect(columns.rejectUnknown({ field0: "a" }, errors, "update")).toBe(false);
      expect(logged).not.toHaveBeenCalled();
      expect(columns.rejectUnknown({ field0: "a", other: "b" }, errors, "insert")).toBe(true);
      expect(logged).toHaveBeenCalledWith("[test] insert failed: no column for field(s) other");
    } finally {
      logged.mockRestore();
    }
  });
});
