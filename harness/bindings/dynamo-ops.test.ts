/** The single-operation binding against a scripted HTTP server: the request each mapped operation sends, and its Status. */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBinding, dynamoOpsOptions } from "./dynamo-ops.js";

const sent: { target: string; body: Record<string, unknown> }[] = [];
let replies: string[] = [];
let server: Server;
let endpoint = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      sent.push({ target: String(req.headers["x-amz-target"]).split(".")[1] ?? "", body: JSON.parse(text) as Record<string, unknown> });
      res.end(replies.shift() ?? "{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  endpoint = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const binding = async (p: Record<string, string>) => createBinding({ "dynamodb.endpoint": endpoint, "dynamodb.primaryKey": "pk", ...p }, 0);

describe("dynamo-ops binding", () => {
  it("sends an update as a TransactWriteItems of one item, or of it and its pair item", async () => {
    sent.length = 0;
    const one = await binding({ "dynamoops.update": "transaction-1" });
    expect(await one.update("t", "user1", { field0: "a" })).toBe("OK");
    const two = await binding({ "dynamoops.update": "transaction-2" });
    expect(await two.update("t", "user2", { field1: "b" })).toBe("OK");
    await Promise.all([one.cleanup?.(), two.cleanup?.()]);
    const action = (key: string, field: string, value: string) => ({
      Update: {
        TableName: "t",
        Key: { pk: { S: key } },
        UpdateExpression: "SET #f0 = :v0",
        ExpressionAttributeNames: { "#f0": field },
        ExpressionAttributeValues: { ":v0": { S: value } },
      },
    });
    expect(sent).toEqual([
      { target: "TransactWriteItems", body: { TransactItems: [action("user1", "field0", "a")] } },
      { target: "TransactWriteItems", body: { TransactItems: [action("user2", "field1", "b"), action("user2~pair", "field1", "b")] } },
    ]);
  });

  it("sends a conditional PutItem for an update when asked, else YCSB's UpdateItem", async () => {
    sent.length = 0;
    const cput = await binding({ "dynamoops.update": "conditional-putitem" });
    expect(await cput.update("t", "user1", { field0: "a", field1: "b" })).toBe("OK");
    const plain = await binding({ "dynamodb.api": "expressions" });
    expect(await plain.update("t", "user1", { field3: "c" })).toBe("OK");
    await Promise.all([cput.cleanup?.(), plain.cleanup?.()]);
    expect(sent[0]).toEqual({
      target: "PutItem",
      body: {
        TableName: "t",
        Item: { pk: { S: "user1" }, field0: { S: "a" }, field1: { S: "b" } },
        ConditionExpression: "attribute_exists(#k)",
        ExpressionAttributeNames: { "#k": "pk" },
      },
    });
    expect(sent[1]).toMatchObject({ target: "UpdateItem", body: { UpdateExpression: "SET #f0 = :v0" } });
  });

  it("queries a hash key and checks the count it must return", async () => {
    sent.length = 0;
    const b = await binding({ "dynamoops.read": "query", "dynamoops.expectItems": "10" });
    replies = [JSON.stringify({ Count: 10, Items: [] }), JSON.stringify({ Count: 3, Items: [] })];
    expect((await b.read("t", "user7", null)).status).toBe("OK");
    expect((await b.read("t", "user7", null)).status).toBe("UNEXPECTED_STATE");
    await b.cleanup?.();
    expect(sent[0]).toEqual({
      target: "Query",
      body: { TableName: "t", KeyConditionExpression: "#k = :k", ExpressionAttributeNames: { "#k": "pk" }, ExpressionAttributeValues: { ":k": { S: "user7" } } },
    });
  });

  it("scans a whole table page by page as one operation", async () => {
    sent.length = 0;
    const b = await binding({ "dynamoops.scan": "table", "dynamoops.expectItems": "5" });
    replies = [JSON.stringify({ Count: 3, LastEvaluatedKey: { pk: { S: "x" } } }), JSON.stringify({ Count: 2 })];
    expect((await b.scan("t", "ignored", 1, null)).status).toBe("OK");
    replies = [JSON.stringify({ Count: 4 })];
    expect((await b.scan("t", "ignored", 1, null)).status).toBe("UNEXPECTED_STATE");
    await b.cleanup?.();
    expect(sent.map((s) => s.body)).toEqual([{ TableName: "t" }, { TableName: "t", ExclusiveStartKey: { pk: { S: "x" } } }, { TableName: "t" }]);
  });

  it("refuses an unknown mapping instead of running another workload", () => {
    expect(() => dynamoOpsOptions({ "dynamoops.update": "put" })).toThrow(/dynamoops.update must be one of updateitem, conditional-putitem/);
  });
});
