/** Expected messages from dynalite's test/deleteItem.js. */
import { describe, expect, it } from "vitest";
import { assertType, validation } from "./test-support.js";

const op = "DeleteItem";

describe("DeleteItem serializations", () => {
  it.each([
    ["TableName", "String"],
    ["Key", "Map<AttributeValue>"],
    ["Key.Attr", "AttrStruct<ValueStruct>"],
    ["Expected", "Map<ExpectedAttributeValue>"],
    ["Expected.Attr", "ValueStruct<ExpectedAttributeValue>"],
    ["Expected.Attr.Exists", "Boolean"],
    ["Expected.Attr.Value", "AttrStruct<FieldStruct>"],
    ["ReturnConsumedCapacity", "String"],
    ["ReturnItemCollectionMetrics", "String"],
    ["ReturnValues", "String"],
    ["ConditionExpression", "String"],
    ["ExpressionAttributeValues", "Map<AttributeValue>"],
    ["ExpressionAttributeNames", "Map<java.lang.String>"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("DeleteItem validations", () => {
  it("lists bad parameters", () => {
    expect(
      validation(op, { TableName: "abc;", ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi", ReturnValues: "hi" }),
    ).toBe(
      "5 validation errors detected: " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]; " +
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
    );
  });

  it("checks parameters in DynamoDB's order", () => {
    expect(validation(op, { TableName: "abc", Key: { a: {} }, Expected: { a: {} }, ConditionExpression: "" })).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    );
    expect(validation(op, { TableName: "abc", Key: { a: {} }, Expected: { a: {} } })).toBe(
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
    expect(validation(op, { TableName: "abc", Key: {}, Expected: { a: {} } })).toBe(
      "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a",
    );
    expect(validation(op, { TableName: "abc", Key: { a: { S: "a" } }, ExpressionAttributeValues: { ":a": {} }, ConditionExpression: "x" })).toBe(
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :a",
    );
  });
});
