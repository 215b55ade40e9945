import { describe, expect, it } from "vitest";
import type { AttributeValue, Item, KeyInfo } from "../model/types.js";
import { checkKeyUsage, keyUpdateError, nestedKeyAccessError } from "./compile.js";
import { convertAttributeUpdates } from "./legacy.js";
import { applyUpdate } from "./update.js";
import { N, S, compile, compileError, rejection } from "./test-support.js";

const U = "Invalid UpdateExpression: ";
const hashKey: KeyInfo = { hashName: "a", hashType: "S" };
const rangeKey: KeyInfo = { hashName: "a", hashType: "S", rangeName: "b", rangeType: "S" };

/** Compiles and applies `update` to `item` (key {a: "k"}). */
function run(update: string, item: Item | undefined, values?: Record<string, AttributeValue>, names?: Record<string, string>) {
  const c = compile({ update, values, names });
  return applyUpdate(c.update as never, item, { a: S("k") });
}
const runError = (update: string, item: Item | undefined, values?: Record<string, AttributeValue>, names?: Record<string, string>) =>
  rejection(() => run(update, item, values, names));

// dynalite's test/updateItem.js validations (recorded against DynamoDB).
describe("update checks", () => {
  const names = { "#a": "a", "#b": "b" };
  const values = { ":a": S("a"), ":b": S("a") };

  it.each([
    [" set #c = :c set abOrt = true ", "abOrt"],
    [" remove Absolute ", "Absolute"],
  ])("reserved keyword: %j", (update, word) => {
    expect(compileError({ update, values, names })).toBe(`${U}Attribute name is a reserved keyword; reserved keyword: ${word}`);
  });

  it("invalid function names", () => {
    expect(compileError({ update: "set #c = if_not_exist(:c) set c = d", values, names })).toBe(`${U}Invalid function name; function: if_not_exist`);
  });

  it("refuses condition functions in updates", () => {
    expect(compileError({ update: "set a = size(b)" })).toBe(`${U}The function is not allowed in an update expression; function: size`);
    expect(compileError({ update: "set a = contains(b, c)" })).toBe(`${U}The function is not allowed in an update expression; function: contains`);
  });

  it("allows only if_not_exists to nest", () => {
    expect(() => compile({ update: "SET a = if_not_exists(a, :z) + :one", values: { ":z": N(0), ":one": N(1) } })).not.toThrow();
    expect(() => compile({ update: "SET l = list_append(if_not_exists(l, :e), :v)", values: { ":e": { L: [] }, ":v": { L: [] } } })).not.toThrow();
    expect(compileError({ update: "SET a = b + list_append(c, d)" })).toBe(`${U}The function is not allowed to be used this way in an expression; function: list_append`);
    expect(compileError({ update: "SET a = list_append(list_append(a, b), c)" })).toBe(
      `${U}The function is not allowed to be used this way in an expression; function: list_append`,
    );
  });

  it.each([
    ["set a = #c set c = :d", "SET"],
    ["remove #d set a = b remove e", "REMOVE"],
    ["add #d :e set a = b add e :f", "ADD"],
    ["delete #d :e set a = b delete #e :f", "DELETE"],
  ])("repeated sections: %j", (update, kw) => {
    expect(compileError({ update, values, names })).toBe(`${U}The "${kw}" section can only be used once in an update expression;`);
  });

  it("undefined names and values", () => {
    expect(compileError({ update: "SET #c = if_not_exists(:c)", values, names })).toBe(
      `${U}An expression attribute name used in the document path is not defined; attribute name: #c`,
    );
    expect(compileError({ update: "SET #a = if_not_exists(:c)", values, names })).toBe(
      `${U}An expression attribute value used in expression is not defined; attribute value: :c`,
    );
  });

  it.each([
    ["set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", "[c, [1], a]", "[c]"],
    ["set #c[3].#d = a, #c[3] = a", "[c, [3], [3]]", "[c, [3]]"],
    // dynalite notes that DynamoDB now names [[3]] as path two in these (its engine's hash-map order).
    ["set c.b.#c = a, c = a, #d = a", "[c, b, c]", "[[3]]"],
    ["set a = b remove a, #c, #d", "[a]", "[[3]]"],
    ["remove c, #c.a, #d", "[c]", "[[3]]"],
    ["remove a, #c, a, #d", "[a]", "[[3]]"],
    ["set a = :v remove a", "[a]", "[a]"],
    ["set a.b = :v, a = :v", "[a, b]", "[a]"],
  ])("overlapping paths: %j", (update, one, two) => {
    expect(compileError({ update, names: { "#c": "c", "#d": "[3]" }, values: { ":v": S("x") } })).toBe(
      `${U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
    );
  });

  it.each([
    ["set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", "[c, [3], [3]]", "[c, [3], [3]]"],
    ["remove a.#c set a[1] = #d", "[a, c]", "[a, [1]]"],
  ])("conflicting paths: %j", (update, one, two) => {
    expect(compileError({ update, names: { "#b": "b", "#c": "c", "#d": "[3]" } })).toBe(
      `${U}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
    );
  });

  // DynamoDB now appends the allowed type set (dynalite's recording predates it).
  it.each([
    ["set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", S("a"), "ADD", "STRING"],
    ["delete a.b :a", S("a"), "DELETE", "STRING"],
    ["add a.b :a", { NULL: true }, "ADD", "NULL"],
    ["delete a.b :a", { NULL: true }, "DELETE", "NULL"],
    ["add a.b :a", { BOOL: false }, "ADD", "BOOLEAN"],
    ["delete a.b :a", { BOOL: false }, "DELETE", "BOOLEAN"],
    ["add a.b :a", { B: "YQ==" }, "ADD", "BINARY"],
    ["delete a.b :a", { B: "YQ==" }, "DELETE", "BINARY"],
    ["add a.b :a", { M: { a: { L: [N(1)] } } }, "ADD", "MAP"],
    ["delete a.b :a", { M: { a: { L: [N(1)] } } }, "DELETE", "MAP"],
    ["add a.b :a", { L: [N(1)] }, "ADD", "LIST"],
    ["delete a.b :a", { L: [N(1)] }, "DELETE", "LIST"],
    ["delete a.b :a", N(1), "DELETE", "NUMBER"],
  ] as [string, AttributeValue, string, string][])("ADD/DELETE operand types: %j", (update, value, op, type) => {
    expect(compileError({ update, values: { ":a": value, ":b": S("a") } })).toBe(
      `${U}Incorrect operand type for operator or function; operator: ${op}, operand type: ${type}, typeSet: ALLOWED_FOR_${op}_OPERAND`,
    );
  });

  it.each(["set a = if_not_exists(c)", "set a = list_append(c)"])("operand counts: %j", (update) => {
    expect(compileError({ update, values, names })).toMatch(
      /^Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: [a-z_]+, number of operands: \d+$/,
    );
  });

  it.each(["set a = if_not_exists(:a, c)", "set a = if_not_exists(if_not_exists(a, b), c)"])("path operands: %j", (update) => {
    expect(compileError({ update, values, names })).toBe(`${U}Operator or function requires a document path; operator or function: if_not_exists`);
  });

  it.each([
    ["set a = list_append(:a, a)", "list_append", "S"],
    ["set a = list_append(a, :b)", "list_append", "N"],
    ["set a = list_append(:c, a)", "list_append", "B"],
    ["set a = list_append(:d, a)", "list_append", "BOOL"],
    ["set a = list_append(:e, a)", "list_append", "NULL"],
    ["set a = list_append(:f, a)", "list_append", "SS"],
    ["set a = list_append(:g, a)", "list_append", "NS"],
    ["set a = list_append(:h, a)", "list_append", "BS"],
    ["set a = list_append(:i, a)", "list_append", "M"],
    ["set a = a + :a", "+", "S"],
    ["set a = :a + :c", "+", "S"],
    ["set a = :c + a", "+", "B"],
    ["set a = a + :d", "+", "BOOL"],
    ["set a = a + :e", "+", "NULL"],
    ["set a = a + :f", "+", "SS"],
    ["set a = a + :g", "+", "NS"],
    ["set a = a + :h", "+", "BS"],
    ["set a = a + :i", "+", "M"],
    ["set a = a + :j", "+", "L"],
    ["set a = a - :a", "-", "S"],
    ["set a = :a - :c", "-", "S"],
    ["set a = :c - a", "-", "B"],
    ["set a = a - :j", "-", "L"],
  ])("function operand types: %j", (update, fn, type) => {
    const all = {
      ":a": S("a"),
      ":b": N(1),
      ":c": { B: "YQ==" },
      ":d": { BOOL: false },
      ":e": { NULL: true },
      ":f": { SS: ["a"] },
      ":g": { NS: ["1"] },
      ":h": { BS: ["YQ=="] },
      ":i": { M: {} },
      ":j": { L: [] },
    } as Record<string, AttributeValue>;
    expect(compileError({ update, values: all, names })).toBe(`${U}Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${type}`);
  });

  it("checks actions last first: a late ADD type error beats an earlier function error", () => {
    expect(compileError({ update: "set b = list_append(:a, a) add c :a", values: { ":a": S("a") } })).toMatch(/operator: ADD/);
  });

  it("finds unused names and values across the update and the condition", () => {
    expect(
      compileError({
        update: "remove a set b = list_append(b, if_not_exists(a, :a))",
        condition: "a = :b",
        values: { ":a": S("a"), ":b": S("a") },
        names: { "#a": "a", "#b": "b" },
      }),
    ).toMatch(/^Value provided in ExpressionAttributeNames unused in expressions: keys: \{(#a, #b|#b, #a)\}$/);
    expect(
      compileError({ update: "remove a", condition: "a = :b", values: { ":a": S("a"), ":b": S("a"), ":c": S("a") } }),
    ).toMatch(/^Value provided in ExpressionAttributeValues unused in expressions: keys: \{(:c, :a|:a, :c)\}$/);
  });

  it("refuses updates bigger than an item", () => {
    const big = "x".repeat(400 * 1024);
    expect(compileError({ update: "SET b = :v", values: { ":v": S(big) } })).toBe("Item size to update has exceeded the maximum allowed size");
    expect(() => compile({ update: "SET b = :v", values: { ":v": S(big.slice(100)) } })).not.toThrow();
  });
});

describe("key attributes", () => {
  const keyError = (update: string, key: KeyInfo, values?: Record<string, AttributeValue>) =>
    rejection(() => checkKeyUsage(compile({ update, values }), key));

  it.each([
    ["add a.b :a", { ":a": N(1) }],
    ["delete a :a", { ":a": { NS: ["1"] } }],
    ["remove d set b = :a, a = :a", { ":a": N(1) }],
    ["delete b :a remove a", { ":a": { NS: ["1"] } }],
    ["set a = a.b + a[1]", undefined],
  ] as [string, Record<string, AttributeValue> | undefined][])("hash key: %j", (update, values) => {
    expect(keyError(update, hashKey, values)).toBe("One or more parameter values were invalid: Cannot update attribute a. This attribute is part of the key");
  });

  it("range key", () => {
    expect(keyError("set d[1] = :a add b.b :a", rangeKey, { ":a": N(1) })).toBe(
      "One or more parameter values were invalid: Cannot update attribute b. This attribute is part of the key",
    );
    expect(keyUpdateError([["x"], ["b"]], rangeKey)?.message).toMatch(/attribute b\./);
  });

  it("nested access to key attributes", () => {
    expect(keyError("set c = a.b", hashKey)).toBe("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: a");
    expect(nestedKeyAccessError(compile({ update: "add d.b :a", values: { ":a": N(1) } }).update?.nested ?? [], ["c", "d"], "IndexKey")?.message).toBe(
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: d",
    );
  });

  it("reports the static type of top-level SETs (index key types)", () => {
    const u = compile({ update: "set e = c[1], c = a + :a, d = :s, g = if_not_exists(g, :s), h = list_append(h, :l) ADD f :a", values: { ":a": N(1), ":s": S("x"), ":l": { L: [] } } }).update;
    expect(u?.setTypes).toEqual({ e: null, c: "N", d: "S", f: "N", g: "S", h: "L" });
  });
});

describe("applying updates", () => {
  const key = S("k");

  it("computes every value from the item as it was, and lists keep original indexes", () => {
    const item: Item = { a: key, b: { M: { a: N(1), b: N(2), c: N(3) } }, c: { L: [N(1), N(3)] } };
    const r = run("set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a", item, { ":a": N(2), ":b": { SS: ["a"] } });
    expect(r.item).toEqual({
      a: key,
      b: { M: { a: key, b: N(2), c: N(4) } },
      c: { L: [N(1), key, N(3), N(-1), N(2), { SS: ["a"] }] },
    });
    expect(r.updatedNew).toEqual({ b: { M: { a: key, c: N(4) } }, c: { L: [key, N(3), N(2)] } });
    expect(r.updatedOld).toEqual({ b: { M: { a: N(1), c: N(3) } }, c: { L: [N(3)] } });
    // The input is untouched.
    expect(item.c).toEqual({ L: [N(1), N(3)] });
  });

  it("creates the item from its key", () => {
    const r = run("REMOVE b DELETE c :c ADD d :d, e :e SET f = :f", undefined, {
      ":c": { SS: ["a", "b"] },
      ":d": N(5),
      ":e": { SS: ["a", "b"] },
      ":f": { L: [S("a"), N(1)] },
    });
    expect(r.item).toEqual({ a: key, d: N(5), e: { SS: ["a", "b"] }, f: { L: [S("a"), N(1)] } });
    expect(r.updatedNew).toEqual({ d: N(5), e: { SS: ["a", "b"] }, f: { L: [S("a"), N(1)] } });
    expect(r.updatedOld).toEqual({});
    expect(run("set b = if_not_exists(b, a)", undefined).updatedNew).toEqual({ b: key });
  });

  it("removes list elements by their original index", () => {
    const item: Item = { l: { L: [S("a"), S("b"), S("c"), S("d"), S("e")] } };
    expect(run("REMOVE l[1], l[3]", item).item.l).toEqual({ L: [S("a"), S("c"), S("e")] });
    expect(run("REMOVE l[0] SET l[1] = :z", item, { ":z": S("z") }).item.l).toEqual({ L: [S("z"), S("c"), S("d"), S("e")] });
    expect(run("REMOVE l[9]", item).item.l).toEqual(item.l);
    expect(run("SET l[9] = :z, l[7] = :y", item, { ":z": S("z"), ":y": S("y") }).item.l).toEqual({
      L: [S("a"), S("b"), S("c"), S("d"), S("e"), S("y"), S("z")],
    });
  });

  it("adds and deletes set members, numbers", () => {
    const item: Item = { ss: { SS: ["a", "b"] }, ns: { NS: ["1", "2"] }, n: N(1) };
    expect(run("ADD ss :v", item, { ":v": { SS: ["b", "c", "d"] } }).item.ss).toEqual({ SS: ["a", "b", "c", "d"] });
    expect(run("ADD ns :v", item, { ":v": { NS: ["2", "3"] } }).item.ns).toEqual({ NS: ["1", "2", "3"] });
    expect(run("ADD n :v", item, { ":v": N("3.5") }).item.n).toEqual(N("4.5"));
    expect(run("DELETE ss :v", item, { ":v": { SS: ["a", "x"] } }).item.ss).toEqual({ SS: ["b"] });
    expect(run("DELETE ss :v", item, { ":v": { SS: ["a", "b"] } }).item).not.toHaveProperty("ss");
    expect(run("DELETE absent :v", item, { ":v": { SS: ["a"] } }).item).not.toHaveProperty("absent");
    expect(run("SET n = n - :v", item, { ":v": N("1.25") }).item.n).toEqual(N("-0.25"));
  });

  it("reports DynamoDB's number errors", () => {
    expect(runError("SET n = :v + :v", {}, { ":v": N("9.9e125") })).toBe(
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
    expect(runError("SET n = :a + :b", {}, { ":a": N("1e-130"), ":b": N(1) })).toBe("Attempting to store more than 38 significant digits in a Number");
    expect(runError("SET n = :a + :b", {}, { ":a": N("1e50"), ":b": N(1) })).toBe(
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
  });

  const existing: Item = {
    a: key,
    b: key,
    c: { M: { "1": S("a") } },
    d: { L: [S("a"), S("b")] },
  };
  it.each([
    "set b.a = :a, #1 = :a",
    "set b[1] = :a, #1 = :a",
    "set y.a = :a, #1 = :a",
    "set y[1] = :a, #1 = :a",
    "set c[1] = :a, #1 = :a",
    "set d.#1 = :a",
    "remove b.a set #1 = :a",
    "remove b[1] set #1 = :a",
    "remove y.a set #1 = :a",
    "remove y[1] set #1 = :a",
    "remove c[1] set #1 = :a",
    "remove d.#1 set #1 = :a",
    "delete b.a :a set #1 = :a",
    "delete b[1] :a set #1 = :a",
    "delete y.a :a set #1 = :a",
    "delete y[1] :a set #1 = :a",
    "delete c[1] :a set #1 = :a",
    "delete d.#1 :a",
    "add b.a :a set #1 = :a",
    "add b[1] :a set #1 = :a",
    "add y.a :a set #1 = :a",
    "add y[1] :a set #1 = :a",
    "add c[1] :a set #1 = :a",
    "add d.#1 :a",
  ])("invalid document path: %j", (update) => {
    expect(runError(update, existing, { ":a": { SS: ["a"] } }, { "#1": "1" })).toBe(
      "The document path provided in the update expression is invalid for update",
    );
  });

  it.each(["set b.a = a", "set b[1] = a"])("invalid document path in a new item: %j", (update) => {
    expect(runError(update, undefined)).toBe("The document path provided in the update expression is invalid for update");
  });

  it.each(["set c = b", "set e = list_append(b, c)", "SET a1 = if_not_exists(x, y)", "SET a1 = if_not_exists(c, y)"])(
    "missing attributes: %j",
    (update) => {
      expect(runError(update, { c: { L: [] } })).toBe("The provided expression refers to an attribute that does not exist in the item");
    },
  );

  it.each([
    ["delete d :a", { SS: ["1"] }],
    ["delete b :a", { NS: ["1"] }],
    ["delete b.a :a", { NS: ["1"] }],
    ["delete b.a :a", { BS: ["YQ=="] }],
    ["delete c :a", { NS: ["1"] }],
    ["add b :a", { NS: ["1"] }],
    ["add d :a", N(1)],
    ["set e = a + :a", N(1)],
    ["set e = b - :a", N(1)],
    ["set e = list_append(d, if_not_exists(f, :a))", { L: [] }],
  ] as [string, AttributeValue][])("wrong types at run time: %j", (update, value) => {
    const item: Item = { a: key, b: { M: { a: { SS: ["1"] } } }, c: N(1), d: { NS: ["1"] } };
    expect(runError(update, item, { ":a": value })).toBe("An operand in the update expression has an incorrect data type");
  });

  it("reports the first failure in DynamoDB's visiting order", () => {
    // Both actions fail; DynamoDB's engine visits `c` before `a`.
    expect(runError("SET a = b + :x, c.d = :x", {}, { ":x": N(1) })).toBe(
      "The document path provided in the update expression is invalid for update",
    );
  });

  it("refuses items nested deeper than 32 levels", () => {
    let deep: AttributeValue = S("x");
    for (let i = 0; i < 31; i++) deep = { L: [deep] };
    expect(() => run("SET a1 = :v", {}, { ":v": deep })).not.toThrow();
    expect(runError("SET a1 = :v", {}, { ":v": { L: [deep] } })).toBe("Nesting Levels have exceeded supported limits");
    expect(runError("SET m.x = :v", { m: { M: {} } }, { ":v": deep })).toBe("Nesting Levels have exceeded supported limits");
  });

  it("keeps __proto__ an ordinary attribute", () => {
    const r = run("SET #p = :v", {}, { ":v": S("x") }, { "#p": "__proto__" });
    expect(Object.keys(r.item)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(r.item)).toBe(Object.prototype);
  });
});

describe("AttributeUpdates (legacy)", () => {
  const apply = (updates: Parameters<typeof convertAttributeUpdates>[0], item: Item | undefined) =>
    applyUpdate(convertAttributeUpdates(updates), item, { a: S("k") });

  it("PUTs, ADDs (creating missing attributes) and DELETEs", () => {
    const r = apply(
      {
        b: { Action: "DELETE" },
        c: { Action: "DELETE", Value: { SS: ["a", "b"] } },
        d: { Action: "ADD", Value: N(5) },
        e: { Action: "ADD", Value: { SS: ["a", "b"] } },
        f: { Action: "ADD", Value: { L: [S("a"), N(1)] } },
      },
      undefined,
    );
    expect(r.item).toEqual({ a: S("k"), d: N(5), e: { SS: ["a", "b"] }, f: { L: [S("a"), N(1)] } });
    expect(r.updatedNew).toEqual({ d: N(5), e: { SS: ["a", "b"] }, f: { L: [S("a"), N(1)] } });
  });

  it("adds to existing values", () => {
    const item: Item = { a: S("k"), b: N(1), c: { L: [S("a")] }, d: { NS: ["1", "2"] } };
    const r = apply({ b: { Action: "ADD", Value: N(3) }, c: { Action: "ADD", Value: { L: [S("b")] } }, d: { Action: "ADD", Value: { NS: ["2", "3"] } } }, item);
    expect(r.item).toEqual({ a: S("k"), b: N(4), c: { L: [S("a"), S("b")] }, d: { NS: ["1", "2", "3"] } });
    expect(r.updatedOld).toEqual({ b: N(1), c: { L: [S("a")] }, d: { NS: ["1", "2"] } });
    expect(apply({ d: { Action: "DELETE", Value: { NS: ["1", "2"] } }, b: { Value: S("x") } }, item).item).toEqual({ a: S("k"), b: S("x"), c: item.c });
  });

  it.each([
    [{ b: { Action: "DELETE", Value: { NS: ["1"] } } }],
    [{ b: { Action: "DELETE", Value: { BS: ["YQ=="] } } }],
    [{ c: { Action: "DELETE", Value: { NS: ["1"] } } }],
    [{ b: { Action: "ADD", Value: { NS: ["1"] } } }],
    [{ d: { Action: "ADD", Value: N(1) } }],
  ])("type mismatches: %j", (updates) => {
    const item: Item = { a: S("k"), b: { SS: ["1"] }, c: N(1), d: { NS: ["1"] } };
    expect(rejection(() => apply(updates, item))).toBe("Type mismatch for attribute to update");
  });

  it("refuses key attributes", () => {
    expect(keyUpdateError(convertAttributeUpdates({ a: { Value: S("x") } }).paths, hashKey)?.message).toBe(
      "One or more parameter values were invalid: Cannot update attribute a. This attribute is part of the key",
    );
  });
});
