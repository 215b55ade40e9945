/**
 * shvm-db's own behaviour, outside DynamoDB's contract: the `shvm:partitions` table tag and the index
 * reads that are not implemented yet. These state the intended behaviour; exact messages are the
 * engine's to choose, so they are matched on their substance only.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectError, tableInput, uniqueName, type Target } from "./target";

const partitionsTag = (Value: string) => [{ Key: "shvm:partitions", Value }];

export function shvmOnlyCases(t: Target): void {
  const c = () => t.client();

  describe("shvm:partitions tag", () => {
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

  describe("index reads", () => {
    const TableName = uniqueName("idx-read");
    beforeAll(async () => {
      await createTable(c(), {
        ...tableInput(TableName, ["pk", "S"], ["sk", "S"]),
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
          { AttributeName: "g", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [{ IndexName: "by-g", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      });
    });

    const notSupported = async (call: Promise<unknown>) => {
      const err = await errorOf(call);
      expect(err.name).toBe("ValidationException");
      expect(err.$metadata?.httpStatusCode).toBe(400);
      // The wording is the engine's; the substance is "index reads are not supported (yet)".
      expect(err.message).toMatch(/not (yet )?supported|does not support|not support/i);
      expect(err.message).toMatch(/index/i);
    };

    caseIt(t, "shvm.index.query", "Query with IndexName answers a ValidationException: index queries are not supported yet", async () => {
      await notSupported(
        c().send(
          new QueryCommand({
            TableName,
            IndexName: "by-g",
            KeyConditionExpression: "g = :g",
            ExpressionAttributeValues: { ":g": { S: "x" } },
          }),
        ),
      );
    });

    caseIt(t, "shvm.index.scan", "Scan with IndexName answers a ValidationException: index scans are not supported yet", async () => {
      await notSupported(c().send(new ScanCommand({ TableName, IndexName: "by-g" })));
    });
  });
}
