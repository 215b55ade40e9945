/**
 * UpdateItem with UpdateExpression: every action (SET with = + - if_not_exists list_append, REMOVE
 * including list indexes, ADD, DELETE), nested paths, creation of missing items, number precision and
 * range, run-time type and path errors, static errors, key attributes, every ReturnValues mode, and the
 * YCSB-style single-field update.
 */
import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectValidation, tableInput, uniqueName, type Target } from "./target";
import { bytes, canonicalItem } from "./values";
import { L, M, N, NS, S, SS, warmUp, type Item } from "./expressions-support";

const PATH_INVALID = "The document path provided in the update expression is invalid for update";
const OPERAND_TYPE = "An operand in the update expression has an incorrect data type";
const NO_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
const OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";

export function updateCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-upd");
  const rangeTable = uniqueName("ex-upd-r");

  beforeAll(async () => {
    await Promise.all([createTable(c(), tableInput(table)), createTable(c(), tableInput(rangeTable, ["pk", "S"], ["sk", "N"]))]);
    await warmUp(c(), table);
  });

  const key = (id: string) => ({ id: S(id) });
  const get = async (id: string) => (await c().send(new GetItemCommand({ TableName: table, Key: key(id), ConsistentRead: true }))).Item;
  const put = (item: Item) => c().send(new PutItemCommand({ TableName: table, Item: item }));
  const update = (id: string, UpdateExpression: string, ExpressionAttributeValues?: Record<string, AttributeValue>, extra: Partial<UpdateItemCommandInput> = {}) =>
    c().send(new UpdateItemCommand({ TableName: table, Key: key(id), UpdateExpression, ExpressionAttributeValues, ...extra }));
  /** A fresh item with the given attributes; returns its id. */
  const fresh = async (attrs: Item, prefix = "u") => {
    const id = uniqueName(prefix);
    await put({ id: S(id), ...attrs });
    return id;
  };

  describe("SET", () => {
    caseIt(t, "expr.update.first-write", "UpdateItem as the very first write to a new table", async () => {
      const [exprTable, legacyTable, condTable] = [uniqueName("ex-first"), uniqueName("ex-first"), uniqueName("ex-first")];
      await Promise.all([exprTable, legacyTable, condTable].map((name) => createTable(c(), tableInput(name))));
      // Several keys, so that every partition of a multi-partition table sees an update first.
      const ids = Array.from({ length: 8 }, (_, i) => `first-${i}`);
      for (const id of ids) {
        const out = await c().send(
          new UpdateItemCommand({
            TableName: exprTable,
            Key: key(id),
            UpdateExpression: "SET a = :a ADD n :one",
            ExpressionAttributeValues: { ":a": S(id), ":one": N(1) },
            ReturnValues: "ALL_NEW",
          }),
        );
        expect(out.Attributes).toEqual({ id: S(id), a: S(id), n: N(1) });
        await c().send(new UpdateItemCommand({ TableName: legacyTable, Key: key(id), AttributeUpdates: { a: { Action: "PUT", Value: S(id) } } }));
        const err = await errorOf(
          c().send(new UpdateItemCommand({ TableName: condTable, Key: key(id), UpdateExpression: "SET a = :a", ConditionExpression: "attribute_exists(id)", ExpressionAttributeValues: { ":a": S(id) } })),
        );
        expect({ name: err.name, message: err.message }).toEqual({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
      }
      const read = async (TableName: string, id: string) => (await c().send(new GetItemCommand({ TableName, Key: key(id), ConsistentRead: true }))).Item;
      for (const id of ids) {
        expect(await read(exprTable, id)).toEqual({ id: S(id), a: S(id), n: N(1) });
        expect(await read(legacyTable, id)).toEqual({ id: S(id), a: S(id) });
        expect(await read(condTable, id)).toBeUndefined();
      }
    });

    caseIt(t, "expr.update.set-creates-item", "SET on a missing item creates it with the key", async () => {
      const id = uniqueName("new");
      const out = await update(id, "SET a = :a, b = :b", { ":a": S("x"), ":b": N(1) }, { ReturnValues: "ALL_NEW" });
      expect(out.Attributes).toEqual({ id: S(id), a: S("x"), b: N(1) });
      expect(await get(id)).toEqual({ id: S(id), a: S("x"), b: N(1) });
    });

    caseIt(t, "expr.update.set-merges", "SET keeps the other attributes and may change an attribute's type", async () => {
      const id = await fresh({ a: S("x"), b: N(1) });
      await update(id, "set b = :b, c = :c", { ":b": SS("p", "q"), ":c": M({ k: L(N(1)) }) });
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), a: S("x"), b: SS("p", "q"), c: M({ k: L(N(1)) }) }));
    });

    caseIt(t, "expr.update.set-copy", "SET copies attributes read before any write; a missing source is an error", async () => {
      const id = await fresh({ a: S("hello"), m: M({ x: M({ y: N(7) }) }) });
      await update(id, "SET b = a, c = m.x.y");
      expect(await get(id)).toEqual({ id: S(id), a: S("hello"), m: M({ x: M({ y: N(7) }) }), b: S("hello"), c: N(7) });
      await expectValidation(update(id, "SET d = z"), NO_ATTRIBUTE);
      // x is set by the same expression, but sources are read from the item as it was.
      await expectValidation(update(id, "SET x = :v, y = x", { ":v": N(4) }), NO_ATTRIBUTE);
      await expectValidation(update(uniqueName("none"), "SET d = z"), NO_ATTRIBUTE);
      // REMOVE a SET b = a: b gets a's old value.
      await update(id, "REMOVE a SET e = a");
      expect((await get(id))?.e).toEqual(S("hello"));
      expect((await get(id))?.a).toBeUndefined();
    });

    caseIt(t, "expr.update.set-empty-values", "SET stores empty strings, binaries, lists and maps", async () => {
      const id = uniqueName("empty");
      await update(id, "SET d = :l, e = :m, f = :s, g = :b", { ":l": L(), ":m": M({}), ":s": S(""), ":b": { B: bytes() } });
      expect(await get(id)).toEqual({ id: S(id), d: L(), e: M({}), f: S(""), g: { B: bytes() } });
    });

    caseIt(t, "expr.update.arithmetic", "SET with + and - on numbers, from the item and from values", async () => {
      const id = await fresh({ a: N(2) });
      await update(id, "SET a = a + :v", { ":v": N(3) });
      await update(id, "SET b = :v - a", { ":v": N(1) });
      await update(id, "SET c = :x + :y, d = :p - :q", { ":x": N("0.1"), ":y": N("0.2"), ":p": N("-1.5"), ":q": N("2.25") });
      await update(id, "SET e = if_not_exists(e, :zero) + :one", { ":zero": N(0), ":one": N(1) });
      await update(id, "SET e = if_not_exists(e, :zero) + :one", { ":zero": N(0), ":one": N(1) });
      expect(await get(id)).toEqual({ id: S(id), a: N(5), b: N(-4), c: N("0.3"), d: N("-3.75"), e: N(2) });
    });

    caseIt(t, "expr.update.arithmetic-precision", "arithmetic is exact to 38 significant digits", async () => {
      const id = await fresh({ big: N("99999999999999999999999999999999999998"), frac: N("0.1234567890123456789012345678901234567") });
      await update(id, "SET big = big + :one, frac = frac + :tiny, small = :a - :b", {
        ":one": N(1),
        ":tiny": N("0.0000000000000000000000000000000000001"),
        ":a": N("12345678901234567890123456789012345678"),
        ":b": N("12345678901234567890123456789012345677"),
      });
      expect(await get(id)).toEqual({
        id: S(id),
        big: N("99999999999999999999999999999999999999"),
        frac: N("0.1234567890123456789012345678901234568"),
        small: N(1),
      });
    });

    caseIt(t, "expr.update.arithmetic-overflow", "a result out of range or beyond 38 digits is rejected and nothing is written", async () => {
      const item = { mx: N("9.9999999999999999999999999999999999999E+125"), e50: N("1E+50") };
      const id = await fresh(item);
      const before = await get(id);
      await expectValidation(update(id, "SET mx = mx + :v", { ":v": N("1E+125") }), OVERFLOW);
      await expectValidation(update(id, "SET x = :a - :b", { ":a": N("-9E+125"), ":b": N("9E+125") }), OVERFLOW);
      await expectValidation(update(id, "ADD mx :v", { ":v": N("1E+125") }), OVERFLOW);
      // 1E+50 + 1 needs 51 significant digits.
      await expectValidation(update(id, "SET e50 = e50 + :one", { ":one": N(1) }), OVERFLOW);
      expect(await get(id)).toEqual(before);
    });

    caseIt(t, "expr.update.list-append", "list_append appends, prepends, and needs two lists", async () => {
      const id = await fresh({ l: L(S("a")), n: N(1) });
      await update(id, "SET l = list_append(l, :more)", { ":more": L(S("b"), N(2)) });
      await update(id, "SET l = list_append(:front, l)", { ":front": L(S("z")) });
      await update(id, "SET k = list_append(if_not_exists(k, :empty), :more)", { ":empty": L(), ":more": L(S("first")) });
      expect(await get(id)).toEqual({ id: S(id), l: L(S("z"), S("a"), S("b"), N(2)), n: N(1), k: L(S("first")) });
      await expectValidation(update(id, "SET x = list_append(absent, :more)", { ":more": L() }), NO_ATTRIBUTE);
      await expectValidation(update(id, "SET x = list_append(n, :more)", { ":more": L() }), OPERAND_TYPE);
    });

    caseIt(t, "expr.update.if-not-exists", "if_not_exists takes the attribute when present, the value otherwise", async () => {
      const id = uniqueName("ine");
      await update(id, "SET a = if_not_exists(a, :v)", { ":v": N(2) });
      await update(id, "SET a = if_not_exists(a, :v)", { ":v": N(3) });
      await update(id, "SET b = if_not_exists(c, :v)", { ":v": N(4) });
      await update(id, "SET d = if_not_exists(a, :v)", { ":v": N(5) });
      expect(await get(id)).toEqual({ id: S(id), a: N(2), b: N(4), d: N(2) });
    });

    caseIt(t, "expr.update.set-nested", "SET into maps and lists at any depth", async () => {
      const id = await fresh({ a: M({ b: N(3), c: L(S("hi"), M({ x: M({ y: L(N(3), N(5), N(7)) }) })) }), l: L(S("one"), S("two"), S("three")) });
      await update(id, "SET a.c[1].#x.y[1] = :v, a.d = :d, l[1] = :two", { ":v": N(9), ":d": S("new"), ":two": S("TWO") }, {
        ExpressionAttributeNames: { "#x": "x" },
      });
      expect(await get(id)).toEqual({
        id: S(id),
        a: M({ b: N(3), c: L(S("hi"), M({ x: M({ y: L(N(3), N(9), N(7)) }) })), d: S("new") }),
        l: L(S("one"), S("TWO"), S("three")),
      });
      await update(id, "SET z = a.c[1].x.y[2]");
      expect((await get(id))?.z).toEqual(N(7));
    });

    caseIt(t, "expr.update.set-list-past-end", "SET past the end of a list appends, in index order", async () => {
      const id = await fresh({ a: L(S("one"), S("two"), S("three")) });
      await update(id, "SET a[7] = :v", { ":v": S("hello") });
      expect((await get(id))?.a).toEqual(L(S("one"), S("two"), S("three"), S("hello")));
      await update(id, "SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", { ":a1": S("a1"), ":a2": S("a2"), ":a3": S("a3"), ":a4": S("a4") });
      expect((await get(id))?.a).toEqual(L(S("one"), S("two"), S("three"), S("hello"), S("a3"), S("a2"), S("a4"), S("a1")));
    });
  });

  describe("REMOVE", () => {
    caseIt(t, "expr.update.remove", "REMOVE top-level and nested attributes; missing ones are ignored", async () => {
      const id = await fresh({ a: S("x"), b: S("y"), m: M({ k: N(1), j: M({ deep: N(2), keep: N(3) }) }), single: M({ solo: N(1) }) });
      await update(id, "REMOVE a, m.j.deep, nothing, m.nothing, single.solo");
      expect(await get(id)).toEqual({ id: S(id), b: S("y"), m: M({ k: N(1), j: M({ keep: N(3) }) }), single: M({}) });
    });

    caseIt(t, "expr.update.remove-list-index", "REMOVE of list elements uses the original indexes and shifts the rest", async () => {
      const list = (...n: number[]) => L(...n.map((x) => N(x)));
      const id = await fresh({ a: list(0, 1, 2, 3, 4, 5), one: list(9), nested: M({ l: L(M({ q: N(1), r: N(2) }), list(3, 5, 7)) }) });
      await update(id, "REMOVE a[1], a[3], a[17], one[0], nested.l[1][1], nested.l[0].q");
      expect(await get(id)).toEqual({ id: S(id), a: list(0, 2, 4, 5), one: L(), nested: M({ l: L(M({ r: N(2) }), list(3, 7)) }) });
    });

    caseIt(t, "expr.update.remove-and-set-index", "REMOVE a[1] with SET a[3]: both indexes refer to the list before the update", async () => {
      const list = (...n: number[]) => L(...n.map((x) => N(x)));
      const id = await fresh({ a: list(2, 3, 4, 5, 6, 7) });
      await update(id, "REMOVE a[1] SET a[3] = :v", { ":v": N(17) });
      expect((await get(id))?.a).toEqual(list(2, 4, 17, 6, 7));
      await put({ id: S(id), a: list(2, 3, 4, 5, 6, 7) });
      await update(id, "SET a[3] = :v REMOVE a[1]", { ":v": N(17) });
      expect((await get(id))?.a).toEqual(list(2, 4, 17, 6, 7));
    });

    caseIt(t, "expr.update.remove-missing-item", "REMOVE on a missing item does not create it", async () => {
      const id = uniqueName("rmm");
      const out = await update(id, "REMOVE a", undefined, { ReturnValues: "ALL_NEW" });
      expect(out.Attributes).toBeUndefined();
      expect(await get(id)).toBeUndefined();
    });
  });

  describe("ADD and DELETE", () => {
    caseIt(t, "expr.update.add-number", "ADD adds to numbers, starting from 0 for a missing attribute or item", async () => {
      const id = await fresh({ n: N(3) });
      await update(id, "ADD n :v, m :w", { ":v": N(4), ":w": N("-1.5") });
      expect(await get(id)).toEqual({ id: S(id), n: N(7), m: N("-1.5") });
      const created = uniqueName("addnew");
      await update(created, "ADD n :v", { ":v": N(8) });
      expect(await get(created)).toEqual({ id: S(created), n: N(8) });
    });

    caseIt(t, "expr.update.add-set", "ADD unions sets of the same type, creating them when missing", async () => {
      const id = await fresh({ ss: SS("beaver", "lynx"), ns: NS(1, 2), bs: { BS: [bytes(1)] } });
      await update(id, "ADD ss :ss, ns :ns, bs :bs, fresh :f", {
        ":ss": SS("lynx", "badger"),
        ":ns": NS(2, 3),
        ":bs": { BS: [bytes(1), bytes(2)] },
        ":f": SS("x"),
      });
      expect(canonicalItem((await get(id))!)).toEqual(
        canonicalItem({ id: S(id), ss: SS("beaver", "lynx", "badger"), ns: NS(1, 2, 3), bs: { BS: [bytes(1), bytes(2)] }, fresh: SS("x") }),
      );
    });

    caseIt(t, "expr.update.delete-set", "DELETE removes set members; an emptied set disappears; missing is a no-op", async () => {
      const id = await fresh({ ss: SS("dog", "cat", "mouse"), ns: NS(1, 2), bs: { BS: [bytes(1), bytes(2)] }, keep: S("k") });
      await update(id, "DELETE ss :ss, ns :ns, bs :bs, absent :ss", { ":ss": SS("cat", "mouse", "pig"), ":ns": NS(1, 2), ":bs": { BS: [bytes(2)] } });
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), ss: SS("dog"), bs: { BS: [bytes(1)] }, keep: S("k") }));
    });

    caseIt(t, "expr.update.nested-add-delete", "ADD and DELETE on nested paths", async () => {
      const id = await fresh({ m: M({ n: N(1), tags: SS("a", "b") }), l: L(N(10), SS("x", "y")) });
      await update(id, "ADD m.n :one, l[0] :one, m.newn :one DELETE m.tags :a, l[1] :x", { ":one": N(1), ":a": SS("a"), ":x": SS("x") });
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), m: M({ n: N(2), tags: SS("b"), newn: N(1) }), l: L(N(11), SS("y")) }));
    });
  });

  describe("run-time errors", () => {
    caseIt(t, "expr.update.err.operand-type", "an action on an attribute of the wrong type is rejected; nothing changes", async () => {
      const item = { s: S("x"), n: N(1), ss: SS("a"), ns: NS(1), l: L(N(1)), m: M({ k: S("v") }) };
      const id = await fresh(item);
      const cases: [string, Record<string, AttributeValue>][] = [
        ["ADD s :n", { ":n": N(1) }],
        ["ADD ss :ns", { ":ns": NS(2) }],
        ["ADD n :ss", { ":ss": SS("b") }],
        ["ADD l :ss", { ":ss": SS("b") }],
        ["DELETE ns :ss", { ":ss": SS("a") }],
        ["DELETE n :ns", { ":ns": NS(1) }],
        ["DELETE m :ss", { ":ss": SS("a") }],
        ["SET x = s + :n", { ":n": N(1) }],
        ["SET x = :n - m", { ":n": N(1) }],
        ["SET x = list_append(s, :l)", { ":l": L() }],
        ["SET x = list_append(:l, m)", { ":l": L() }],
      ];
      const got: Record<string, string> = {};
      for (const [expr, vals] of cases) {
        const err = await errorOf(update(id, expr, vals));
        got[expr] = `${err.name}: ${err.message}`;
      }
      expect(got).toEqual(Object.fromEntries(cases.map(([expr]) => [expr, `ValidationException: ${OPERAND_TYPE}`])));
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), ...item }));
    });

    caseIt(t, "expr.update.err.document-path", "a path through a missing or non-container attribute is invalid for update", async () => {
      const item = { s: S("x"), l: L(S("a")), m: M({ k: S("v") }) };
      const id = await fresh(item);
      const cases: [string, Record<string, AttributeValue> | undefined][] = [
        ["SET s.x = :v", { ":v": S("v") }],
        ["SET l.x = :v", { ":v": S("v") }],
        ["SET m[0] = :v", { ":v": S("v") }],
        ["SET s[0] = :v", { ":v": S("v") }],
        ["SET absent.x = :v", { ":v": S("v") }],
        ["SET absent[0] = :v", { ":v": S("v") }],
        ["SET m.absent.x = :v", { ":v": S("v") }],
        ["REMOVE s.x", undefined],
        ["REMOVE s[0]", undefined],
        ["REMOVE absent.x", undefined],
        ["ADD absent.x :n", { ":n": N(1) }],
        ["DELETE m[0] :ss", { ":ss": SS("a") }],
      ];
      const got: Record<string, string> = {};
      for (const [expr, vals] of cases) {
        const err = await errorOf(update(id, expr, vals));
        got[expr] = `${err.name}: ${err.message}`;
      }
      expect(got).toEqual(Object.fromEntries(cases.map(([expr]) => [expr, `ValidationException: ${PATH_INVALID}`])));
      expect(await get(id)).toEqual({ id: S(id), ...item });
      // The same on an item that does not exist; nothing is created.
      const none = uniqueName("none");
      await expectValidation(update(none, "SET a.b = :v", { ":v": S("v") }), PATH_INVALID);
      await expectValidation(update(none, "SET a[1] = :v", { ":v": S("v") }), PATH_INVALID);
      expect(await get(none)).toBeUndefined();
    });

    caseIt(t, "expr.update.err.item-too-large", "an update that makes the item exceed 400 KB", async () => {
      const id = await fresh({ a: S("x".repeat(300_000)) });
      await expectValidation(update(id, "SET b = :b", { ":b": S("y".repeat(120_000)) }), "Item size to update has exceeded the maximum allowed size");
      expect(Object.keys((await get(id))!).sort()).toEqual(["a", "id"]);
    });
  });

  describe("static errors", () => {
    const prefix = "Invalid UpdateExpression: ";
    const rejects = async (rows: [string, Record<string, AttributeValue> | undefined, string][]) => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const [expr, vals, message] of rows) {
        const err = await errorOf(update(uniqueName("st"), expr, vals));
        // The values are part of the row's name: the same expression is tried with several values.
        const row = vals ? `${expr} with ${JSON.stringify(vals)}` : expr;
        got[row] = `${err.name}: ${err.message}`;
        want[row] = `ValidationException: ${message}`;
      }
      expect(got).toEqual(want);
    };

    caseIt(t, "expr.update.err.operand-add-delete", "ADD and DELETE with a value of the wrong type", async () => {
      const op = (operator: string, type: string) =>
        `${prefix}Incorrect operand type for operator or function; operator: ${operator}, operand type: ${type}, typeSet: ALLOWED_FOR_${operator}_OPERAND`;
      await rejects([
        ["ADD a :v", { ":v": S("x") }, op("ADD", "STRING")],
        ["ADD a :v", { ":v": L(N(1)) }, op("ADD", "LIST")],
        ["ADD a :v", { ":v": { BOOL: true } }, op("ADD", "BOOLEAN")],
        ["ADD a :v", { ":v": { B: bytes(1) } }, op("ADD", "BINARY")],
        ["ADD a :v", { ":v": M({}) }, op("ADD", "MAP")],
        ["DELETE a :v", { ":v": S("x") }, op("DELETE", "STRING")],
        ["DELETE a :v", { ":v": N(1) }, op("DELETE", "NUMBER")],
        ["DELETE a :v", { ":v": M({}) }, op("DELETE", "MAP")],
        ["DELETE a :v", { ":v": { NULL: true } }, op("DELETE", "NULL")],
      ]);
    });

    caseIt(t, "expr.update.err.operand-function", "+, - and list_append with a value of the wrong type", async () => {
      const fn = (f: string, type: string) => `${prefix}Incorrect operand type for operator or function; operator or function: ${f}, operand type: ${type}`;
      await rejects([
        ["SET a = :s + :n", { ":s": S("x"), ":n": N(1) }, fn("+", "S")],
        ["SET a = a - :l", { ":l": L() }, fn("-", "L")],
        ["SET a = list_append(:s, a)", { ":s": S("x") }, fn("list_append", "S")],
        ["SET a = list_append(a, :n)", { ":n": N(1) }, fn("list_append", "N")],
      ]);
    });

    caseIt(t, "expr.update.err.functions", "function misuse in SET", async () => {
      await rejects([
        ["SET a = if_not_exists(:v, :w)", { ":v": N(1), ":w": N(2) }, `${prefix}Operator or function requires a document path; operator or function: if_not_exists`],
        ["SET a = list_append(:l)", { ":l": L() }, `${prefix}Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1`],
        ["SET a = if_not_exists(a)", undefined, `${prefix}Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1`],
        ["SET a = foo(b)", undefined, `${prefix}Invalid function name; function: foo`],
      ]);
    });

    caseIt(t, "expr.update.err.sections", "each clause may appear only once", async () => {
      const v = { ":v": N(1) };
      await rejects([
        ["SET a = :v SET b = :v", v, `${prefix}The "SET" section can only be used once in an update expression;`],
        ["REMOVE a SET b = :v REMOVE c", v, `${prefix}The "REMOVE" section can only be used once in an update expression;`],
        ["ADD a :v ADD b :v", v, `${prefix}The "ADD" section can only be used once in an update expression;`],
      ]);
    });

    caseIt(t, "expr.update.err.overlap", "two actions on overlapping or conflicting paths", async () => {
      const v = { ":v": N(1) };
      const overlap = (a: string, b: string) => `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${a}, path two: ${b}`;
      const conflict = (a: string, b: string) => `${prefix}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${a}, path two: ${b}`;
      await rejects([
        ["SET a = :v REMOVE a", v, overlap("[a]", "[a]")],
        ["SET a = :v, a = :v", v, overlap("[a]", "[a]")],
        ["SET a.b.c = :v, a.b = :v", v, overlap("[a, b, c]", "[a, b]")],
        ["REMOVE a[1] SET a = :v", v, overlap("[a, [1]]", "[a]")],
        ["SET a.b = :v, a[1] = :v", v, conflict("[a, b]", "[a, [1]]")],
      ]);
      await expectValidation(
        update(uniqueName("st"), "SET #a1 = :v, #a2 = :v", v, { ExpressionAttributeNames: { "#a1": "a", "#a2": "a" } }),
        overlap("[a]", "[a]"),
      );
    });

    caseIt(t, "expr.update.err.reserved", "reserved words used bare in an UpdateExpression", async () => {
      await rejects([
        ["REMOVE name", undefined, `${prefix}Attribute name is a reserved keyword; reserved keyword: name`],
        ["SET a = :v, Year = :v", { ":v": N(1) }, `${prefix}Attribute name is a reserved keyword; reserved keyword: Year`],
      ]);
    });

    caseIt(t, "expr.update.err.syntax", "syntax errors name the token and its surroundings", async () => {
      await rejects([
        ["INVALID SYNTAX HERE", { ":v": S("v") }, `${prefix}Syntax error; token: "INVALID", near: "INVALID SYNTAX"`],
        ["ADD hits : incr", { ":incr": N(1) }, `${prefix}Syntax error; token: ":", near: "hits : incr"`],
        ["SET a = = :v", { ":v": N(1) }, `${prefix}Syntax error; token: "=", near: "= = :v"`],
        ["SET _a = :v", { ":v": N(1) }, `${prefix}Syntax error; token: "_", near: "SET _a"`],
      ]);
    });

    caseIt(t, "expr.update.err.empty", "an empty UpdateExpression", async () => {
      await expectValidation(update(uniqueName("st"), ""), `${prefix}The expression can not be empty;`);
    });

    caseIt(t, "expr.update.err.key-attribute", "key attributes cannot be updated by any action", async () => {
      const cannot = (name: string) => `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`;
      const id = uniqueName("key");
      await expectValidation(update(id, "SET id = :v", { ":v": S("x") }), cannot("id"));
      await expectValidation(update(id, "REMOVE id"), cannot("id"));
      await expectValidation(update(id, "SET #k = :v", { ":v": S("x") }, { ExpressionAttributeNames: { "#k": "id" } }), cannot("id"));
      await expectValidation(update(id, "SET id.x = :v", { ":v": S("x") }), cannot("id"));
      const onRange = (UpdateExpression: string, vals?: Record<string, AttributeValue>) =>
        c().send(new UpdateItemCommand({ TableName: rangeTable, Key: { pk: S("p"), sk: N(1) }, UpdateExpression, ExpressionAttributeValues: vals }));
      await expectValidation(onRange("ADD sk :n", { ":n": N(1) }), cannot("sk"));
      await expectValidation(onRange("DELETE pk :s", { ":s": SS("x") }), cannot("pk"));
      expect(await get(id)).toBeUndefined();
    });
  });

  describe("ReturnValues", () => {
    const rv = async (id: string, UpdateExpression: string, ReturnValues: UpdateItemCommandInput["ReturnValues"], vals?: Record<string, AttributeValue>) =>
      (await update(id, UpdateExpression, vals, { ReturnValues })).Attributes;

    caseIt(t, "expr.return.none-and-all-old", "NONE returns nothing; ALL_OLD the whole previous item (none when it was missing)", async () => {
      const id = await fresh({ a: S("hi"), b: S("dog") });
      expect(await rv(id, "SET b = :v", "NONE", { ":v": S("cat") })).toBeUndefined();
      expect(await rv(id, "SET b = :v", "ALL_OLD", { ":v": S("cow") })).toEqual({ id: S(id), a: S("hi"), b: S("cat") });
      expect(await rv(uniqueName("rvn"), "SET b = :v", "ALL_OLD", { ":v": S("cat") })).toBeUndefined();
    });

    caseIt(t, "expr.return.updated-old", "UPDATED_OLD returns the previous values of the attributes that existed", async () => {
      const id = await fresh({ a: S("hi"), b: S("dog") });
      expect(await rv(id, "SET b = :v, c = :w", "UPDATED_OLD", { ":v": S("cat"), ":w": S("hello") })).toEqual({ b: S("dog") });
      expect(await rv(id, "SET b = :v", "UPDATED_OLD", { ":v": S("cat") })).toEqual({ b: S("cat") });
      expect(await rv(id, "REMOVE b", "UPDATED_OLD")).toEqual({ b: S("cat") });
      // Only the attributes that existed: c did, d did not.
      expect(await rv(id, "SET c = :v, d = :v ADD n :one", "UPDATED_OLD", { ":v": S("x"), ":one": N(1) })).toEqual({ c: S("hello") });
      expect(await rv(id, "ADD n :one", "UPDATED_OLD", { ":one": N(1) })).toEqual({ n: N(1) });
    });

    caseIt(t, "expr.return.all-new", "ALL_NEW returns the whole item after the update", async () => {
      const id = await fresh({ a: S("hi"), b: S("dog"), n: N(3) });
      expect(await rv(id, "SET b = :v ADD n :one", "ALL_NEW", { ":v": S("cat"), ":one": N(1) })).toEqual({ id: S(id), a: S("hi"), b: S("cat"), n: N(4) });
      expect(await rv(id, "REMOVE b SET a = :v", "ALL_NEW", { ":v": S("yo") })).toEqual({ id: S(id), a: S("yo"), n: N(4) });
    });

    caseIt(t, "expr.return.updated-new", "UPDATED_NEW returns the new values of the written attributes, not removed ones", async () => {
      const id = await fresh({ a: S("hi"), b: S("dog"), n: N(1) });
      expect(await rv(id, "SET b = :v, c = :w", "UPDATED_NEW", { ":v": S("cat"), ":w": S("hello") })).toEqual({ b: S("cat"), c: S("hello") });
      expect(await rv(id, "SET a = :v REMOVE c", "UPDATED_NEW", { ":v": S("x") })).toEqual({ a: S("x") });
      expect(await rv(id, "SET n = n + :one", "UPDATED_NEW", { ":one": N(1) })).toEqual({ n: N(2) });
      // The key is not an updated attribute, even when the update creates the item.
      expect(await rv(uniqueName("rvn"), "SET a = :v", "UPDATED_NEW", { ":v": N(1) })).toEqual({ a: N(1) });
    });

    caseIt(t, "expr.return.nested", "UPDATED_OLD / UPDATED_NEW return only the updated nested parts", async () => {
      const id = await fresh({ a: M({ b: S("dog"), c: L(N(1), N(2), N(3)) }), d: S("cat") });
      expect(await rv(id, "SET a.b = :v", "UPDATED_OLD", { ":v": S("hi") })).toEqual({ a: M({ b: S("dog") }) });
      expect(await rv(id, "SET a.c[1] = :v", "UPDATED_OLD", { ":v": N(7) })).toEqual({ a: M({ c: L(N(2)) }) });
      expect(await rv(id, "SET a.c[1] = :v, a.b = :w", "UPDATED_OLD", { ":v": N(8), ":w": S("yo") })).toEqual({ a: M({ b: S("hi"), c: L(N(7)) }) });
      expect(await rv(id, "SET a.b = :v", "UPDATED_NEW", { ":v": S("hello") })).toEqual({ a: M({ b: S("hello") }) });
      expect(await rv(id, "SET a.c[1] = :v, a.b = :w", "UPDATED_NEW", { ":v": N(3), ":w": S("dog") })).toEqual({ a: M({ b: S("dog"), c: L(N(3)) }) });
      expect(await rv(id, "SET a.b = :v", "ALL_NEW", { ":v": S("hi") })).toEqual({ id: S(id), a: M({ b: S("hi"), c: L(N(1), N(3), N(3)) }), d: S("cat") });
      // a.c[3] does not exist: only a.c[1] is reported.
      expect(await rv(id, "REMOVE a.c[1], a.c[3]", "UPDATED_OLD")).toEqual({ a: M({ c: L(N(3)) }) });
      expect(await rv(id, "SET a.x2 = :v", "UPDATED_NEW", { ":v": N(8) })).toEqual({ a: M({ x2: N(8) }) });
    });

    caseIt(t, "expr.return.omitted-when-empty", "UPDATED_OLD / UPDATED_NEW send no Attributes when nothing qualifies", async () => {
      const id = await fresh({ a: M({ b: S("dog") }), c: S("cat") });
      // Nothing existed before: no old values.
      expect(await rv(id, "SET x = :v, a.y = :v", "UPDATED_OLD", { ":v": N(1) })).toBeUndefined();
      // Only removals: no new values.
      expect(await rv(id, "REMOVE c, a.b", "UPDATED_NEW")).toBeUndefined();
      expect(await get(id)).toEqual({ id: S(id), a: M({ y: N(1) }), x: N(1) });
    });

    caseIt(t, "expr.return.invalid", "ReturnValues must be one of the five modes", async () => {
      await expectValidation(
        update(uniqueName("rvi"), "SET a = :v", { ":v": N(1) }, { ReturnValues: "ALL" as "ALL_NEW" }),
        "1 validation error detected: Value 'ALL' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
      );
    });
  });

  describe("YCSB", () => {
    caseIt(t, "expr.update.ycsb", "a YCSB update: one field by AttributeUpdates PUT and by SET #f = :v", async () => {
      const fields: Item = {};
      for (let i = 0; i < 10; i++) fields[`field${i}`] = S(`value-${i}-`.padEnd(100, "x"));
      const id = await fresh(fields, "user");
      await c().send(
        new UpdateItemCommand({ TableName: table, Key: key(id), AttributeUpdates: { field3: { Action: "PUT", Value: S("updated-by-put") } } }),
      );
      await c().send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(id),
          UpdateExpression: "SET #f = :v",
          ExpressionAttributeNames: { "#f": "field7" },
          ExpressionAttributeValues: { ":v": S("updated-by-set") },
        }),
      );
      expect(await get(id)).toEqual({ id: S(id), ...fields, field3: S("updated-by-put"), field7: S("updated-by-set") });
    });
  });
}
