/**
 * Table deletion seen from a router whose cached metadata is stale (as another isolate's would be): the
 * partitions of a deleted table answer `dropped`, so the router never serves old data, and a table
 * re-created under the same name starts empty.
 */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import type { Env } from "../src/router/env.js";
import type { Catalog } from "../src/catalog/catalog.js";

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

/** Deletes the table behind the router's back, inside the catalog object, with the reclaiming alarm held back. */
async function deleteHoldingAlarm(TableName: string) {
  return runInDurableObject(catalog(), async (instance: Catalog, state) => {
    const r = await instance.deleteTable(TableName);
    // Inside the object nothing else runs in between: the alarm set by deleteTable cannot have fired yet.
    await state.storage.deleteAlarm();
    return r;
  });
}

async function untilGone(TableName: string): Promise<void> {
  await runDurableObjectAlarm(catalog());
  for (let i = 0; i < 100 && (await catalog().getTable(TableName)) !== null; i++) await new Promise((r) => setTimeout(r, 20));
  expect(await catalog().getTable(TableName)).toBeNull();
}

it("shows a table DELETING until its partitions are dropped, and keeps its name taken", async () => {
  const TableName = "deleting";
  expect((await call("CreateTable", { ...table, TableName })).status).toBe(200);
  const deleted = await deleteHoldingAlarm(TableName);
  expect(deleted && "ok" in deleted && deleted.ok.description.TableStatus).toBe("DELETING");

  const create = await call("CreateTable", { ...table, TableName });
  expect(create).toEqual({ status: 400, json: { __type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException", message: `Table already exists: ${TableName}` } });
  const update = await call("UpdateTable", { TableName, BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } });
  expect(update).toEqual({
    status: 400,
    json: { __type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException", message: `Attempt to change a resource which is still in use: Table is being deleted: ${TableName}` },
  });
  // UpdateTable made this router forget its cached (ACTIVE) entry: looked up again, the table is DELETING, and gone
  // for items (as dynalite).
  const described = await call("DescribeTable", { TableName });
  expect((described.json.Table as { TableStatus: string }).TableStatus).toBe("DELETING");

  expect((await call("GetItem", { TableName, Key: { id: { S: "a" } } })).json.__type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  // DynamoDB: "no error is returned" for a table already DELETING; and the repeat re-arms the alarm held back above.
  const again = await call("DeleteTable", { TableName });
  expect((again.json.TableDescription as { TableStatus: string }).TableStatus).toBe("DELETING");

  // Only that re-armed alarm can drop the partitions now (untilGone runs an alarm only if one is scheduled).
  await untilGone(TableName);
  expect((await call("DescribeTable", { TableName })).json.__type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  expect((await call("CreateTable", { ...table, TableName })).status).toBe(200);
});

it("loses no write of a router still holding a deleted table's metadata once the name is taken again", async () => {
  const TableName = "held";
  expect((await call("CreateTable", { ...table, TableName })).status).toBe(200);
  expect((await call("PutItem", { TableName, Item: { id: { S: "a" }, v: { S: "old" } } })).status).toBe(200);
  const old = (await catalog().getTable(TableName))!;

  // From here on the router is never asked about the table: it keeps serving its cached (ACTIVE, old id) entry, as a
  // router in another isolate would. Everything else goes to the catalog directly.
  await deleteHoldingAlarm(TableName);
  // While DELETING it may still write to a partition not yet dropped (DynamoDB too accepts writes then); that write
  // goes with the table.
  expect((await call("PutItem", { TableName, Item: { id: { S: "b" }, v: { S: "late" } } })).status).toBe(200);
  const id = crypto.randomUUID();
  const successor = { ...old, id, description: { ...old.description, TableStatus: "ACTIVE", TableId: id } };
  // The name is not free while any old partition could still take a write.
  expect(await catalog().createTable(successor)).toHaveProperty("error");

  await runInDurableObject(catalog(), (_: Catalog, state) => state.storage.setAlarm(Date.now()));
  await untilGone(TableName);
  expect(await catalog().createTable(successor)).toHaveProperty("ok");

  // The stale router's next write reaches an old partition, which answers `dropped`: it looks again and writes to the
  // new table. Nothing it acknowledges after the re-creation is lost.
  expect((await call("PutItem", { TableName, Item: { id: { S: "c" }, v: { S: "new" } } })).status).toBe(200);
  const scan = await call("Scan", { TableName, ConsistentRead: true });
  expect(scan.json.Items).toEqual([{ id: { S: "c" }, v: { S: "new" } }]);
});
