import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../model/types.js";
import { evaluateCondition } from "./evaluate.js";
import { type LegacyCondition, convertExpected, convertFilter } from "./legacy.js";
import { N, S } from "./test-support.js";

const item: Item = { s: S("abc"), n: N(5), ss: { SS: ["x", "y"] }, l: { L: [S("x")] }, t: { BOOL: true } };

const filter = (name: string, op: string, list: AttributeValue[] = []) =>
  evaluateCondition(convertFilter({ [name]: { ComparisonOperator: op, AttributeValueList: list } }), item);

describe("QueryFilter / ScanFilter", () => {
  it.each([
    ["s", "EQ", [S("abc")], true],
    ["s", "NE", [S("abc")], false],
    ["absent", "NE", [S("abc")], true],
    ["n", "LT", [N(6)], true],
    ["n", "LE", [N(5)], true],
    ["n", "GT", [N(5)], false],
    ["n", "GE", [N(5)], true],
    ["s", "LT", [N(6)], false],
    ["s", "NULL", [], false],
    ["absent", "NULL", [], true],
    ["s", "NOT_NULL", [], true],
    ["s", "CONTAINS", [S("b")], true],
    ["ss", "CONTAINS", [S("y")], true],
    ["l", "CONTAINS", [S("x")], true],
    ["s", "NOT_CONTAINS", [S("z")], true],
    ["absent", "NOT_CONTAINS", [S("z")], false],
    ["s", "BEGINS_WITH", [S("ab")], true],
    ["n", "IN", [N(4), N(5)], true],
    ["n", "IN", [S("5")], false],
    ["n", "BETWEEN", [N(1), N(5)], true],
    ["n", "BETWEEN", [N(6), N(9)], false],
    ["ss", "EQ", [{ SS: ["y", "x"] }], true],
    ["t", "EQ", [{ BOOL: true }], true],
  ] as [string, string, AttributeValue[], boolean][])("%s %s %j → %s", (name, op, list, expected) => {
    expect(filter(name, op, list)).toBe(expected);
  });

  it("combines with ConditionalOperator (AND by default)", () => {
    const f: Record<string, LegacyCondition> = {
      s: { ComparisonOperator: "EQ", AttributeValueList: [S("abc")] },
      n: { ComparisonOperator: "EQ", AttributeValueList: [N(0)] },
    };
    expect(evaluateCondition(convertFilter(f), item)).toBe(false);
    expect(evaluateCondition(convertFilter(f, "OR"), item)).toBe(true);
    expect(evaluateCondition(convertFilter({}), item)).toBe(true);
  });
});

describe("Expected", () => {
  const expected = (e: Record<string, LegacyCondition>, op?: string, on: Item | undefined = item) => evaluateCondition(convertExpected(e, op), on);

  it("Value alone (or with Exists true) means equality", () => {
    expect(expected({ s: { Value: S("abc") } })).toBe(true);
    expect(expected({ s: { Value: S("abd"), Exists: true } })).toBe(false);
    expect(expected({ s: { Value: S("abc") } }, undefined, {})).toBe(false);
  });

  it("Exists false means the attribute is absent", () => {
    expect(expected({ s: { Exists: false } })).toBe(false);
    expect(expected({ absent: { Exists: false } })).toBe(true);
    expect(expected({ s: { Exists: false } }, undefined, {})).toBe(true);
  });

  it("ComparisonOperator with Value or AttributeValueList", () => {
    expect(expected({ n: { ComparisonOperator: "GT", Value: N(4) } })).toBe(true);
    expect(expected({ n: { ComparisonOperator: "BETWEEN", AttributeValueList: [N(1), N(4)] } })).toBe(false);
    expect(expected({ s: { ComparisonOperator: "NOT_NULL" } })).toBe(true);
  });

  it("ConditionalOperator OR", () => {
    expect(expected({ s: { Value: S("no") }, absent: { Exists: false } }, "OR")).toBe(true);
    expect(expected({ s: { Value: S("no") }, absent: { Exists: false } })).toBe(false);
  });

  it("reports the attributes it reads", () => {
    expect(convertExpected({ s: { Value: S("abc") }, n: { Exists: false } }).heads).toEqual(["s", "n"]);
  });
});
