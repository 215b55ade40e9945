import { describe, expect, it } from "vitest";
import type { Item, KeyInfo } from "../model/types.js";
import { checkKeyUsage } from "./compile.js";
import { project } from "./index.js";
import { convertAttributesToGet } from "./legacy.js";
import { N, S, compile, compileError, rejection } from "./test-support.js";

const P = "Invalid ProjectionExpression: ";

const item: Item = {
  a: S("a"),
  b: { M: { c: N(1), d: { L: [S("x"), S("y"), S("z")] }, e: { M: { f: S("f") } } } },
  l: { L: [N(0), { M: { x: N(1), y: N(2) } }, N(2), { L: [N(30), N(31)] }, N(4)] },
  n: N(5),
};

const projected = (projection: string, names?: Record<string, string>, on: Item = item) =>
  project(compile({ projection, names }).projection as never, on);

describe("projection results", () => {
  it.each([
    ["a", { a: S("a") }],
    ["a, n", { a: S("a"), n: N(5) }],
    ["b.c", { b: { M: { c: N(1) } } }],
    ["b.d[2], b.d[0]", { b: { M: { d: { L: [S("x"), S("z")] } } } }],
    ["l[3][1], l[1].y, l[4]", { l: { L: [{ M: { y: N(2) } }, { L: [N(31)] }, N(4)] } }],
    ["l[9], b.zz, zz", {}],
    ["b.c.d, a", { a: S("a") }],
    ["l.x", {}],
    ["b[0]", {}],
    ["b.e.f, b.c", { b: { M: { e: { M: { f: S("f") } }, c: N(1) } } }],
  ])("%s", (projection, expected) => {
    expect(projected(projection)).toEqual(expected);
  });

  it("dynalite's nested projection", () => {
    const it2: Item = { a: S("k"), b: { M: { a: S("a"), b: S("b"), c: S("c") } }, c: { L: [S("a"), S("b"), S("c")] } };
    const expected = { b: { M: { b: S("b"), c: S("c") } }, c: { L: [S("b"), S("c")] } };
    expect(projected("b.c,c[2],b.b,c[1],c[0].a", undefined, it2)).toEqual(expected);
    expect(projected("#b.#c,#c[2],#b.#b,#c[1],#c[0][1]", { "#b": "b", "#c": "c" }, it2)).toEqual(expected);
  });

  it("resolves names", () => {
    expect(projected("#b.#c", { "#b": "b", "#c": "c" })).toEqual({ b: { M: { c: N(1) } } });
  });

  it("returns whole sub-values (not copies that lose data)", () => {
    expect(projected("b")).toEqual({ b: item.b });
  });

  it("AttributesToGet projects top-level attributes", () => {
    expect(project(convertAttributesToGet(["n", "a", "zz"]), item)).toEqual({ n: N(5), a: S("a") });
  });
});

describe("projection checks", () => {
  // dynalite's test/getItem.js (recorded against DynamoDB).
  it.each([
    ["b[1], b.a, #a.b, a", "[a, b]", "[a]"],
    ["a, #a[1]", "[a]", "[a, [1]]"],
    // DynamoDB names the first entry of its hash map here (dynalite's old recording said [a]).
    ["a,b,a", "[a]", "[b]"],
  ])("overlapping paths: %j", (projection, one, two) => {
    expect(compileError({ projection, names: projection.includes("#a") ? { "#a": "a" } : undefined })).toBe(
      `${P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
    );
  });

  it.each([
    ["a.b, #a[1], #b", "[a, b]", "[a, [1]]"],
    ["a.b[1], #a[1], #b", "[a, b, [1]]", "[a, [1]]"],
    ["a[3].b, #a.#b.b", "[a, [3], b]", "[a, [3], b]"],
  ])("conflicting paths: %j", (projection, one, two) => {
    expect(compileError({ projection, names: { "#a": "a", "#b": "[3]" } })).toBe(
      `${P}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
    );
  });

  it.each(["a.abORt", "#a,ABSoLUTE"])("reserved keywords: %j", (projection) => {
    expect(compileError({ projection, names: { "#a": "a" } })).toMatch(/^Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: /);
  });

  it("missing names (checked before overlaps, last path first)", () => {
    expect(compileError({ projection: "a,b,a,#a" })).toBe(`${P}An expression attribute name used in the document path is not defined; attribute name: #a`);
  });

  it.each(["a", "a,b"])("unused names: %j", (projection) => {
    expect(compileError({ projection, names: { "#a": "a", "#b": "b" } })).toBe("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}");
  });

  it("overlapping and conflicting paths", () => {
    expect(compileError({ projection: "a, a" })).toBe(
      `${P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]`,
    );
    expect(compileError({ projection: "a.b, a" })).toBe(
      `${P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]`,
    );
    expect(compileError({ projection: "a, a.b" })).toBe(
      `${P}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]`,
    );
    expect(compileError({ projection: "a[0], a.b" })).toBe(
      `${P}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]`,
    );
  });

  it("reserved words and names", () => {
    expect(compileError({ projection: "a, name" })).toBe(`${P}Attribute name is a reserved keyword; reserved keyword: name`);
    expect(compileError({ projection: "#a" })).toBe(`${P}An expression attribute name used in the document path is not defined; attribute name: #a`);
    expect(compileError({ projection: "a", names: { "#a": "a" } })).toBe("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}");
    expect(compileError({ projection: "" })).toBe(`${P}The expression can not be empty;`);
  });

  it("key attributes must be scalars", () => {
    const key: KeyInfo = { hashName: "a", hashType: "S" };
    expect(rejection(() => checkKeyUsage(compile({ projection: "a.b, c" }), key))).toBe(
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: a",
    );
    expect(() => checkKeyUsage(compile({ projection: "a, c.d" }), key)).not.toThrow();
  });
});
