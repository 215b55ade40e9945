/**
 * Global secondary indexes end to end: propagation under concurrent writes converges to exactly the base table's
 * state; UpdateTable creates an index on a table with data (backfill while writes go on) and deletes it; a crash
 * between base writes and their index delivery still converges after the restart. Index reads are eventually
 * consistent, so each check polls until the index matches (and prints how long that took — behaviour, not a benchmark).
 */
import {
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTable, errorOf, sleep, uniqueName } from "../conformance/target";
import { startShvm, suiteServer } from "../support/server";

type Item = Record<string, AttributeValue>;

const tableWithGsis = (TableName: string, partitions: string) => ({
  TableName,
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" as const },
    { AttributeName: "group", AttributeType: "S" as const },
    { AttributeName: "score", AttributeType: "N" as const },
  ],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }],
  GlobalSecondaryIndexes: [
    { IndexName: "by-group", KeySchema: [{ AttributeName: "group", KeyType: "HASH" as const }, { AttributeName: "score", KeyType: "RANGE" as const }], Projection: { ProjectionType: "ALL" as const } },
    { IndexName: "by-group-keys", KeySchema: [{ AttributeName: "group", KeyType: "HASH" as const }], Projection: { ProjectionType: "KEYS_ONLY" as const } },
  ],
  BillingMode: "PAY_PER_REQUEST" as const,
  Tags: [{ Key: "shvm:partitions", Value: partitions }],
});

async function scanAll(client: DynamoDBClient, TableName: string, IndexName?: string): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName, IndexName, ExclusiveStartKey, Limit: 97, ...(IndexName ? {} : { ConsistentRead: true }) }));
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

const canon = (items: Item[]) => items.map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();

/** What an index holds for the base table's items: those with its keys, projected. */
function expected(base: Item[], keys: string[], keep?: string[]): string[] {
  return canon(base.filter((i) => keys.every((k) => i[k] !== undefined)).map((i) => (keep ? Object.fromEntries(keep.filter((k) => i[k]).map((k) => [k, i[k]!])) : i)));
}

/** Polls until the index holds exactly what the base table implies; returns the milliseconds that took. */
async function converges(client: DynamoDBClient, TableName: string, IndexName: string, keys: string[], keep?: string[], timeoutMs = 30_000): Promise<number> {
  const start = Date.now();
  const want = expected(await scanAll(client, TableName), keys, keep);
  for (;;) {
    const got = canon(await scanAll(client, TableName, IndexName));
    if (JSON.stringify(got) === JSON.stringify(want)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) {
      expect(got.length, `index ${IndexName} did not converge in ${timeoutMs} ms`).toBe(want.length);
      expect(got).toEqual(want);
    }
    await sleep(20);
  }
}

describe("global secondary indexes", () => {
  const suite = suiteServer();

  it("converges to exactly the base table's state under concurrent writes that move items between index keys", async () => {
    const client = suite.client();
    const TableName = uniqueName("gsi-conv");
    await createTable(client, tableWithGsis(TableName, "4"));
    const groups = ["a", "b", "c", "d", "e"];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const writer = async (w: number) => {
      for (let i = 0; i < 150; i++) {
        const pk = { S: `k${rnd(120)}` };
        const op = rnd(10);
        if (op < 5) {
          const Item: Item = { pk, score: { N: String(rnd(4)) }, w: { N: String(w) }, pad: { S: "x".repeat(rnd(200)) } };
          if (rnd(6) > 0) Item.group = { S: groups[rnd(groups.length)]! }; // some items have no group: sparse
          await client.send(new PutItemCommand({ TableName, Item }));
        } else if (op < 8) {
          await client.send(new UpdateItemCommand({ TableName, Key: { pk }, UpdateExpression: "SET #g = :g, score = :s", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: groups[rnd(groups.length)]! }, ":s": { N: String(rnd(4)) } } }));
        } else if (op < 9) {
          await client.send(new UpdateItemCommand({ TableName, Key: { pk }, UpdateExpression: "REMOVE score" }));
        } else {
          await client.send(new DeleteItemCommand({ TableName, Key: { pk } }));
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    const ms = await converges(client, TableName, "by-group", ["group", "score"]);
    const msKeys = await converges(client, TableName, "by-group-keys", ["group"], ["pk", "group"]);
    console.log(`GSI: after 1,200 concurrent writes, by-group matched the table ${ms} ms after the last write was acknowledged (by-group-keys ${msKeys} ms later)`);
    // Query order: by score, and every item of the group exactly once.
    const base = await scanAll(client, TableName);
    for (const g of groups) {
      const items: Item[] = [];
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await client.send(new QueryCommand({ TableName, IndexName: "by-group", KeyConditionExpression: "#g = :g", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: g } }, Limit: 3, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const scores = items.map((i) => Number(i.score!.N));
      expect(scores).toEqual([...scores].sort((x, y) => x - y));
      expect(canon(items)).toEqual(expected(base.filter((i) => i.group?.S === g), ["group", "score"]));
    }
  }, 180_000);

  it("UpdateTable creates an index on a table with data (backfill while writes go on) and deletes it", async () => {
    const client = suite.client();
    const TableName = uniqueName("gsi-backfill");
    // One index from the start: it must stay exact while another is created and deleted beside it.
    const kept = tableWithGsis(TableName, "4").GlobalSecondaryIndexes[1]!;
    await createTable(client, { ...tableWithGsis(TableName, "4"), AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "group", AttributeType: "S" }], GlobalSecondaryIndexes: [kept] });
    for (let i = 0; i < 1_000; i += 1) {
      await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `p${i}` }, group: { S: `g${i % 7}` }, score: { N: String(i) } } }));
    }
    const created = await client.send(
      new UpdateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "group", AttributeType: "S" }, { AttributeName: "score", AttributeType: "N" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "late", KeySchema: [{ AttributeName: "group", KeyType: "HASH" }, { AttributeName: "score", KeyType: "RANGE" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["extra"] } } }],
      }),
    );
    const late = created.TableDescription?.GlobalSecondaryIndexes?.find((g) => g.IndexName === "late");
    expect(late?.IndexStatus).toBe("CREATING");
    expect(late?.Backfilling).toBe(true);
    // A second online index change while this one is under way is refused, as DynamoDB does.
    const second = await errorOf(client.send(new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "late" } }] })));
    expect(second.name).toBe("LimitExceededException");
    // Writes go on during the backfill: new items, moved items, deleted items.
    const writes = (async () => {
      for (let i = 0; i < 200; i++) {
        if (i % 3 === 0) await client.send(new DeleteItemCommand({ TableName, Key: { pk: { S: `p${i * 4}` } } }));
        else await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `p${i * 5}` }, group: { S: "moved" }, score: { N: String(-i) }, extra: { S: "e" } } }));
      }
    })();
    let sawCreating = false;
    for (let i = 0; ; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName }));
      const g = d.Table?.GlobalSecondaryIndexes?.find((x) => x.IndexName === "late");
      if (g?.IndexStatus === "ACTIVE") break;
      if (g?.IndexStatus === "CREATING" && !sawCreating) {
        sawCreating = true;
        const q = await errorOf(client.send(new QueryCommand({ TableName, IndexName: "late", KeyConditionExpression: "#g = :g", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: "g1" } } })));
        expect(q.message).toBe("Cannot read from backfilling global secondary index: late");
      }
      expect(i, "the index never became ACTIVE").toBeLessThan(1_500);
      await sleep(20);
    }
    await writes;
    const ms = await converges(client, TableName, "late", ["group", "score"], ["pk", "group", "score", "extra"]);
    console.log(`GSI backfill: 1,000 items plus 200 writes during the backfill; the index matched the table ${ms} ms after ACTIVE and the last write`);

    await client.send(new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "late" } }] }));
    // Writes go on while the index is deleted: the one that stays must lose none of them.
    const during = (async () => {
      for (let i = 0; i < 150; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `d${i}` }, group: { S: `g${i % 5}` }, score: { N: String(i) } } }));
    })();
    for (let i = 0; ; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName }));
      if (!d.Table?.GlobalSecondaryIndexes?.some((x) => x.IndexName === "late")) break;
      expect(i, "the index was never deleted").toBeLessThan(1_500);
      await sleep(20);
    }
    const gone = await errorOf(client.send(new QueryCommand({ TableName, IndexName: "late", KeyConditionExpression: "#g = :g", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: "g1" } } })));
    expect(gone.message).toBe("The table does not have the specified index: late");
    await during;
    // Writes after the delete still work; the index that stayed matches the table.
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: "after" }, group: { S: "g1" }, score: { N: "1" } } }));
    await converges(client, TableName, "by-group-keys", ["group"], ["pk", "group"]);
  }, 180_000);

  it("TTL expiry removes the item's index entries too", async () => {
    const client = suite.client();
    const TableName = uniqueName("gsi-ttl");
    await createTable(client, tableWithGsis(TableName, "2"));
    await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }));
    for (let i = 0; (await client.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED"; i++) {
      expect(i).toBeLessThan(400);
      await sleep(25);
    }
    const at = Math.ceil(Date.now() / 1000) + 1;
    for (let i = 0; i < 10; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `t${i}` }, group: { S: "ttl" }, score: { N: String(i) }, ...(i < 6 ? { ttl: { N: String(at) } } : {}) } }));
    await converges(client, TableName, "by-group", ["group", "score"]);
    expect((await scanAll(client, TableName, "by-group")).length).toBe(10);
    while ((await client.send(new GetItemCommand({ TableName, Key: { pk: { S: "t0" } }, ConsistentRead: true }))).Item) {
      expect(Date.now(), "t0 did not expire").toBeLessThan(at * 1000 + 30_000);
      await sleep(25);
    }
    // The expired items leave the index as the table deletes them.
    const start = Date.now();
    while ((await scanAll(client, TableName, "by-group")).length !== 4) {
      expect(Date.now() - start, "expired items still indexed").toBeLessThan(30_000);
      await sleep(25);
    }
    await converges(client, TableName, "by-group", ["group", "score"]);
  }, 120_000);

  it("indexes large items: backfill and delivery rounds are bounded in bytes, not only in rows", async () => {
    const client = suite.client();
    const TableName = uniqueName("gsi-large");
    await createTable(client, { ...tableWithGsis(TableName, "1"), AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], GlobalSecondaryIndexes: undefined });
    const big = "x".repeat(350 * 1024);
    // 24 items of 350 KB: 8 MB, more than one round's byte budget, in one base partition.
    for (let i = 0; i < 24; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `L${i}` }, group: { S: "big" }, blob: { S: big } } }));
    await client.send(
      new UpdateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: "group", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "by-group-all", KeySchema: [{ AttributeName: "group", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
      }),
    );
    for (let i = 0; ; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName }));
      if (d.Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus === "ACTIVE") break;
      expect(i, "the index never became ACTIVE").toBeLessThan(1_500);
      await sleep(20);
    }
    // Writes of large items after the backfill are delivered too.
    for (let i = 24; i < 36; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `L${i}` }, group: { S: "big" }, blob: { S: big } } }));
    const start = Date.now();
    for (;;) {
      const page = await client.send(new QueryCommand({ TableName, IndexName: "by-group-all", KeyConditionExpression: "#g = :g", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: "big" } }, Select: "COUNT" }));
      // A Query page holds at most 1 MB: count over the pages.
      let n = page.Count ?? 0;
      let ExclusiveStartKey = page.LastEvaluatedKey;
      while (ExclusiveStartKey) {
        const next = await client.send(new QueryCommand({ TableName, IndexName: "by-group-all", KeyConditionExpression: "#g = :g", ExpressionAttributeNames: { "#g": "group" }, ExpressionAttributeValues: { ":g": { S: "big" } }, Select: "COUNT", ExclusiveStartKey }));
        n += next.Count ?? 0;
        ExclusiveStartKey = next.LastEvaluatedKey;
      }
      if (n === 36) break;
      expect(Date.now() - start, `only ${n} of 36 large items indexed`).toBeLessThan(30_000);
      await sleep(50);
    }
  }, 180_000);

  it("deliveries that fail are retried until they succeed, also when the failing index is deleted meanwhile", async () => {
    // SHVM_FAULT=gsi-fail-for:<ms>: every delivery fails during each partition object's first <ms>.
    const own = await startShvm({ fresh: true, vars: { SHVM_FAULT: "gsi-fail-for:2500" } });
    try {
      const client = (await import("../support/client")).dynamoClient(own.endpoint);
      const TableName = uniqueName("gsi-retry");
      await createTable(client, {
        ...tableWithGsis(TableName, "1"),
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "x", AttributeType: "S" }, { AttributeName: "y", AttributeType: "S" }],
        GlobalSecondaryIndexes: [
          { IndexName: "by-x", KeySchema: [{ AttributeName: "x", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
          { IndexName: "by-y", KeySchema: [{ AttributeName: "y", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
        ],
      });
      const started = Date.now();
      // Only by-x has changes pending while deliveries fail; then by-x is deleted, taking them with it.
      for (let i = 0; i < 20; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `x${i}` }, x: { S: "X" } } }));
      await sleep(300); // a delivery has failed by now (the timer fires after 20 ms)
      await client.send(new UpdateTableCommand({ TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "by-x" } }] }));
      for (let i = 0; ; i++) {
        const d = await client.send(new DescribeTableCommand({ TableName }));
        if (!d.Table?.GlobalSecondaryIndexes?.some((g) => g.IndexName === "by-x")) break;
        expect(i).toBeLessThan(1_500);
        await sleep(20);
      }
      // After the failing window, writes for by-y must be delivered: the partition did not stay in "failing" mode.
      await sleep(Math.max(0, 2_600 - (Date.now() - started)));
      for (let i = 0; i < 10; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `y${i}` }, y: { S: "Y" } } }));
      const ms = await converges(client, TableName, "by-y", ["y"]);
      expect((await scanAll(client, TableName, "by-y")).length).toBe(10);
      // And failures that simply end (no delete) are retried: a fresh table's partitions fail for their first 2.5 s.
      const T2 = uniqueName("gsi-retry2");
      await createTable(client, { ...tableWithGsis(T2, "2") });
      for (let i = 0; i < 30; i++) await client.send(new PutItemCommand({ TableName: T2, Item: { pk: { S: `r${i}` }, group: { S: "g" }, score: { N: String(i) } } }));
      expect((await scanAll(client, T2, "by-group")).length).toBe(0); // failing still
      const ms2 = await converges(client, T2, "by-group", ["group", "score"]);
      console.log(`GSI retry: by-y matched ${ms} ms after its writes; a table whose deliveries failed for 2.5 s matched ${ms2} ms after its last write`);
    } finally {
      await own.stop();
    }
  }, 120_000);

  it("a crash between acknowledged writes and their index delivery still converges after the restart", async () => {
    const stateDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "shvm-gsi-crash-"));
    // SHVM_FAULT=gsi-hold: base partitions deliver nothing, as if the process died after each write.
    let own = await startShvm({ stateDir, fresh: true, vars: { SHVM_FAULT: "gsi-hold" } });
    try {
      const client = (await import("../support/client")).dynamoClient(own.endpoint);
      const TableName = uniqueName("gsi-crash");
      await createTable(client, tableWithGsis(TableName, "4"));
      for (let i = 0; i < 300; i++) await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `c${i}` }, group: { S: `g${i % 3}` }, score: { N: String(i) } } }));
      for (let i = 0; i < 300; i += 10) await client.send(new DeleteItemCommand({ TableName, Key: { pk: { S: `c${i}` } } }));
      expect((await scanAll(client, TableName, "by-group")).length).toBe(0); // held: nothing delivered
      await own.kill();
      own = await startShvm({ stateDir });
      const after = (await import("../support/client")).dynamoClient(own.endpoint);
      // Nothing touches the base partitions first: the alarms their writes set must survive the crash and deliver.
      const restarted = Date.now();
      while ((await scanAll(after, TableName, "by-group")).length < 270) {
        expect(Date.now() - restarted, "the index was not fed after the restart").toBeLessThan(30_000);
        await sleep(50);
      }
      expect((await scanAll(after, TableName)).length).toBe(270);
      const ms = await converges(after, TableName, "by-group", ["group", "score"]);
      await converges(after, TableName, "by-group-keys", ["group"], ["pk", "group"]);
      console.log(`GSI crash: 330 acknowledged writes held back, SIGKILL, restart: the index matched ${ms} ms after the restart`);
    } finally {
      await own.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 180_000);
});
