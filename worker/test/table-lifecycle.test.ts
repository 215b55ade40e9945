/**
 * Table deletion seen from a router whose cached metadata is stale (as another isolate's would be): the
 * partitions of a deleted table answer `dropped`, so the router never serves old data, and a table
 * re-created under the same name starts empty.
 */
import { env, runDurableObjectAlarm, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import type { Env } from "../src/router/env.js";

const bindings = env as unknown as Env;
const headers = (op: string) => ({
  "content-type": "application/x-amz-json-1.0",
  "x-amz-target": `DynamoDB_20120810.${op}`,
  authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=s",
  "x-amz-date": "20260101T000000Z",
});
async function call(op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await SELF.fetch("http://localhost/", { method: "POST", headers: headers(op), body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const catalog = () => bindings.CATALOG!.get(bindings.CATALOG!.idFromName("catalog"));
const table = {
  TableName: "lifecycle",
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
  Tags: [{ Key: "shvm:partitions", Value: "3" }],
};

it("never serves a deleted table's items, even to a router with stale metadata", async () => {
  expect((await call("CreateTable", table)).status).toBe(200);
  for (const id of ["a", "b", "c", "d"]) {
    expect((await call("PutItem", { TableName: "lifecycle", Item: { id: { S: id }, v: { S: "old" } } })).status).toBe(200);
  }
  // Delete behind the router's back (the router still caches the table), then let the catalog's alarm
  // reclaim the partitions.
  expect(await catalog().deleteTable("lifecycle")).not.toBeNull();
  // The alarm is due at once: run it now unless the runtime already has.
  await runDurableObjectAlarm(catalog());
  let get = await call("GetItem", { TableName: "lifecycle", Key: { id: { S: "a" } } });
  for (let i = 0; i < 50 && get.status === 200; i++) {
    // Until the alarm has reached this key's partition, the stale router still reaches live data.
    await new Promise((r) => setTimeout(r, 20));
    get = await call("GetItem", { TableName: "lifecycle", Key: { id: { S: "a" } } });
  }
  expect(get.status).toBe(400);
  expect(get.json.__type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");

  // Re-created under the same name: a new table id, hence new partitions, empty.
  expect((await call("CreateTable", table)).status).toBe(200);
  const again = await call("GetItem", { TableName: "lifecycle", Key: { id: { S: "a" } } });
  expect(again).toEqual({ status: 200, json: {} });
  const d = await call("DescribeTable", { TableName: "lifecycle" });
  expect((d.json.Table as { ItemCount: number }).ItemCount).toBe(0);
});
