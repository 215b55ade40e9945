/**
 * BatchWriteItem when one partition's share fails (its object restarting, overloaded, unreachable): the other
 * shares stand and the failed one comes back as UnprocessedItems, exactly the requests the client sent for it, as
 * DynamoDB returns what it did not write. The failure is injected by a PARTITION namespace whose stubs for one
 * partition throw; everything else is the real Worker code and the real partitions.
 */
import { env, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { batchWriteItem } from "../src/actions/batch-write-item.js";
import { partitionName } from "../src/partition/naming.js";
import { encodePartitionKey } from "../src/model/key-codec.js";
import { partitionOf as partitionOfHash } from "../src/model/hash.js";
import type { Env } from "../src/router/env.js";
import { validateRequest } from "../src/validation/index.js";

const bindings = env as unknown as Env;
const PARTITIONS = 4;

async function call(op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await SELF.fetch("http://localhost/", {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${op}`,
      authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=s",
      "x-amz-date": "20260101T000000Z",
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** What the runtime throws for an object that is restarting: an Error marked retryable. */
const restarting = (i: number) => Object.assign(new Error(`partition ${i} is restarting`), { retryable: true });

/** The Worker's env with the partitions in `failing` answering every call with `error(i)`. */
function withFailing(tableId: string, failing: Set<number>, error: (i: number) => Error = restarting): Env {
  const real = bindings.PARTITION;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < PARTITIONS; i++) indexOf.set(real.idFromName(partitionName(tableId, i)).toString(), i);
  const PARTITION = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const i = indexOf.get(id.toString());
      if (i !== undefined && failing.has(i)) return { execute: async () => Promise.reject(error(i)) };
      return real.get(id);
    },
  } as unknown as Env["PARTITION"];
  return { ...bindings, PARTITION, SHVM_METRICS: "off" };
}

const put = (id: string) => ({ PutRequest: { Item: { id: { S: id }, v: { N: "1" } } } });

it("returns a failed partition's share as UnprocessedItems and keeps the others' writes", async () => {
  const TableName = "unprocessed";
  expect(
    (await call("CreateTable", {
      TableName,
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }],
    })).status,
  ).toBe(200);
  const tableId = (await bindings.CATALOG!.get(bindings.CATALOG!.idFromName("catalog")).getTable(TableName))!.id;

  // Which partition each key lives on: the router's own routing.
  const partitionOf = (id: string) => partitionOfHash(encodePartitionKey("S", id).hash, PARTITIONS);
  const ids = Array.from({ length: 20 }, (_, i) => `k${i}`);
  const requests = [...ids.map(put), { DeleteRequest: { Key: { id: { S: "never-written" } } } }];
  const input = validateRequest("BatchWriteItem", { RequestItems: { [TableName]: requests } });

  const bad = partitionOf("k0");
  const answer = JSON.parse(await batchWriteItem(withFailing(tableId, new Set([bad])), input)) as { UnprocessedItems: Record<string, unknown[]> };
  const expected = requests.filter((r) => partitionOf("PutRequest" in r ? r.PutRequest.Item.id.S : r.DeleteRequest.Key.id.S) === bad);
  expect(answer.UnprocessedItems[TableName]).toEqual(expected);
  const unprocessedPuts = expected.filter((r) => "PutRequest" in r);
  expect(unprocessedPuts.length).toBeGreaterThan(0);
  expect(unprocessedPuts.length).toBeLessThan(ids.length);

  // Written: every item on a healthy partition; absent: every item of the failed share.
  for (const id of ids) {
    const got = await call("GetItem", { TableName, Key: { id: { S: id } }, ConsistentRead: true });
    expect({ id, present: got.json.Item !== undefined }).toEqual({ id, present: partitionOf(id) !== bad });
  }

  // Sending UnprocessedItems again (the client's retry) completes the batch.
  const retry = JSON.parse(await batchWriteItem(withFailing(tableId, new Set()), validateRequest("BatchWriteItem", { RequestItems: answer.UnprocessedItems }))) as { UnprocessedItems: unknown };
  expect(retry.UnprocessedItems).toEqual({});
  for (const id of ids) expect((await call("GetItem", { TableName, Key: { id: { S: id } }, ConsistentRead: true })).json.Item).toBeDefined();

  // No share written at all: the call fails instead of answering "nothing processed".
  await expect(batchWriteItem(withFailing(tableId, new Set([0, 1, 2, 3])), input)).rejects.toThrow(/is restarting/);
  // A failure that is not passing (a full database, a bug) would fail every resend: it fails the call.
  const full = () => new Error("SQLITE_FULL: database or disk is full");
  await expect(batchWriteItem(withFailing(tableId, new Set([bad]), full), input)).rejects.toThrow(/SQLITE_FULL/);
});
