import { describe, expect, it } from "vitest";
import { tokenize, tokenText } from "./lexer.js";
import { ExprFailure } from "./messages.js";
import { parseCondition, parseProjection, parseUpdate } from "./parser.js";
import { compileError } from "./test-support.js";

const syntax = (label: string, token: string, near: string) =>
  `Invalid ${label}: Syntax error; token: "${token}", near: "${near}"`;

describe("lexer", () => {
  const texts = (s: string) => {
    const t = tokenize(s);
    return Array.from({ length: t.count }, (_, i) => tokenText(t, i));
  };

  it("splits on DynamoDB's token rules", () => {
    expect(texts("a.b[10] <> :v")).toEqual(["a", ".", "b", "[", "10", "]", "<>", ":v", "<EOF>"]);
    expect(texts("01 #a_1 :_ # : _x")).toEqual(["0", "1", "#a_1", ":_", "#", ":", "_", "x", "<EOF>"]);
    expect(texts("a<=b>=c<d>e=f")).toEqual(["a", "<=", "b", ">=", "c", "<", "d", ">", "e", "=", "f", "<EOF>"]);
    expect(texts('"x"!ü')).toEqual(['"', "x", '"', "!", "ü", "<EOF>"]);
  });

  it("reads keywords in any case, and only whole words", () => {
    const t = tokenize("SeT set_ BETWEENx between");
    expect(Array.from(t.types.slice(0, 4))).toEqual([24, 1, 1, 20]);
  });
});

describe("syntax errors", () => {
  // The token where reading stops, and the text from the previous token to the next one.
  it.each([
    ["ConditionExpression", "foo", "<EOF>", "foo"],
    ["ConditionExpression", "attribute_type()", ")", "()"],
    ["ConditionExpression", "a = ", "<EOF>", "= "],
    ["ConditionExpression", "a == b", "=", "== b"],
    ["ConditionExpression", "things are not gonna be ok", "are", "things are not"],
    ["ConditionExpression", "a > 4", "4", "> 4"],
    ["ConditionExpression", "a IN b, c", "b", "IN b,"],
    ["ConditionExpression", "a in (b,c,)", ")", ",)"],
    ["ConditionExpression", "a > between", "between", "> between"],
    ["ConditionExpression", "#$.b > a", "#", "#$"],
    ["ConditionExpression", "ü > a", "ü", "ü >"],
    ["ConditionExpression", "size(a).b > a", ".", ").b"],
    ["ConditionExpression", "(a) AND b = c", "AND", ") AND b"],
    ["ConditionExpression", "NOT (a)", "<EOF>", ")"],
    ["ConditionExpression", "a = b = c", "=", "b = c"],
    ["ConditionExpression", "set = :v", "set", "set ="],
    ["UpdateExpression", "ADD hits : incr", ":", "hits : incr"],
    ["UpdateExpression", "SET MyStr = myNum + 1", "1", "+ 1"],
    ["UpdateExpression", "SET MyStr = myNum Mystr2 myNum2", "Mystr2", "myNum Mystr2 myNum2"],
    ["UpdateExpression", "SET MyStr = my Num", "Num", "my Num"],
    ["UpdateExpression", "INVALID SYNTAX HERE", "INVALID", "INVALID SYNTAX"],
    ["UpdateExpression", "SET", "<EOF>", "SET"],
    ["UpdateExpression", "SET a = ", "<EOF>", "= "],
    ["UpdateExpression", "SET a = if_not_exists(foo, 0)", "0", ", 0)"],
    ["UpdateExpression", "set a = b + c + d", "+", "c + d"],
    ["UpdateExpression", "set (a = (b + c))", "(", "set (a"],
    ["KeyConditionExpression", ":hashId a", "a", ":hashId a"],
    ["ProjectionExpression", "l[a]", "a", "[a]"],
    ["ProjectionExpression", "l[]", "]", "[]"],
    ["ProjectionExpression", "  a b  ", "b", "a b  "],
  ])("%s %j", (label, text, token, near) => {
    const key = { ConditionExpression: "condition", UpdateExpression: "update", KeyConditionExpression: "keyCondition", ProjectionExpression: "projection" }[label] as string;
    expect(compileError({ [key]: text, values: { ":incr": { N: "1" }, ":hashId": { S: "x" } } })).toBe(syntax(label, token, near));
  });

  // dynalite's test/scan.js and test/updateItem.js: all must be syntax errors.
  it.each([
    "things are not gonna be ok",
    "a > 4",
    "attribute_exists(Pictures-RearView)",
    'attribute_exists("Pictures.RearView")',
    "attribute_exists(Pictures..RearView)",
    "attribute_exists(Pi#ctures.RearView)",
    "attribute_exists(asdf[a])",
    "a in b, c",
    "a > between",
    "a in b",
    "a in (b,c,)",
    "(a)between(b.(c.d))and(c)",
    "(a)between(b.c.d)and((c)",
    "#$.b > a",
    "a > :things.stuff",
    "b[:a] > a",
    "b[#_] > a",
    "ü > a",
    "(a)between(b.c[4.5].#d)and(:a)",
    "size(a).b > a",
    "(size(a)).b > a",
    "size(a)[0] > a",
    "(size(a))[0] > a",
  ])("FilterExpression %j", (filter) => {
    expect(compileError({ filter })).toMatch(/^Invalid FilterExpression: Syntax error; /);
  });

  it.each([
    "whatever",
    "set a",
    "add a",
    "delete a",
    "set a=set",
    "remove a = b",
    "add a = b",
    "delete a = b",
    "delete a b",
    "delete a if_not_exist(b)",
    "add abort b",
    "add a if_not_exist(b)",
    "remove a b",
    "set a b",
    "set :a = b",
    "add :a b",
    "delete :a b",
    "remove :a",
    "set a = b / c",
    "set a = b * c",
    'set a[1] = "eight"',
    "set a[1] = 1",
    "SET a = if_not_exist(a, 100)",
    "SET if_not_exist(a, b) = a",
    "set (a = (b + c))",
    "set a = (b.c).d + e",
    "set a = (b.c)[0] + e",
    "set a = b + c + d",
  ])("UpdateExpression %j", (update) => {
    expect(compileError({ update })).toMatch(/^Invalid UpdateExpression: Syntax error; /);
  });

  it.each(["set a[1] = b", "set a.b = b", "SET a = if_not_exists(a, b) + b", "SET a = if_not_exists(a, if_not_exists(a, b))", "set a = (b + c)", "set a = ((b.c.d)+(e))"])(
    "accepts UpdateExpression %j",
    (update) => {
      expect(() => parseUpdate(update)).not.toThrow();
    },
  );
});

describe("redundant parentheses", () => {
  it.each([
    "a=a and a > ((views))",
    "(a)between(((b.c)).d)and(c)",
    "a > whatever((:things), ((a)))",
    "a=a AND ((a=a AND a=a)) AND a=a",
    "a=a OR ((a=a OR a=a)) OR a=a",
    "a=a AND ((a=a AND (a=a AND a=a)))",
    "a=a OR ((a=a OR (a=a OR a=a)))",
    "((size(a))) > :v",
  ])("%j", (filter) => {
    expect(compileError({ filter })).toBe("Invalid FilterExpression: The expression has redundant parentheses;");
  });

  it("is reported when the outer parenthesis closes, before a later syntax error", () => {
    expect(compileError({ condition: "((a = b)) garbage" })).toBe("Invalid ConditionExpression: The expression has redundant parentheses;");
    expect(compileError({ condition: "a ! ((b = c))" })).toMatch(/Syntax error; token: "!"/);
  });

  it("applies to update values", () => {
    expect(compileError({ update: "SET a = ((b))" })).toBe("Invalid UpdateExpression: The expression has redundant parentheses;");
    expect(compileError({ update: "SET a = ((b + c))" })).toBe("Invalid UpdateExpression: The expression has redundant parentheses;");
    expect(() => parseUpdate("SET a = ((b) + c)")).not.toThrow();
  });

  it("accepts single parentheses", () => {
    expect(() => parseCondition("(a) = b AND ((a = b) OR c = d) AND (size(x)) > y AND (attribute_exists(z))")).not.toThrow();
  });
});

describe("trees", () => {
  it("gives AND precedence over OR and NOT precedence over AND", () => {
    expect(parseCondition("NOT a = b AND c = d OR e = f")).toMatchObject({
      t: "or",
      c: [{ t: "and", c: [{ t: "not", c: { t: "cmp" } }, { t: "cmp" }] }, { t: "cmp" }],
    });
  });

  it("keeps a parenthesised group as one child", () => {
    const c = parseCondition("a = b AND (c = d AND e = f)");
    expect(c).toMatchObject({ t: "and", c: [{ t: "cmp" }, { t: "and" }] });
  });

  it("reads paths, indexes and placeholders", () => {
    expect(parseProjection("a.#b[3].c, #d")).toEqual({
      paths: [
        { t: "path", parts: ["a", "#b", 3, "c"] },
        { t: "path", parts: ["#d"] },
      ],
    });
    expect(parseProjection("a[2147483648]").paths[0]?.parts[1]).toEqual({ bad: "[2147483648]" });
  });

  it("reads update sections in order", () => {
    const u = parseUpdate("SET a = :v, b = b + :one REMOVE c ADD d :n DELETE e :s");
    expect(u.sections.map((s) => s.kw)).toEqual(["SET", "REMOVE", "ADD", "DELETE"]);
    expect(u.sections[0]?.actions[1]?.value).toMatchObject({ t: "arith", op: "+" });
  });

  it("throws ExprFailure, never anything else", () => {
    expect(() => parseCondition("(")).toThrow(ExprFailure);
  });
});

describe("pathological input", () => {
  it("survives deep nesting without exhausting the stack", () => {
    expect(compileError({ condition: `${"(".repeat(4000)}a` })).toBe(syntax("ConditionExpression", "<EOF>", "a"));
    expect(compileError({ condition: `${"(".repeat(2040)}a = b${")".repeat(2040)}` })).toBe(
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    );
    expect(compileError({ update: `SET a = ${"(".repeat(4000)}` })).toBe(syntax("UpdateExpression", "<EOF>", "("));
  });

  it("rejects expressions over 4 KB before reading them", () => {
    expect(compileError({ condition: "(".repeat(10000) })).toBe(
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 10000",
    );
    expect(compileError({ update: "a".repeat(4097) })).toBe("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
    expect(compileError({ projection: "a".repeat(4097) })).toBe("Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
  });
});
