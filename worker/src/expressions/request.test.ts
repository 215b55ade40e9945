import { describe, expect, it } from "vitest";
import type { AttributeValue, Item, KeyInfo } from "../model/types.js";
import { checkKeyUsage, clearExpressionCaches, compileRequest, filterKeyAttributeError } from "./compile.js";
import { applyUpdate, evaluateCondition, project } from "./index.js";
import { hashSetOrder, javaStringHash } from "./java-order.js";
import { N, S, compile, compileError, rejection } from "./test-support.js";

describe("ExpressionAttributeNames / ExpressionAttributeValues", () => {
  it("must not be empty and need well-formed keys", () => {
    expect(compileError({ condition: "", names: {}, values: {} })).toBe("ExpressionAttributeNames must not be empty");
    expect(compileError({ condition: "", names: { a: "a" }, values: {} })).toBe('ExpressionAttributeNames contains invalid key: Syntax error; key: "a"');
    expect(compileError({ condition: "", values: {} })).toBe("ExpressionAttributeValues must not be empty");
    expect(compileError({ condition: "", values: { ":b": { a: "" } as never, b: S("a") } })).toBe('ExpressionAttributeValues contains invalid key: Syntax error; key: "b"');
    expect(compileError({ condition: "a = :b", values: { ":b": { S: "a", N: "1" } as never } })).toBe(
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes for key :b",
    );
    expect(compileError({ condition: "a = :b", values: { ":b": { NS: ["1", "1"] } } })).toBe("ExpressionAttributeValues contains invalid value: Input collection contains duplicates for key :b");
  });

  it("limit key length, refuse empty names", () => {
    expect(compileError({ condition: "a = b", names: { [`#${"k".repeat(255)}`]: "x" } })).toBe(
      "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256",
    );
    expect(compileError({ condition: "a = b", values: { [`:${"k".repeat(255)}`]: S("x") } })).toBe(
      "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
    );
    expect(compileError({ condition: "#a = b", names: { "#a": "" } })).toBe("ExpressionAttributeNames contains invalid value: Empty attribute name for key #a");
  });

  it("are checked before the expressions", () => {
    expect(compileError({ condition: "", names: {} })).toBe("ExpressionAttributeNames must not be empty");
    expect(compileError({ condition: "" })).toBe("Invalid ConditionExpression: The expression can not be empty;");
  });

  it("unused keys are listed in Java's HashSet order", () => {
    // "#a".hashCode() = 35 * 31 + 97; in a 16-bucket table "#zz" (bucket 3) comes before "#a" (14) and "#b" (15).
    expect(javaStringHash("#a")).toBe(1182);
    expect(hashSetOrder(["#b", "#a", "#zz"], 3)).toEqual(["#zz", "#a", "#b"]);
    expect(compileError({ condition: "a = :a", values: { ":y": S("1"), ":a": S("1"), ":z": S("1") } })).toBe(
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z, :y}",
    );
  });

  it("names are counted as used across all expressions of the request", () => {
    expect(() =>
      compile({ filter: "#a = :v", projection: "#b, #a", keyCondition: "#k = :k", names: { "#a": "a", "#b": "b", "#k": "k" }, values: { ":v": S("x"), ":k": S("y") } }),
    ).not.toThrow();
    expect(compileError({ projection: "#b", filter: "a = :v", names: { "#a": "a", "#b": "b" }, values: { ":v": S("x") } })).toBe(
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}",
    );
  });
});

describe("order of the checks across expressions", () => {
  it("reads UpdateExpression before ConditionExpression", () => {
    expect(compileError({ update: "SET a = :x", condition: "foo" })).toBe(
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x",
    );
    expect(compileError({ update: "SET a = b", condition: "" })).toBe("Invalid ConditionExpression: The expression can not be empty;");
  });

  it("reads FilterExpression, then ProjectionExpression, then KeyConditionExpression", () => {
    expect(compileError({ keyCondition: "", filter: "", projection: "" })).toBe("Invalid FilterExpression: The expression can not be empty;");
    expect(compileError({ keyCondition: "", filter: "a > b", projection: "" })).toBe("Invalid ProjectionExpression: The expression can not be empty;");
    expect(compileError({ keyCondition: "attribute_type(a, :a)", filter: "", projection: "", values: { ":a": S("N") } })).toBe(
      "Invalid FilterExpression: The expression can not be empty;",
    );
  });

  it("reports the empty expression before its size", () => {
    expect(compileError({ condition: "" })).toBe("Invalid ConditionExpression: The expression can not be empty;");
    expect(compileError({ filter: "a".repeat(4097) })).toBe("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
    expect(() => compile({ condition: `a${" ".repeat(4089)} = b` })).not.toThrow();
  });
});

describe("compiled requests", () => {
  it("are plain data that survives structured clone", () => {
    const c = compile({
      update: "SET a.b[2] = if_not_exists(a.b[2], :z) + :one REMOVE c ADD s :s",
      condition: "attribute_exists(a) AND size(s) < :ten",
      values: { ":z": N(0), ":one": N(1), ":s": { SS: ["x"] }, ":ten": N(10) },
    });
    const copy = structuredClone(c);
    expect(copy).toEqual(c);
    const item: Item = { a: { M: { b: { L: [N(0), N(1), N(41)] } } }, c: S("gone"), s: { SS: ["y"] } };
    expect(evaluateCondition(copy.condition as never, item)).toBe(true);
    expect(applyUpdate(copy.update as never, item, {}).item).toEqual({ a: { M: { b: { L: [N(0), N(1), N(42)] } } }, s: { SS: ["y", "x"] } });
  });

  it("parse once per text, resolving values per request", () => {
    clearExpressionCaches();
    const a = compileRequest({ update: "SET f = :v", values: { ":v": S("one") } });
    const b = compileRequest({ update: "SET f = :v", values: { ":v": N(2) } });
    expect(applyUpdate(a.update as never, undefined, {}).item).toEqual({ f: S("one") });
    expect(applyUpdate(b.update as never, undefined, {}).item).toEqual({ f: N(2) });
    // Cached failures answer the same.
    expect(compileError({ condition: "a ==" })).toBe(compileError({ condition: "a ==" }));
  });

  it("checkKeyUsage and filterKeyAttributeError", () => {
    const key: KeyInfo = { hashName: "pk", hashType: "S", rangeName: "sk", rangeType: "N" };
    expect(rejection(() => compileRequest({ update: "SET sk = :v", values: { ":v": N(1) } }, { key }))).toBe(
      "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
    );
    expect(rejection(() => checkKeyUsage(compile({ filter: "pk.x = :v", values: { ":v": N(1) } }), key))).toBe(
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk",
    );
    const f = compile({ filter: "a = :v OR sk > :v", values: { ":v": N(1) } }).filter;
    expect(filterKeyAttributeError(f as never, key)?.message).toBe("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
  });

  it("projection of an update's own result (ReturnValues ALL_NEW)", () => {
    const c = compile({ update: "SET a = :v", projection: "a", values: { ":v": S("x") } });
    const r = applyUpdate(c.update as never, { a: S("old"), b: S("b") }, {});
    expect(project(c.projection as never, r.item)).toEqual({ a: S("x") });
  });
});

describe("values used by expressions", () => {
  it("accept every type in equality", () => {
    const values: Record<string, AttributeValue> = { ":m": { M: { x: { L: [{ NULL: true }, { BOOL: false }] } } } };
    const c = compile({ condition: "m = :m", values });
    expect(evaluateCondition(c.condition as never, { m: structuredClone(values[":m"] as AttributeValue) })).toBe(true);
  });
});
