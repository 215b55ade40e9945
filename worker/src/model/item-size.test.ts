import { describe, expect, it } from "vitest";
import type { Item } from "./types.js";
import { MAX_ITEM_SIZE, attributeValueSize, base64Length, itemSize, numberSize, utf8Length } from "./item-size.js";

describe("utf8Length", () => {
  it("counts UTF-8 bytes", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a😀b€é", "\ud800x"]) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe("base64Length", () => {
  it("counts decoded bytes", () => {
    expect(base64Length("")).toBe(0);
    expect(base64Length("Yg==")).toBe(1);
    expect(base64Length("YWI=")).toBe(2);
    expect(base64Length("YWJj")).toBe(3);
    expect(base64Length("AQI=")).toBe(2);
  });
});

describe("numberSize", () => {
  // Fitted by dynalite against DynamoDB (test/putItem.js item-size boundaries).
  it.each([
    ["0", 1],
    ["1", 2],
    ["-1", 3],
    ["10", 2],
    ["12", 2],
    ["1.1", 3],
    ["-1.1", 4],
    ["123", 3],
    ["1" + "0".repeat(125), 2],
    ["11" + "0".repeat(124), 2],
    ["11111" + "0".repeat(121), 4],
    ["111111" + "0".repeat(120), 4],
    ["1111111" + "0".repeat(119), 5],
    ["1".repeat(38) + "0".repeat(88), 20],
    ["0.5", 2],
    ["12.3456", 4],
    ["-56.789", 5],
    ["1e2", 2],
  ])("%s -> %i", (text, size) => {
    expect(numberSize(text)).toBe(size);
  });
});

describe("itemSize", () => {
  it("adds attribute names to value sizes", () => {
    expect(itemSize({ a: { S: "abc" } })).toBe(4);
    expect(itemSize({ é: { S: "€" } })).toBe(5);
    expect(itemSize({ a: { B: "Yg==" }, bb: { BOOL: true }, c: { NULL: true } })).toBe(1 + 1 + 2 + 1 + 1 + 1);
    expect(itemSize({ a: { N: "12.3456" } })).toBe(5);
  });

  it("sums set members", () => {
    expect(attributeValueSize({ SS: ["a", "bc"] })).toBe(3);
    expect(attributeValueSize({ NS: ["1", "12"] })).toBe(2 + 2);
    expect(attributeValueSize({ BS: ["AQI=", "Ag==", "AQ=="] })).toBe(4);
  });

  it("adds 3 bytes per document and 1 per element", () => {
    expect(attributeValueSize({ L: [] })).toBe(3);
    expect(attributeValueSize({ M: {} })).toBe(3);
    expect(attributeValueSize({ L: [{ S: "ab" }, { N: "1" }] })).toBe(3 + 1 + 2 + 1 + 2);
    expect(attributeValueSize({ M: { ab: { S: "c" }, d: { BOOL: false } } })).toBe(3 + (1 + 2 + 1) + (1 + 1 + 1));
    expect(attributeValueSize({ M: { a: { L: [{ M: {} }] } } })).toBe(3 + 1 + 1 + 3 + 1 + 3);
  });

  it("matches DynamoDB's 400 KB boundary (dynalite's recorded cases)", () => {
    const keyStr = "0123456789";
    const tooBig: Item = { a: { S: keyStr }, b: { S: "a".repeat(MAX_ITEM_SIZE - keyStr.length - 1) } };
    const justFits: Item = { a: { S: keyStr }, b: { S: "a".repeat(MAX_ITEM_SIZE - keyStr.length - 2) } };
    expect(itemSize(tooBig)).toBe(MAX_ITEM_SIZE + 1);
    expect(itemSize(justFits)).toBe(MAX_ITEM_SIZE);
    const c = "1111111" + "0".repeat(119);
    const multi: Item = {
      a: { S: keyStr },
      b: { S: "a".repeat(MAX_ITEM_SIZE - keyStr.length - 1 - 1 - 5 - 1 - 6) },
      c: { N: c },
      d: { N: c },
    };
    expect(itemSize(multi)).toBe(MAX_ITEM_SIZE);
  });
});
