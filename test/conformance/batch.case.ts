/** Batch contract: BatchGetItem and BatchWriteItem across tables, limits, duplicates. */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  PutItemCommand,
  type AttributeValue,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, expectError, expectValidation, tableInput, uniqueName, type Target } from "./target";

type Item = Record<string, AttributeValue>;

const byKey = (a: Item, b: Item) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sorted = (items: Item[] | undefined) => [...(items ?? [])].sort(byKey);

export function batchCases(t: Target): void {
  const c = () => t.client();
  const hashTable = uniqueName("bt-hash");
  const rangeTable = uniqueName("bt-range");

  beforeAll(async () => {
    await Promise.all([createTable(c(), tableInput(hashTable)), createTable(c(), tableInput(rangeTable, ["pk", "S"], ["sk", "N"]))]);
  });

  const put = (TableName: string, Item: Item) => c().send(new PutItemCommand({ TableName, Item }));
  const batchGet = (RequestItems: Record<string, { Keys: Item[]; ConsistentRead?: boolean }>) =>
    c().send(new BatchGetItemCommand({ RequestItems }));
  const batchWrite = (RequestItems: Record<string, WriteRequest[]>) => c().send(new BatchWriteItemCommand({ RequestItems }));
  const keys = (n: number, prefix: string): Item[] => Array.from({ length: n }, (_, i) => ({ id: { S: `${prefix}-${i}` } }));

  describe("BatchGetItem", () => {
    caseIt(t, "batch.get.multi-table", "reads from several tables, leaving out missing items", async () => {
      const p = uniqueName("bg");
      const a = [0, 1, 2].map((i) => ({ id: { S: `${p}-${i}` }, v: { N: String(i) } }));
      const pk = { S: p };
      const r = [1, 2].map((i) => ({ pk, sk: { N: String(i) }, v: { SS: [`s${i}`] } }));
      await Promise.all([...a.map((i) => put(hashTable, i)), ...r.map((i) => put(rangeTable, i))]);

      const out = await batchGet({
        [hashTable]: { Keys: [...a.map((i) => ({ id: i.id })), { id: { S: `${p}-missing` } }], ConsistentRead: true },
        [rangeTable]: { Keys: [{ pk, sk: { N: "1" } }, { pk, sk: { N: "2" } }, { pk, sk: { N: "9" } }], ConsistentRead: true },
      });
      expect(sorted(out.Responses?.[hashTable])).toEqual(sorted(a));
      expect(sorted(out.Responses?.[rangeTable])).toEqual(sorted(r));
      expect(out.UnprocessedKeys).toEqual({});
    });

    caseIt(t, "batch.get.none-found", "answers without items when none exist", async () => {
      const out = await batchGet({ [hashTable]: { Keys: keys(3, uniqueName("bg-none")) } });
      expect(out.Responses?.[hashTable] ?? []).toEqual([]);
      expect(out.UnprocessedKeys).toEqual({});
    });

    caseIt(t, "batch.get.too-many", "rejects more than 100 keys in total", async () => {
      await expectValidation(
        batchGet({ [hashTable]: { Keys: keys(50, "a") }, [rangeTable]: { Keys: Array.from({ length: 51 }, (_, i) => ({ pk: { S: "p" }, sk: { N: String(i) } })) } }),
        "Too many items requested for the BatchGetItem call",
      );
    });

    caseIt(t, "batch.get.too-many-one-table", "rejects more than 100 keys for one table", async () => {
      await expectValidation(
        batchGet({ [hashTable]: { Keys: keys(101, "a") } }),
        // DynamoDB's current wording (captured in 2026 in every region checked): no value quoted, members as sent.
        `1 validation error detected: Value at 'RequestItems.${hashTable}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
      );
    });

    caseIt(t, "batch.get.duplicates", "rejects duplicate keys", async () => {
      await expectValidation(
        batchGet({ [hashTable]: { Keys: [{ id: { S: "dup" } }, { id: { S: "x" } }, { id: { S: "dup" } }] } }),
        "Provided list of item keys contains duplicates",
      );
    });

    caseIt(t, "batch.get.key-mismatch", "rejects a key that does not match the schema", async () => {
      await expectValidation(batchGet({ [rangeTable]: { Keys: [{ pk: { S: "a" } }] } }), "The provided key element does not match the schema");
    });

    caseIt(t, "batch.get.missing-table", "answers ResourceNotFoundException for an unknown table", async () => {
      await expectError(
        batchGet({ [hashTable]: { Keys: keys(1, "a") }, [uniqueName("bg-none")]: { Keys: keys(1, "a") } }),
        "ResourceNotFoundException",
        "Requested resource not found",
      );
    });
  });

  describe("BatchWriteItem", () => {
    caseIt(t, "batch.write.multi-table", "puts and deletes across tables", async () => {
      const p = uniqueName("bw");
      const doomed = { id: { S: `${p}-doomed` }, v: { S: "x" } };
      const pk = { S: p };
      const doomedRange = { pk, sk: { N: "2" } };
      await Promise.all([put(hashTable, doomed), put(rangeTable, doomedRange)]);

      const newA = [0, 1].map((i) => ({ id: { S: `${p}-${i}` }, v: { L: [{ N: String(i) }] } }));
      const newR = { pk, sk: { N: "1" }, v: { BOOL: true } };
      const out = await batchWrite({
        [hashTable]: [...newA.map((Item) => ({ PutRequest: { Item } })), { DeleteRequest: { Key: { id: doomed.id } } }],
        [rangeTable]: [{ PutRequest: { Item: newR } }, { DeleteRequest: { Key: doomedRange } }],
      });
      expect(out.UnprocessedItems).toEqual({});

      const read = await batchGet({
        [hashTable]: { Keys: [...newA.map((i) => ({ id: i.id })), { id: doomed.id }], ConsistentRead: true },
        [rangeTable]: { Keys: [{ pk, sk: { N: "1" } }, doomedRange], ConsistentRead: true },
      });
      expect(sorted(read.Responses?.[hashTable])).toEqual(sorted(newA));
      expect(read.Responses?.[rangeTable]).toEqual([newR]);
    });

    caseIt(t, "batch.write.capacity", "reports consumed capacity per table", async () => {
      const p = uniqueName("bwc");
      const out = await c().send(
        new BatchWriteItemCommand({
          RequestItems: {
            [hashTable]: [
              { PutRequest: { Item: { id: { S: `${p}-1` } } } },
              { PutRequest: { Item: { id: { S: `${p}-2` }, big: { S: "x".repeat(1500) } } } },
              { DeleteRequest: { Key: { id: { S: `${p}-3` } } } },
            ],
            [rangeTable]: [{ PutRequest: { Item: { pk: { S: p }, sk: { N: "1" } } } }],
          },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      const units = Object.fromEntries((out.ConsumedCapacity ?? []).map((cc) => [cc.TableName, cc.CapacityUnits]));
      expect(units).toEqual({ [hashTable]: 4, [rangeTable]: 1 });
    });

    caseIt(t, "batch.write.too-many-one-table", "rejects more than 25 requests for one table", async () => {
      await expectValidation(
        batchWrite({ [hashTable]: keys(26, "w").map((Item) => ({ PutRequest: { Item } })) }),
        /^1 validation error detected: Value '.+' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/,
      );
    });

    caseIt(t, "batch.write.too-many", "rejects more than 25 requests in total", async () => {
      await expectValidation(
        batchWrite({
          [hashTable]: keys(13, "w").map((Item) => ({ PutRequest: { Item } })),
          [rangeTable]: Array.from({ length: 13 }, (_, i) => ({ PutRequest: { Item: { pk: { S: "w" }, sk: { N: String(i) } } } })),
        }),
        "Too many items requested for the BatchWriteItem call",
      );
    });

    caseIt(t, "batch.write.duplicates", "rejects two requests for the same key", async () => {
      const id = { S: uniqueName("bwd") };
      await expectValidation(
        batchWrite({ [hashTable]: [{ PutRequest: { Item: { id, v: { N: "1" } } } }, { DeleteRequest: { Key: { id } } }] }),
        "Provided list of item keys contains duplicates",
      );
      await expectValidation(
        batchWrite({ [hashTable]: [{ PutRequest: { Item: { id, v: { N: "1" } } } }, { PutRequest: { Item: { id, v: { N: "2" } } } }] }),
        "Provided list of item keys contains duplicates",
      );
    });

    const mismatch = "The provided key element does not match the schema";

    caseIt(t, "batch.write.put-key-mismatch", "rejects put items whose key does not match the schema", async () => {
      await expectValidation(batchWrite({ [hashTable]: [{ PutRequest: { Item: { other: { S: "a" } } } }] }), mismatch);
      await expectValidation(batchWrite({ [hashTable]: [{ PutRequest: { Item: { id: { N: "1" } } } }] }), mismatch);
    });

    caseIt(t, "batch.write.delete-key-mismatch", "rejects delete keys that do not match the schema", async () => {
      await expectValidation(batchWrite({ [rangeTable]: [{ DeleteRequest: { Key: { pk: { S: "a" } } } }] }), mismatch);
      await expectValidation(batchWrite({ [hashTable]: [{ DeleteRequest: { Key: { id: { S: "a" }, x: { S: "b" } } } }] }), mismatch);
    });

    caseIt(t, "batch.write.invalid-value", "validates attribute values in put requests", async () => {
      await expectValidation(
        batchWrite({ [hashTable]: [{ PutRequest: { Item: { id: { S: "a" }, s: { SS: [] } } } }] }),
        "One or more parameter values were invalid: An string set  may not be empty",
      );
    });

    caseIt(t, "batch.write.item-too-large", "rejects an item over 400 KB", async () => {
      await expectValidation(
        batchWrite({ [hashTable]: [{ PutRequest: { Item: { id: { S: "k" }, d: { S: "x".repeat(400 * 1024 - 3) } } } }] }),
        "Item size has exceeded the maximum allowed size",
      );
    });

    caseIt(t, "batch.write.missing-table", "answers ResourceNotFoundException for an unknown table", async () => {
      await expectError(
        batchWrite({ [uniqueName("bw-none")]: [{ PutRequest: { Item: { id: { S: "a" } } } }] }),
        "ResourceNotFoundException",
        "Requested resource not found",
      );
    });
  });
}
