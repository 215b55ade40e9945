/** The generic passes: value rendering, the 10-error cap, and the base64 rules of the type pass. */
import { describe, expect, it } from "vitest";
import { renderValue } from "./constraints.js";
import { checkBlob } from "./serialization.js";
import { listed, validation } from "./test-support.js";

describe("renderValue", () => {
  it("renders like DynamoDB", () => {
    expect(renderValue(null)).toBe("null");
    expect(renderValue("a")).toBe("a");
    expect(renderValue(12)).toBe("12");
    expect(renderValue(["a", "b"])).toBe("[a, b]");
    expect(renderValue([{ a: 1 }, null])).toBe('[{"a":1}, null]');
    expect(renderValue({ a: [] })).toBe('{"a":[]}');
  });
});

describe("constraint pass", () => {
  it("lists at most 10 errors", () => {
    const [n, errors] = listed(
      validation("CreateTable", {
        TableName: "abc",
        AttributeDefinitions: Array.from({ length: 12 }, () => ({})),
        KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
      }),
    );
    expect(n).toBe(10);
    expect(errors).toHaveLength(10);
  });
});

describe("checkBlob", () => {
  it("accepts canonical base64", () => {
    for (const b of ["", "Yg==", "YWI=", "YWJj", "AQI=", "+/+/"]) expect(checkBlob(b)).toBe(b);
  });

  it("rejects non-canonical base64", () => {
    for (const b of ["Yh==", "YWJ=", "!!!!", "Y===", "-_-_", "YW=j"]) {
      expect(() => checkBlob(b)).toThrow("Invalid last non-pad Base64 character dectected");
    }
    expect(() => checkBlob("abc")).toThrow("Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  });
});
