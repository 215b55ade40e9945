/** Expected messages from dynalite's test/getItem.js. */
import { describe, expect, it } from "vitest";
import { validateRequest } from "./index.js";
import { assertType, listed, validation } from "./test-support.js";

const op = "GetItem";

describe("GetItem serializations", () => {
  it.each([
    ["TableName", "String"],
    ["Key", "Map<AttributeValue>"],
    ["Key.Attr", "AttrStruct<ValueStruct>"],
    ["AttributesToGet", "List"],
    ["AttributesToGet.0", "String"],
    ["ConsistentRead", "Boolean"],
    ["ReturnConsumedCapacity", "String"],
    ["ExpressionAttributeNames", "Map<java.lang.String>"],
    ["ExpressionAttributeNames.Attr", "String"],
    ["ProjectionExpression", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("GetItem validations", () => {
  it("lists missing parameters", () => {
    const [n, errors] = listed(validation(op, {}));
    expect(n).toBe(2);
    expect(errors).toContain("Value null at 'key' failed to satisfy constraint: Member must not be null");
    expect(errors).toContain("Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  });

  it("lists incorrect attributes", () => {
    const [n, errors] = listed(validation(op, { TableName: "abc;", ReturnConsumedCapacity: "hi", AttributesToGet: [] }));
    expect(n).toBe(4);
    expect(errors.sort()).toEqual(
      [
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      ].sort(),
    );
  });

  it("rejects expression and legacy parameters together", () => {
    expect(
      validation(op, { TableName: "abc", Key: { a: {} }, AttributesToGet: ["a"], ExpressionAttributeNames: {}, ProjectionExpression: "" }),
    ).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    );
    expect(validation(op, { TableName: "abc", Key: { a: {} }, AttributesToGet: ["a"], ExpressionAttributeNames: {} })).toBe(
      "ExpressionAttributeNames can only be specified when using expressions",
    );
  });

  it.each([{}, { a: "" }, { M: { a: {} } }, { L: [{}] }, { L: [{ a: {} }] }])("rejects empty key value %j", (value) => {
    expect(validation(op, { TableName: "abc", Key: { a: value }, ProjectionExpression: "", ExpressionAttributeNames: {} })).toBe(
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
  });

  it.each([
    [{ NULL: "no" }, "Null attribute value types must have the value of true"],
    [{ SS: [] }, "An string set  may not be empty"],
    [{ NS: [] }, "An number set  may not be empty"],
    [{ BS: [] }, "Binary sets should not be empty"],
    [{ SS: ["a", "a"] }, "Input collection [a, a] contains duplicates."],
    [{ BS: ["Yg==", "Yg=="] }, "Input collection [Yg==, Yg==]of type BS contains duplicates."],
  ])("rejects invalid key value %j before duplicate AttributesToGet", (value, message) => {
    expect(validation(op, { TableName: "abc", Key: { a: value }, AttributesToGet: ["a", "a"] })).toBe(
      `One or more parameter values were invalid: ${message}`,
    );
  });

  it("rejects numbers and multiple datatypes", () => {
    expect(validation(op, { TableName: "abc", Key: { a: { S: "a", N: "b" } } })).toBe(
      "The parameter cannot be converted to a numeric value: b",
    );
    expect(validation(op, { TableName: "abc", Key: { a: { S: "a", N: "1" } } })).toBe(
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
  });

  it("rejects duplicate AttributesToGet", () => {
    expect(validation(op, { TableName: "abc", Key: {}, AttributesToGet: ["a", "a"] })).toBe(
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    );
  });

  it("checks ExpressionAttributeNames", () => {
    expect(validation(op, { TableName: "abc", Key: {}, ExpressionAttributeNames: {}, ProjectionExpression: "" })).toBe(
      "ExpressionAttributeNames must not be empty",
    );
    expect(validation(op, { TableName: "abc", Key: {}, ExpressionAttributeNames: { a: "a" }, ProjectionExpression: "" })).toBe(
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"',
    );
  });

  it("accepts a valid request and converts ConsistentRead strings", () => {
    const input = validateRequest(op, { TableName: "abc", Key: { a: { N: "1.50" } }, ConsistentRead: "TRUE" });
    expect(input).toEqual({ TableName: "abc", Key: { a: { N: "1.5" } }, ConsistentRead: true });
  });
});
