/**
 * ConditionExpression: every comparator and function, missing attributes and cross-type comparisons
 * (false, not an error), conditional Put/Delete/Update (nothing written on failure),
 * ReturnValuesOnConditionCheckFailure, the validation errors of conditions, and expression limits.
 *
 * Truth tables are evaluated with a PutItem that rewrites a base item unchanged under the condition:
 * success means the condition held, ConditionalCheckFailedException that it did not.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectValidation, tableInput, uniqueName, type Target } from "./target";
import { bytes } from "./values";
import { L, M, N, NS, S, SS, expectConditionFailed, outcome, placeholders, warmUp, type Item } from "./expressions-support";

const base: Item = {
  id: S("cond-base"),
  s: S("hello"),
  s2: S("Zebra"),
  n: N(5),
  neg: N(-10),
  big: N("12345678901234567890123456789012345678"),
  b: { B: bytes(1, 2, 3) },
  bhi: { B: bytes(0x80) },
  t: { BOOL: true },
  nul: { NULL: true },
  ss: SS("a", "b", "c"),
  ns: NS(1, 2, 3),
  bs: { BS: [bytes(1), bytes(2)] },
  l: L(S("x"), N(1), L(S("y")), M({ k: S("v") })),
  m: M({ a: S("x"), b: N(2), nested: M({ c: S("deep"), arr: L(N(7), N(8)) }) }),
  emptyS: S(""),
  emptyL: L(),
  emptyM: M({}),
};

const values: Record<string, AttributeValue> = {
  ":n0": N(0),
  ":n1": N(1),
  ":n2": N(2),
  ":n3": N(3),
  ":n4": N(4),
  ":n5": N(5),
  ":n50": N("5.0"),
  ":n6": N(6),
  ":n8": N(8),
  ":n10": N(10),
  ":s5": S("5"),
  ":hello": S("hello"),
  ":hell": S("hell"),
  ":ell": S("ell"),
  ":lo": S("lo"),
  ":a": S("a"),
  ":b": S("b"),
  ":x": S("x"),
  ":y": S("y"),
  ":z": S("z"),
  ":deep": S("deep"),
  ":apple": S("apple"),
  ":zeb": S("Zeb"),
  ":empty": S(""),
  ":bin": { B: bytes(1, 2, 3) },
  ":bin1": { B: bytes(1) },
  ":bin12": { B: bytes(1, 2) },
  ":bin23": { B: bytes(2, 3) },
  ":bin7f": { B: bytes(0x7f) },
  ":true": { BOOL: true },
  ":false": { BOOL: false },
  ":null": { NULL: true },
  ":ss": SS("c", "a", "b"),
  ":ssOther": SS("a", "b"),
  ":ns": NS(3, 2, 1),
  ":bs": { BS: [bytes(2), bytes(1)] },
  ":l": L(S("x"), N(1), L(S("y")), M({ k: S("v") })),
  ":m": M({ nested: M({ arr: L(N(7), N(8)), c: S("deep") }), b: N(2), a: S("x") }),
  ":list": L(N(1), N(2)),
  ":tS": S("S"),
  ":tN": S("N"),
  ":tB": S("B"),
  ":tBOOL": S("BOOL"),
  ":tNULL": S("NULL"),
  ":tSS": S("SS"),
  ":tNS": S("NS"),
  ":tBS": S("BS"),
  ":tL": S("L"),
  ":tM": S("M"),
  ":tBad": S("XX"),
};

const names: Record<string, string> = { "#name": "name", "#s": "s", "#n": "n" };

export function conditionCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-cond");

  beforeAll(async () => {
    await createTable(c(), tableInput(table));
    await warmUp(c(), table);
    await c().send(new PutItemCommand({ TableName: table, Item: base }));
  });

  const get = async (id: string) => (await c().send(new GetItemCommand({ TableName: table, Key: { id: S(id) }, ConsistentRead: true }))).Item;

  /** Whether the condition holds on the base item ("true"/"false"/error text). */
  const holds = (expr: string) =>
    outcome(c().send(new PutItemCommand({ TableName: table, Item: base, ConditionExpression: expr, ...placeholders([expr], names, values) })));

  /** Evaluates a table of [expression, expected] and compares them all at once (one report per case). */
  const truthTable = async (rows: [string, boolean][]) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const [expr, expected] of rows) {
      got[expr] = await holds(expr);
      want[expr] = String(expected);
    }
    expect(got).toEqual(want);
  };

  /** Each expression must be rejected with exactly this ValidationException message. */
  const errorTable = async (rows: [string, string][]) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const [expr, message] of rows) {
      got[expr] = await holds(expr);
      want[expr] = `ValidationException: ${message}`;
    }
    expect(got).toEqual(want);
  };

  describe("comparators", () => {
    caseIt(t, "expr.cond.eq", "= compares by type and value (sets unordered, numbers by value)", async () => {
      await truthTable([
        ["n = :n5", true],
        ["n = :n50", true],
        [":n5 = n", true],
        ["n = :n6", false],
        ["n = :s5", false],
        ["s = :hello", true],
        ["b = :bin", true],
        ["t = :true", true],
        ["t = :false", false],
        ["nul = :null", true],
        ["ss = :ss", true],
        ["ss = :ssOther", false],
        ["ns = :ns", true],
        ["bs = :bs", true],
        ["m.nested.c = :deep", true],
        ["l[0] = :x", true],
        ["l[2][0] = :y", true],
        ["m.nested.arr[1] = :n8", true],
        ["#n = :n5", true],
        ["absent = :n5", false],
        ["l[9] = :x", false],
      ]);
    });

    caseIt(t, "expr.cond.ne", "<> is true for a different type and for a missing attribute", async () => {
      await truthTable([
        ["n <> :n6", true],
        ["n <> :n5", false],
        ["n <> :s5", true],
        ["ss <> :ss", false],
        ["ss <> :ssOther", true],
        ["l <> :list", true],
        ["absent <> :n5", true],
      ]);
    });

    caseIt(t, "expr.cond.document-equality", "lists and maps compare by content (map keys in any order)", async () => {
      await truthTable([
        ["l = :l", true],
        ["l = :list", false],
        ["m = :m", true],
        ["m <> :m", false],
        ["m IN (:m)", true],
        ["l IN (:list, :l)", true],
      ]);
    });

    caseIt(t, "expr.cond.two-missing", "two missing attributes are never equal nor ordered", async () => {
      await truthTable([
        ["absent = absent2", false],
        ["absent <> absent2", true],
        ["absent < absent2", false],
        ["absent <= absent2", false],
        ["absent > absent2", false],
        ["absent >= absent2", false],
      ]);
    });

    caseIt(t, "expr.cond.order", "<, <=, >, >= order numbers, strings and binaries; other cases are false", async () => {
      await truthTable([
        ["n < :n6", true],
        ["n < :n5", false],
        ["n <= :n5", true],
        ["n <= :n4", false],
        ["n > :n4", true],
        ["n > :n5", false],
        ["n >= :n5", true],
        ["n >= :n6", false],
        // Numerically, not as text.
        ["n < :n10", true],
        ["neg < :n1", true],
        ["big > :n10", true],
        // Strings by code point, binaries as unsigned bytes.
        ["s < :z", true],
        ["s > :hell", true],
        ["s2 < :apple", true],
        ["b > :bin12", true],
        ["b < :bin23", true],
        ["bhi > :bin7f", true],
        // Different types, missing attributes and unordered types are simply false.
        ["n < :s5", false],
        ["s > :n1", false],
        ["absent < :n5", false],
        [":n5 < absent", false],
        [":n5 >= absent", false],
        ["l < :n5", false],
        ["ss > :a", false],
        ["t < :n1", false],
      ]);
    });

    caseIt(t, "expr.cond.between", "BETWEEN is inclusive and false across types or for a missing attribute", async () => {
      await truthTable([
        ["n BETWEEN :n1 AND :n10", true],
        ["n BETWEEN :n5 AND :n5", true],
        ["n between :n1 and :n5", true],
        ["n BETWEEN :n6 AND :n10", false],
        ["s BETWEEN :a AND :z", true],
        ["b BETWEEN :bin1 AND :bin23", true],
        ["n BETWEEN :a AND :z", false],
        ["absent BETWEEN :n1 AND :n10", false],
        ["l BETWEEN :n1 AND :n10", false],
      ]);
    });

    caseIt(t, "expr.cond.in", "IN matches any listed value of any type", async () => {
      await truthTable([
        ["n IN (:n1, :n5)", true],
        ["n in (:n5)", true],
        ["n IN (:n1, :n6)", false],
        ["n IN (:s5, :n5)", true],
        ["n IN (:s5)", false],
        ["s IN (:hello, :n1)", true],
        ["ss IN (:ssOther, :ss)", true],
        ["absent IN (:n1, :n5)", false],
      ]);
    });

    caseIt(t, "expr.cond.logic", "NOT binds tighter than AND, AND tighter than OR; keywords are case-insensitive", async () => {
      // T: n = :n5 (true), F: n = :n6 (false).
      await truthTable([
        ["n = :n5 OR n = :n6 AND s = :z", true],
        ["(n = :n5 OR n = :n6) AND s = :z", false],
        ["n = :n6 AND s = :z OR n = :n5", true],
        ["NOT n = :n6 AND s = :z", false],
        ["NOT n = :n5 OR s = :hello", true],
        ["NOT (n = :n5 OR s = :hello)", false],
        ["NOT (NOT n = :n5)", true],
        ["not n = :n6", true],
        ["n = :n6 or s = :hello", true],
        ["n = :n5 and s = :hello", true],
        ["n = :n5 AND (s = :z OR (t = :true AND nul = :null))", true],
        ["attribute_exists(n) AND NOT attribute_exists(absent)", true],
      ]);
    });
  });

  describe("functions", () => {
    caseIt(t, "expr.cond.attribute-exists", "attribute_exists / attribute_not_exists on top-level and nested paths", async () => {
      await truthTable([
        ["attribute_exists(n)", true],
        ["attribute_exists(id)", true],
        ["attribute_exists(nul)", true],
        ["attribute_exists(emptyL)", true],
        ["attribute_exists(absent)", false],
        ["attribute_exists(m.nested.c)", true],
        ["attribute_exists(m.nope)", false],
        ["attribute_exists(l[0])", true],
        ["attribute_exists(l[3].k)", true],
        ["attribute_exists(l[9])", false],
        ["attribute_exists(s.x)", false],
        ["attribute_exists(l.x)", false],
        ["attribute_exists(m[0])", false],
        ["attribute_exists(#s)", true],
        ["attribute_not_exists(absent)", true],
        ["attribute_not_exists(n)", false],
        ["attribute_not_exists(m.nope)", true],
        ["attribute_not_exists(l[3].k)", false],
      ]);
    });

    caseIt(t, "expr.cond.attribute-type", "attribute_type matches each of the ten types", async () => {
      await truthTable([
        ["attribute_type(s, :tS)", true],
        ["attribute_type(n, :tN)", true],
        ["attribute_type(b, :tB)", true],
        ["attribute_type(t, :tBOOL)", true],
        ["attribute_type(nul, :tNULL)", true],
        ["attribute_type(ss, :tSS)", true],
        ["attribute_type(ns, :tNS)", true],
        ["attribute_type(bs, :tBS)", true],
        ["attribute_type(l, :tL)", true],
        ["attribute_type(m, :tM)", true],
        ["attribute_type(m.nested.arr, :tL)", true],
        ["attribute_type(n, :tS)", false],
        ["attribute_type(ss, :tL)", false],
        ["attribute_type(absent, :tS)", false],
      ]);
    });

    caseIt(t, "expr.cond.begins-with", "begins_with on strings and binaries; false for other item types", async () => {
      await truthTable([
        ["begins_with(s, :hell)", true],
        ["begins_with(s, :hello)", true],
        ["begins_with(s, :lo)", false],
        ["begins_with(s2, :zeb)", true],
        ["begins_with(s2, :z)", false],
        ["begins_with(b, :bin12)", true],
        ["begins_with(b, :bin23)", false],
        ["begins_with(n, :hell)", false],
        ["begins_with(l, :x)", false],
        ["begins_with(absent, :hell)", false],
      ]);
    });

    caseIt(t, "expr.cond.contains", "contains: substring of strings and binaries, member of sets and lists", async () => {
      await truthTable([
        ["contains(s, :ell)", true],
        ["contains(s, :z)", false],
        ["contains(b, :bin23)", true],
        ["contains(ss, :b)", true],
        ["contains(ss, :z)", false],
        ["contains(ns, :n2)", true],
        ["contains(ns, :s5)", false],
        ["contains(bs, :bin1)", true],
        ["contains(l, :x)", true],
        ["contains(l, :n1)", true],
        ["contains(l, :hello)", false],
        ["contains(m, :a)", false],
        ["contains(n, :n5)", false],
        ["contains(absent, :a)", false],
      ]);
    });

    caseIt(t, "expr.cond.size", "size: string and binary length, set/list/map element count", async () => {
      await truthTable([
        ["size(s) = :n5", true],
        ["size(b) = :n3", true],
        ["size(ss) = :n3", true],
        ["size(ns) = :n3", true],
        ["size(l) = :n4", true],
        ["size(m) = :n3", true],
        ["size(m.nested.arr) = :n2", true],
        ["size(emptyL) = :n0", true],
        ["size(emptyM) = :n0", true],
        ["size(s) > :n4", true],
        ["size(s) < :n5", false],
        ["size(s) BETWEEN :n1 AND :n10", true],
        ["size(s) = :s5", false],
        ["size(absent) = :n0", false],
        ["size(absent) < :n1", false],
        ["size(n) = :n1", false],
        ["size(t) = :n1", false],
        ["size(nul) = :n1", false],
      ]);
    });
  });

  caseIt(t, "expr.cond.size-empty-string", "an empty string is a value: it exists, equals \"\" and has size 0", async () => {
    await truthTable([
      ["size(emptyS) = :n0", true],
      ["size(emptyS) < :n1", true],
      ["attribute_exists(emptyS)", true],
      ["emptyS = :empty", true],
    ]);
  });

  describe("validation", () => {
    const prefix = "Invalid ConditionExpression: ";

    caseIt(t, "expr.cond.err.operand-types", "operands of the wrong type in the expression itself are rejected", async () => {
      await errorTable([
        ["begins_with(s, :n5)", `${prefix}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N`],
        ["attribute_type(s, :n5)", `${prefix}Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N`],
        ["size(:n5) = :n1", `${prefix}Incorrect operand type for operator or function; operator or function: size, operand type: N`],
      ]);
    });

    caseIt(t, "expr.cond.err.order-operand", "ordering against a constant list, map, set, BOOL or NULL is rejected", async () => {
      // An unorderable operand from the item is just false (see expr.cond.order); from the request it is an error.
      for (const expr of ["n < :list", ":m >= n", "n BETWEEN :ss AND :ss", "n > :true"]) {
        expect({ expr, outcome: await holds(expr) }).toEqual({
          expr,
          outcome: expect.stringMatching(/^ValidationException: Invalid ConditionExpression: Incorrect operand type for operator or function; /),
        });
      }
    });

    caseIt(t, "expr.cond.err.attribute-type-name", "attribute_type with an unknown type name", async () => {
      await errorTable([["attribute_type(s, :tBad)", `${prefix}Invalid attribute type name found; type: XX, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`]]);
    });

    caseIt(t, "expr.cond.err.between-bounds", "BETWEEN with constant bounds out of order or of different types", async () => {
      await errorTable([
        [
          "n BETWEEN :n10 AND :n1",
          `${prefix}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}`,
        ],
        [
          "n BETWEEN :n1 AND :a",
          `${prefix}The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}`,
        ],
      ]);
    });

    caseIt(t, "expr.cond.err.functions", "unknown functions, wrong arity, misuse and non-path operands", async () => {
      await errorTable([
        ["foo(n)", `${prefix}Invalid function name; function: foo`],
        ["size(s, s) = :n5", `${prefix}Incorrect number of operands for operator or function; operator or function: size, number of operands: 2`],
        ["attribute_exists(n, s)", `${prefix}Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2`],
        ["attribute_exists(:n5)", `${prefix}Operator or function requires a document path; operator or function: attribute_exists`],
        ["attribute_not_exists(:n5)", `${prefix}Operator or function requires a document path; operator or function: attribute_not_exists`],
        ["size(s)", `${prefix}The function is not allowed to be used this way in an expression; function: size`],
        ["attribute_exists(n) = :true", `${prefix}The function is not allowed to be used this way in an expression; function: attribute_exists`],
        ["n = n", `${prefix}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]`],
        ["contains(s, s)", `${prefix}The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [s]`],
      ]);
    });

    caseIt(t, "expr.cond.err.reserved", "a reserved word used as a bare attribute name", async () => {
      await errorTable([
        ["name = :hello", `${prefix}Attribute name is a reserved keyword; reserved keyword: name`],
        ["attribute_exists(Data)", `${prefix}Attribute name is a reserved keyword; reserved keyword: Data`],
      ]);
      expect(await holds("attribute_not_exists(#name)")).toBe("true");
    });

    caseIt(t, "expr.cond.err.redundant-parens", "doubled parentheses are rejected", async () => {
      await errorTable([["((n = :n5))", `${prefix}The expression has redundant parentheses;`]]);
      expect(await holds("(n = :n5)")).toBe("true");
    });

    caseIt(t, "expr.cond.err.syntax", "syntax errors name the token and its surroundings", async () => {
      await errorTable([
        ["n = = :n5", `${prefix}Syntax error; token: "=", near: "= = :n5"`],
        ["n = :n5 AND AND s = :hello", `${prefix}Syntax error; token: "AND", near: "AND AND s"`],
      ]);
    });

    caseIt(t, "expr.cond.err.empty", "an empty ConditionExpression", async () => {
      await expectValidation(
        c().send(new PutItemCommand({ TableName: table, Item: base, ConditionExpression: "" })),
        `${prefix}The expression can not be empty;`,
      );
    });
  });

  describe("conditional writes", () => {
    caseIt(t, "expr.cond.put", "conditional PutItem writes only when the condition holds", async () => {
      const id = uniqueName("cp");
      const first = { id: S(id), v: S("first") };
      await c().send(new PutItemCommand({ TableName: table, Item: first, ConditionExpression: "attribute_not_exists(id)" }));
      await expectConditionFailed(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id), v: S("second") }, ConditionExpression: "attribute_not_exists(id)" })),
      );
      expect(await get(id)).toEqual(first);
      await c().send(
        new PutItemCommand({
          TableName: table,
          Item: { id: S(id), v: S("third") },
          ConditionExpression: "v = :old",
          ExpressionAttributeValues: { ":old": S("first") },
        }),
      );
      expect(await get(id)).toEqual({ id: S(id), v: S("third") });
    });

    caseIt(t, "expr.cond.put-missing-item", "a condition on a missing item sees no attributes; nothing is created", async () => {
      const id = uniqueName("cpm");
      await expectConditionFailed(
        c().send(
          new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: "v = :v", ExpressionAttributeValues: { ":v": S("x") } }),
        ),
      );
      await expectConditionFailed(c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: "attribute_exists(id)" })));
      expect(await get(id)).toBeUndefined();
      // A <> on a missing attribute holds, so the write goes through.
      await c().send(
        new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: "v <> :v", ExpressionAttributeValues: { ":v": S("x") } }),
      );
      expect(await get(id)).toEqual({ id: S(id) });
    });

    caseIt(t, "expr.cond.delete", "conditional DeleteItem deletes only when the condition holds", async () => {
      const id = uniqueName("cd");
      const item = { id: S(id), v: N(1) };
      await c().send(new PutItemCommand({ TableName: table, Item: item }));
      const del = (expected: number) =>
        c().send(
          new DeleteItemCommand({
            TableName: table,
            Key: { id: S(id) },
            ConditionExpression: "v = :v",
            ExpressionAttributeValues: { ":v": N(expected) },
            ReturnValues: "ALL_OLD",
          }),
        );
      await expectConditionFailed(del(2));
      expect(await get(id)).toEqual(item);
      expect((await del(1)).Attributes).toEqual(item);
      expect(await get(id)).toBeUndefined();
      // The item is gone: the same condition now fails.
      await expectConditionFailed(del(1));
    });

    caseIt(t, "expr.cond.update", "conditional UpdateItem changes nothing and creates nothing on failure", async () => {
      const id = uniqueName("cu");
      const update = (cond: string, v: AttributeValue) =>
        c().send(
          new UpdateItemCommand({
            TableName: table,
            Key: { id: S(id) },
            UpdateExpression: "SET v = :new ADD cnt :one",
            ConditionExpression: cond,
            ExpressionAttributeValues: { ":new": S("new"), ":one": N(1), ":v": v },
          }),
        );
      await expectConditionFailed(update("attribute_exists(id) AND v = :v", S("x")));
      expect(await get(id)).toBeUndefined();
      await c().send(new PutItemCommand({ TableName: table, Item: { id: S(id), v: S("old"), cnt: N(10) } }));
      await expectConditionFailed(update("v = :v", S("other")));
      expect(await get(id)).toEqual({ id: S(id), v: S("old"), cnt: N(10) });
      await update("v = :v", S("old"));
      expect(await get(id)).toEqual({ id: S(id), v: S("new"), cnt: N(11) });
    });

    caseIt(t, "expr.cond.return-on-failure", "ReturnValuesOnConditionCheckFailure ALL_OLD returns the current item in the error", async () => {
      const id = uniqueName("rvf");
      const item = { id: S(id), v: S("current"), n: N(3) };
      const cond = { ConditionExpression: "v = :v", ExpressionAttributeValues: { ":v": S("other") } };
      // No item: nothing to return.
      const none = await expectConditionFailed(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ...cond, ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
      );
      expect(none.Item).toBeUndefined();
      await c().send(new PutItemCommand({ TableName: table, Item: item }));
      const put = await expectConditionFailed(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ...cond, ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
      );
      expect(put.Item).toEqual(item);
      const del = await expectConditionFailed(
        c().send(new DeleteItemCommand({ TableName: table, Key: { id: S(id) }, ...cond, ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
      );
      expect(del.Item).toEqual(item);
      const upd = await expectConditionFailed(
        c().send(
          new UpdateItemCommand({
            TableName: table,
            Key: { id: S(id) },
            UpdateExpression: "REMOVE n",
            ...cond,
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      expect(upd.Item).toEqual(item);
      const quiet = await expectConditionFailed(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ...cond, ReturnValuesOnConditionCheckFailure: "NONE" })),
      );
      expect(quiet.Item).toBeUndefined();
      // A successful write returns neither Item nor Attributes.
      const ok = await c().send(
        new PutItemCommand({
          TableName: table,
          Item: item,
          ConditionExpression: "v = :v",
          ExpressionAttributeValues: { ":v": S("current") },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      expect(ok.Attributes).toBeUndefined();
      expect(await get(id)).toEqual(item);
    });

    caseIt(t, "expr.cond.return-on-failure-invalid", "ReturnValuesOnConditionCheckFailure accepts only ALL_OLD and NONE", async () => {
      const err = await errorOf(
        c().send(
          new PutItemCommand({
            TableName: table,
            Item: { id: S("x") },
            ConditionExpression: "attribute_exists(id)",
            ReturnValuesOnConditionCheckFailure: "ALL_NEW" as "ALL_OLD",
          }),
        ),
      );
      expect({ name: err.name, message: err.message }).toEqual({
        name: "ValidationException",
        message: expect.stringMatching(
          /^1 validation error detected: Value 'ALL_NEW' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: \[(ALL_OLD, NONE|NONE, ALL_OLD)\]$/,
        ),
      });
    });
  });

  describe("limits", () => {
    /** `attribute_not_exists(<name>) AND ...` of exactly `bytes` characters (ASCII). */
    const conditionOfSize = (size: number) => {
      const parts: string[] = [];
      let len = 0;
      for (let i = 0; ; i++) {
        const part = `attribute_not_exists(${"a".repeat(40)}x${i})`;
        const add = (parts.length ? 5 : 0) + part.length;
        if (len + add > size) break;
        parts.push(part);
        len += add;
      }
      // Stretch the last name to land exactly on the size.
      const short = size - len;
      const last = parts.pop() as string;
      parts.push(last.replace("(", `(${"b".repeat(short)}`));
      const expr = parts.join(" AND ");
      if (expr.length !== size) throw new Error(`built ${expr.length}, wanted ${size}`);
      return expr;
    };

    caseIt(t, "expr.limits.condition-size", "a ConditionExpression of 4096 bytes is accepted, 4097 is not", async () => {
      const id = uniqueName("lim");
      await c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: conditionOfSize(4096) }));
      await expectValidation(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(uniqueName("lim")) }, ConditionExpression: conditionOfSize(4097) })),
        /^Invalid ConditionExpression: Expression size has exceeded the maximum allowed size(;|; expression size: 4097)$/,
      );
    });

    caseIt(t, "expr.limits.size-before-substitution", "the 4 KB limit counts the expression as sent, not with names substituted", async () => {
      const exprNames: Record<string, string> = {};
      const parts: string[] = [];
      for (let i = 0; i < 30; i++) {
        exprNames[`#a${i}`] = `${"n".repeat(250)}${i}`;
        parts.push(`attribute_not_exists(#a${i})`);
      }
      const id = uniqueName("lim");
      await c().send(
        new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: parts.join(" AND "), ExpressionAttributeNames: exprNames }),
      );
      expect(await get(id)).toEqual({ id: S(id) });
    });

    caseIt(t, "expr.limits.operators", "at most 300 operators in an expression", async () => {
      const chain = (k: number) => Array.from({ length: k }, () => "a < :v").join(" AND ");
      const id = uniqueName("lim");
      // 150 comparisons and 149 ANDs stay within the limit whether or not AND counts as an operator.
      // All false (no attribute a): a failed condition, not a validation error.
      await expectConditionFailed(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: chain(150), ExpressionAttributeValues: { ":v": N(1) } })),
      );
      await expectValidation(
        c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression: chain(301), ExpressionAttributeValues: { ":v": N(1) } })),
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
      );
    });

    caseIt(t, "expr.limits.in-operands", "IN takes at most 100 operands", async () => {
      const inList = (k: number) => {
        const vals: Record<string, AttributeValue> = {};
        for (let i = 0; i < k; i++) vals[`:v${i}`] = N(i);
        return { ConditionExpression: `n IN (${Object.keys(vals).join(", ")})`, ExpressionAttributeValues: vals };
      };
      await c().send(new PutItemCommand({ TableName: table, Item: base, ...inList(99) }));
      await expectValidation(
        c().send(new PutItemCommand({ TableName: table, Item: base, ...inList(101) })),
        /^Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 10[12]$/,
      );
    });
  });
}
