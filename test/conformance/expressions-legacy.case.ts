/**
 * The pre-expression parameters: Expected (+ ConditionalOperator) on Put/Delete/Update,
 * AttributeUpdates (PUT/ADD/DELETE), AttributesToGet on GetItem/BatchGetItem, and DynamoDB's errors
 * when they are mixed with expression parameters.
 */
import {
  BatchGetItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ExpectedAttributeValue,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectValidation, tableInput, uniqueName, type Target } from "./target";
import { bytes, canonicalItem } from "./values";
import { L, N, NS, S, SS, expectConditionFailed, outcome, warmUp, type Item } from "./expressions-support";

const base: Item = {
  id: S("legacy-base"),
  s: S("hello"),
  n: N(5),
  b: { B: bytes(1, 2, 3) },
  ss: SS("a", "b"),
  ns: NS(1, 2),
  l: L(S("x"), N(1)),
  nul: { NULL: true },
};

export function legacyCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-leg");

  beforeAll(async () => {
    await createTable(c(), tableInput(table));
    await warmUp(c(), table);
    await c().send(new PutItemCommand({ TableName: table, Item: base }));
  });

  const get = async (id: string) => (await c().send(new GetItemCommand({ TableName: table, Key: { id: S(id) }, ConsistentRead: true }))).Item;
  const put = (Item: Item, extra: Partial<PutItemCommandInput> = {}) => c().send(new PutItemCommand({ TableName: table, Item, ...extra }));
  /** Whether Expected holds on the base item ("true"/"false"/error text). */
  const holds = (Expected: Record<string, ExpectedAttributeValue>, ConditionalOperator?: "AND" | "OR") =>
    outcome(put(base, { Expected, ConditionalOperator }));
  const op = (ComparisonOperator: ExpectedAttributeValue["ComparisonOperator"], ...AttributeValueList: AttributeValue[]): ExpectedAttributeValue =>
    AttributeValueList.length ? { ComparisonOperator, AttributeValueList } : { ComparisonOperator };

  describe("Expected", () => {
    caseIt(t, "expr.legacy.expected-value-exists", "Value (Exists true implied) and Exists false", async () => {
      const rows: [string, Record<string, ExpectedAttributeValue>, boolean][] = [
        ["Value equal", { s: { Value: S("hello") } }, true],
        ["Value different", { s: { Value: S("bye") } }, false],
        ["Value of another type", { n: { Value: S("5") } }, false],
        ["Exists true + Value", { n: { Exists: true, Value: N("5.00") } }, true],
        ["Value on a missing attribute", { nope: { Value: S("x") } }, false],
        ["Exists false, missing", { nope: { Exists: false } }, true],
        ["Exists false, present", { s: { Exists: false } }, false],
        ["several, all true", { s: { Value: S("hello") }, nope: { Exists: false }, n: { Value: N(5) } }, true],
        ["several, one false", { s: { Value: S("hello") }, n: { Exists: false } }, false],
      ];
      const got: Record<string, string> = {};
      for (const [name, expected] of rows) got[name] = await holds(expected);
      expect(got).toEqual(Object.fromEntries(rows.map(([name, , want]) => [name, String(want)])));
    });

    caseIt(t, "expr.legacy.expected-operators", "every ComparisonOperator with its AttributeValueList", async () => {
      const rows: [string, ExpectedAttributeValue, string, boolean][] = [
        ["EQ", op("EQ", N(5)), "n", true],
        ["EQ set", op("EQ", SS("b", "a")), "ss", true],
        ["EQ other type", op("EQ", S("5")), "n", false],
        ["NE", op("NE", N(6)), "n", true],
        ["NE same", op("NE", N(5)), "n", false],
        ["NE missing", op("NE", N(5)), "nope", true],
        ["NE other type", op("NE", S("5")), "n", true],
        ["LT", op("LT", N(6)), "n", true],
        ["LT false", op("LT", N(5)), "n", false],
        ["LE", op("LE", N(5)), "n", true],
        ["GT", op("GT", S("hell")), "s", true],
        ["GE", op("GE", S("hello")), "s", true],
        ["GE false", op("GE", S("z")), "s", false],
        ["LT other type", op("LT", S("9")), "n", false],
        ["LT binary", op("LT", { B: bytes(1, 3) }), "b", true],
        ["NULL missing", op("NULL"), "nope", true],
        ["NULL present", op("NULL"), "s", false],
        ["NULL on a NULL value", op("NULL"), "nul", false],
        ["NOT_NULL present", op("NOT_NULL"), "s", true],
        ["NOT_NULL missing", op("NOT_NULL"), "nope", false],
        ["CONTAINS substring", op("CONTAINS", S("ell")), "s", true],
        ["CONTAINS set member", op("CONTAINS", S("b")), "ss", true],
        ["CONTAINS number member", op("CONTAINS", N(2)), "ns", true],
        ["CONTAINS absent member", op("CONTAINS", S("z")), "ss", false],
        ["NOT_CONTAINS", op("NOT_CONTAINS", S("z")), "ss", true],
        ["NOT_CONTAINS member", op("NOT_CONTAINS", S("a")), "ss", false],
        ["BEGINS_WITH", op("BEGINS_WITH", S("he")), "s", true],
        ["BEGINS_WITH false", op("BEGINS_WITH", S("lo")), "s", false],
        ["BEGINS_WITH number attribute", op("BEGINS_WITH", S("5")), "n", false],
        ["IN", op("IN", N(1), N(5)), "n", true],
        ["IN false", op("IN", N(1), N(2)), "n", false],
        ["BETWEEN", op("BETWEEN", N(1), N(5)), "n", true],
        ["BETWEEN false", op("BETWEEN", N(6), N(9)), "n", false],
        ["BETWEEN missing", op("BETWEEN", N(1), N(9)), "nope", false],
      ];
      const got: Record<string, string> = {};
      for (const [name, cond, attr] of rows) got[name] = await holds({ [attr]: cond });
      expect(got).toEqual(Object.fromEntries(rows.map(([name, , , want]) => [name, String(want)])));
    });

    caseIt(t, "expr.legacy.conditional-operator", "ConditionalOperator OR needs one true condition; AND (default) needs all", async () => {
      const oneTrue = { s: { Value: S("hello") }, n: { Value: N(6) } };
      expect(await holds(oneTrue, "OR")).toBe("true");
      expect(await holds(oneTrue, "AND")).toBe("false");
      expect(await holds(oneTrue)).toBe("false");
      expect(await holds({ s: { Value: S("x") }, n: { Value: N(6) } }, "OR")).toBe("false");
    });

    caseIt(t, "expr.legacy.expected-writes", "Expected guards DeleteItem and UpdateItem; nothing is written on failure", async () => {
      const id = uniqueName("lw");
      const item = { id: S(id), v: N(1) };
      await put(item, { Expected: { id: { Exists: false } } });
      await expectConditionFailed(put({ id: S(id), v: N(2) }, { Expected: { id: { Exists: false } } }));
      await expectConditionFailed(
        c().send(new UpdateItemCommand({ TableName: table, Key: { id: S(id) }, AttributeUpdates: { v: { Action: "PUT", Value: N(3) } }, Expected: { v: { Value: N(2) } } })),
      );
      await expectConditionFailed(c().send(new DeleteItemCommand({ TableName: table, Key: { id: S(id) }, Expected: { v: op("GT", N(1)) } })));
      expect(await get(id)).toEqual(item);
      await c().send(new DeleteItemCommand({ TableName: table, Key: { id: S(id) }, Expected: { v: op("EQ", N(1)) } }));
      expect(await get(id)).toBeUndefined();
    });

    caseIt(t, "expr.legacy.expected-errors", "malformed Expected entries", async () => {
      const bad = (Expected: Record<string, ExpectedAttributeValue>) => put({ id: S(uniqueName("le")) }, { Expected });
      const invalid = "One or more parameter values were invalid: ";
      await expectValidation(bad({ a: {} }), `${invalid}Value must be provided when Exists is null for Attribute: a`);
      await expectValidation(bad({ a: { Exists: true } }), `${invalid}Value must be provided when Exists is true for Attribute: a`);
      await expectValidation(bad({ a: { Exists: false, Value: S("x") } }), `${invalid}Value cannot be used when Exists is false for Attribute: a`);
      await expectValidation(bad({ a: { Exists: true, ComparisonOperator: "LT" } }), `${invalid}Exists and ComparisonOperator cannot be used together for Attribute: a`);
      await expectValidation(
        bad({ a: { ComparisonOperator: "LT", Value: S("a"), AttributeValueList: [S("a")] } }),
        `${invalid}Value and AttributeValueList cannot be used together for Attribute: a`,
      );
      await expectValidation(bad({ a: { AttributeValueList: [S("a")] } }), `${invalid}AttributeValueList can only be used with a ComparisonOperator for Attribute: a`);
      await expectValidation(bad({ a: { ComparisonOperator: "LT" } }), `${invalid}Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a`);
      await expectValidation(bad({ a: op("EQ", N(1), N(2)) }), `${invalid}Invalid number of argument(s) for the EQ ComparisonOperator`);
      await expectValidation(bad({ a: op("NULL", N(1)) }), `${invalid}Invalid number of argument(s) for the NULL ComparisonOperator`);
      await expectValidation(bad({ a: op("BETWEEN", N(1), N(2), N(3)) }), `${invalid}Invalid number of argument(s) for the BETWEEN ComparisonOperator`);
      await expectValidation(bad({ a: { ComparisonOperator: "BETWEEN", Value: N(1) } }), `${invalid}Invalid number of argument(s) for the BETWEEN ComparisonOperator`);
      await expectValidation(bad({ a: op("IN", N(1), S("1")) }), `${invalid}AttributeValues inside AttributeValueList must be of same type`);
      await expectValidation(bad({ a: op("BETWEEN", N(5), N(1)) }), "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
    });
  });

  describe("AttributeUpdates", () => {
    const au = (id: string, AttributeUpdates: NonNullable<ConstructorParameters<typeof UpdateItemCommand>[0]["AttributeUpdates"]>, ReturnValues?: "ALL_NEW" | "UPDATED_OLD") =>
      c().send(new UpdateItemCommand({ TableName: table, Key: { id: S(id) }, AttributeUpdates, ReturnValues }));

    caseIt(t, "expr.legacy.au-put-delete", "PUT (the default action) sets; DELETE without a value removes", async () => {
      const id = uniqueName("au");
      await put({ id: S(id), a: S("x"), b: S("y") });
      await au(id, { a: { Value: S("new") }, c: { Action: "PUT", Value: L(N(1)) }, b: { Action: "DELETE" }, nope: { Action: "DELETE" } });
      expect(await get(id)).toEqual({ id: S(id), a: S("new"), c: L(N(1)) });
    });

    caseIt(t, "expr.legacy.au-add", "ADD adds numbers, unions sets and appends lists, creating missing attributes", async () => {
      const id = uniqueName("au");
      await put({ id: S(id), n: N(1), ss: SS("a"), l: L(S("a")) });
      const out = await au(
        id,
        { n: { Action: "ADD", Value: N(3) }, ss: { Action: "ADD", Value: SS("a", "b") }, l: { Action: "ADD", Value: L(S("b")) }, m: { Action: "ADD", Value: N(-2) } },
        "ALL_NEW",
      );
      expect(canonicalItem(out.Attributes!)).toEqual(canonicalItem({ id: S(id), n: N(4), ss: SS("a", "b"), l: L(S("a"), S("b")), m: N(-2) }));
    });

    caseIt(t, "expr.legacy.au-delete-set", "DELETE with a value removes set members; an emptied set disappears", async () => {
      const id = uniqueName("au");
      await put({ id: S(id), ns: NS(1, 2, 3), ss: SS("a") });
      await au(id, { ns: { Action: "DELETE", Value: NS(1, 4) }, ss: { Action: "DELETE", Value: SS("a") } });
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), ns: NS(2, 3) }));
    });

    caseIt(t, "expr.legacy.au-missing-item", "AttributeUpdates create the item; none at all creates just the key", async () => {
      const id = uniqueName("au");
      expect((await au(id, { n: { Action: "ADD", Value: N(5) } }, "ALL_NEW")).Attributes).toEqual({ id: S(id), n: N(5) });
      const bare = uniqueName("au");
      await c().send(new UpdateItemCommand({ TableName: table, Key: { id: S(bare) } }));
      expect(await get(bare)).toEqual({ id: S(bare) });
    });

    caseIt(t, "expr.legacy.au-errors", "AttributeUpdates errors: values per action, type mismatches, key attributes", async () => {
      const id = uniqueName("au");
      await put({ id: S(id), ss: SS("a"), n: N(1) });
      const invalid = "One or more parameter values were invalid: ";
      await expectValidation(au(id, { a: { Action: "PUT" } }), `${invalid}Only DELETE action is allowed when no attribute value is specified`);
      await expectValidation(au(id, { a: { Action: "ADD", Value: S("x") } }), `${invalid}ADD action is not supported for the type S`);
      await expectValidation(au(id, { a: { Action: "DELETE", Value: N(1) } }), `${invalid}DELETE action with value is not supported for the type N`);
      await expectValidation(au(id, { ss: { Action: "ADD", Value: NS(1) } }), "Type mismatch for attribute to update");
      await expectValidation(au(id, { n: { Action: "DELETE", Value: NS(1) } }), "Type mismatch for attribute to update");
      await expectValidation(au(id, { id: { Action: "PUT", Value: S("other") } }), `${invalid}Cannot update attribute id. This attribute is part of the key`);
      expect(canonicalItem((await get(id))!)).toEqual(canonicalItem({ id: S(id), ss: SS("a"), n: N(1) }));
    });
  });

  describe("AttributesToGet", () => {
    caseIt(t, "expr.legacy.attributes-to-get", "AttributesToGet returns the named top-level attributes", async () => {
      const read = async (AttributesToGet: string[]) =>
        (await c().send(new GetItemCommand({ TableName: table, Key: { id: base.id! }, AttributesToGet, ConsistentRead: true }))).Item;
      expect(await read(["s", "n", "nope"])).toEqual({ s: base.s, n: base.n });
      expect(await read(["nope"])).toEqual({});
      expect(await read(["id"])).toEqual({ id: base.id });
      await expectValidation(read(["s", "s"]), "One or more parameter values were invalid: Duplicate value in attribute name: s");
      const batch = await c().send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ id: base.id! }], AttributesToGet: ["s"] } } }));
      expect(batch.Responses?.[table]).toEqual([{ s: base.s }]);
    });

    caseIt(t, "expr.legacy.attributes-to-get-literal", "AttributesToGet names are literal: a dot is part of the name", async () => {
      const id = uniqueName("atg");
      await put({ id: S(id), "a.b": S("dotted"), a: { M: { b: S("nested") } } });
      const out = await c().send(new GetItemCommand({ TableName: table, Key: { id: S(id) }, AttributesToGet: ["a.b"], ConsistentRead: true }));
      expect(out.Item).toEqual({ "a.b": S("dotted") });
    });
  });

  describe("mixing with expressions", () => {
    const mixed = (non: string, expr: string) =>
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${non}} Expression parameters: {${expr}}`;

    caseIt(t, "expr.legacy.mix-errors", "legacy and expression parameters cannot be combined", async () => {
      const key = { id: S(uniqueName("mix")) };
      await expectValidation(put(key, { ConditionExpression: "attribute_exists(id)", Expected: { id: { Exists: false } } }), mixed("Expected", "ConditionExpression"));
      await expectValidation(
        c().send(new DeleteItemCommand({ TableName: table, Key: key, ConditionExpression: "attribute_exists(id)", Expected: { id: { Exists: false } } })),
        mixed("Expected", "ConditionExpression"),
      );
      await expectValidation(
        c().send(
          new UpdateItemCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "SET a = :v",
            ExpressionAttributeValues: { ":v": N(1) },
            AttributeUpdates: { a: { Action: "PUT", Value: N(1) } },
          }),
        ),
        mixed("AttributeUpdates", "UpdateExpression"),
      );
      await expectValidation(
        c().send(
          new UpdateItemCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "SET a = :v",
            ConditionExpression: "attribute_exists(id)",
            ExpressionAttributeValues: { ":v": N(1) },
            AttributeUpdates: { a: { Action: "PUT", Value: N(1) } },
            Expected: { id: { Exists: false } },
          }),
        ),
        mixed("AttributeUpdates, Expected", "UpdateExpression, ConditionExpression"),
      );
      await expectValidation(
        c().send(
          new UpdateItemCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "SET a = :v",
            ExpressionAttributeValues: { ":v": N(1) },
            Expected: { id: { Exists: false } },
          }),
        ),
        mixed("Expected", "UpdateExpression"),
      );
      await expectValidation(
        c().send(new GetItemCommand({ TableName: table, Key: key, ProjectionExpression: "a", AttributesToGet: ["a"] })),
        mixed("AttributesToGet", "ProjectionExpression"),
      );
      expect(await get(key.id.S!)).toBeUndefined();
    });

    caseIt(t, "expr.legacy.placeholders-without-expression", "ExpressionAttributeNames/Values need an expression", async () => {
      const key = { id: S(uniqueName("mix")) };
      await expectValidation(
        put(key, { Expected: { id: { Exists: false } }, ExpressionAttributeNames: { "#a": "a" } }),
        "ExpressionAttributeNames can only be specified when using expressions",
      );
      await expectValidation(
        put(key, { ExpressionAttributeValues: { ":v": N(1) } }),
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
      );
      await expectValidation(
        c().send(new UpdateItemCommand({ TableName: table, Key: key, AttributeUpdates: { a: { Value: N(1) } }, ExpressionAttributeValues: { ":v": N(1) } })),
        "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
      );
      await expectValidation(
        c().send(new GetItemCommand({ TableName: table, Key: key, ExpressionAttributeNames: { "#a": "a" } })),
        "ExpressionAttributeNames can only be specified when using expressions",
      );
      expect(await get(key.id.S!)).toBeUndefined();
    });

    caseIt(t, "expr.legacy.errors-are-400", "a legacy condition failure is a ConditionalCheckFailedException with status 400", async () => {
      const err = await errorOf(put({ id: base.id! }, { Expected: { s: { Value: S("nope") } } }));
      expect({ name: err.name, status: err.$metadata?.httpStatusCode }).toEqual({ name: "ConditionalCheckFailedException", status: 400 });
      expect(await get("legacy-base")).toEqual(base);
    });
  });
}
