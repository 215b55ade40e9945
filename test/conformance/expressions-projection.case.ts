/**
 * ProjectionExpression on GetItem and BatchGetItem: top-level and nested paths, list indexes, names,
 * missing paths, and the projection's validation errors.
 */
import { BatchGetItemCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectValidation, tableInput, uniqueName, type Target } from "./target";
import { L, M, N, S, SS, type Item } from "./expressions-support";

const item: Item = {
  id: S("proj"),
  a: S("x"),
  b: N(1),
  m: M({ x: M({ y: N(2), z: S("zz") }), w: L(N(1), N(2)) }),
  l: L(M({ p: N(1), q: N(2) }), S("s1"), L(N(1), N(2))),
  ss: SS("a", "b"),
  "dotted.name": S("dot"),
};

export function projectionCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-proj");

  beforeAll(async () => {
    await createTable(c(), tableInput(table));
    await c().send(new PutItemCommand({ TableName: table, Item: item }));
  });

  const project = async (ProjectionExpression: string, ExpressionAttributeNames?: Record<string, string>, id = "proj") =>
    (await c().send(new GetItemCommand({ TableName: table, Key: { id: S(id) }, ProjectionExpression, ExpressionAttributeNames, ConsistentRead: true })))
      .Item;

  describe("paths", () => {
    caseIt(t, "expr.proj.top-level", "top-level attributes; the key only when asked for", async () => {
      expect(await project("a")).toEqual({ a: S("x") });
      expect(await project("a, b, ss")).toEqual({ a: S("x"), b: N(1), ss: SS("a", "b") });
      expect(await project("id, a")).toEqual({ id: S("proj"), a: S("x") });
      expect(await project("b,a")).toEqual({ a: S("x"), b: N(1) });
    });

    caseIt(t, "expr.proj.nested", "nested map paths keep their enclosing structure and merge", async () => {
      expect(await project("m.x.y")).toEqual({ m: M({ x: M({ y: N(2) }) }) });
      expect(await project("m.x.y, m.w")).toEqual({ m: M({ x: M({ y: N(2) }), w: L(N(1), N(2)) }) });
      expect(await project("m.x.y, m.x.z, a")).toEqual({ a: S("x"), m: M({ x: M({ y: N(2), z: S("zz") }) }) });
    });

    caseIt(t, "expr.proj.list-index", "list indexes project the listed elements, in list order", async () => {
      expect(await project("l[0].q")).toEqual({ l: L(M({ q: N(2) })) });
      expect(await project("l[2][1]")).toEqual({ l: L(L(N(2))) });
      expect(await project("l[2], l[0]")).toEqual({ l: L(M({ p: N(1), q: N(2) }), L(N(1), N(2))) });
      expect(await project("m.w[1]")).toEqual({ m: M({ w: L(N(2)) }) });
    });

    caseIt(t, "expr.proj.absent", "paths that match nothing give an empty Item; a missing item gives none", async () => {
      expect(await project("nope")).toEqual({});
      expect(await project("l[9], m.nope, a.b")).toEqual({});
      expect(await project("nope, a")).toEqual({ a: S("x") });
      expect(await project("a", undefined, uniqueName("none"))).toBeUndefined();
    });

    caseIt(t, "expr.proj.names", "names stand for any attribute name, dots included, and for reserved words", async () => {
      expect(await project("#d", { "#d": "dotted.name" })).toEqual({ "dotted.name": S("dot") });
      expect(await project("#m.#x.y", { "#m": "m", "#x": "x" })).toEqual({ m: M({ x: M({ y: N(2) }) }) });
      // "dotted.name" without a placeholder is the path dotted -> name, which does not exist.
      expect(await project("dotted.#n", { "#n": "nm" })).toEqual({});
    });

    caseIt(t, "expr.proj.batch-get", "BatchGetItem applies the ProjectionExpression to every item", async () => {
      const other = { id: S(uniqueName("proj2")), a: S("y"), m: M({ x: M({ y: N(3) }) }), extra: S("e") };
      await c().send(new PutItemCommand({ TableName: table, Item: other }));
      const out = await c().send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: { Keys: [{ id: S("proj") }, { id: other.id }], ProjectionExpression: "#i, m.x.y", ExpressionAttributeNames: { "#i": "id" }, ConsistentRead: true },
          },
        }),
      );
      const got = [...(out.Responses?.[table] ?? [])].sort((x, y) => (x.id!.S! < y.id!.S! ? -1 : 1));
      const want = [
        { id: S("proj"), m: M({ x: M({ y: N(2) }) }) },
        { id: other.id, m: M({ x: M({ y: N(3) }) }) },
      ].sort((x, y) => (x.id.S! < y.id.S! ? -1 : 1));
      expect(got).toEqual(want);
    });
  });

  describe("validation", () => {
    const prefix = "Invalid ProjectionExpression: ";

    caseIt(t, "expr.proj.err.overlap", "overlapping and conflicting projection paths", async () => {
      await expectValidation(
        project("a, a"),
        `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]`,
      );
      await expectValidation(
        project("m, m.x"),
        `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, x]`,
      );
      await expectValidation(
        project("#a, a", { "#a": "a" }),
        `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]`,
      );
      await expectValidation(
        project("m.x, m[0]"),
        `${prefix}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m, [0]]`,
      );
    });

    caseIt(t, "expr.proj.err.names", "undefined, unused and reserved names in a projection", async () => {
      await expectValidation(project("#x"), `${prefix}An expression attribute name used in the document path is not defined; attribute name: #x`);
      await expectValidation(project("a", { "#u": "u" }), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}");
      await expectValidation(project("name"), `${prefix}Attribute name is a reserved keyword; reserved keyword: name`);
      expect(await project("#n", { "#n": "name" })).toEqual({});
    });

    caseIt(t, "expr.proj.err.empty", "an empty ProjectionExpression", async () => {
      await expectValidation(project(""), `${prefix}The expression can not be empty;`);
    });

    caseIt(t, "expr.proj.err.syntax", "a syntax error in a projection", async () => {
      const err = await errorOf(project("a,, b"));
      expect({ name: err.name, message: err.message }).toEqual({
        name: "ValidationException",
        message: `${prefix}Syntax error; token: ",", near: ",, b"`,
      });
    });

    caseIt(t, "expr.proj.err.batch-get", "BatchGetItem validates its ProjectionExpression", async () => {
      await expectValidation(
        c().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ id: S("proj") }], ProjectionExpression: "#x" } } })),
        `${prefix}An expression attribute name used in the document path is not defined; attribute name: #x`,
      );
    });
  });
}
