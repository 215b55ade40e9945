/** Key checks after table lookup: dynalite's db/index.js validateKey/validateItem and the item tests. */
import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import type { Item, KeyInfo } from "../model/types.js";
import { checkItemKey, checkKey, checkKeys, checkWriteRequests, type IndexKeyInfo } from "./key.js";

const hashTable: KeyInfo = { hashName: "a", hashType: "S" };
const rangeTable: KeyInfo = { hashName: "a", hashType: "S", rangeName: "b", rangeType: "S" };
const rangeBTable: KeyInfo = { hashName: "a", hashType: "S", rangeName: "b", rangeType: "B" };
const numberTable: KeyInfo = { hashName: "a", hashType: "N" };
const indexes: IndexKeyInfo[] = [
  { indexName: "index3", attributeName: "c", attributeType: "S" },
  { indexName: "index4", attributeName: "d", attributeType: "S" },
];

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DynamoError);
    expect((e as DynamoError).type).toBe("com.amazon.coral.validate#ValidationException");
    return (e as DynamoError).message;
  }
  throw new Error("expected a ValidationException");
}

const NO_MATCH = "The provided key element does not match the schema";
const INVALID = "One or more parameter values were invalid: ";

describe("checkKey", () => {
  it.each<Item>([
    {},
    { b: { S: "a" } },
    { a: { S: "a" }, b: { S: "a" } },
    { a: { B: "abcd" } },
    { a: { N: "1" } },
    { a: { BOOL: true } },
    { a: { NULL: true } },
    { a: { SS: ["a"] } },
    { a: { NS: ["1"] } },
    { a: { BS: ["aaaa"] } },
    { a: { M: {} } },
    { a: { L: [] } },
  ])("rejects %j as not matching the schema", (key) => {
    expect(messageOf(() => checkKey(key, hashTable))).toBe(NO_MATCH);
  });

  it("requires the range key", () => {
    expect(messageOf(() => checkKey({ a: { S: "a" } }, rangeTable))).toBe(NO_MATCH);
  });

  it("rejects empty strings and binaries", () => {
    expect(messageOf(() => checkKey({ a: { S: "" } }, hashTable))).toBe(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a`,
    );
    expect(messageOf(() => checkKey({ a: { S: "a" }, b: { B: "" } }, rangeBTable))).toBe(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: b`,
    );
  });

  it("limits key sizes (UTF-8 bytes)", () => {
    expect(messageOf(() => checkKey({ a: { S: "a".repeat(2049) } }, hashTable))).toBe(
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
    expect(() => checkKey({ a: { S: "a".repeat(2048) } }, hashTable)).not.toThrow();
    expect(messageOf(() => checkKey({ a: { S: "é".repeat(1025) } }, hashTable))).toMatch(/limit of2048 bytes$/);
    expect(messageOf(() => checkKey({ a: { S: "a" }, b: { S: "a".repeat(1025) } }, rangeTable))).toBe(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
    expect(() => checkKey({ a: { S: "a" }, b: { S: "a".repeat(1024) } }, rangeTable)).not.toThrow();
    expect(() => checkKey({ a: { N: "1" } }, numberTable)).not.toThrow();
  });

  it("checks every key of a batch", () => {
    expect(messageOf(() => checkKeys([{ a: { S: "x" } }, { a: { N: "1" } }], hashTable))).toBe(NO_MATCH);
  });
});

describe("checkItemKey", () => {
  it("requires key attributes", () => {
    for (const item of [{}, { b: { S: "a" } }]) {
      expect(messageOf(() => checkItemKey(item as Item, hashTable))).toBe(`${INVALID}Missing the key a in the item`);
    }
    expect(messageOf(() => checkItemKey({ a: { S: "a" } }, rangeTable))).toBe(`${INVALID}Missing the key b in the item`);
  });

  it.each<Item>([
    { a: { B: "abcd" } },
    { a: { N: "1" } },
    { a: { BOOL: true } },
    { a: { NULL: true } },
    { a: { SS: ["a"] } },
    { a: { NS: ["1"] } },
    { a: { BS: ["aaaa"] } },
    { a: { M: {} } },
    { a: { L: [] } },
  ])("rejects mistyped key %j", (item) => {
    expect(messageOf(() => checkItemKey(item, hashTable))).toBe(
      `${INVALID}Type mismatch for key a expected: S actual: ${Object.keys(item.a as object)[0]}`,
    );
  });

  it("rejects empty key values with DynamoDB's other wording", () => {
    expect(messageOf(() => checkItemKey({ a: { S: "" } }, hashTable))).toBe(
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a",
    );
    expect(messageOf(() => checkItemKey({ a: { S: "a" }, b: { B: "" } }, rangeBTable))).toBe(
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: b",
    );
  });

  it("limits key sizes, hash before range", () => {
    expect(messageOf(() => checkItemKey({ a: { S: "a".repeat(2049) } }, rangeTable))).toBe(
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
    expect(messageOf(() => checkItemKey({ a: { S: "a" }, b: { S: "a".repeat(1025) } }, rangeTable))).toBe(
      `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`,
    );
  });

  it("checks secondary index key types", () => {
    expect(messageOf(() => checkItemKey({ a: { S: "a" }, b: { S: "a" }, c: { N: "1" } }, rangeTable, indexes))).toBe(
      `${INVALID}Type mismatch for Index Key c Expected: S Actual: N IndexName: index3`,
    );
    expect(messageOf(() => checkItemKey({ a: { S: "a" }, b: { S: "a" }, d: { S: "" } }, rangeTable, indexes))).toBe(
      "One or more parameter values are not valid. A value specified for a secondary index key is not supported. " +
        "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: index4, IndexKey: d",
    );
    expect(() => checkItemKey({ a: { S: "a" }, b: { S: "a" }, e: { N: "1" } }, rangeTable, indexes)).not.toThrow();
  });

  it("ignores inherited properties", () => {
    const info: KeyInfo = { hashName: "constructor", hashType: "S" };
    expect(messageOf(() => checkItemKey({}, info))).toBe(`${INVALID}Missing the key constructor in the item`);
    expect(messageOf(() => checkKey({ x: { S: "a" } }, info))).toBe(NO_MATCH);
  });
});

describe("checkWriteRequests", () => {
  it("words put key problems as schema mismatches", () => {
    for (const item of [{}, { b: { S: "a" } }, { a: { N: "1" } }]) {
      expect(messageOf(() => checkWriteRequests([{ PutRequest: { Item: item as Item } }], hashTable))).toBe(NO_MATCH);
    }
    expect(messageOf(() => checkWriteRequests([{ PutRequest: { Item: { a: { S: "a" } } } }], rangeTable))).toBe(NO_MATCH);
  });

  it("keeps the other item and key messages", () => {
    expect(messageOf(() => checkWriteRequests([{ PutRequest: { Item: { a: { S: "a" }, b: { S: "a" }, c: { N: "1" } } } }], rangeTable, indexes))).toBe(
      `${INVALID}Type mismatch for Index Key c Expected: S Actual: N IndexName: index3`,
    );
    expect(messageOf(() => checkWriteRequests([{ PutRequest: { Item: { a: { S: "a".repeat(2049) } } } }], hashTable))).toBe(
      `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`,
    );
    expect(messageOf(() => checkWriteRequests([{ DeleteRequest: { Key: { a: { S: "" } } } }], hashTable))).toBe(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: a`,
    );
    expect(messageOf(() => checkWriteRequests([{ DeleteRequest: { Key: { a: { S: "a" }, c: { S: "c" } } } }], hashTable))).toBe(NO_MATCH);
  });

  it("rejects repeated keys across puts and deletes", () => {
    const item = { a: { S: "x" }, c: { S: "c" } };
    const dup = "Provided list of item keys contains duplicates";
    expect(messageOf(() => checkWriteRequests([{ PutRequest: { Item: item } }, { DeleteRequest: { Key: { a: item.a } } }], hashTable))).toBe(dup);
    expect(messageOf(() => checkWriteRequests([{ DeleteRequest: { Key: { a: item.a } } }, { PutRequest: { Item: item } }], hashTable))).toBe(dup);
    expect(() =>
      checkWriteRequests(
        [
          { PutRequest: { Item: { a: { S: "x" }, b: { S: "1" } } } },
          { PutRequest: { Item: { a: { S: "x" }, b: { S: "2" } } } },
          { PutRequest: { Item: { a: { S: "x1" }, b: { S: "" + "1" } } } },
        ],
        { ...rangeTable, rangeType: "S" },
      ),
    ).not.toThrow();
    // A bad request is reported before a later duplicate.
    expect(
      messageOf(() =>
        checkWriteRequests([{ PutRequest: { Item: item } }, { PutRequest: { Item: item } }, { DeleteRequest: { Key: { a: { N: "1" } } } }], hashTable),
      ),
    ).toBe(dup);
  });
});
