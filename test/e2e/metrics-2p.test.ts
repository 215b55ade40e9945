/**
 * Metrics of a server with two processes (global-setup.ts `shvm2`): each process's router records the calls it
 * made, to any partition, and `GET /_shvm/metrics` merges them. Traffic spread over many connections reaches both
 * processes; the merged scrape must count every request exactly once, on the partition the key hashes to, and
 * each partition's item count must be its own (counted through the process that owns it).
 */
import { DescribeTableCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodePartitionKey } from "../../worker/src/model/key-codec";
import { partitionOf } from "../../worker/src/model/hash";
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot";
import { createTable, sleep, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";

const PARTITIONS = 8;
const KEYS = Array.from({ length: 64 }, (_, i) => `k2p-${i}`);
const partitionOfKey = (k: string) => partitionOf(encodePartitionKey("S", k).hash, PARTITIONS);

describe("per-partition metrics on two processes", () => {
  const target = inject("shvm2");
  const clients: DynamoDBClient[] = [];
  const table = uniqueName("metrics-2p");

  beforeAll(async () => {
    if (!target.endpoint) throw new Error(target.error);
    // Many clients, each with its own connections: the kernel hands them to both processes.
    for (let i = 0; i < 8; i++) clients.push(dynamoClient(target.endpoint));
    await createTable(clients[0]!, { ...tableInput(table), Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }] });
    await Promise.all(KEYS.map((k, i) => clients[i % clients.length]!.send(new PutItemCommand({ TableName: table, Item: { id: { S: k } } }))));
    await Promise.all(KEYS.map((k, i) => clients[(i + 3) % clients.length]!.send(new GetItemCommand({ TableName: table, Key: { id: { S: k } } }))));
  });

  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it("counts every request once, on its partition, whichever process served it; items as the table holds them", async () => {
    await sleep(1_100); // item counts are refreshed at most once a second after writes
    const snap = (await (await fetch(`${target.endpoint}/_shvm/metrics?format=json`)).json()) as MetricsSnapshot;
    const mine = snap.partitions.filter((p) => p.table === table);
    const expected = Array.from({ length: PARTITIONS }, (_, i) => KEYS.filter((k) => partitionOfKey(k) === i).length);
    for (let i = 0; i < PARTITIONS; i++) {
      const p = mine.find((x) => x.partition === i);
      if (expected[i] === 0) {
        expect(p, `partition ${i}`).toBeUndefined();
        continue;
      }
      expect(p?.operations, `partition ${i}`).toEqual({ PutItem: expected[i], GetItem: expected[i] });
      expect(p?.latency.count, `partition ${i}`).toBe(2 * expected[i]!);
      expect(p?.items, `partition ${i} items`).toBe(expected[i]);
    }
    expect(mine).toHaveLength(expected.filter((n) => n > 0).length);
    const { Table } = await clients[0]!.send(new DescribeTableCommand({ TableName: table }));
    expect(Table?.ItemCount).toBe(KEYS.length);
  });
});
