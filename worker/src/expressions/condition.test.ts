import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../model/types.js";
import { evaluateCondition } from "./evaluate.js";
import { B, N, S, compile, compileError } from "./test-support.js";

const F = "Invalid FilterExpression: ";
const filterError = (filter: string, values?: Record<string, AttributeValue>, names?: Record<string, string>) =>
  compileError({ filter, values, names });

// The cases below are dynalite's test/scan.js tables (recorded against DynamoDB).
describe("condition checks", () => {
  it.each([
    ["a=a and whatever((:things)) > a", "whatever"],
    ["attRIbute_exIsts((views), #a)", "attRIbute_exIsts"],
  ])("invalid function name: %j", (expr, fn) => {
    expect(filterError(expr)).toBe(`${F}Invalid function name; function: ${fn}`);
  });

  it.each([
    ["a=a and attribute_exists((views), (#a)) > b", "attribute_exists"],
    ["attribute_not_exists(things) > b", "attribute_not_exists"],
    ["attribute_type(things, :a) > b", "attribute_type"],
    ["begins_with(things, a) > b", "begins_with"],
    ["contains(:things, c) > b", "contains"],
    ["size(contains(a, b)) > a", "contains"],
    ["size(things)", "size"],
    ["a between b and attribute_exists(things)", "attribute_exists"],
    ["a in (b, attribute_exists(things))", "attribute_exists"],
    ["NOT size(a)", "size"],
  ])("function used incorrectly: %j", (expr, fn) => {
    expect(filterError(expr)).toBe(`${F}The function is not allowed to be used this way in an expression; function: ${fn}`);
  });

  it("refuses update functions in conditions", () => {
    expect(filterError("a < if_not_exists(c, :v)")).toBe(`${F}The function is not allowed in a condition expression; function: if_not_exists`);
    expect(filterError("list_append(a, b)")).toBe(`${F}The function is not allowed in a condition expression; function: list_append`);
  });

  it.each([
    ["attribute_exists(views, #a)", "views"],
    [":a < abOrT", "abOrT"],
  ])("reserved keyword: %j", (expr, word) => {
    expect(filterError(expr)).toBe(`${F}Attribute name is a reserved keyword; reserved keyword: ${word}`);
  });

  it("checks function names before later reserved words, in textual order", () => {
    expect(filterError("views = :a AND foo(b)")).toBe(`${F}Attribute name is a reserved keyword; reserved keyword: views`);
    expect(filterError("foo(b) AND views = :a")).toBe(`${F}Invalid function name; function: foo`);
  });

  it("accepts size and convert as attribute names", () => {
    expect(() => compile({ filter: "size = :a AND convert = :a", values: { ":a": S("x") } })).not.toThrow();
  });

  it.each([
    ["attribute_exists(#Pictures.RearView, :a) and a=a", "#Pictures"],
    ["begins_with(Pictures.#RearView)", "#RearView"],
    ["(#P between :lo and :hi) and (#PC in (:cat1, :cat2))", "#P"],
    ["#4g > a", "#4g"],
    ["#_ > a", "#_"],
    ["(a)between(b.c[45].#d)and(:a)", "#d"],
  ])("missing attribute name: %j", (expr, name) => {
    expect(filterError(expr)).toBe(`${F}An expression attribute name used in the document path is not defined; attribute name: ${name}`);
  });

  it.each([
    ["begins_with(:hello, #a, #b)", ":hello"],
    [":a < :b", ":a"],
    [":_ > a", ":_"],
  ])("missing attribute value: %j", (expr, value) => {
    expect(filterError(expr)).toBe(`${F}An expression attribute value used in expression is not defined; attribute value: ${value}`);
  });

  it.each([
    ["attribute_exists(things, a) and a=a", "attribute_exists", 2],
    ["attribute_not_exists(things, b)", "attribute_not_exists", 2],
    ["attribute_type(things)", "attribute_type", 1],
    ["begins_with(things)", "begins_with", 1],
    ["begins_with(things, size(a), b)", "begins_with", 3],
    ["contains(things)", "contains", 1],
    ["size(things, a) > b", "size", 2],
  ])("incorrect operand count: %j", (expr, fn, n) => {
    expect(filterError(expr)).toBe(`${F}Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${n}`);
  });

  const types: [string, string, AttributeValue][] = [
    ["attribute_type(a, size(a)) and a=a and a=:a", "attribute_type", N(1)],
    ["attribute_type(a, :a)", "attribute_type", N(1)],
    ["attribute_type(a, :a)", "attribute_type", B("YQ==")],
    ["attribute_type(a, :a)", "attribute_type", { BOOL: true }],
    ["attribute_type(a, :a)", "attribute_type", { NULL: true }],
    ["attribute_type(a, :a)", "attribute_type", { L: [] }],
    ["attribute_type(a, :a)", "attribute_type", { M: {} }],
    ["attribute_type(a, :a)", "attribute_type", { SS: ["1"] }],
    ["attribute_type(a, :a)", "attribute_type", { NS: ["1"] }],
    ["attribute_type(a, :a)", "attribute_type", { BS: ["YQ=="] }],
    ["begins_with(a, size(a)) and a=:a", "begins_with", N(1)],
    ["begins_with(a, :a)", "begins_with", N(1)],
    ["begins_with(a, :a)", "begins_with", { BOOL: true }],
    ["begins_with(a, :a)", "begins_with", { NULL: true }],
    ["begins_with(a, :a)", "begins_with", { L: [] }],
    ["begins_with(a, :a)", "begins_with", { M: {} }],
    ["begins_with(a, :a)", "begins_with", { SS: ["1"] }],
    ["begins_with(a, :a)", "begins_with", { NS: ["1"] }],
    ["begins_with(a, :a)", "begins_with", { BS: ["YQ=="] }],
    ["begins_with(:a, a)", "begins_with", N(1)],
    ["begins_with(:a, a)", "begins_with", { BOOL: true }],
    ["size(size(a)) > :a", "size", N(1)],
    ["attribute_not_exists(size(:a))", "size", N(1)],
    ["size(:a) > a", "size", { BOOL: true }],
    ["size(:a) > a", "size", { NULL: true }],
  ];
  it.each(types)("incorrect operand type: %j %s %j", (expr, fn, value) => {
    expect(filterError(expr, { ":a": value })).toBe(
      `${F}Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${Object.keys(value)[0]}`,
    );
  });

  it("refuses non-orderable operands of comparisons and BETWEEN", () => {
    expect(filterError("a < :a", { ":a": { BOOL: true } })).toBe(`${F}Incorrect operand type for operator or function; operator or function: <, operand type: BOOL`);
    expect(filterError("a BETWEEN :a AND :b", { ":a": { SS: ["x"] }, ":b": S("y") })).toBe(
      `${F}Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: SS`,
    );
    expect(() => compile({ filter: "a = :a AND a <> :a AND a IN (:a)", values: { ":a": { BOOL: true } } })).not.toThrow();
  });

  it("attribute_type needs a value naming a type", () => {
    expect(filterError("attribute_type(a, :a)", { ":a": S("1") })).toBe(
      `${F}Invalid attribute type name found; type: 1, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`,
    );
    expect(filterError("attribute_type(a, b)")).toBe(
      `${F}Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}`,
    );
  });

  it.each([
    ["attribute_exists(:a) and a=a", "attribute_exists"],
    ["attribute_not_exists(size(:a))", "attribute_not_exists"],
  ])("functions needing a path: %j", (expr, fn) => {
    expect(filterError(expr, { ":a": S("1") })).toBe(`${F}Operator or function requires a document path; operator or function: ${fn}`);
  });

  it.each([
    ["a = a AND #a = b AND :views > a", "=", "[a]"],
    ["#a <> a", "<>", "[a]"],
    ["a > #a", ">", "[a]"],
    ["((a=a) OR (a=a))", "=", "[a]"],
    ["((a=a) AND (a=a))", "=", "[a]"],
    ["contains(ab.bc[1].a, ab.bc[1].#a)", "contains", "[ab, bc, [1], a]"],
    ["attribute_type(ab.bc[1].#a, ab.bc[1].a)", "attribute_type", "[ab, bc, [1], a]"],
    ["begins_with(ab.bc[1].a, ab.bc[1].#a)", "begins_with", "[ab, bc, [1], a]"],
  ])("non-distinct operands: %j", (expr, op, path) => {
    expect(filterError(expr, undefined, { "#a": "a" })).toBe(
      `${F}The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${path}`,
    );
  });

  it("accepts the same value twice", () => {
    expect(() => compile({ filter: ":a > :a", values: { ":a": S("x") } })).not.toThrow();
  });

  it("checks BETWEEN bounds", () => {
    const K = "Invalid KeyConditionExpression: ";
    expect(compileError({ keyCondition: "a between :b and :a", values: { ":a": S("a"), ":b": N(1) } })).toBe(
      `${K}The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}`,
    );
    expect(compileError({ keyCondition: "a between :b and :a", values: { ":a": S("a"), ":b": S("b") } })).toBe(
      `${K}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}`,
    );
    expect(compileError({ condition: "a between :b and :a", values: { ":a": N(-10), ":b": N(2) } })).toMatch(/upper bound to be greater/);
  });

  it("limits IN to 100 operands", () => {
    const list = (n: number) => Array.from({ length: n }, () => ":v").join(",");
    expect(() => compile({ condition: `a IN (${list(100)})`, values: { ":v": S("x") } })).not.toThrow();
    expect(compileError({ condition: `a IN (${list(101)})`, values: { ":v": S("x") } })).toBe(
      "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
  });

  it("limits expressions to 300 operators", () => {
    const chain = (n: number) => Array.from({ length: n }, () => "a = :v").join(" OR ");
    // n comparisons and n - 1 ORs.
    expect(() => compile({ condition: chain(150), values: { ":v": S("x") } })).not.toThrow();
    expect(compileError({ condition: chain(151), values: { ":v": S("x") } })).toBe(
      "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
    );
    expect(compileError({ condition: `${"NOT ".repeat(300)}a = :v`, values: { ":v": S("x") } })).toMatch(/operator count: 301$/);
  });

  it("limits document paths to 32 levels", () => {
    const path = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(".");
    expect(() => compile({ condition: `attribute_exists(${path(32)})` })).not.toThrow();
    expect(compileError({ condition: `attribute_exists(${path(33)})` })).toBe(
      "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33",
    );
  });

  it("limits list indexes to a Java int", () => {
    expect(() => compile({ condition: "attribute_exists(a[2147483647])" })).not.toThrow();
    expect(compileError({ condition: "attribute_exists(a[2147483648])" })).toBe(
      "Invalid ConditionExpression: List index is not within the allowable range; index: [2147483648]",
    );
  });

  it("refuses value placeholders inside paths", () => {
    expect(compileError({ condition: "a.:v = :v", values: { ":v": S("x") } })).toBe(
      "Invalid ConditionExpression: The document path cannot contain attribute value parameters; attribute value: :v",
    );
    expect(compileError({ condition: "a.:w = :v", values: { ":v": S("x") } })).toBe(
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: :w",
    );
  });

  it("reports the first failing operand, post-order", () => {
    // The BETWEEN bounds fail after the attribute name of a later operand would: operands first.
    expect(filterError("a BETWEEN :lo AND :hi AND #x = :lo", { ":lo": N(5), ":hi": N(1) })).toMatch(/upper bound to be greater/);
    expect(filterError("a BETWEEN :lo AND #x", { ":lo": N(5) })).toMatch(/attribute name: #x$/);
  });
});

describe("condition evaluation", () => {
  const item: Item = {
    s: S("hello"),
    n: N("10.5"),
    b: B("AQID"),
    t: { BOOL: true },
    z: { NULL: true },
    ss: { SS: ["a", "b"] },
    ns: { NS: ["1", "2.5"] },
    bs: { BS: ["AQ==", "Ag=="] },
    l: { L: [S("x"), N("1"), { M: { k: S("v") } }] },
    m: { M: { k: S("v"), deep: { L: [N("3")] } } },
    emoji: S("\u{1F600}"),
    priv: S("\uE000"),
  };
  const values: Record<string, AttributeValue> = {
    ":hello": S("hello"),
    ":he": S("he"),
    ":ll": S("ll"),
    ":n": N("10.50"),
    ":nine": N("9"),
    ":big": N("100"),
    ":b": B("AQID"),
    ":b1": B("AQ=="),
    ":b2": B("Ag=="),
    ":true": { BOOL: true },
    ":ssBA": { SS: ["b", "a"] },
    ":ns": { NS: ["2.5", "1"] },
    ":x": S("x"),
    ":one": N("1"),
    ":three": N("3"),
    ":mv": { M: { k: S("v") } },
    ":S": S("S"),
    ":L": S("L"),
    ":NULL": S("NULL"),
    ":emoji": S("\u{1F600}"),
    ":priv": S("\uE000"),
  };
  const run = (condition: string, on: Item | undefined = item) => {
    const used: Record<string, AttributeValue> = {};
    for (const k of Object.keys(values)) if (condition.includes(k) && new RegExp(`${k}(?![A-Za-z0-9_])`).test(condition)) used[k] = values[k] as AttributeValue;
    const c = compile({ condition, values: Object.keys(used).length ? used : undefined });
    return evaluateCondition(c.condition as never, on);
  };

  it.each([
    ["s = :hello", true],
    ["n = :n", true],
    ["n > :nine", true],
    ["n < :big", true],
    ["n <= :n", true],
    ["s < :x", true],
    ["b = :b", true],
    ["b > :b1", true],
    ["t = :true", true],
    ["ss = :ssBA", true],
    ["ns = :ns", true],
    ["m.k = :x", false],
    ["l[2] = :mv", true],
    ["l[0] = :x", true],
    ["l[3] = :x", false],
    ["m.deep[0] = :three", true],
    ["s <> :x", true],
    ["absent <> :x", true],
    ["absent = :x", false],
    ["absent < :x", false],
    ["t < :x", false],
    ["s < :one", false],
    ["n BETWEEN :nine AND :big", true],
    ["n BETWEEN :big AND :big", false],
    ["s BETWEEN :he AND :hello", true],
    ["s IN (:x, :hello)", true],
    ["absent IN (:x)", false],
    ["attribute_exists(m.deep[0])", true],
    ["attribute_exists(m.deep[1])", false],
    ["attribute_exists(s.x)", false],
    ["attribute_not_exists(nothing)", true],
    ["attribute_type(l, :L)", true],
    ["attribute_type(z, :NULL)", true],
    ["attribute_type(s, :L)", false],
    ["begins_with(s, :he)", true],
    ["begins_with(s, :ll)", false],
    ["begins_with(b, :b1)", true],
    ["begins_with(b, :b2)", false],
    ["begins_with(n, :he)", false],
    ["contains(s, :ll)", true],
    ["contains(ss, :x)", false],
    ["contains(ns, :one)", true],
    ["contains(bs, :b2)", true],
    ["contains(l, :mv)", true],
    ["contains(l, :one)", true],
    ["contains(b, :b2)", true],
    ["contains(absent, :x)", false],
    ["size(s) = :big", false],
    ["size(l) = :three", true],
    ["size(m) > :one", true],
    ["size(b) = :three", true],
    ["size(n) = :one", false],
    ["size(n) <> :one", true],
    ["size(ss) < :three", true],
    ["emoji > :priv", true],
    ["priv < :emoji", true],
    ["NOT s = :hello", false],
    ["s = :x OR n > :nine AND t = :true", true],
    ["(s = :x OR n > :nine) AND NOT t = :true", false],
  ])("%s → %s", (condition, expected) => {
    expect(run(condition)).toBe(expected);
  });

  it("treats a missing item as an item without attributes", () => {
    expect(run("attribute_not_exists(pk)", undefined)).toBe(true);
    expect(run("s <> :x", undefined)).toBe(true);
    expect(run("s = :x", undefined)).toBe(false);
  });

  it("does not read inherited properties as attributes", () => {
    const c = compile({ condition: "attribute_exists(#c) OR attribute_exists(m.#t)", names: { "#c": "constructor", "#t": "toString" } });
    expect(evaluateCondition(c.condition as never, item)).toBe(false);
  });
});
