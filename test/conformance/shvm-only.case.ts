/**
 * shvm-db's own behaviour, outside DynamoDB's contract or beyond what dynalite does: the `shvm:partitions` table tag,
 * index read capacity. These state the intended behaviour; exact messages are the engine's to choose, so they are
 * matched on their substance only.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  PutItemCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  UpdateItemCommand,
  ListTagsOfResourceCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectError, rawRequest, tableInput, uniqueName, type Target } from "./target";

const partitionsTag = (Value: string) => [{ Key: "shvm:partitions", Value }];

export function shvmOnlyCases(t: Target): void {
  const c = () => t.client();

  describe("shvm:partitions tag", () => {
    caseIt(t, "shvm.partitions.fixed-after-create", "TagResource / UntagResource cannot change or remove shvm:partitions, and say so", async () => {
      const TableName = uniqueName("part-fixed");
      const arn = (await createTable(c(), { ...tableInput(TableName), Tags: partitionsTag("3") })).TableArn!;
      const changed = await errorOf(c().send(new TagResourceCommand({ ResourceArn: arn, Tags: partitionsTag("8") })));
      expect(changed.name).toBe("ValidationException");
      expect(changed.message).toMatch(/shvm:partitions is fixed when a table is created \(this table has 3 partitions\) and cannot be changed by TagResource/);
      const removed = await errorOf(c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["shvm:partitions"] })));
      expect(removed.name).toBe("ValidationException");
      expect(removed.message).toMatch(/shvm:partitions is fixed when a table is created and cannot be removed by UntagResource/);
      // Re-tagging it with the table's own count changes nothing and is accepted, with other tags beside it.
      await c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [...partitionsTag("3"), { Key: "x", Value: "y" }] }));
      const { Tags } = await c().send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
      expect(Tags).toEqual(expect.arrayContaining([{ Key: "shvm:partitions", Value: "3" }, { Key: "x", Value: "y" }]));
      expect(Tags).toHaveLength(2);
    });

    caseIt(t, "shvm.partitions.bounds-accepted", "accepts 1 and 1024 partitions and stores items in them", async () => {
      for (const n of ["1", "1024"]) {
        const TableName = uniqueName(`part${n}`);
        await createTable(c(), { ...tableInput(TableName), Tags: partitionsTag(n) });
        // Enough distinct keys to land in many partitions of the 1024-partition table.
        const items: Record<string, AttributeValue>[] = Array.from({ length: 75 }, (_, i) => ({ id: { S: `k${i}` }, v: { N: String(i) } }));
        for (let i = 0; i < items.length; i += 25) {
          const out = await c().send(
            new BatchWriteItemCommand({ RequestItems: { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
          );
          expect(out.UnprocessedItems).toEqual({});
        }
        const got = await c().send(
          new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: items.map((i) => ({ id: i.id! })), ConsistentRead: true } } }),
        );
        const byId = (a: Record<string, AttributeValue>, b: Record<string, AttributeValue>) => a.id!.S!.localeCompare(b.id!.S!);
        expect([...(got.Responses?.[TableName] ?? [])].sort(byId)).toEqual([...items].sort(byId));
      }
    });

    for (const bad of ["0", "1025", "-1", "2.5", "abc", ""]) {
      caseIt(t, `shvm.partitions.rejects-${bad || "empty"}`, `rejects shvm:partitions = "${bad}" and creates nothing`, async () => {
        const TableName = uniqueName("part-bad");
        const err = await errorOf(c().send(new CreateTableCommand({ ...tableInput(TableName), Tags: partitionsTag(bad) })));
        expect(err.name).toBe("ValidationException");
        expect(err.$metadata?.httpStatusCode).toBe(400);
        // The message names the tag and the allowed range.
        expect(err.message).toMatch(/shvm:partitions/);
        expect(err.message).toMatch(/\b1\b[^]*\b1024\b/);
        await expectError(
          c().send(new DescribeTableCommand({ TableName })),
          "ResourceNotFoundException",
          `Requested resource not found: Table: ${TableName} not found`,
        );
      });
    }
  });

  describe("updates of string attributes in place (one SQL statement)", () => {
    caseIt(t, "shvm.update.set-in-place", "YCSB-shaped updates give the same item and sizes as a read-modify-write, and fall back where they must", async () => {
      const TableName = uniqueName("set-in-place");
      await createTable(c(), tableInput(TableName));
      // DynamoDB's item size: attribute names and string values in UTF-8 bytes, a BOOL 1 (nothing else is used here).
      const size = (item: Record<string, AttributeValue>) =>
        Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + ("S" in v ? Buffer.byteLength(v.S!) : 1), 0);
      const items = new Map<string, Record<string, AttributeValue>>();
      const put = async (item: Record<string, AttributeValue>) => {
        await c().send(new PutItemCommand({ TableName, Item: item }));
        items.set(item.id!.S!, item);
      };
      const expectStored = async () => {
        for (const [id, want] of items) {
          const got = (await c().send(new GetItemCommand({ TableName, Key: { id: { S: id } }, ConsistentRead: true }))).Item;
          expect(got, id).toEqual(want);
        }
        const d = await c().send(new DescribeTableCommand({ TableName }));
        expect(d.Table?.TableSizeBytes).toBe([...items.values()].reduce((n, i) => n + size(i), 0));
      };
      await put({ id: { S: "a" }, field0: { S: "zero" }, field1: { S: "één ✓" } });
      await put({ id: { S: "b" }, field0: { S: "x" }, count: { BOOL: true } });
      // AttributeUpdates PUT (YCSB's binding): replace a string, add a new one, non-ASCII and escapes.
      await c().send(new UpdateItemCommand({ TableName, Key: { id: { S: "a" } }, AttributeUpdates: { field1: { Action: "PUT", Value: { S: 'quote " backslash \\ tab \t ünï' } }, field9: { Action: "PUT", Value: { S: "" } } } }));
      items.get("a")!.field1 = { S: 'quote " backslash \\ tab \t ünï' };
      items.get("a")!.field9 = { S: "" };
      // The expression form.
      await c().send(new UpdateItemCommand({ TableName, Key: { id: { S: "b" } }, UpdateExpression: "SET field0 = :v, field5 = :w", ExpressionAttributeValues: { ":v": { S: "longer value" }, ":w": { S: "𝄞" } } }));
      Object.assign(items.get("b")!, { field0: { S: "longer value" }, field5: { S: "𝄞" } });
      await expectStored();
      // A string over a BOOL: not in place (the old attribute is not a string), still right.
      await c().send(new UpdateItemCommand({ TableName, Key: { id: { S: "b" } }, AttributeUpdates: { count: { Action: "PUT", Value: { S: "now a string" } } } }));
      items.get("b")!.count = { S: "now a string" };
      // A missing item is created by the update, as DynamoDB does.
      await c().send(new UpdateItemCommand({ TableName, Key: { id: { S: "c" } }, AttributeUpdates: { field0: { Action: "PUT", Value: { S: "new" } } } }));
      items.set("c", { id: { S: "c" }, field0: { S: "new" } });
      await expectStored();
      // Past 400 KB: refused with DynamoDB's message, nothing written.
      const err = await errorOf(c().send(new UpdateItemCommand({ TableName, Key: { id: { S: "a" } }, AttributeUpdates: { big: { Action: "PUT", Value: { S: "x".repeat(410 * 1024) } } } })));
      expect(err.name).toBe("ValidationException");
      expect(err.message).toBe("Item size to update has exceeded the maximum allowed size");
      await expectStored();
    });
  });

  describe("index read capacity", () => {
    caseIt(t, "shvm.capacity.index-reads", "an LSI read fetching unprojected attributes pays the table per item; a GSI read pays its index", async () => {
      const TableName = uniqueName("idx-cap");
      await createTable(c(), {
        TableName,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
          { AttributeName: "n", AttributeType: "N" },
          { AttributeName: "g", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        LocalSecondaryIndexes: [{ IndexName: "by-n-keys", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "n", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
        GlobalSecondaryIndexes: [{ IndexName: "by-g", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        BillingMode: "PAY_PER_REQUEST",
      });
      // Three items of ~5 KB: 2 read units each when read whole; their KEYS_ONLY entries fit in one unit together.
      for (let i = 0; i < 3; i++) {
        await c().send(new PutItemCommand({ TableName, Item: { pk: { S: "p" }, sk: { S: `s${i}` }, n: { N: String(i) }, g: { S: "G" }, payload: { S: "x".repeat(5_000) } } }));
      }
      const q = (input: Partial<import("@aws-sdk/client-dynamodb").QueryCommandInput>) =>
        c().send(new QueryCommand({ TableName, IndexName: "by-n-keys", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "p" } }, ReturnConsumedCapacity: "INDEXES", ...input }));
      const projected = await q({});
      expect(projected.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 0.5, Table: { CapacityUnits: 0 }, LocalSecondaryIndexes: { "by-n-keys": { CapacityUnits: 0.5 } } });
      const fetched = await q({ Select: "ALL_ATTRIBUTES", ConsistentRead: true });
      expect(fetched.Items?.[0]?.payload).toBeDefined();
      expect(fetched.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 7, Table: { CapacityUnits: 6 }, LocalSecondaryIndexes: { "by-n-keys": { CapacityUnits: 1 } } });
      const total = await q({ ProjectionExpression: "payload", ReturnConsumedCapacity: "TOTAL" });
      expect(total.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 3.5 });
      // The GSI's entries are whole items (ALL): ~15 KB, 4 units, halved (GSI reads are eventually consistent).
      let g: Awaited<ReturnType<typeof q>> | undefined;
      for (let i = 0; i < 200 && (g?.Count ?? 0) < 3; i++) {
        g = await c().send(new QueryCommand({ TableName, IndexName: "by-g", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "G" } }, ReturnConsumedCapacity: "INDEXES" }));
        if ((g.Count ?? 0) < 3) await new Promise((r) => setTimeout(r, 20));
      }
      expect(g?.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 2, Table: { CapacityUnits: 0 }, GlobalSecondaryIndexes: { "by-g": { CapacityUnits: 2 } } });
    });
  });

  describe("index write capacity", () => {
    caseIt(t, "shvm.capacity.gsi-writes", "a write pays each GSI entry it puts or deletes; a moved entry is a delete and a put", async () => {
      const TableName = uniqueName("gsi-wcu");
      await createTable(c(), {
        TableName,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "g", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [{ IndexName: "by-g", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        BillingMode: "PAY_PER_REQUEST",
      });
      const Key = { pk: { S: "a" } };
      // ~2 KB: two write units in the table and two for its entry (projection ALL).
      const put = await c().send(new PutItemCommand({ TableName, Item: { ...Key, g: { S: "G" }, payload: { S: "x".repeat(2_000) } }, ReturnConsumedCapacity: "INDEXES" }));
      expect(put.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 4, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { "by-g": { CapacityUnits: 2 } } });
      const moved = await c().send(new UpdateItemCommand({ TableName, Key, UpdateExpression: "SET g = :h", ExpressionAttributeValues: { ":h": { S: "H" } }, ReturnConsumedCapacity: "INDEXES" }));
      expect(moved.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 6, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { "by-g": { CapacityUnits: 4 } } });
      const same = await c().send(new UpdateItemCommand({ TableName, Key, UpdateExpression: "SET extra1 = :x", ExpressionAttributeValues: { ":x": { S: "x" } }, ReturnConsumedCapacity: "TOTAL" }));
      expect(same.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 4 });
      const gone = await c().send(new DeleteItemCommand({ TableName, Key, ReturnConsumedCapacity: "INDEXES" }));
      expect(gone.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 4, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { "by-g": { CapacityUnits: 2 } } });
      // An item without the index key writes no entry.
      const sparse = await c().send(new PutItemCommand({ TableName, Item: { pk: { S: "b" } }, ReturnConsumedCapacity: "INDEXES" }));
      expect(sparse.ConsumedCapacity).toEqual({ TableName, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
      // BatchWriteItem sums them per table: a put with an entry (2 + 2) and a delete of the item without one (1).
      const batch = await c().send(
        new BatchWriteItemCommand({
          RequestItems: { [TableName]: [{ PutRequest: { Item: { pk: { S: "c" }, g: { S: "G" }, payload: { S: "x".repeat(2_000) } } } }, { DeleteRequest: { Key: { pk: { S: "b" } } } }] },
          ReturnConsumedCapacity: "INDEXES",
        }),
      );
      expect(batch.ConsumedCapacity).toEqual([{ TableName, CapacityUnits: 5, Table: { CapacityUnits: 3 }, GlobalSecondaryIndexes: { "by-g": { CapacityUnits: 2 } } }]);
    });
  });

  describe("limits and protections (review findings)", () => {
    caseIt(t, "shvm.limits.deep-nesting", "a 3,000-deep map is a ValidationException, not a crash", async () => {
      const TableName = uniqueName("deep");
      await createTable(c(), tableInput(TableName));
      // Written by hand: the SDK's own serializer cannot go this deep.
      const deep = `${'{"M":{"x":'.repeat(3000)}{"S":"leaf"}${"}}".repeat(3000)}`;
      const res = await rawRequest(t.endpoint(), { op: "PutItem", body: `{"TableName":"${TableName}","Item":{"id":{"S":"a"},"deep":${deep}}}` });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        __type: "com.amazon.coral.validate#ValidationException",
        message: "Nesting Levels have exceeded supported limits",
      });
      // And 31 levels, the most DynamoDB allows, are stored.
      let v: AttributeValue = { S: "leaf" };
      for (let i = 0; i < 31; i++) v = { M: { x: v } };
      await c().send(new PutItemCommand({ TableName, Item: { id: { S: "b" }, deep: v } }));
    });

    caseIt(t, "shvm.limits.body-16mb", "a request body over 16 MB is refused with 413 before parsing", async () => {
      const res = await rawRequest(t.endpoint(), { op: "PutItem", body: `{"TableName":"abc","Item":{"id":{"S":"${"x".repeat(16 * 1024 * 1024)}"}}}` });
      expect(res.status).toBe(413);
    });

    caseIt(t, "shvm.tables.deletion-protection", "DeleteTable refuses a table with deletion protection", async () => {
      const TableName = uniqueName("protected");
      await createTable(c(), { ...tableInput(TableName), DeletionProtectionEnabled: true });
      await expectError(
        c().send(new DeleteTableCommand({ TableName })),
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
      );
      await c().send(new DescribeTableCommand({ TableName }));
    });

    caseIt(
      t,
      "shvm.batch-get.one-partition-over-32mib",
      "BatchGetItem of 100 large items under one partition key answers with UnprocessedKeys, not a 500",
      async () => {
        const TableName = uniqueName("bigbatch");
        await createTable(c(), {
          TableName,
          AttributeDefinitions: [
            { AttributeName: "id", AttributeType: "S" },
            { AttributeName: "n", AttributeType: "N" },
          ],
          KeySchema: [
            { AttributeName: "id", KeyType: "HASH" },
            { AttributeName: "n", KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
        });
        const big = "y".repeat(390 * 1024);
        for (let b = 0; b < 100; b += 10) {
          const puts = Array.from({ length: 10 }, (_, i) => ({ PutRequest: { Item: { id: { S: "one" }, n: { N: String(b + i) }, v: { S: big } } } }));
          await c().send(new BatchWriteItemCommand({ RequestItems: { [TableName]: puts } }));
        }
        const Keys = Array.from({ length: 100 }, (_, i) => ({ id: { S: "one" }, n: { N: String(i) } }));
        const out = await c().send(new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys, ProjectionExpression: "n" } } }));
        const got = out.Responses?.[TableName]?.length ?? 0;
        const left = out.UnprocessedKeys?.[TableName]?.Keys?.length ?? 0;
        expect(got + left).toBe(100);
        expect(got).toBeGreaterThan(0);
        expect(left).toBeGreaterThan(0);
        expect(out.UnprocessedKeys?.[TableName]?.ProjectionExpression).toBe("n");
      },
      60_000,
    );
  });

  describe("Query and Scan across partitions", () => {
    for (const P of ["1", "3", "16"]) {
      caseIt(t, `shvm.scan.pagination-p${P}`, `with ${P} partition(s), paginated Query and Scan visit every item exactly once`, async () => {
        const TableName = uniqueName(`pages${P}`);
        await createTable(c(), {
          TableName,
          AttributeDefinitions: [
            { AttributeName: "h", AttributeType: "S" },
            { AttributeName: "n", AttributeType: "N" },
          ],
          KeySchema: [
            { AttributeName: "h", KeyType: "HASH" },
            { AttributeName: "n", KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
          Tags: partitionsTag(P),
        });
        const nums = ["-1e20", "-100", "-1.5", "-0.001", "0", "0.5", "1", "2", "10", "1e20"];
        const all: Record<string, AttributeValue>[] = [];
        for (let h = 0; h < 12; h++) for (const n of nums) all.push({ h: { S: `h${h}` }, n: { N: n } });
        for (let i = 0; i < all.length; i += 25) {
          await c().send(new BatchWriteItemCommand({ RequestItems: { [TableName]: all.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
        }
        const id = (i: Record<string, AttributeValue>) => `${i.h!.S}/${i.n!.N}`;
        // Numbers come back normalised (1e20 → 100000000000000000000).
        const want = all.map((i) => `${i.h!.S}/${i.n!.N!.replace("1e20", "100000000000000000000")}`).sort();
        for (const Limit of [1, 7, 100, undefined]) {
          const seen: string[] = [];
          let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
          let pages = 0;
          do {
            const out = await c().send(new ScanCommand({ TableName, Limit, ExclusiveStartKey }));
            seen.push(...(out.Items ?? []).map(id));
            ExclusiveStartKey = out.LastEvaluatedKey;
            expect(++pages).toBeLessThan(200);
          } while (ExclusiveStartKey);
          expect(seen.sort()).toEqual(want);
        }
        for (const TotalSegments of [1, 4, 7]) {
          const seen: string[] = [];
          for (let Segment = 0; Segment < TotalSegments; Segment++) {
            const out = await c().send(new ScanCommand({ TableName, Segment, TotalSegments }));
            seen.push(...(out.Items ?? []).map(id));
          }
          expect(seen.sort()).toEqual(want);
        }
        // Query pages of one partition key come back in numeric sort-key order, each item once.
        const order: string[] = [];
        let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
        do {
          const out = await c().send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: "h = :h",
              ExpressionAttributeValues: { ":h": { S: "h3" } },
              Limit: 3,
              ExclusiveStartKey,
            }),
          );
          order.push(...(out.Items ?? []).map((i) => i.n!.N!));
          ExclusiveStartKey = out.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        expect(order).toEqual(["-100000000000000000000", "-100", "-1.5", "-0.001", "0", "0.5", "1", "2", "10", "100000000000000000000"]);
      });
    }
  });
}
