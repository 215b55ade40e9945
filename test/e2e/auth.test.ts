/**
 * Access control end to end: a shvm-db of its own started with SHVM_ACCESS_KEYS, driven by the AWS SDK and by hand-
 * written requests. Every request that is not signed by a configured key must be refused with DynamoDB's error and
 * must leave the data as it was; signed ones must work; the admin paths follow the same rule. Prints
 * "auth: cases tried N, wrongly admitted N, wrongly refused N".
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigV4Signer } from "../../harness/bindings/dynamodb-sigv4";
import { WebSha256 } from "../../worker/src/auth/web-sha256";
import { createTable, rawRequest, tableInput, uniqueName } from "../conformance/target";
import { startShvm, type ShvmServer } from "../support/server";
import { presignedAdminUrl } from "../../scripts/admin-url";

const A = { accessKeyId: "AKIDALPHA", secretAccessKey: "alpha-secret" };
const B = { accessKeyId: "AKIDBETA", secretAccessKey: "beta/secret+2" };

let server: ShvmServer;
const clients: DynamoDBClient[] = [];
const tally = { tried: 0, wronglyAdmitted: 0, wronglyRefused: 0 };

function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, extra: { systemClockOffset?: number } = {}): DynamoDBClient {
  const c = new DynamoDBClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
    ...extra,
  });
  clients.push(c);
  return c;
}

/** A request that must be refused with `name` (and `message`, when given). */
async function refused(call: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  tally.tried++;
  let err: { name?: string; message?: string } | undefined;
  try {
    await call;
  } catch (e) {
    err = e as { name?: string; message?: string };
  }
  if (!err) tally.wronglyAdmitted++;
  expect(err?.name).toBe(name);
  if (message !== undefined) expect(err?.message).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
}

async function admitted<T>(call: Promise<T>): Promise<T> {
  tally.tried++;
  try {
    return await call;
  } catch (e) {
    tally.wronglyRefused++;
    throw e;
  }
}

const host = () => new URL(server.endpoint).host;

beforeAll(async () => {
  server = await startShvm({ accessKeys: `${A.accessKeyId}:${A.secretAccessKey}, ${B.accessKeyId}:${B.secretAccessKey}` });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  console.log(`auth: cases tried ${tally.tried}, wrongly admitted ${tally.wronglyAdmitted}, wrongly refused ${tally.wronglyRefused}`);
});

describe("SigV4 access keys (SHVM_ACCESS_KEYS)", () => {
  const TableName = uniqueName("auth");
  const item = { pk: { S: "k" }, v: { S: "original" } };

  it("serves requests signed by any configured key", async () => {
    await createTable(client(A), tableInput(TableName, ["pk", "S"]));
    await admitted(client(A).send(new PutItemCommand({ TableName, Item: item })));
    const got = await admitted(client(B).send(new GetItemCommand({ TableName, Key: { pk: { S: "k" } }, ConsistentRead: true })));
    expect(got.Item).toEqual(item);
    // The load generator's own signer (harness/bindings/dynamodb-sigv4.ts) too.
    const body = JSON.stringify({ TableName, Key: { pk: { S: "k" } }, ConsistentRead: true });
    const headers = new SigV4Signer(A, "eu-central-1").headers(host(), "GetItem", body);
    tally.tried++;
    const res = await fetch(server.endpoint, { method: "POST", headers, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Item: unknown }).Item).toEqual(item);
  });

  it("refuses unsigned, unknown, wrongly signed, stale and token-bearing requests with DynamoDB's errors", async () => {
    const write = (c: DynamoDBClient) => c.send(new PutItemCommand({ TableName, Item: { pk: { S: "k" }, v: { S: "overwritten" } } }));
    await refused(write(client({ accessKeyId: "AKIDNOBODY", secretAccessKey: A.secretAccessKey })), "UnrecognizedClientException", "The security token included in the request is invalid.");
    await refused(write(client({ accessKeyId: A.accessKeyId, secretAccessKey: B.secretAccessKey })), "InvalidSignatureException", /^The request signature we calculated does not match the signature you provided/);
    await refused(write(client(A, { systemClockOffset: -20 * 60_000 })), "InvalidSignatureException", /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    await refused(write(client(A, { systemClockOffset: 20 * 60_000 })), "InvalidSignatureException", /^Signature not yet current: /);
    await refused(write(client({ ...A, sessionToken: "a-token-nobody-issued" })), "UnrecognizedClientException", "The security token included in the request is invalid");

    const raw = async (req: Parameters<typeof rawRequest>[1], type: string) => {
      tally.tried++;
      const res = await rawRequest(server.endpoint, req);
      if (res.status === 200) tally.wronglyAdmitted++;
      expect({ status: res.status, type: String(res.json?.__type).split("#")[1] }).toEqual({ status: 400, type });
    };
    const body = { TableName, Item: { pk: { S: "k" }, v: { S: "overwritten" } } };
    await raw({ op: "PutItem", body, authorization: null }, "MissingAuthenticationTokenException");
    // A well-formed header with a made-up signature (what an open server accepts).
    await raw({ op: "PutItem", body }, "InvalidSignatureException");
    await raw({ op: "PutItem", body, authorization: "Bearer abc" }, "MissingAuthenticationTokenException");

    // A correct signature replayed with another body, or with another operation.
    const signedBody = JSON.stringify({ TableName, Key: { pk: { S: "k" } } });
    const headers = new SigV4Signer(A, "us-east-1").headers(host(), "GetItem", signedBody);
    for (const [h, b] of [
      [headers, JSON.stringify(body)],
      // The same body under another operation (GetItem's key is a valid DeleteItem): the target is signed too.
      [{ ...headers, "x-amz-target": "DynamoDB_20120810.DeleteItem" }, signedBody],
    ] as const) {
      tally.tried++;
      const res = await fetch(server.endpoint, { method: "POST", headers: h, body: b });
      if (res.status === 200) tally.wronglyAdmitted++;
      expect(res.status).toBe(400);
      expect(((await res.json()) as { __type: string }).__type).toMatch(/#InvalidSignatureException$/);
    }

    // A body that is not an object: the signature is checked first (DynamoDB's order), then the body's shape.
    for (const [secret, type] of [["wrong", "InvalidSignatureException"], [A.secretAccessKey, "SerializationException"]] as const) {
      tally.tried++;
      const h = new SigV4Signer({ accessKeyId: A.accessKeyId, secretAccessKey: secret }, "us-east-1").headers(host(), "PutItem", "[]");
      const res = await fetch(server.endpoint, { method: "POST", headers: h, body: "[]" });
      if (res.status === 200) tally.wronglyAdmitted++;
      expect(((await res.json()) as { __type: string }).__type.split("#")[1]).toBe(type);
    }

    // Nothing above reached the data.
    const { Items } = await client(A).send(new ScanCommand({ TableName, ConsistentRead: true }));
    expect(Items).toEqual([item]);
  });

  it("guards the admin paths with the same keys: signed header, presigned URL, then the session cookie", async () => {
    const metrics = `${server.endpoint}/_shvm/metrics?format=json`;
    const refusedGet = async (url: string, init: RequestInit, type: string) => {
      tally.tried++;
      const res = await fetch(url, init);
      if (res.status === 200) tally.wronglyAdmitted++;
      expect({ status: res.status, type: String(((await res.json()) as { __type?: string }).__type).split("#")[1] }).toEqual({ status: 400, type });
    };
    await refusedGet(metrics, {}, "MissingAuthenticationTokenException");
    await refusedGet(`${server.endpoint}/_shvm/dashboard`, {}, "MissingAuthenticationTokenException");
    await refusedGet(`${server.endpoint}/_shvm/dashboard/app.js`, { headers: { cookie: "shvm_admin=AKIDALPHA.9999999999." + "0".repeat(64) } }, "MissingAuthenticationTokenException");

    const signer = (creds: typeof A) => new SignatureV4({ credentials: creds, region: "us-east-1", service: "dynamodb", sha256: WebSha256 });
    const u = new URL(metrics);
    const base = { method: "GET", protocol: "http:", hostname: u.hostname, port: Number(u.port), path: u.pathname, query: { format: "json" }, headers: { host: u.host } };

    // Header-signed GET.
    const signedGet = await signer(A).sign(base);
    tally.tried++;
    const byHeader = await fetch(metrics, { headers: signedGet.headers as Record<string, string> });
    expect(byHeader.status).toBe(200);
    expect(((await byHeader.json()) as { partitions: unknown[] }).partitions).toBeInstanceOf(Array);

    // A presigned dashboard URL sets a session cookie that opens the page's own fetches.
    // What `npm run admin-url` prints.
    const presigned = await presignedAdminUrl(server.endpoint, "/_shvm/dashboard", B, 300);
    tally.tried++;
    const page = await fetch(presigned, { redirect: "manual" });
    // On to the page without the signature in the URL, with the session cookie.
    expect({ status: page.status, location: page.headers.get("location") }).toEqual({ status: 303, location: "/_shvm/dashboard" });
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^shvm_admin=AKIDBETA\.\d+\.[0-9a-f]{64}$/);
    for (const path of ["/_shvm/dashboard", "/_shvm/metrics?format=json", "/_shvm/dashboard/app.js"]) {
      tally.tried++;
      expect((await fetch(`${server.endpoint}${path}`, { headers: { cookie } })).status).toBe(200);
    }
    // A reload of a presigned URL that has expired since still opens with the cookie, and without it does not.
    const stale = await presignedAdminUrl(server.endpoint, "/_shvm/dashboard", B, 1);
    await new Promise((r) => setTimeout(r, 2_100));
    tally.tried++;
    expect((await fetch(stale, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    await refusedGet(stale, {}, "InvalidSignatureException");
    // A presigned URL is for its own path; a forged cookie is no cookie.
    await refusedGet(presigned.replace("/_shvm/dashboard?", "/_shvm/metrics?"), {}, "InvalidSignatureException");
    await refusedGet(metrics, { headers: { cookie: cookie.replace(/.$/, (c) => (c === "0" ? "1" : "0")) } }, "MissingAuthenticationTokenException");
    await refusedGet(metrics, { headers: { cookie: cookie.replace("AKIDBETA", "AKIDALPHA") } }, "MissingAuthenticationTokenException");
  });

  it("keeps serving the health check, which shows no data", async () => {
    const res = await fetch(`${server.endpoint}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^healthy: /);
    await refused(client({ accessKeyId: "AKIDNOBODY", secretAccessKey: "x" }).send(new ListTablesCommand({})), "UnrecognizedClientException");
  });
});
