/** TransactWriteItems and TransactGetItems (dynalite implements neither: its runner lists every case as a deviation). */
import {
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectError, expectValidation, rawRequest, tableInput, uniqueName, type Target } from "./target";

const s = (v: string) => ({ S: v });
const n = (v: number) => ({ N: String(v) });

export function transactionCases(t: Target): void {
  const c = () => t.client();
  let A = "";
  let B = "";
  beforeAll(async () => {
    if (t.deviations["txn.write.spanning"]) return; // a target without transactions: no tables needed
    A = uniqueName("txn-a");
    B = uniqueName("txn-b");
    // Many partitions, so that a handful of keys spans several of them.
    await createTable(c(), { ...tableInput(A), Tags: [{ Key: "shvm:partitions", Value: "16" }] });
    await createTable(c(), { ...tableInput(B, ["pk", "S"], ["sk", "N"]), Tags: [{ Key: "shvm:partitions", Value: "4" }] });
  }, 30_000);
  const get = async (TableName: string, Key: Record<string, { S: string } | { N: string }>) =>
    (await c().send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;
  const write = (TransactItems: TransactWriteItem[], ClientRequestToken?: string) =>
    c().send(new TransactWriteItemsCommand({ TransactItems, ...(ClientRequestToken ? { ClientRequestToken } : {}) }));

  describe("TransactWriteItems", () => {
    caseIt(t, "txn.write.spanning", "applies puts, updates, deletes and checks across partitions and tables together", async () => {
      await c().send(new PutItemCommand({ TableName: A, Item: { id: s("del"), v: n(1) } }));
      await c().send(new PutItemCommand({ TableName: A, Item: { id: s("chk"), v: n(7) } }));
      await c().send(new PutItemCommand({ TableName: B, Item: { pk: s("u"), sk: n(1), count: n(1) } }));
      await write([
        { Put: { TableName: A, Item: { id: s("new-1"), v: n(1) }, ConditionExpression: "attribute_not_exists(id)" } },
        { Put: { TableName: A, Item: { id: s("new-2"), v: n(2) } } },
        { Delete: { TableName: A, Key: { id: s("del") } } },
        { ConditionCheck: { TableName: A, Key: { id: s("chk") }, ConditionExpression: "v = :seven", ExpressionAttributeValues: { ":seven": n(7) } } },
        { Update: { TableName: B, Key: { pk: s("u"), sk: n(1) }, UpdateExpression: "ADD #c :one", ExpressionAttributeNames: { "#c": "count" }, ExpressionAttributeValues: { ":one": n(1) } } },
      ]);
      expect(await get(A, { id: s("new-1") })).toEqual({ id: s("new-1"), v: n(1) });
      expect(await get(A, { id: s("new-2") })).toEqual({ id: s("new-2"), v: n(2) });
      expect(await get(A, { id: s("del") })).toBeUndefined();
      expect(await get(B, { pk: s("u"), sk: n(1) })).toEqual({ pk: s("u"), sk: n(1), count: n(2) });
    });

    caseIt(t, "txn.write.one-partition", "a transaction on one item is applied like a write", async () => {
      await write([{ Put: { TableName: A, Item: { id: s("solo"), v: n(5) } } }]);
      expect(await get(A, { id: s("solo") })).toEqual({ id: s("solo"), v: n(5) });
    });

    caseIt(t, "txn.write.cancelled", "a failed condition cancels everything, with a reason per action in order and the old item where asked", async () => {
      await c().send(new PutItemCommand({ TableName: A, Item: { id: s("c-1"), v: n(1) } }));
      await c().send(new PutItemCommand({ TableName: B, Item: { pk: s("c"), sk: n(2), v: n(2) } }));
      const err = (await errorOf(
        write([
          { Put: { TableName: A, Item: { id: s("c-new"), v: n(9) } } },
          { Update: { TableName: A, Key: { id: s("c-1") }, UpdateExpression: "SET v = :x", ConditionExpression: "v = :wrong", ExpressionAttributeValues: { ":x": n(100), ":wrong": n(0) }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
          { Delete: { TableName: B, Key: { pk: s("c"), sk: n(2) }, ConditionExpression: "attribute_not_exists(v)" } },
        ]),
      )) as Error & { CancellationReasons?: unknown[] };
      expect(err.name).toBe("TransactionCanceledException");
      expect(err.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]");
      expect(err.CancellationReasons).toEqual([
        { Code: "None" },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { id: s("c-1"), v: n(1) } },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      ]);
      expect(await get(A, { id: s("c-new") })).toBeUndefined();
      expect(await get(A, { id: s("c-1") })).toEqual({ id: s("c-1"), v: n(1) });
      expect(await get(B, { pk: s("c"), sk: n(2) })).toEqual({ pk: s("c"), sk: n(2), v: n(2) });
    });

    caseIt(t, "txn.write.validation-error", "an update that fails as it is applied is a ValidationError reason", async () => {
      await c().send(new PutItemCommand({ TableName: A, Item: { id: s("ve"), n: n(3), s: s("old") } }));
      const err = (await errorOf(write([{ Update: { TableName: A, Key: { id: s("ve") }, UpdateExpression: "SET n = n + s" } }]))) as Error & { CancellationReasons?: unknown[] };
      expect(err.name).toBe("TransactionCanceledException");
      expect(err.CancellationReasons).toEqual([{ Code: "ValidationError", Message: "An operand in the update expression has an incorrect data type" }]);
    });

    caseIt(t, "txn.write.same-item", "two actions on one item are refused", async () => {
      await expectValidation(
        write([
          { Put: { TableName: A, Item: { id: s("dup") } } },
          { ConditionCheck: { TableName: A, Key: { id: s("dup") }, ConditionExpression: "attribute_not_exists(id)" } },
        ]),
        "Transaction request cannot include multiple operations on one item",
      );
    });

    caseIt(t, "txn.write.shape", "1 to 100 actions, each exactly one of the four", async () => {
      await expectValidation(
        write([]),
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      const many = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: A, Item: { id: s(`m${i}`) } } }));
      const tooMany = await errorOf(write(many));
      expect(tooMany.name).toBe("ValidationException");
      expect(tooMany.message).toMatch(/at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/);
      await expectValidation(
        write([{ Put: { TableName: A, Item: { id: s("x") } }, Delete: { TableName: A, Key: { id: s("x") } } }]),
        "TransactItems can only contain one of Check, Put, Update or Delete",
      );
    });

    caseIt(t, "txn.write.malformed-actions", "a null action, and expression values without an expression, are refused", async () => {
      const raw = await rawRequest(t.endpoint(), { op: "TransactWriteItems", body: { TransactItems: [{ Put: { TableName: A, Item: { id: s("x") } } }, null] } });
      expect(raw.status).toBe(400);
      expect(String(raw.json?.__type)).toMatch(/ValidationException$/);
      await expectValidation(
        write([{ Put: { TableName: A, Item: { id: s("eav") }, ExpressionAttributeValues: { ":v": n(1) } } }]),
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
      );
    });

    caseIt(t, "txn.write.unknown-table", "a missing table is ResourceNotFoundException", async () => {
      await expectError(write([{ Put: { TableName: uniqueName("txn-none"), Item: { id: s("x") } } }]), "ResourceNotFoundException", "Requested resource not found");
    });

    caseIt(t, "txn.write.token", "ClientRequestToken: the same input again does not run again; another input is a mismatch", async () => {
      const token = uniqueName("tok");
      const add = [{ Update: { TableName: A, Key: { id: s("tok-counter") }, UpdateExpression: "ADD v :one", ExpressionAttributeValues: { ":one": n(1) } } }, { Put: { TableName: A, Item: { id: s("tok-other") } } }];
      await write(add, token);
      await write(add, token);
      expect(await get(A, { id: s("tok-counter") })).toEqual({ id: s("tok-counter"), v: n(1) });
      const mismatch = await errorOf(write([{ Put: { TableName: A, Item: { id: s("tok-else") } } }], token));
      expect(mismatch.name).toBe("IdempotentParameterMismatchException");
      expect(await get(A, { id: s("tok-else") })).toBeUndefined();
    });
  });

  describe("TransactGetItems", () => {
    caseIt(t, "txn.get.items", "reads items across partitions and tables in order, with projections; a missing item is an empty response", async () => {
      await c().send(new PutItemCommand({ TableName: A, Item: { id: s("g1"), a: n(1), b: n(2) } }));
      await c().send(new PutItemCommand({ TableName: B, Item: { pk: s("g"), sk: n(1), x: s("y") } }));
      const out = await c().send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: A, Key: { id: s("g1") }, ProjectionExpression: "a" } },
            { Get: { TableName: A, Key: { id: s("g-missing") } } },
            { Get: { TableName: B, Key: { pk: s("g"), sk: n(1) } } },
          ],
        }),
      );
      expect(out.Responses).toEqual([{ Item: { a: n(1) } }, {}, { Item: { pk: s("g"), sk: n(1), x: s("y") } }]);
    });

    caseIt(t, "txn.get.same-item", "two Gets of one item are refused", async () => {
      await expectValidation(
        c().send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: A, Key: { id: s("g1") } } }, { Get: { TableName: A, Key: { id: s("g1") } } }] })),
        "Transaction request cannot include multiple operations on one item",
      );
    });
  });
}
