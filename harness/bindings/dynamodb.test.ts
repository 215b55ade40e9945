/**
 * The DynamoDB binding against a scripted local HTTP server: what it sends (YCSB's call sequence for a
 * scan, signing) and how every kind of failure becomes a Status instead of an exception.
 * (Real DynamoDB-API behaviour is covered by the contract tests on dynalite and shvm-db.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoOptions } from "./dynamodb-options.js";
import { DynamoBinding } from "./dynamodb.js";
import { freePort } from "../targets/local-server.js";

interface Seen {
  target: string;
  authorization: string;
  body: Record<string, unknown>;
}
type Reply = { status: number; body: string } | "hang";

let server: Server;
let endpoint = "";
const seen: Seen[] = [];
let script: (s: Seen) => Reply = () => ({ status: 200, body: "{}" });

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const s: Seen = {
        target: String(req.headers["x-amz-target"]).replace("DynamoDB_20120810.", ""),
        authorization: String(req.headers.authorization),
        body: JSON.parse(text) as Record<string, unknown>,
      };
      seen.push(s);
      const reply = script(s);
      if (reply === "hang") return; // never answers: the client's timeout must end the call
      res.writeHead(reply.status, { "content-type": "application/x-amz-json-1.0" });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  endpoint = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const binding = (extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) =>
  new DynamoBinding(dynamoOptions({ "dynamodb.endpoint": endpoint, "dynamodb.requestTimeoutMs": "500", ...extra }, env));

const err = (type: string) => JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: "m" });

describe("DynamoDB binding", () => {
  it("scans as YCSB does: GetItem of the start key, then Scan pages after it, stopping at the table's end", async () => {
    seen.length = 0;
    const item = (k: string) => ({ ycsb_key: { S: k }, field0: { S: `v${k}` } });
    let scans = 0;
    script = (s) => {
      if (s.target === "GetItem") return { status: 200, body: JSON.stringify({ Item: item("a") }) };
      scans++;
      if (scans === 1) return { status: 200, body: JSON.stringify({ Items: [item("b")], Count: 1, ScannedCount: 1, LastEvaluatedKey: { ycsb_key: { S: "b" } } }) };
      return { status: 200, body: JSON.stringify({ Items: [item("c"), item("d")], Count: 2, ScannedCount: 2 }) };
    };
    const b = binding();
    const r = await b.scan("usertable", "a", 10, ["field0"]);
    await b.cleanup();
    expect(r).toEqual({ status: "OK", records: [{ field0: "va" }, { field0: "vb" }, { field0: "vc" }, { field0: "vd" }] });
    expect(seen.map((s) => s.target)).toEqual(["GetItem", "Scan", "Scan"]);
    expect(seen[1]?.body).toEqual({ TableName: "usertable", Limit: 9, ExclusiveStartKey: { ycsb_key: { S: "a" } }, AttributesToGet: ["field0"] });
    expect(seen[2]?.body).toMatchObject({ Limit: 8, ExclusiveStartKey: { ycsb_key: { S: "b" } } });
  });

  it("a scan of one record is the GetItem alone", async () => {
    seen.length = 0;
    script = () => ({ status: 200, body: JSON.stringify({ Item: { ycsb_key: { S: "a" }, f: { S: "x" } } }) });
    const b = binding();
    expect(await b.scan("usertable", "a", 1, null)).toEqual({ status: "OK", records: [{ f: "x" }] });
    await b.cleanup();
    expect(seen.map((s) => s.target)).toEqual(["GetItem"]);
  });

  it("maps failures to Statuses and never throws", async () => {
    const b = binding();
    script = () => ({ status: 400, body: err("ProvisionedThroughputExceededException") });
    expect((await b.read("usertable", "k", null)).status).toBe("SERVICE_UNAVAILABLE");
    expect(await b.insert("usertable", "k", { f: "v" })).toBe("SERVICE_UNAVAILABLE");
    expect((await b.scan("usertable", "k", 5, null)).status).toBe("SERVICE_UNAVAILABLE");
    script = () => ({ status: 500, body: err("InternalServerError") });
    expect(await b.update("usertable", "k", { f: "v" })).toBe("ERROR");
    script = () => ({ status: 400, body: err("ResourceNotFoundException") });
    expect(await b.delete("usertable", "k")).toBe("ERROR");
    script = () => ({ status: 200, body: "<html>not json</html>" });
    expect((await b.read("usertable", "k", null)).status).toBe("ERROR");
    script = () => ({ status: 200, body: "{}" });
    expect((await b.read("usertable", "k", null)).status).toBe("NOT_FOUND");
    script = () => "hang";
    expect(await b.insert("usertable", "k", { f: "v" })).toBe("TIMEOUT");
    await b.cleanup();

    const closed = new DynamoBinding(dynamoOptions({ "dynamodb.endpoint": `http://127.0.0.1:${await freePort()}` }, {}));
    expect((await closed.read("usertable", "k", null)).status).toBe("ERROR");
    expect(await closed.insert("usertable", "k", { f: "v" })).toBe("ERROR");
    await closed.cleanup();
  });

  it("signs with SigV4 when credentials are in the environment, else sends the fixed header", async () => {
    script = () => ({ status: 200, body: "{}" });
    seen.length = 0;
    const signed = binding({ "dynamodb.region": "eu-central-1" }, { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "secret" });
    await signed.delete("usertable", "k");
    await signed.cleanup();
    const unsigned = binding();
    await unsigned.delete("usertable", "k");
    await unsigned.cleanup();
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-central-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
    expect(seen[1]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ycsb\//);
  });
});
