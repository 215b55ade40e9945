/**
 * Time to live end to end, each part on its own server: how long an expired item stays readable (measured, printed,
 * and bounded loosely — this is behaviour, not a benchmark), that expiry comes in batches that leave a writer
 * served, and that a crash (SIGKILL) neither loses the table's TTL nor stops expiry after the restart.
 */
import {
  BatchWriteItemCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable, sleep, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";
import { startShvm, suiteServer } from "../support/server";

async function enableTtl(client: DynamoDBClient, TableName: string): Promise<void> {
  await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }));
  for (let i = 0; i < 400; i++) {
    const d = await client.send(new DescribeTimeToLiveCommand({ TableName }));
    if (d.TimeToLiveDescription?.TimeToLiveStatus === "ENABLED") return;
    await sleep(25);
  }
  throw new Error("TTL never became ENABLED");
}

const count = async (client: DynamoDBClient, TableName: string) => {
  let n = 0;
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName, ConsistentRead: true, Select: "COUNT", ExclusiveStartKey }));
    n += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return n;
};

describe("TTL", () => {
  const suite = suiteServer();

  it("deletes an item within seconds of its expiry; until then it is readable", async () => {
    const client = suite.client();
    const TableName = uniqueName("ttl-delay");
    await createTable(client, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "2" }] });
    await enableTtl(client, TableName);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const at = Math.ceil(Date.now() / 1000) + 1; // expires at the next whole second but one
      const Key = { id: { S: `k${i}` } };
      await client.send(new PutItemCommand({ TableName, Item: { ...Key, ttl: { N: String(at) } } }));
      expect((await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item).toBeDefined();
      for (;;) {
        const got = await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
        if (!got.Item) break;
        if (Date.now() > at * 1000 + 30_000) throw new Error(`k${i} still there 30 s after its expiry`);
        await sleep(10);
      }
      delays.push(Date.now() - at * 1000);
    }
    console.log(`TTL: ms from expiry to deletion, 5 items: ${delays.join(", ")}`);
    // An item is never deleted before its time (TTL compares whole seconds), and the alarm comes soon after it.
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...delays)).toBeLessThan(10_000);
  }, 120_000);

  it("expires thousands of items in bounded batches, serving a writer between them", async () => {
    const client = suite.client();
    const TableName = uniqueName("ttl-bulk");
    await createTable(client, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "1" }] });
    await enableTtl(client, TableName);
    const N = 3_000;
    // All expire at one second, after they are all written (a load here takes a second or two).
    const at = Math.floor(Date.now() / 1000) + 6;
    for (let i = 0; i < N; i += 25) {
      const RequestItems = { [TableName]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { id: { S: `b${i + j}` }, ttl: { N: String(at) } } } })) };
      await client.send(new BatchWriteItemCommand({ RequestItems }));
    }
    expect(Date.now()).toBeLessThan(at * 1000); // else the load outran the test's assumption: no test of batching
    while (Date.now() < at * 1000) await sleep(20);
    // A writer on the same (single) partition while the expiry runs, counting what is left every 20 writes.
    let writes = 0;
    const seen: number[] = [];
    const started = Date.now();
    for (;;) {
      await client.send(new PutItemCommand({ TableName, Item: { id: { S: `w${writes}` } } }));
      writes++;
      if (writes % 20 === 0) {
        const left = (await count(client, TableName)) - writes;
        seen.push(left);
        if (left === 0 || Date.now() - started > 60_000) break;
      }
    }
    console.log(`TTL: ${N} items expired at one second were deleted within ${Date.now() - started} ms; ${writes} writes served meanwhile; left at each check: ${seen.join(", ")}`);
    expect(seen[seen.length - 1]).toBe(0);
    // Between batches the partition served the writer and the counts: some check saw the expiry part-way.
    expect(seen.some((left) => left > 0 && left < N)).toBe(true);
  }, 120_000);

  it("keeps the table's TTL and expires items after a crash", async () => {
    const own = await startShvm({ fresh: true });
    const c = dynamoClient(own.endpoint);
    try {
      const TableName = uniqueName("ttl-crash");
      await createTable(c, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "4" }] });
      await enableTtl(c, TableName);
      const at = Math.floor(Date.now() / 1000) + 3;
      for (let i = 0; i < 20; i++) await c.send(new PutItemCommand({ TableName, Item: { id: { S: `c${i}` }, ttl: { N: String(at) } } }));
      await c.send(new PutItemCommand({ TableName, Item: { id: { S: "keep" } } }));
      await own.kill();
      await own.restart();
      expect((await c.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "ttl" });
      const deadline = Date.now() + 30_000;
      let n = await count(c, TableName);
      while (n > 1 && Date.now() < deadline) {
        await sleep(100);
        n = await count(c, TableName);
      }
      expect(n).toBe(1);
      expect((await c.send(new GetItemCommand({ TableName, Key: { id: { S: "keep" } } }))).Item).toBeDefined();
    } finally {
      c.destroy();
      await own.stop();
    }
  }, 120_000);
});
