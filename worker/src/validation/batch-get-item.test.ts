/** Expected messages from dynalite's test/batchGetItem.js. */
import { describe, expect, it } from "vitest";
import { validateRequest } from "./index.js";
import { assertType, errorOf, listed, validation } from "./test-support.js";

const op = "BatchGetItem";
const MAP_KEYS =
  "Map keys must satisfy constraint: [Member must have length less than or equal to 255, " +
  "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

describe("BatchGetItem serializations", () => {
  it.each([
    ["RequestItems", "Map<KeysAndAttributes>"],
    ["RequestItems.Attr", "ValueStruct<KeysAndAttributes>"],
    ["RequestItems.Attr.Keys", "List"],
    ["RequestItems.Attr.Keys.0", "ParameterizedMap"],
    ["RequestItems.Attr.Keys.0.Attr", "AttrStruct<ValueStruct>"],
    ["RequestItems.Attr.AttributesToGet", "List"],
    ["RequestItems.Attr.ConsistentRead", "Boolean"],
    ["RequestItems.Attr.ExpressionAttributeNames", "Map<java.lang.String>"],
    ["RequestItems.Attr.ExpressionAttributeNames.Attr", "String"],
    ["RequestItems.Attr.ProjectionExpression", "String"],
    ["ReturnConsumedCapacity", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("BatchGetItem validations", () => {
  it("requires RequestItems", () => {
    expect(validation(op, {})).toBe(
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    );
    expect(validation(op, { ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi" })).toBe(
      "2 validation errors detected: " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    );
    // DynamoDB's own sentence (dynalite lists the map's length; see exactness.test.ts).
    expect(validation(op, { RequestItems: {} })).toBe("The requestItems parameter is required for BatchGetItem");
  });

  it("checks table names as map keys", () => {
    const [n, errors] = listed(validation(op, { RequestItems: { a: {} }, ReturnConsumedCapacity: "hi" }));
    expect(n).toBe(3);
    expect(errors[0]).toBe(
      "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
    );
    expect(errors[1]).toBe(`Value '{"a":{}}' at 'requestItems' failed to satisfy constraint: ${MAP_KEYS}`);
    expect(errors[2]).toBe("Value null at 'requestItems.a.member.keys' failed to satisfy constraint: Member must not be null");

    const [, more] = listed(validation(op, { RequestItems: { "aa;": { Keys: [] } } }));
    expect(more[1]).toBe(
      "Value at 'RequestItems.aa;.member.Keys' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validation(op, { RequestItems: { a: { Keys: [{ a: { S: "a" } }] } } })).toMatch(
      new RegExp(`^1 validation error detected: Value '\\{.+\\}' at 'requestItems' failed to satisfy constraint: Map keys`),
    );
  });

  it("limits keys to 100", () => {
    const keys = Array.from({ length: 101 }, (_, i) => ({ a: { S: String(i) } }));
    expect(validation(op, { RequestItems: { abc: { Keys: keys } } })).toMatch(
      /^1 validation error detected: Value at 'RequestItems.abc.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
    expect(
      validation(op, { RequestItems: { abc: { Keys: keys.slice(0, 100) }, abd: { Keys: [{ a: { S: "100" } }] } } }),
    ).toBe("Too many items requested for the BatchGetItem call");
    expect(errorOf(op, { RequestItems: { abc: { Keys: keys.slice(0, 100) } } })).toBeUndefined();
  });

  it("checks expression parameters per table", () => {
    expect(
      validation(op, { RequestItems: { abc: { Keys: [{}], AttributesToGet: ["a"], ExpressionAttributeNames: {}, ProjectionExpression: "" } } }),
    ).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    );
    expect(validation(op, { RequestItems: { abc: { Keys: [{}], AttributesToGet: ["a"], ExpressionAttributeNames: {} } } })).toBe(
      "ExpressionAttributeNames can only be specified when using expressions",
    );
    expect(validation(op, { RequestItems: { abc: { Keys: [{}], ExpressionAttributeNames: {}, ProjectionExpression: "" } } })).toBe(
      "ExpressionAttributeNames must not be empty",
    );
    expect(
      validation(op, { RequestItems: { abc: { Keys: [{}], ExpressionAttributeNames: { a: "a" }, ProjectionExpression: "" } } }),
    ).toBe('ExpressionAttributeNames contains invalid key: Syntax error; key: "a"');
  });

  it.each([
    [{}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
    [{ L: [{ a: {} }] }, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
    [{ SS: ["a", "a"] }, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."],
    [{ NS: ["1", "b"] }, "The parameter cannot be converted to a numeric value: b"],
    [{ S: "a", N: "1" }, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"],
  ])("rejects bad key values %j", (value, message) => {
    expect(validation(op, { RequestItems: { abc: { Keys: [{ a: value }] } } })).toBe(message);
  });

  it("rejects duplicate keys after the projection checks", () => {
    const key = { a: { S: "x" }, b: { N: "1" } };
    expect(validation(op, { RequestItems: { abc: { Keys: [key, { b: key.b, a: key.a }, key] } } })).toBe(
      "Provided list of item keys contains duplicates",
    );
    expect(validation(op, { RequestItems: { abc: { Keys: [{ a: { N: "1" } }, { a: { N: "1.0" } }] } } })).toBe(
      "Provided list of item keys contains duplicates",
    );
    expect(
      validation(op, { RequestItems: { abc: { Keys: [key, { a: { S: "y" } }, key], AttributesToGet: ["a", "a"] } } }),
    ).toBe("One or more parameter values were invalid: Duplicate value in attribute name: a");
    expect(validation(op, { RequestItems: { abc: { Keys: [key, key], ExpressionAttributeNames: {}, ProjectionExpression: "" } } })).toBe(
      "ExpressionAttributeNames must not be empty",
    );
    expect(errorOf(op, { RequestItems: { abc: { Keys: [key] }, abd: { Keys: [key] } } })).toBeUndefined();
  });

  it("returns the cleaned input", () => {
    const input = validateRequest(op, { RequestItems: { abc: { Keys: [{ a: { N: "01" } }], ConsistentRead: "no" } } });
    expect(input).toEqual({ RequestItems: { abc: { Keys: [{ a: { N: "1" } }], ConsistentRead: false } } });
  });
});
