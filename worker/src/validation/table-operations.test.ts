/** DescribeTable, DeleteTable, ListTables: dynalite's test/describeTable.js, deleteTable.js, listTables.js. */
import { describe, expect, it } from "vitest";
import { isOperation, validateRequest } from "./index.js";
import { assertType, listed, validation } from "./test-support.js";

describe.each(["DescribeTable", "DeleteTable"] as const)("%s", (op) => {
  it("type-checks TableName", () => assertType(op, "TableName", "String"));

  it("validates TableName", () => {
    expect(validation(op, {})).toBe("The parameter 'TableName' is required but was not present in the request");
    for (const name of ["", "a;", "a".repeat(256)]) {
      expect(validation(op, { TableName: name })).toBe("TableName must be at least 3 characters long and at most 255 characters long");
    }
    expect(validation(op, { TableName: "abc;" })).toBe(
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    expect(validateRequest(op, { TableName: "abc", Other: 1 })).toEqual({ TableName: "abc" });
  });
});

describe("ListTables", () => {
  const op = "ListTables";

  it("type-checks", () => {
    assertType(op, "ExclusiveStartTableName", "String");
    assertType(op, "Limit", "Integer");
  });

  it("validates", () => {
    const [n, errors] = listed(validation(op, { ExclusiveStartTableName: "a;", Limit: 500 }));
    expect(n).toBe(3);
    expect(errors.sort()).toEqual(
      [
        "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        "Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      ].sort(),
    );
    const name = "a".repeat(256);
    expect(validation(op, { ExclusiveStartTableName: name })).toBe(
      `1 validation error detected: Value '${name}' at 'exclusiveStartTableName' failed to satisfy constraint: ` +
        "Member must have length less than or equal to 255",
    );
    expect(validation(op, { Limit: 0 })).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validation(op, { Limit: 101 })).toBe(
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it("accepts empty, unknown, null and fractional parameters", () => {
    expect(validateRequest(op, {})).toEqual({});
    expect(validateRequest(op, { hi: "yo", stuff: "things" })).toEqual({});
    expect(validateRequest(op, { ExclusiveStartTableName: null, Limit: null })).toEqual({});
    expect(validateRequest(op, { ExclusiveStartTableName: "aaa", Limit: 99.9 })).toEqual({ ExclusiveStartTableName: "aaa", Limit: 99 });
  });
});

describe("isOperation", () => {
  it("knows the served operations only", () => {
    for (const name of ["CreateTable", "DescribeTable", "ListTables", "DeleteTable", "UpdateTable", "PutItem", "GetItem", "DeleteItem", "UpdateItem", "BatchGetItem", "BatchWriteItem", "Query", "Scan",
      "TagResource", "UntagResource", "ListTagsOfResource", "DescribeTimeToLive", "UpdateTimeToLive", "TransactWriteItems", "TransactGetItems"]) {
      expect(isOperation(name)).toBe(true);
    }
    for (const name of ["ExecuteStatement", "CreateBackup", "toString", "constructor", "__proto__", "putItem", ""]) {
      expect(isOperation(name)).toBe(false);
    }
  });
});
