/** Expected messages from dynalite's test/putItem.js (recorded against DynamoDB). */
import { describe, expect, it } from "vitest";
import { validateRequest } from "./index.js";
import { assertType, errorOf, listed, validation } from "./test-support.js";

const op = "PutItem";
const MAX_SIZE = 409600;

describe("PutItem serializations", () => {
  it.each([
    ["TableName", "String"],
    ["Item", "Map<AttributeValue>"],
    ["Item.Attr", "AttrStruct<ValueStruct>"],
    ["Expected", "Map<ExpectedAttributeValue>"],
    ["Expected.Attr", "ValueStruct<ExpectedAttributeValue>"],
    ["Expected.Attr.Exists", "Boolean"],
    ["Expected.Attr.Value", "AttrStruct<FieldStruct>"],
    ["ReturnConsumedCapacity", "String"],
    ["ReturnItemCollectionMetrics", "String"],
    ["ReturnValues", "String"],
    ["ConditionExpression", "String"],
    ["ExpressionAttributeValues", "Map<AttributeValue>"],
    ["ExpressionAttributeValues.Attr", "AttrStruct<ValueStruct>"],
    ["ExpressionAttributeNames", "Map<java.lang.String>"],
    ["ExpressionAttributeNames.Attr", "String"],
    ["ReturnValuesOnConditionCheckFailure", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("PutItem validations", () => {
  it("lists missing TableName and Item", () => {
    expect(validation(op, {})).toBe(
      "2 validation errors detected: " +
        "Value null at 'tableName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'item' failed to satisfy constraint: Member must not be null",
    );
  });

  it("lists bad table names", () => {
    expect(validation(op, { TableName: "" })).toBe(
      // One error for '' (DynamoDB's TableArn length of 1; dynalite lists the pattern and the length of 3).
      "2 validation errors detected: " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'item' failed to satisfy constraint: Member must not be null",
    );
    const name = "a".repeat(256);
    expect(validation(op, { TableName: name })).toBe(
      "2 validation errors detected: " +
        `Value '${name}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255; ` +
        "Value null at 'item' failed to satisfy constraint: Member must not be null",
    );
  });

  it("lists bad enums", () => {
    expect(
      validation(op, { TableName: "abc;", ReturnConsumedCapacity: "hi", ReturnItemCollectionMetrics: "hi", ReturnValues: "hi" }),
    ).toBe(
      "5 validation errors detected: " +
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value null at 'item' failed to satisfy constraint: Member must not be null; " +
        "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]",
    );
    expect(validation(op, { TableName: "abc", Item: {}, ReturnValuesOnConditionCheckFailure: "ALL_NEW" })).toBe(
      "1 validation error detected: Value 'ALL_NEW' at 'returnValuesOnConditionCheckFailure' failed to satisfy " +
        "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    );
  });

  it("rejects mixing expression and legacy parameters", () => {
    expect(
      validation(op, {
        TableName: "abc",
        Item: { a: {} },
        Expected: { a: {} },
        ExpressionAttributeNames: {},
        ExpressionAttributeValues: {},
        ConditionExpression: "",
      }),
    ).toBe(
      "Can not use both expression and non-expression parameters in the same request: " +
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    );
    expect(
      validation(op, { TableName: "abc", Item: { a: {} }, Expected: { a: {} }, ExpressionAttributeNames: {}, ExpressionAttributeValues: {} }),
    ).toBe("ExpressionAttributeNames can only be specified when using expressions");
    expect(validation(op, { TableName: "abc", Item: { a: {} }, Expected: { a: {} }, ExpressionAttributeValues: {} })).toBe(
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    );
  });

  it.each([{}, { a: "" }, { M: { a: {} } }, { L: [{}] }, { L: [{ a: {} }] }, { S: null }])(
    "rejects empty AttributeValue %j",
    (value) => {
      expect(validation(op, { TableName: "abc", Item: { a: value }, Expected: { a: {} } })).toBe(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
      );
    },
  );

  it.each([
    [{ NULL: "no" }, "Null attribute value types must have the value of true"],
    [{ NULL: false }, "Null attribute value types must have the value of true"],
    [{ SS: [] }, "An string set  may not be empty"],
    [{ NS: [] }, "An number set  may not be empty"],
    [{ BS: [] }, "Binary sets should not be empty"],
    [{ SS: ["a", "a"] }, "Input collection [a, a] contains duplicates."],
    [{ BS: ["Yg==", "Yg=="] }, "Input collection [Yg==, Yg==]of type BS contains duplicates."],
  ])("rejects invalid value %j", (value, message) => {
    expect(
      validation(op, { TableName: "abc", Item: { a: value }, ExpressionAttributeNames: {}, ExpressionAttributeValues: {}, ConditionExpression: "" }),
    ).toBe(`One or more parameter values were invalid: ${message}`);
  });

  it.each([
    [{ S: "", N: "" }, "The parameter cannot be converted to a numeric value"],
    [{ S: "a", N: "" }, "The parameter cannot be converted to a numeric value"],
    [{ S: "a", N: "b" }, "The parameter cannot be converted to a numeric value: b"],
    [{ NS: ["1", ""] }, "The parameter cannot be converted to a numeric value"],
    [{ NS: ["1", "b"] }, "The parameter cannot be converted to a numeric value: b"],
    [{ NS: ["1", "1"] }, "Input collection contains duplicates"],
    [{ NS: ["1", "1.0"] }, "Input collection contains duplicates"],
    [{ N: "123456789012345678901234567890123456789" }, "Attempting to store more than 38 significant digits in a Number"],
    [{ N: "-1.23456789012345678901234567890123456789" }, "Attempting to store more than 38 significant digits in a Number"],
    [{ N: "1e126" }, "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    [{ N: "-1e126" }, "Number overflow. Attempting to store a number with magnitude larger than supported range"],
    [{ N: "1e-131" }, "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
    [{ N: "-1e-131" }, "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
    [{ M: { b: { N: "x" } } }, "The parameter cannot be converted to a numeric value: x"],
    [{ L: [{ S: "a" }, { N: "1e999" }] }, "Number overflow. Attempting to store a number with magnitude larger than supported range"],
  ])("rejects bad numbers %j", (value, message) => {
    expect(validation(op, { TableName: "abc", Item: { a: value } })).toBe(message);
  });

  it("rejects more than one datatype", () => {
    const multiple = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
    expect(validation(op, { TableName: "abc", Item: { a: { S: "a", N: "1" } } })).toBe(multiple);
    expect(validation(op, { TableName: "abc", Item: { a: { M: { b: { BOOL: true, NULL: true } } } } })).toBe(multiple);
  });

  it("ignores unknown members of an AttributeValue", () => {
    const input = validateRequest(op, { TableName: "abc", Item: { a: { S: "x", foo: 1 }, b: { BOOL: "yes" } } });
    expect(input.Item).toEqual({ a: { S: "x" }, b: { BOOL: true } });
  });

  it("rejects oversized items before looking at Expected", () => {
    const keyStr = "0123456789";
    const tooBig = "a".repeat(MAX_SIZE - keyStr.length - 1);
    expect(validation(op, { TableName: "aaa", Item: { a: { S: keyStr }, b: { S: tooBig } }, Expected: { a: {} } })).toBe(
      "Item size has exceeded the maximum allowed size",
    );
    expect(errorOf(op, { TableName: "aaa", Item: { a: { S: keyStr }, b: { S: tooBig.slice(1) } } })).toBeUndefined();
    const long = "b".repeat(27);
    expect(
      validation(op, { TableName: "aaa", Item: { a: { S: keyStr }, [long]: { S: "a".repeat(MAX_SIZE - keyStr.length - 27) } } }),
    ).toBe("Item size has exceeded the maximum allowed size");
    const c = "1111111" + "0".repeat(119);
    expect(
      validation(op, {
        TableName: "aaa",
        Item: { a: { S: keyStr }, b: { S: "a".repeat(MAX_SIZE - keyStr.length - 1 - 1 - 5 - 1 - 5) }, c: { N: c }, d: { N: c } },
      }),
    ).toBe("Item size has exceeded the maximum allowed size");
  });

  it.each([
    [{ a: {} }, "Value must be provided when Exists is null for Attribute: a"],
    [{ a: { Exists: true } }, "Value must be provided when Exists is true for Attribute: a"],
    [{ a: { Exists: false, Value: { S: "a" } } }, "Value cannot be used when Exists is false for Attribute: a"],
    [{ a: { ComparisonOperator: "LT" } }, "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"],
    [{ a: { Exists: true, ComparisonOperator: "LT" } }, "Exists and ComparisonOperator cannot be used together for Attribute: a"],
    [
      { a: { AttributeValueList: [{ S: "a" }], Value: { S: "a" }, ComparisonOperator: "LT" } },
      "Value and AttributeValueList cannot be used together for Attribute: a",
    ],
    [{ a: { AttributeValueList: [{ S: "a" }] } }, "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"],
    [{ a: { Exists: true, AttributeValueList: [{ S: "a" }] } }, "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"],
    [{ a: { AttributeValueList: [], ComparisonOperator: "EQ" } }, "Invalid number of argument(s) for the EQ ComparisonOperator"],
    [{ a: { AttributeValueList: [{ S: "a" }], ComparisonOperator: "NULL" } }, "Invalid number of argument(s) for the NULL ComparisonOperator"],
    [{ a: { AttributeValueList: [], ComparisonOperator: "IN" } }, "Invalid number of argument(s) for the IN ComparisonOperator"],
    [
      { a: { AttributeValueList: [{ N: "1" }, { N: "10" }, { N: "12" }], ComparisonOperator: "BETWEEN" } },
      "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
    ],
    [{ a: { Value: { S: "a" }, ComparisonOperator: "NULL" } }, "Invalid number of argument(s) for the NULL ComparisonOperator"],
    [{ a: { Value: { S: "a" }, ComparisonOperator: "BETWEEN" } }, "Invalid number of argument(s) for the BETWEEN ComparisonOperator"],
    [
      { a: { AttributeValueList: [{ S: "a" }, { N: "1" }], ComparisonOperator: "BETWEEN" } },
      "AttributeValues inside AttributeValueList must be of same type",
    ],
  ])("rejects Expected %j", (expected, message) => {
    expect(validation(op, { TableName: "aaa", Item: {}, Expected: expected })).toBe(
      `One or more parameter values were invalid: ${message}`,
    );
  });

  it("checks BETWEEN bounds and Expected values", () => {
    expect(
      validation(op, {
        TableName: "aaa",
        Item: {},
        Expected: { a: { AttributeValueList: [{ N: "10" }, { N: "9" }], ComparisonOperator: "BETWEEN" } },
      }),
    ).toBe("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    expect(validation(op, { TableName: "abc", Item: {}, Expected: { a: { Value: {} } } })).toBe(
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
    expect(validation(op, { TableName: "abc", Item: {}, Expected: { a: { Value: { NS: ["1", ""] } } } })).toBe(
      "The parameter cannot be converted to a numeric value",
    );
  });

  it("rejects ReturnValues other than ALL_OLD and NONE", () => {
    for (const rv of ["UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]) {
      expect(validation(op, { TableName: "abc", Item: {}, ReturnValues: rv })).toBe("ReturnValues can only be ALL_OLD or NONE");
    }
  });

  it("checks expression attribute names and values", () => {
    const base = { TableName: "abc", Item: {}, ConditionExpression: "" };
    expect(validation(op, { ...base, ExpressionAttributeNames: {}, ExpressionAttributeValues: {} })).toBe(
      "ExpressionAttributeNames must not be empty",
    );
    expect(validation(op, { ...base, ExpressionAttributeNames: { a: "a" }, ExpressionAttributeValues: {} })).toBe(
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"',
    );
    expect(validation(op, { ...base, ExpressionAttributeValues: {} })).toBe("ExpressionAttributeValues must not be empty");
    expect(validation(op, { ...base, ExpressionAttributeValues: { a: { S: "a" } } })).toBe(
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "a"',
    );
    expect(validation(op, { ...base, ExpressionAttributeValues: { ":a": { NULL: false } } })).toBe(
      "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: " +
        "Null attribute value types must have the value of true for key :a",
    );
  });

  it("returns the cleaned input with canonical numbers", () => {
    const input = validateRequest(op, {
      TableName: "abc",
      Item: { a: { S: "x" }, n: { N: "00012.3400" }, ns: { NS: ["1e2", "-0"] }, l: { L: [{ N: "1.0" }] }, m: { M: { x: { N: ".5" } } } },
      Unknown: 1,
      ReturnValues: null,
    });
    expect(input).toEqual({
      TableName: "abc",
      Item: { a: { S: "x" }, n: { N: "12.34" }, ns: { NS: ["100", "0"] }, l: { L: [{ N: "1" }] }, m: { M: { x: { N: "0.5" } } } },
    });
  });

  it("reports SerializationException before any validation error", () => {
    const e = errorOf(op, { TableName: "a;", Item: { a: { S: "x" }, b: { N: 5 } } });
    expect(e?.type).toBe("com.amazon.coral.service#SerializationException");
    expect(e?.message).toBe("NUMBER_VALUE cannot be converted to String");
  });

  it("treats a non-object body as empty", () => {
    const [n] = listed(validation(op, []));
    expect(n).toBe(2);
  });
});

describe("PutItem Expected comparison values", () => {
  it("are checked and normalised", () => {
    expect(
      validation(op, { TableName: "abc", Item: {}, Expected: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "x" }] } } }),
    ).toBe("The parameter cannot be converted to a numeric value: x");
    const input = validateRequest(op, {
      TableName: "abc",
      Item: {},
      Expected: { a: { ComparisonOperator: "GT", Value: { N: "1.0" } } },
    });
    expect(input.Expected).toEqual({ a: { ComparisonOperator: "GT", Value: { N: "1" } } });
  });
});

describe("PutItem nesting depth", () => {
  const nest = (levels: number) => {
    let v: Record<string, unknown> = { S: "leaf" };
    for (let i = 0; i < levels; i++) v = i % 2 ? { L: [v] } : { M: { x: v } };
    return v;
  };
  const messageOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "(no error)";
  };
  it("accepts 31 nested maps/lists and rejects 32, without recursing further", () => {
    expect(() => validateRequest("PutItem", { TableName: "abc", Item: { id: { S: "a" }, deep: nest(31) } })).not.toThrow();
    expect(messageOf(() => validateRequest("PutItem", { TableName: "abc", Item: { id: { S: "a" }, deep: nest(32) } }))).toBe(
      "Nesting Levels have exceeded supported limits",
    );
    expect(messageOf(() => validateRequest("PutItem", { TableName: "abc", Item: { id: { S: "a" }, deep: nest(100_000) } }))).toBe(
      "Nesting Levels have exceeded supported limits",
    );
  });
});
