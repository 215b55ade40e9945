/**
 * UpdateTimeToLive's state machine in the catalog, with its alarm held back so a change stays "being applied":
 * a second change in that window is DynamoDB's fixed-interval ValidationException; after the alarm has told every
 * partition, the status settles.
 */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import type { Env } from "../src/router/env.js";
import type { Catalog } from "../src/catalog/catalog.js";

const bindings = env as unknown as Env;
const catalog = () => bindings.CATALOG!.get(bindings.CATALOG!.idFromName("catalog"));

it("refuses a second TTL change while the first is being applied, then settles", async () => {
  const res = await SELF.fetch("http://localhost/", {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810.CreateTable",
      authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=s",
      "x-amz-date": "20260101T000000Z",
    },
    body: JSON.stringify({
      TableName: "ttl-window",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      Tags: [{ Key: "shvm:partitions", Value: "2" }],
    }),
  });
  expect(res.status).toBe(200);
  const [first, second, during] = await runInDurableObject(catalog(), async (instance: Catalog, state) => {
    const a = await instance.updateTtl("ttl-window", { Enabled: true, AttributeName: "exp" });
    await state.storage.deleteAlarm(); // nothing else runs inside the object: the alarm has not fired
    const b = await instance.updateTtl("ttl-window", { Enabled: false, AttributeName: "exp" });
    return [a, b, instance.describeTtl("ttl-window")];
  });
  expect(first).toEqual({ ok: { TimeToLiveStatus: "ENABLING", AttributeName: "exp" } });
  expect(second).toEqual({
    error: { type: "com.amazon.coral.validate#ValidationException", message: "Time to live has been modified multiple times within a fixed interval" },
  });
  expect(during).toEqual({ TimeToLiveStatus: "ENABLING", AttributeName: "exp" });
  await runInDurableObject(catalog(), (_: Catalog, state) => state.storage.setAlarm(Date.now()));
  await runDurableObjectAlarm(catalog());
  let settled = await catalog().describeTtl("ttl-window");
  for (let i = 0; i < 100 && settled?.TimeToLiveStatus !== "ENABLED"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    settled = await catalog().describeTtl("ttl-window");
  }
  expect(settled).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
});
