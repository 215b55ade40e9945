/** Wire protocol contract, checked with hand-written HTTP requests (the SDK would never send these). */
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import CRC32 from "crc-32";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, rawRequest, tableInput, uniqueName, type RawResponse, type Target } from "./target";

const CORAL = "com.amazon.coral.service#";

/** CRC32 of the body bytes as DynamoDB sends it in x-amz-crc32: unsigned decimal. */
const crcOf = (text: string) => String(CRC32.buf(Buffer.from(text, "utf8")) >>> 0);

const shape = (r: RawResponse) => ({ status: r.status, body: r.json });

export function protocolCases(t: Target): void {
  const table = uniqueName("proto");
  beforeAll(async () => {
    await createTable(t.client(), tableInput(table));
    await t.client().send(new PutItemCommand({ TableName: table, Item: { id: { S: "unicode" }, s: { S: "héllo ✓ 世界 🚀" } } }));
  });
  const raw = (req: Parameters<typeof rawRequest>[1]) => rawRequest(t.endpoint(), req);

  caseIt(t, "protocol.unknown-operation", "an unknown X-Amz-Target operation answers UnknownOperationException", async () => {
    expect(shape(await raw({ target: "DynamoDB_20120810.DoSomething" }))).toEqual({
      status: 400,
      body: { __type: `${CORAL}UnknownOperationException` },
    });
  });

  caseIt(t, "protocol.unknown-service", "an unknown X-Amz-Target service answers UnknownOperationException", async () => {
    expect(shape(await raw({ target: "Nope_20120810.ListTables" }))).toEqual({
      status: 400,
      body: { __type: `${CORAL}UnknownOperationException` },
    });
  });

  caseIt(t, "protocol.missing-target", "a request without X-Amz-Target answers UnknownOperationException", async () => {
    expect(shape(await raw({ target: null }))).toEqual({ status: 400, body: { __type: `${CORAL}UnknownOperationException` } });
  });

  caseIt(t, "protocol.bad-json", "an unparsable body answers SerializationException", async () => {
    const res = await raw({ op: "ListTables", body: '{"Limit": 1,' });
    expect(res.status).toBe(400);
    expect(res.json?.__type).toBe(`${CORAL}SerializationException`);
  });

  caseIt(t, "protocol.wrong-json-type", "a member of the wrong JSON type answers SerializationException", async () => {
    expect(shape(await raw({ op: "ListTables", body: { Limit: "five" } }))).toEqual({
      status: 400,
      body: { __type: `${CORAL}SerializationException`, Message: "STRING_VALUE cannot be converted to Integer" },
    });
  });

  caseIt(t, "protocol.missing-auth", "a request without Authorization answers MissingAuthenticationTokenException", async () => {
    expect(shape(await raw({ op: "ListTables", authorization: null }))).toEqual({
      status: 400,
      body: { __type: `${CORAL}MissingAuthenticationTokenException`, message: "Request is missing Authentication Token" },
    });
  });

  caseIt(t, "protocol.health", "GET / answers 200 healthy: <host>", async () => {
    const res = await fetch(`${t.endpoint()}/`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^healthy: \S+/);
  });

  caseIt(t, "protocol.crc32", "x-amz-crc32 is the CRC32 of the body bytes", async () => {
    const ok = await raw({ op: "GetItem", body: { TableName: table, Key: { id: { S: "unicode" } } } });
    expect(ok.status).toBe(200);
    expect(ok.json?.Item).toBeDefined();
    expect(ok.headers.get("x-amz-crc32")).toBe(crcOf(ok.text));
    const err = await raw({ op: "GetItem", body: { TableName: table, Key: { nope: { S: "x" } } } });
    expect(err.status).toBe(400);
    expect(err.headers.get("x-amz-crc32")).toBe(crcOf(err.text));
  });

  caseIt(t, "protocol.request-id", "every JSON answer carries x-amzn-RequestId", async () => {
    const ok = await raw({ op: "ListTables", body: { Limit: 1 } });
    const bad = await raw({ op: "ListTables", body: "{" });
    const unknown = await raw({ target: "DynamoDB_20120810.Nope" });
    for (const res of [ok, bad, unknown]) expect(res.headers.get("x-amzn-requestid")).toMatch(/\S/);
    expect(ok.headers.get("x-amzn-requestid")).not.toBe(bad.headers.get("x-amzn-requestid"));
  });

  caseIt(t, "protocol.content-type", "answers with application/x-amz-json-1.0 to a 1.0 request", async () => {
    const ok = await raw({ op: "ListTables", body: { Limit: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    const err = await raw({ op: "DescribeTable", body: { TableName: uniqueName("none") } });
    expect(err.status).toBe(400);
    expect(err.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  });

  caseIt(t, "protocol.content-type-1.1", "accepts application/x-amz-json-1.1", async () => {
    const res = await raw({ op: "GetItem", contentType: "application/x-amz-json-1.1", body: { TableName: table, Key: { id: { S: "unicode" } } } });
    expect(res.status).toBe(200);
    expect(res.json?.Item).toEqual({ id: { S: "unicode" }, s: { S: "héllo ✓ 世界 🚀" } });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-amz-json-1\.[01]$/);
  });

  caseIt(t, "protocol.sdk-unicode", "the SDK reads back multi-byte strings intact (CRC checked by the SDK)", async () => {
    const out = await t.client().send(new GetItemCommand({ TableName: table, Key: { id: { S: "unicode" } } }));
    expect(out.Item?.s).toEqual({ S: "héllo ✓ 世界 🚀" });
  });
}

export function robustnessCases(t: Target): void {
  const table = uniqueName("robust");
  beforeAll(async () => {
    await createTable(t.client(), tableInput(table));
  });

  caseIt(
    t,
    "robustness.malformed-burst",
    "still serves GetItem after a burst of malformed requests",
    async () => {
      const item = { id: { S: "survivor" }, v: { N: "1" }, l: { L: [{ S: "x" }] } };
      await t.client().send(new PutItemCommand({ TableName: table, Item: item }));

      const endpoint = t.endpoint();
      const deep = "[".repeat(100_000) + "]".repeat(100_000);
      // Named, so that a target known to mishandle one of them can leave it out (deviation id
      // `robustness.payload.<name>`): the others still run.
      const all: Record<string, Parameters<typeof rawRequest>[1]> = {
        "truncated-json": { op: "GetItem", body: "{" },
        "empty-body": { op: "GetItem", body: "" },
        "null-body": { op: "GetItem", body: "null" },
        "array-body": { op: "GetItem", body: "[]" },
        "string-body": { op: "GetItem", body: '"string"' },
        "control-chars": { op: "GetItem", body: "\u0000\u0001\u0002\uffff" },
        "deep-nesting": { op: "GetItem", body: deep },
        "deep-item": { op: "PutItem", body: `{"TableName":"${table}","Item":${deep}}` },
        "key-not-map": { op: "GetItem", body: { TableName: table, Key: "not a map" } },
        "key-number-as-string": { op: "GetItem", body: { TableName: table, Key: { id: { S: 5 } } } },
        "key-two-types": { op: "GetItem", body: { TableName: table, Key: { id: { S: "a", N: "1" } } } },
        "key-unknown-type": { op: "GetItem", body: { TableName: table, Key: { id: { Q: "a" } } } },
        "huge-exponent": { op: "PutItem", body: { TableName: table, Item: { id: { S: "x" }, n: { N: "1e999999" } } } },
        "bad-base64": { op: "PutItem", body: { TableName: table, Item: { id: { S: "x" }, b: { B: "!!!not base64" } } } },
        "nested-empty-value": { op: "PutItem", body: { TableName: table, Item: { id: { S: "x" }, m: { M: { a: { L: [{ M: { b: {} } }] } } } } } },
        "batch-write-empty-request": { op: "BatchWriteItem", body: { RequestItems: { [table]: [{}] } } },
        "batch-get-null-key": { op: "BatchGetItem", body: { RequestItems: { [table]: { Keys: [null] } } } },
        "create-table-garbage": { op: "CreateTable", body: { TableName: table, KeySchema: "x" } },
        "delete-table-number-name": { op: "DeleteTable", body: { TableName: 12 } },
        "empty-operation": { target: "DynamoDB_20120810." },
        "dots-target": { target: "......" },
        "three-part-target": { target: "DynamoDB_20120810.GetItem.Extra" },
        "no-auth": { op: "GetItem", authorization: null },
        "basic-auth": { op: "GetItem", authorization: "Basic abc" },
        "text-plain": { op: "GetItem", contentType: "text/plain", body: "hello" },
        "put-method": { op: "GetItem", method: "PUT", body: {} },
      };
      const malformed = Object.entries(all)
        .filter(([name]) => t.deviations[`robustness.payload.${name}`] === undefined || process.env.CONFORMANCE_RUN_DEVIATIONS === "1")
        .map(([name, req]) => ({ name, req }));
      // Several rounds, a few requests in flight at a time.
      const wrong = new Set<string>();
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < malformed.length; i += 6) {
          const batch = malformed.slice(i, i + 6).map(async ({ name, req }) => {
            const r = await rawRequest(endpoint, req);
            if (r.status < 400 || r.status >= 500) wrong.add(`${name}: ${r.status} ${r.text.slice(0, 120)}`);
          });
          await Promise.all(batch);
        }
      }
      // DynamoDB answers all of these as client errors; a 5xx (or a dropped connection, which throws
      // above) means the server was hurt by them.
      expect([...wrong]).toEqual([]);

      const out = await t.client().send(new GetItemCommand({ TableName: table, Key: { id: { S: "survivor" } }, ConsistentRead: true }));
      expect(out.Item).toEqual(item);
    },
    60_000,
  );
}
