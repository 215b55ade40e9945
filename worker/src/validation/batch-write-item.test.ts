/** Expected messages from dynalite's test/batchWriteItem.js. */
import { describe, expect, it } from "vitest";
import { assertType, errorOf, listed, validation } from "./test-support.js";

const op = "BatchWriteItem";
const MAX_SIZE = 409600;
const MAP_KEYS =
  "Map keys must satisfy constraint: [Member must have length less than or equal to 255, " +
  "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";
const MAP_VALUES =
  "Map value must satisfy constraint: [Member must have length less than or equal to 25, " +
  "Member must have length greater than or equal to 1]";
const MULTIPLE = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";

describe("BatchWriteItem serializations", () => {
  it.each([
    ["RequestItems", "Map<java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"],
    ["RequestItems.Attr", "ParameterizedList"],
    ["RequestItems.Attr.0", "ValueStruct<WriteRequest>"],
    ["RequestItems.Attr.0.DeleteRequest", "FieldStruct<DeleteRequest>"],
    ["RequestItems.Attr.0.DeleteRequest.Key", "Map<AttributeValue>"],
    ["RequestItems.Attr.0.DeleteRequest.Key.Attr", "AttrStruct<ValueStruct>"],
    ["RequestItems.Attr.0.PutRequest", "FieldStruct<PutRequest>"],
    ["RequestItems.Attr.0.PutRequest.Item", "Map<AttributeValue>"],
    ["RequestItems.Attr.0.PutRequest.Item.Attr", "AttrStruct<ValueStruct>"],
    ["ReturnConsumedCapacity", "String"],
    ["ReturnItemCollectionMetrics", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("BatchWriteItem validations", () => {
  it("requires non-empty RequestItems", () => {
    expect(validation(op, {})).toBe(
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    );
    expect(validation(op, { ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi" })).toBe(
      "3 validation errors detected: " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; " +
        "Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    );
    // DynamoDB's own sentence (dynalite lists the map's length; see exactness.test.ts).
    expect(validation(op, { RequestItems: {} })).toBe("The requestItems parameter is required for BatchWriteItem");
    expect(validation(op, { RequestItems: { a: [] } })).toBe(
      "2 validation errors detected: " +
        `Value '{"a":[]}' at 'requestItems' failed to satisfy constraint: ${MAP_KEYS}; ` +
        `Value '{"a":[]}' at 'requestItems' failed to satisfy constraint: ${MAP_VALUES}`,
    );
  });

  it("lists nested member paths", () => {
    const [n, errors] = listed(
      validation(op, { RequestItems: { "aa;": [{ PutRequest: {}, DeleteRequest: {} }] }, ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi" }),
    );
    expect(n).toBe(5);
    expect(errors).toContain("Value null at 'requestItems.aa;.member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
    expect(errors).toContain("Value null at 'requestItems.aa;.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null");
  });

  it("limits requests to 25 per table", () => {
    const requests = Array.from({ length: 26 }, (_, i) =>
      i % 2 ? { DeleteRequest: { Key: { a: { S: String(i) } } } } : { PutRequest: { Item: { a: { S: String(i) } } } },
    );
    expect(validation(op, { RequestItems: { abc: requests } })).toMatch(
      new RegExp(`^1 validation error detected: Value '\\{.+\\}' at 'requestItems' failed to satisfy constraint: Map value`),
    );
    expect(errorOf(op, { RequestItems: { abc: requests.slice(0, 25) } })).toBeUndefined();
  });

  it("requires exactly one request type", () => {
    expect(validation(op, { RequestItems: { abc: [{}] } })).toBe(MULTIPLE);
    expect(
      validation(op, { RequestItems: { abc: [{ PutRequest: { Item: { a: { S: "a" } } }, DeleteRequest: { Key: { a: { S: "a" } } } }] } }),
    ).toBe(MULTIPLE);
  });

  it.each([
    [{}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
    [{ NULL: "no" }, "One or more parameter values were invalid: Null attribute value types must have the value of true"],
    [{ BS: ["Yg==", "Yg=="] }, "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."],
    [{ NS: ["1", "1"] }, "Input collection contains duplicates"],
    [{ N: "1e-131" }, "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
    [{ S: "a", N: "1" }, MULTIPLE],
  ])("rejects bad values %j in puts and deletes", (value, message) => {
    expect(validation(op, { RequestItems: { abc: [{ PutRequest: { Item: { a: value } } }] } })).toBe(message);
    expect(validation(op, { RequestItems: { abc: [{ DeleteRequest: { Key: { a: value } } }] } })).toBe(message);
  });

  it("rejects oversized put items", () => {
    const keyStr = "0123456789";
    expect(
      validation(op, { RequestItems: { abc: [{ PutRequest: { Item: { a: { S: keyStr }, b: { S: "a".repeat(MAX_SIZE - keyStr.length - 1) } } } }] } }),
    ).toBe("Item size has exceeded the maximum allowed size");
    expect(
      errorOf(op, { RequestItems: { abc: [{ PutRequest: { Item: { a: { S: keyStr }, b: { S: "a".repeat(MAX_SIZE - keyStr.length - 2) } } } }] } }),
    ).toBeUndefined();
  });
});
