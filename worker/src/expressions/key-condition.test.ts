import { describe, expect, it } from "vitest";
import type { AttributeValue, KeyInfo } from "../model/types.js";
import { resolveKeyCondition } from "./key-condition.js";
import { convertKeyConditions } from "./legacy.js";
import { N, S, compile, compileError, rejection } from "./test-support.js";

const K = "Invalid KeyConditionExpression: ";
const keyError = (keyCondition: string, values?: Record<string, AttributeValue>) => compileError({ keyCondition, values });

// dynalite's test/query.js (recorded against DynamoDB).
describe("KeyConditionExpression shape", () => {
  it("is first checked as any condition", () => {
    expect(keyError("")).toBe(`${K}The expression can not be empty;`);
    expect(keyError("things are not gonna be ok")).toMatch(/^Invalid KeyConditionExpression: Syntax error; /);
    expect(keyError("(size(a))[0] > a")).toMatch(/^Invalid KeyConditionExpression: Syntax error; /);
    expect(keyError("attribute_type(a, b)")).toMatch(
      /^Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type:/,
    );
    expect(keyError("attribute_type(a, :a)", { ":a": N(1) })).toMatch(/operator or function: attribute_type, operand type: N$/);
  });

  it.each([
    ["a > b and size(b) > c or a > c", "OR"],
    ["a in (b, size(c), d)", "IN"],
    ["attribute_exists(a)", "attribute_exists"],
    ["attribute_not_exists(a)", "attribute_not_exists"],
    ["contains(a.d, b)", "contains"],
    ["not a > b", "NOT"],
    ["a <> b", "<>"],
  ])("invalid operator: %j", (expr, op) => {
    expect(keyError(expr)).toBe(`Invalid operator used in KeyConditionExpression: ${op}`);
  });

  it("invalid operator attribute_type", () => {
    expect(keyError("attribute_type(a, :a)", { ":a": S("S") })).toBe("Invalid operator used in KeyConditionExpression: attribute_type");
  });

  it.each([
    [":a between size(b) and size(a) and b > :b", "BETWEEN"],
    ["begins_with(:a, b) and a > :b", "begins_with"],
  ])("key attribute first: %j", (expr, op) => {
    expect(keyError(expr, { ":a": S("1"), ":b": S("1") })).toBe(
      `Invalid condition in KeyConditionExpression: ${op} operator must have the key attribute as its first operand`,
    );
  });

  it.each(["size(b) > a AND a.b > b AND b > c", "a > size(b.d)", "a between size(b) and size(a)"])("nested operations: %j", (expr) => {
    expect(keyError(expr)).toBe("KeyConditionExpressions cannot contain nested operations");
  });

  it.each(["b > a.b", "b between c[1] and d", "a between b and size(a)", "begins_with(a, b)"])("multiple names: %j", (expr) => {
    expect(keyError(expr)).toBe("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
  });

  it.each(["b.d > a AND c.d > e.f", "a.d > c", "b[0] > a"])("nested attributes: %j", (expr) => {
    expect(keyError(expr)).toBe("KeyConditionExpressions cannot have conditions on nested attributes");
  });

  it.each([":b > :a AND a < :b", ":a > b AND :a < :b"])("no key attribute: %j", (expr) => {
    expect(keyError(expr, { ":a": N(1), ":b": N(1) })).toBe("Invalid condition in KeyConditionExpression: No key attribute specified");
  });

  it.each(["b > :a AND b < :a and c = :a and d = :a", "(a > :a and b > :a) and (b > :a and c > :a)"])("one condition per key: %j", (expr) => {
    expect(keyError(expr, { ":a": N(1) })).toBe("KeyConditionExpressions must only contain one condition per key");
  });

  it.each([":a = a and b = :a and :a = c", "(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)"])("one or two conditions: %j", (expr) => {
    expect(keyError(expr, { ":a": S("a") })).toBe("Conditions can be of length 1 or 2 only");
  });

  it("applies KeyConditions' argument rules", () => {
    expect(keyError("a = :a", { ":a": { BOOL: true } })).toBe("One or more parameter values were invalid: ComparisonOperator EQ is not valid for BOOL AttributeValue type");
  });

  it("reads a value written first as the reversed comparison", () => {
    const c = compile({ keyCondition: ":v < b AND #h = :h", values: { ":v": N(3), ":h": S("x") }, names: { "#h": "a" } });
    expect(c.keyCondition?.conditions).toEqual([
      { name: "b", op: "GT", values: [N(3)] },
      { name: "a", op: "EQ", values: [S("x")] },
    ]);
  });
});

describe("key conditions against the schema", () => {
  const hash: KeyInfo = { hashName: "a", hashType: "S" };
  const range: KeyInfo = { hashName: "a", hashType: "S", rangeName: "b", rangeType: "N" };
  const resolve = (keyCondition: string, key: KeyInfo, values: Record<string, AttributeValue>) =>
    resolveKeyCondition(compile({ keyCondition, values }).keyCondition as never, key);

  it("returns the partition value and the sort condition", () => {
    expect(resolve("a = :a", hash, { ":a": S("x") })).toEqual({ hashValue: S("x") });
    expect(resolve("a = :a AND begins_with(b, :b)", { ...range, rangeType: "S" }, { ":a": S("x"), ":b": S("p") })).toEqual({
      hashValue: S("x"),
      range: { op: "BEGINS_WITH", values: [S("p")] },
    });
    expect(resolve("b BETWEEN :lo AND :hi AND a = :a", range, { ":a": S("x"), ":lo": N(1), ":hi": N(2) })).toEqual({
      hashValue: S("x"),
      range: { op: "BETWEEN", values: [N(1), N(2)] },
    });
  });

  it.each([
    ["z = :a", hash, "Query condition missed key schema element: a"],
    ["b = :n", range, "Query condition missed key schema element: a"],
    ["a = :a AND z = :a", range, "Query condition missed key schema element: b"],
    ["a = :a AND b = :n", hash, "Query key condition not supported"],
    ["a > :a", hash, "Query key condition not supported"],
    ["a = :n", hash, "One or more parameter values were invalid: Condition parameter type does not match schema type"],
    ["a = :a AND b = :a", range, "One or more parameter values were invalid: Condition parameter type does not match schema type"],
  ] as [string, KeyInfo, string][])("%j", (expr, key, message) => {
    const values: Record<string, AttributeValue> = {};
    if (expr.includes(":a")) values[":a"] = S("x");
    if (expr.includes(":n")) values[":n"] = N(1);
    expect(rejection(() => resolve(expr, key, values))).toBe(message);
  });

  it("handles KeyConditions too", () => {
    const kc = convertKeyConditions({ a: { ComparisonOperator: "EQ", AttributeValueList: [S("x")] }, b: { ComparisonOperator: "NE", AttributeValueList: [N(1)] } });
    expect(rejection(() => resolveKeyCondition(kc, range))).toBe("Attempted conditional constraint is not an indexable operation");
    const ok = convertKeyConditions({ a: { ComparisonOperator: "EQ", AttributeValueList: [S("x")] }, b: { ComparisonOperator: "LE", AttributeValueList: [N(1)] } });
    expect(resolveKeyCondition(ok, range)).toEqual({ hashValue: S("x"), range: { op: "LE", values: [N(1)] } });
  });
});
