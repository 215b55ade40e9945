/** Query, Scan and UpdateItem (validated now, served later): dynalite's validations/query.js, scan.js, updateItem.js. */
import { describe, expect, it } from "vitest";
import { validateRequest } from "./index.js";
import { assertType, errorOf, validation } from "./test-support.js";

const INVALID = "One or more parameter values were invalid: ";

describe("Query", () => {
  const op = "Query";
  it.each([
    ["Limit", "Integer"],
    ["ExclusiveStartKey", "Map<AttributeValue>"],
    ["KeyConditions", "Map<Condition>"],
    ["KeyConditions.Attr", "ValueStruct<Condition>"],
    ["QueryFilter.Attr.AttributeValueList", "List"],
    ["ScanIndexForward", "Boolean"],
  ])("%s is %s", (path, type) => assertType(op, path, type));

  it("validates", () => {
    expect(validation(op, { TableName: "abc", Limit: 0 })).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validation(op, { TableName: "abc" })).toBe(
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    );
    expect(validation(op, { TableName: "abc", KeyConditions: {} })).toBe("Conditions can be of length 1 or 2 only");
    expect(validation(op, { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "EQ" } } })).toBe(
      `${INVALID}Invalid number of argument(s) for the EQ ComparisonOperator`,
    );
    expect(validation(op, { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ N: "1" }] } } })).toBe(
      `${INVALID}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`,
    );
    expect(
      validation(op, { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ S: "b" }, { S: "a" }] } } }),
    ).toBe("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    expect(validation(op, { TableName: "abc", KeyConditionExpression: "a = :a", ExclusiveStartKey: { a: {} } })).toBe(
      "The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
    expect(
      validation(op, { TableName: "abc", KeyConditionExpression: "a = :a", QueryFilter: { b: { ComparisonOperator: "NULL" } } }),
    ).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}",
    );
    expect(
      errorOf(op, { TableName: "abc", KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } }, FilterExpression: "b = :b", ExpressionAttributeValues: { ":b": { N: "1" } } }),
    ).toBeUndefined();
  });
});

describe("Scan", () => {
  const op = "Scan";
  it.each([
    ["TotalSegments", "Integer"],
    ["Segment", "Integer"],
    ["ScanFilter", "Map<Condition>"],
  ])("%s is %s", (path, type) => assertType(op, path, type));

  it("validates", () => {
    expect(validation(op, { TableName: "abc", Segment: 1 })).toBe(
      "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
    );
    expect(validation(op, { TableName: "abc", TotalSegments: 1 })).toBe(
      "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
    );
    expect(validation(op, { TableName: "abc", TotalSegments: 1, Segment: 1 })).toBe(
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 1 is not less than TotalSegments: 1",
    );
    expect(validation(op, { TableName: "abc", ExclusiveStartKey: { a: { NS: ["1", "1"] } } })).toBe("Input collection contains duplicates");
    expect(validation(op, { TableName: "abc", ExclusiveStartKey: { a: { NULL: false } } })).toBe(
      `The provided starting key is invalid: ${INVALID}Null attribute value types must have the value of true`,
    );
    expect(validation(op, { TableName: "abc", ScanFilter: { a: { ComparisonOperator: "IN" } } })).toBe(
      `${INVALID}Invalid number of argument(s) for the IN ComparisonOperator`,
    );
    expect(validateRequest(op, { TableName: "abc", Segment: 0, TotalSegments: 2 })).toEqual({ TableName: "abc", Segment: 0, TotalSegments: 2 });
  });
});

describe("UpdateItem", () => {
  const op = "UpdateItem";
  it.each([
    ["AttributeUpdates", "Map<AttributeValueUpdate>"],
    ["AttributeUpdates.Attr", "ValueStruct<AttributeValueUpdate>"],
    ["AttributeUpdates.Attr.Action", "String"],
    ["AttributeUpdates.Attr.Value", "AttrStruct<FieldStruct>"],
    ["UpdateExpression", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));

  it("validates", () => {
    expect(validation(op, { TableName: "abc", Key: {}, AttributeUpdates: { a: {} } })).toBe(
      `${INVALID}Only DELETE action is allowed when no attribute value is specified`,
    );
    expect(validation(op, { TableName: "abc", Key: {}, AttributeUpdates: { a: { Action: "DELETE", Value: { S: "a" } } } })).toBe(
      `${INVALID}DELETE action with value is not supported for the type S`,
    );
    expect(validation(op, { TableName: "abc", Key: {}, AttributeUpdates: { a: { Action: "ADD", Value: { S: "a" } } } })).toBe(
      `${INVALID}ADD action is not supported for the type S`,
    );
    expect(validation(op, { TableName: "abc", Key: {}, AttributeUpdates: { a: { Action: "ADD", Value: { SS: [] } } } })).toBe(
      `${INVALID}An string set  may not be empty`,
    );
    expect(validation(op, { TableName: "abc", Key: {}, UpdateExpression: "SET a = :a", AttributeUpdates: {} })).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}",
    );
    expect(validation(op, { TableName: "abc", Key: {}, ExpressionAttributeValues: { ":a": { S: "a" } } })).toBe(
      "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
    );
    expect(errorOf(op, { TableName: "abc", Key: { a: { S: "a" } }, AttributeUpdates: { b: { Action: "DELETE" } } })).toBeUndefined();
  });
});
