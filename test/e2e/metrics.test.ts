/**
 * Per-partition metrics through the real server: traffic at partitions known in advance (the test routes
 * keys with the engine's own hash), then `GET /_shvm/metrics` must count exactly what was sent, in JSON and
 * in the Prometheus text format.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ScanCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { encodePartitionKey } from "../../worker/src/model/key-codec";
import { partitionOf } from "../../worker/src/model/hash";
import type { MetricsSnapshot, PartitionSnapshot } from "../../worker/src/metrics/snapshot";
import { createTable, sleep, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";

const PARTITIONS = 4;
const KEYS = Array.from({ length: 40 }, (_, i) => `key-${i}`);
const partitionOfKey = (k: string) => partitionOf(encodePartitionKey("S", k).hash, PARTITIONS);
// Queries only in partition 0 and deletes only in partition 1, so partitions 2 and 3 check rows read exactly.
const QUERY_KEYS = KEYS.filter((k) => partitionOfKey(k) === 0).slice(0, 3);
const DELETE_KEYS = KEYS.filter((k) => partitionOfKey(k) === 1).slice(-2);

/** Per partition, what the test sent. */
interface Expected {
  PutItem: number;
  GetItem: number;
  UpdateItem: number;
  DeleteItem: number;
  Query: number;
  BatchGetItem: number;
  conditionFailed: number;
  rowsRead: number;
  rowsWritten: number;
  items: number;
}

const fresh = (): Expected => ({ PutItem: 0, GetItem: 0, UpdateItem: 0, DeleteItem: 0, Query: 0, BatchGetItem: 0, conditionFailed: 0, rowsRead: 0, rowsWritten: 0, items: 0 });

async function scrape(endpoint: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${endpoint}/_shvm/metrics?format=json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  return (await res.json()) as MetricsSnapshot;
}

describe("per-partition metrics", () => {
  const target = inject("shvm");
  let client: DynamoDBClient;
  let endpoint: string;
  const table = uniqueName("metrics");
  const expected = Array.from({ length: PARTITIONS }, fresh);

  beforeAll(async () => {
    if (!target.endpoint) throw new Error(target.error);
    endpoint = target.endpoint;
    client = dynamoClient(endpoint);
    await createTable(client, { ...tableInput(table), Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }] });

    for (const k of KEYS) {
      await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: k }, v: { N: "1" } } }));
      const e = expected[partitionOfKey(k)]!;
      // A new item is two rows as SQLite counts them: the item and its key-index entry.
      e.PutItem++, (e.rowsWritten += 2), e.items++;
    }
    for (const k of KEYS.slice(0, 25)) {
      await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: k } } }));
      const e = expected[partitionOfKey(k)]!;
      e.GetItem++, e.rowsRead++;
    }
    // A condition that fails reads the item and writes nothing.
    for (const k of KEYS.slice(0, 7)) {
      await client
        .send(new PutItemCommand({ TableName: table, Item: { id: { S: k } }, ConditionExpression: "attribute_not_exists(id)" }))
        .catch((e: { name?: string }) => expect(e.name).toBe("ConditionalCheckFailedException"));
      const e = expected[partitionOfKey(k)]!;
      e.PutItem++, e.conditionFailed++, e.rowsRead++;
    }
    for (const k of KEYS.slice(10, 20)) {
      await client.send(new UpdateItemCommand({ TableName: table, Key: { id: { S: k } }, UpdateExpression: "SET v = v + :one", ExpressionAttributeValues: { ":one": { N: "1" } } }));
      const e = expected[partitionOfKey(k)]!;
      // Updating an existing item rewrites its row; its key, hence its key-index entry, stays.
      e.UpdateItem++, e.rowsRead++, e.rowsWritten++;
    }
    // Query returns the one item of its partition key; SQLite may also step onto the key-index entry that ends the
    // range, and counts the item's row beside its index entry.
    for (const k of QUERY_KEYS) {
      await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: "id = :k", ExpressionAttributeValues: { ":k": { S: k } } }));
      const e = expected[partitionOfKey(k)]!;
      e.Query++;
    }
    // One BatchGetItem: one call (and one operation) per partition it touches.
    const batch = KEYS.slice(30, 38);
    await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: batch.map((k) => ({ id: { S: k } })) } } }));
    for (const p of new Set(batch.map(partitionOfKey))) expected[p]!.BatchGetItem++;
    for (const k of batch) expected[partitionOfKey(k)]!.rowsRead++;
    // Deletes of existing items: one row written each as SQLite counts them (the index entry goes with the row; rows
    // read by a DELETE are SQLite's business: not asserted).
    for (const k of DELETE_KEYS) {
      await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: k } } }));
      const e = expected[partitionOfKey(k)]!;
      e.DeleteItem++, e.rowsWritten++, e.items--;
    }
  }, 60_000);

  it("counts every operation, error, row and item of each partition exactly", async () => {
    // Item counts are refreshed on a scrape at most once a second per partition that took writes.
    await sleep(1_100);
    const snap = await scrape(endpoint);
    expect(snap.version).toBe(1);
    expect(snap.enabled).toBe(true);
    const mine = snap.partitions.filter((p) => p.table === table).sort((a, b) => a.partition - b.partition);
    const touched = expected.map((e, i) => [e, i] as const).filter(([e]) => e.PutItem > 0);
    expect(mine.map((p) => p.partition)).toEqual(touched.map(([, i]) => i));
    for (const [e, i] of touched) {
      const p = mine.find((x) => x.partition === i)!;
      const ops: Record<string, number> = {};
      for (const op of ["PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem"] as const) if (e[op] > 0) ops[op] = e[op];
      expect(p.operations, `partition ${i}`).toEqual(ops);
      expect(p.errors, `partition ${i}`).toEqual(e.conditionFailed ? { ConditionalCheckFailedException: e.conditionFailed } : {});
      expect(p.rowsWritten, `partition ${i} rows written`).toBe(e.rowsWritten);
      // Point reads count one row each; a Query one to three (see above); a DELETE's own reads are not asserted.
      // An UpdateItem's upsert of an existing item reads that row once more (its conflict check).
      if (i >= 2) expect(p.rowsRead, `partition ${i} rows read`).toBeGreaterThanOrEqual(e.rowsRead);
      if (i >= 2) expect(p.rowsRead, `partition ${i} rows read`).toBeLessThanOrEqual(e.rowsRead + e.UpdateItem);
      expect(p.rowsRead, `partition ${i} rows read`).toBeGreaterThanOrEqual(e.rowsRead + e.Query);
      if (e.DeleteItem === 0) expect(p.rowsRead, `partition ${i} rows read`).toBeLessThanOrEqual(e.rowsRead + e.UpdateItem + 3 * e.Query);
      expect(p.items, `partition ${i} items`).toBe(e.items);
      const calls = Object.values(ops).reduce((a, b) => a + b, 0);
      expect(p.latency.count).toBe(calls);
      expect(p.latency.counts.reduce((a, b) => a + b, 0)).toBe(calls);
      // Locally the partition's clock advances, so it times itself; the per-second history holds every call.
      expect(p.sqliteLatency?.count).toBe(calls);
      expect(p.history.reduce((a, b) => a + b, 0)).toBe(calls);
      expect(p.storageBytes).toBeGreaterThan(0);
      // Every touched partition took writes, so its WAL file exists and is not empty (HEAD on the state folder).
      expect(p.walBytes, `partition ${i} WAL`).toBeGreaterThan(0);
      expect(p.restarts).toBeGreaterThanOrEqual(1);
      expect(p.lastStartAt).toBeLessThanOrEqual(snap.now);
      expect(p.bytesIn).toBeGreaterThan(0);
      // Reads return item text: a partition that served a GetItem sent bytes back.
      if (e.GetItem > 0) expect(p.bytesOut, `partition ${i} bytes out`).toBeGreaterThan(0);
    }
    expect(snap.sqliteClock).toBe("advancing");
    expect(snap.clockResolutionSeconds).not.toBeNull();
  });

  it("leaves partitions without writes alone: no recount, no restart", async () => {
    const before = (await scrape(endpoint)).partitions.filter((p) => p.table === table);
    await sleep(1_100);
    const after = (await scrape(endpoint)).partitions.filter((p) => p.table === table);
    expect(after.map((p) => [p.partition, p.itemsAt, p.restarts, p.lastStartAt])).toEqual(
      before.map((p) => [p.partition, p.itemsAt, p.restarts, p.lastStartAt]),
    );
  });

  it("forgets a deleted table's partitions", async () => {
    const gone = uniqueName("metrics-gone");
    await createTable(client, tableInput(gone));
    await client.send(new PutItemCommand({ TableName: gone, Item: { id: { S: "x" } } }));
    expect((await scrape(endpoint)).partitions.some((p) => p.table === gone)).toBe(true);
    await client.send(new DeleteTableCommand({ TableName: gone }));
    expect((await scrape(endpoint)).partitions.some((p) => p.table === gone)).toBe(false);
  });

  it("serves the same numbers in the Prometheus text format", async () => {
    const [res, snap] = await Promise.all([fetch(`${endpoint}/_shvm/metrics`), scrape(endpoint)]);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    for (const family of [
      "shvm_partition_operations_total counter",
      "shvm_partition_errors_total counter",
      "shvm_partition_latency_seconds histogram",
      "shvm_partition_rows_read_total counter",
      "shvm_partition_rows_written_total counter",
      "shvm_partition_storage_bytes gauge",
      "shvm_partition_items gauge",
      "shvm_partition_restarts_total counter",
    ]) {
      expect(text).toContain(`# TYPE ${family}\n`);
    }
    const value = (line: string) => {
      const hit = text.split("\n").find((l) => l.startsWith(line + " "));
      return hit === undefined ? undefined : Number(hit.slice(line.length + 1));
    };
    const mine = snap.partitions.filter((p: PartitionSnapshot) => p.table === table);
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) {
      const l = `table="${table}",partition="${p.partition}",table_id="${p.tableId}"`;
      for (const [op, n] of Object.entries(p.operations)) expect(value(`shvm_partition_operations_total{${l},operation="${op}"}`)).toBe(n);
      for (const [type, n] of Object.entries(p.errors)) expect(value(`shvm_partition_errors_total{${l},type="${type}"}`)).toBe(n);
      expect(value(`shvm_partition_rows_written_total{${l}}`)).toBe(p.rowsWritten);
      expect(value(`shvm_partition_items{${l}}`)).toBe(p.items);
      expect(value(`shvm_partition_restarts_total{${l}}`)).toBe(p.restarts);
      expect(value(`shvm_partition_latency_seconds_count{${l}}`)).toBe(p.latency.count);
      expect(value(`shvm_partition_latency_seconds_bucket{${l},le="+Inf"}`)).toBe(p.latency.count);
    }
  });

  it("leaves the DynamoDB surface alone: other GET paths are still 404", async () => {
    expect((await fetch(`${endpoint}/_shvm/nothing`)).status).toBe(404);
  });
});

describe("per-partition metrics: fan-out and storage", () => {
  const target = inject("shvm");
  let client: DynamoDBClient;
  let endpoint: string;
  const table = uniqueName("metrics-fan");

  beforeAll(async () => {
    if (!target.endpoint) throw new Error(target.error);
    endpoint = target.endpoint;
    client = dynamoClient(endpoint);
    await createTable(client, { ...tableInput(table), Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }] });
  });

  const mine = async () => (await scrape(endpoint)).partitions.filter((p) => p.table === table).sort((a, b) => a.partition - b.partition);

  it("counts a BatchWriteItem and a Scan once per partition they reach", async () => {
    const keys = KEYS.slice(0, 20);
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: keys.map((k) => ({ PutRequest: { Item: { id: { S: k } } } })) } }));
    const reached = [...new Set(keys.map(partitionOfKey))].sort();
    expect(reached.length).toBeGreaterThan(1);
    // One page: the Scan calls every partition once, in order, each returning all its rows.
    const scan = await client.send(new ScanCommand({ TableName: table }));
    expect(scan.Count).toBe(keys.length);
    const snap = await mine();
    const writesPer = (i: number) => keys.filter((k) => partitionOfKey(k) === i).length;
    for (let i = 0; i < PARTITIONS; i++) {
      const p = snap.find((x) => x.partition === i);
      const ops: Record<string, number> = { Scan: 1 };
      if (reached.includes(i)) ops.BatchWriteItem = 1;
      expect(p?.operations, `partition ${i}`).toEqual(ops);
      // New items: each is its row and its key-index entry.
      expect(p?.rowsWritten, `partition ${i} rows written`).toBe(2 * writesPer(i));
    }
  });

  it("shows the database size as of the last writes once the items are counted", async () => {
    const p = partitionOfKey(KEYS[0]!);
    await sleep(1_100);
    const before = (await mine()).find((x) => x.partition === p)!.storageBytes!;
    // ~1 MB into one partition within well under a second: most of these writes do not read the size, the
    // scrape's count after them does.
    const big = Array.from({ length: 400 }, (_, i) => `big-${i}`).filter((k) => partitionOfKey(k) === p).slice(0, 20);
    expect(big).toHaveLength(20);
    const blob = "x".repeat(50_000);
    for (const k of big) await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: k }, blob: { S: blob } } }));
    await sleep(1_100);
    const after = (await mine()).find((x) => x.partition === p)!;
    expect(after.storageBytes!).toBeGreaterThan(before + 900_000);
    expect(after.items).toBe(big.length + KEYS.slice(0, 20).filter((k) => partitionOfKey(k) === p).length);
  });
});

