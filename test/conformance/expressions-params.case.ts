/**
 * ExpressionAttributeNames and ExpressionAttributeValues: each of DynamoDB's errors for them (empty
 * maps, bad keys, bad values, undefined and unused placeholders) and how names resolve.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, expectValidation, tableInput, uniqueName, type Target } from "./target";
import { N, NS, S, SS, warmUp } from "./expressions-support";

export function paramCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-par");

  beforeAll(async () => {
    await createTable(c(), tableInput(table));
    await warmUp(c(), table);
  });

  const get = async (id: string) => (await c().send(new GetItemCommand({ TableName: table, Key: { id: S(id) }, ConsistentRead: true }))).Item;
  const condPut = (
    ConditionExpression: string,
    ExpressionAttributeNames?: Record<string, string>,
    ExpressionAttributeValues?: Record<string, AttributeValue>,
    id = uniqueName("p"),
  ) => c().send(new PutItemCommand({ TableName: table, Item: { id: S(id) }, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues }));
  const upd = (
    UpdateExpression: string,
    ExpressionAttributeNames?: Record<string, string>,
    ExpressionAttributeValues?: Record<string, AttributeValue>,
    ConditionExpression?: string,
  ) =>
    c().send(
      new UpdateItemCommand({
        TableName: table,
        Key: { id: S(uniqueName("p")) },
        UpdateExpression,
        ConditionExpression,
        ExpressionAttributeNames,
        ExpressionAttributeValues,
      }),
    );

  describe("undefined and unused", () => {
    caseIt(t, "expr.params.undefined-name", "a #name that ExpressionAttributeNames does not define", async () => {
      await expectValidation(
        condPut("attribute_not_exists(#x)", { "#y": "y" }),
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x",
      );
      await expectValidation(
        condPut("attribute_not_exists(#x)"),
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x",
      );
      await expectValidation(
        upd("SET #x = :v", undefined, { ":v": N(1) }),
        "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x",
      );
    });

    caseIt(t, "expr.params.undefined-value", "a :value that ExpressionAttributeValues does not define", async () => {
      await expectValidation(condPut("a = :v"), "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
      await expectValidation(
        condPut("a = :v", undefined, { ":w": N(1) }),
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v",
      );
      await expectValidation(upd("SET a = :v"), "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v");
      // Placeholders are case-sensitive.
      await expectValidation(
        upd("SET a = :V", undefined, { ":v": N(1) }),
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :V",
      );
    });

    caseIt(t, "expr.params.unused-name", "an ExpressionAttributeNames entry no expression uses", async () => {
      await expectValidation(
        condPut("attribute_not_exists(#a)", { "#a": "a", "#unused": "u" }),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
      );
      await expectValidation(
        upd("SET a = :v", { "#unused": "u" }, { ":v": N(1) }),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
      );
    });

    caseIt(t, "expr.params.unused-value", "an ExpressionAttributeValues entry no expression uses", async () => {
      await expectValidation(
        condPut("attribute_not_exists(a)", undefined, { ":unused": N(1) }),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
      );
      await expectValidation(upd("SET a = :v", undefined, { ":v": N(1), ":unused": S("x") }), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    });

    caseIt(t, "expr.params.shared", "names and values are shared by the UpdateExpression and the ConditionExpression", async () => {
      const id = uniqueName("sh");
      await c().send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: S(id) },
          UpdateExpression: "SET #a = :v",
          ConditionExpression: "attribute_not_exists(#c) AND :w <> :v",
          ExpressionAttributeNames: { "#a": "a", "#c": "c" },
          ExpressionAttributeValues: { ":v": N(1), ":w": N(2) },
        }),
      );
      expect(await get(id)).toEqual({ id: S(id), a: N(1) });
    });
  });

  describe("malformed maps", () => {
    caseIt(t, "expr.params.empty-maps", "empty ExpressionAttributeNames / ExpressionAttributeValues", async () => {
      await expectValidation(condPut("attribute_not_exists(a)", {}), "ExpressionAttributeNames must not be empty");
      await expectValidation(condPut("attribute_not_exists(a)", undefined, {}), "ExpressionAttributeValues must not be empty");
    });

    caseIt(t, "expr.params.bad-keys", "keys that are not #name / :value tokens", async () => {
      await expectValidation(condPut("attribute_not_exists(a)", { a: "a" }), 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"');
      await expectValidation(condPut("attribute_not_exists(a)", { "#a-b": "a" }), 'ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"');
      await expectValidation(condPut("attribute_not_exists(a)", undefined, { v: N(1) }), 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"');
      await expectValidation(
        condPut("attribute_not_exists(a)", undefined, { ":a.b": N(1) }),
        'ExpressionAttributeValues contains invalid key: Syntax error; key: ":a.b"',
      );
    });

    caseIt(t, "expr.params.bad-values", "invalid attribute values are reported with their key", async () => {
      await expectValidation(
        condPut("a = :v", undefined, { ":v": SS() }),
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v",
      );
      await expectValidation(
        condPut("a = :v", undefined, { ":v": N("abc") }),
        "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v",
      );
      await expectValidation(condPut("a = :v", undefined, { ":v": NS(1, 1) }), "ExpressionAttributeValues contains invalid value: Input collection contains duplicates for key :v");
      await expectValidation(
        upd("SET a = :v", undefined, { ":v": { NULL: false } }),
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Null attribute value types must have the value of true for key :v",
      );
    });
  });

  describe("resolution", () => {
    caseIt(t, "expr.params.name-resolution", "a name stands for one whole attribute name: dots, reserved words, any character", async () => {
      const id = uniqueName("res");
      const silly = "3can include any character!.#=";
      await c().send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: S(id) },
          UpdateExpression: "SET #dot = :v, #res = :v, #silly = :v, #123 = :v",
          ExpressionAttributeNames: { "#dot": "a.b", "#res": "name", "#silly": silly, "#123": "x" },
          ExpressionAttributeValues: { ":v": N(1) },
        }),
      );
      expect(await get(id)).toEqual({ id: S(id), "a.b": N(1), name: N(1), [silly]: N(1), x: N(1) });
      // a.b without a placeholder is the nested path a -> b: it does not exist.
      await expectValidation(
        c().send(new UpdateItemCommand({ TableName: table, Key: { id: S(id) }, UpdateExpression: "SET c = a.b" })),
        "The provided expression refers to an attribute that does not exist in the item",
      );
    });
  });
}
