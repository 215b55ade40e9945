/**
 * The inputs the issue names, each with the answer DynamoDB gives: bodies over 16 MB, items over 400 KB, JSON
 * nested 100,000 levels deep, AttributeValues past the 32-level document limit, invalid UTF-8, wrong content
 * types, empty and non-object bodies, wrong key names and types. Where DynamoDB's exact answer is not recorded
 * (JSON past the server's depth limit, invalid UTF-8), shvm-db answers as for any body its JSON reader refuses:
 * a bare SerializationException. Every rejected request must leave the canary items as they were.
 */
import type { CanaryItem, Item, Tables } from "./corpus";
import { isWrite, type Harness } from "./harness";
import { apiRequest, MAX_BODY_BYTES, type WireRequest } from "./wire";

type Expected =
  | "success"
  | { status?: number; type?: string | RegExp; message?: string | RegExp; noMessage?: true };

const ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size";
const ITEM_UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size";
const NESTING = /^Nesting Levels have exceeded supported limits/;
const NO_MATCH = "The provided key element does not match the schema";
const SERIALIZATION = { status: 400, type: "SerializationException" } as const;
const NOT_API = { status: 404, type: "UnknownOperationException" } as const;

async function expectAnswer(h: Harness, canary: readonly CanaryItem[], name: string, req: WireRequest, want: Expected): Promise<void> {
  const label = `[named] ${name}`;
  const { verdict } = await h.call(req, label);
  if (verdict.kind === "bad") {
    await h.checkUnchanged(canary, label, req, verdict);
    return; // recorded by call()
  }
  if (want === "success") {
    if (verdict.kind !== "accepted") h.problem("unexpected answer", label, `expected success, got ${verdict.type}: ${verdict.message}`);
  } else if (verdict.kind === "accepted") {
    h.problem("unexpected answer", label, `expected ${String(want.type ?? "an error")}, got success`);
  } else {
    const wrong: string[] = [];
    if (want.status !== undefined && verdict.status !== want.status) wrong.push(`status ${verdict.status} (expected ${want.status})`);
    const typeOk = want.type === undefined || (typeof want.type === "string" ? verdict.type === want.type : want.type.test(verdict.type));
    if (!typeOk) wrong.push(`type ${verdict.type} (expected ${String(want.type)})`);
    if (want.message !== undefined) {
      const m = verdict.message ?? "";
      const ok = typeof want.message === "string" ? m === want.message : want.message.test(m);
      if (!ok) wrong.push(`message ${JSON.stringify(m)} (expected ${String(want.message)})`);
    }
    if (want.noMessage && verdict.message !== undefined) wrong.push(`message ${JSON.stringify(verdict.message)} (DynamoDB sends none)`);
    if (wrong.length) h.problem("unexpected answer", label, wrong.join("; "));
  }
  if (verdict.kind === "accepted") {
    if (isWrite(req)) await h.restore(canary);
  } else await h.checkUnchanged(canary, label, req, verdict);
}

const put = (table: string, item: Item | string) => apiRequest("PutItem", `{"TableName":${JSON.stringify(table)},"Item":${typeof item === "string" ? item : JSON.stringify(item)}}`);
const mapNest = (levels: number) => '{"M":{"x":'.repeat(levels) + '{"S":"leaf"}' + "}}".repeat(levels);
const listNest = (levels: number) => '{"L":['.repeat(levels) + '{"S":"leaf"}' + "]}".repeat(levels);

/** A PutItem body whose string attribute `s` carries `bytes` raw (not escaped) between valid text. */
function putWithRawBytes(table: string, key: Item, bytes: number[]): WireRequest {
  const head = `{"TableName":${JSON.stringify(table)},"Item":{${JSON.stringify(Object.keys(key)[0])}:${JSON.stringify(Object.values(key)[0])},"s":{"S":"ab`;
  return apiRequest("PutItem", Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from('cd"}}}')]));
}

export async function runNamed(h: Harness, tables: Tables, canary: readonly CanaryItem[]): Promise<void> {
  const hashItem = canary.find((c) => c.table === tables.hash)!;
  const rangeItem = canary.find((c) => c.table === tables.range)!;
  const T = tables.hash;
  const id = hashItem.key.id!.S as string;
  const changed: Item = { ...hashItem.item, n: { N: "999" } };
  const ask = (name: string, req: WireRequest, want: Expected) => expectAnswer(h, canary, name, req, want);

  // ---- size limits ----
  const over16 = put(T, { ...hashItem.item, big: { S: "x".repeat(MAX_BODY_BYTES) } });
  await ask("body over 16 MB", over16, { status: 413 });
  // Without a Content-Length the server counts what arrives: over 16 MB is refused all the same.
  await ask("chunked body over 16 MB", { ...over16, chunked: true }, { status: 413 });
  const bigger = put(T, { ...hashItem.item, big: { S: "x".repeat(60 * 1024 * 1024) } });
  await ask("body of 60 MB", bigger, { status: 413 });
  await ask("chunked body of 60 MB", { ...bigger, chunked: true }, { status: 413 });
  await ask("chunked PutItem", { ...put(T, changed), chunked: true }, "success");
  // Just under 16 MB the body is parsed: the item is what is too large.
  const under16 = put(T, { ...hashItem.item, big: { S: "x".repeat(MAX_BODY_BYTES - 2048) } });
  await ask("body just under 16 MB with a 16 MB item", under16, { status: 400, type: "ValidationException", message: ITEM_TOO_LARGE });

  // Item size: attribute names plus UTF-8 string lengths (DynamoDB's rule); 409,600 bytes is the most.
  const sized = (total: number) => ({ id: { S: id }, big: { S: "x".repeat(total - "id".length - id.length - "big".length) } });
  await ask("item of exactly 400 KB", put(T, sized(400 * 1024)), "success");
  await ask("item over 400 KB", put(T, sized(400 * 1024 + 1)), { type: "ValidationException", message: ITEM_TOO_LARGE });
  await ask(
    "BatchWriteItem item over 400 KB",
    apiRequest("BatchWriteItem", JSON.stringify({ RequestItems: { [T]: [{ PutRequest: { Item: sized(400 * 1024 + 1) } }] } })),
    { type: "ValidationException", message: ITEM_TOO_LARGE },
  );
  await ask(
    "UpdateItem value over 400 KB",
    apiRequest("UpdateItem", JSON.stringify({ TableName: T, Key: hashItem.key, UpdateExpression: "SET big = :v", ExpressionAttributeValues: { ":v": { S: "x".repeat(400 * 1024) } } })),
    { type: "ValidationException", message: ITEM_UPDATE_TOO_LARGE },
  );
  // An update that only the stored item makes too large is refused inside the partition: the 300 KB item stays.
  const bulky = { ...hashItem.item, bulk: { S: "y".repeat(300 * 1024) } };
  await h.must("PutItem", { TableName: T, Item: bulky });
  const bulkyCanary = canary.map((c) => (c === hashItem ? { ...c, item: bulky } : c));
  await expectAnswer(
    h,
    bulkyCanary,
    "UpdateItem growing a stored item past 400 KB",
    apiRequest("UpdateItem", JSON.stringify({ TableName: T, Key: hashItem.key, UpdateExpression: "SET more = :v", ExpressionAttributeValues: { ":v": { S: "z".repeat(150 * 1024) } } })),
    { type: "ValidationException", message: ITEM_UPDATE_TOO_LARGE },
  );
  await h.restore(canary);

  // ---- JSON nesting: past MAX_JSON_DEPTH (http/request.ts) refused before parsing ----
  const deep = 100_000;
  await ask("100,000 unclosed [", apiRequest("PutItem", "[".repeat(deep)), SERIALIZATION);
  await ask("100,000 levels of [ ]", apiRequest("PutItem", "[".repeat(deep) + "]".repeat(deep)), SERIALIZATION);
  await ask("item attribute 100,000 levels of [ ]", put(T, `{"id":{"S":${JSON.stringify(id)}},"a":${"[".repeat(deep)}${"]".repeat(deep)}}`), SERIALIZATION);
  await ask(
    "unknown member 100,000 levels deep",
    apiRequest("PutItem", `{"TableName":${JSON.stringify(T)},"Item":${JSON.stringify(changed)},"Extra":${'{"a":'.repeat(deep)}1${"}".repeat(deep)}}`),
    SERIALIZATION,
  );
  await ask("100,000 levels of {\"a\":", apiRequest("GetItem", '{"a":'.repeat(deep) + "1" + "}".repeat(deep)), SERIALIZATION);

  // ---- the 32-level document limit ----
  const attr = (v: string) => `{"id":{"S":${JSON.stringify(id)}},"deep":${v}}`;
  await ask("31 nested maps", put(T, attr(mapNest(31))), "success");
  await ask("32 nested maps", put(T, attr(mapNest(32))), { type: "ValidationException", message: NESTING });
  await ask("32 nested lists", put(T, attr(listNest(32))), { type: "ValidationException", message: NESTING });
  await ask("3,000 nested maps", put(T, attr(mapNest(3000))), { type: "ValidationException", message: NESTING });
  await ask(
    "32 nested maps in ExpressionAttributeValues",
    apiRequest("UpdateItem", `{"TableName":${JSON.stringify(T)},"Key":${JSON.stringify(hashItem.key)},"UpdateExpression":"SET d = :v","ExpressionAttributeValues":{":v":${mapNest(32)}}}`),
    { type: "ValidationException", message: NESTING },
  );
  await ask("32 nested maps in a Key", apiRequest("GetItem", `{"TableName":${JSON.stringify(T)},"Key":{"id":${mapNest(32)}}}`), { type: "ValidationException", message: NESTING });

  // ---- invalid UTF-8 ----
  const invalid: Array<[string, number[]]> = [
    ["0xff", [0xff]],
    ["a lone continuation byte", [0x80]],
    ["an overlong NUL (c0 80)", [0xc0, 0x80]],
    ["an encoded surrogate (ed a0 80)", [0xed, 0xa0, 0x80]],
    ["a truncated sequence (e2 82)", [0xe2, 0x82]],
    ["a code point past U+10FFFF (f4 90 80 80)", [0xf4, 0x90, 0x80, 0x80]],
  ];
  for (const [what, bytes] of invalid) await ask(`invalid UTF-8: ${what}`, putWithRawBytes(T, hashItem.key, bytes), SERIALIZATION);
  // The same place with valid multi-byte UTF-8 is stored as sent.
  await ask("valid 4-byte UTF-8", putWithRawBytes(T, hashItem.key, [0xf0, 0x9f, 0x9a, 0x80]), "success");

  // ---- content types, empty and non-object bodies ----
  for (const type of ["text/plain", "application/xml", "application/octet-stream", "application/x-www-form-urlencoded", undefined]) {
    const req = put(T, changed);
    if (type === undefined) delete req.headers["content-type"];
    else req.headers["content-type"] = type;
    await ask(`content type ${type ?? "(none)"}`, req, NOT_API);
  }
  // Another method is not an API request either, whatever its body: answered once the body is in.
  for (const method of ["PUT", "DELETE", "PATCH"]) {
    await ask(`${method} with a 5 MB body`, { ...put(T, { ...changed, big: { S: "x".repeat(5 * 1024 * 1024) } }), method }, NOT_API);
  }
  const json = put(T, changed);
  json.headers["content-type"] = "application/json";
  await ask("content type application/json", json, "success");
  await ask("empty body", apiRequest("PutItem", ""), { ...SERIALIZATION, noMessage: true });
  const emptyPlain = apiRequest("PutItem", "", "text/plain");
  await ask("empty body, text/plain", emptyPlain, SERIALIZATION);
  // DynamoDB's answer to a non-object body is not recorded (dynalite's is accidental): a client error, no more.
  for (const body of ["null", "[]", "[{}]", '"PutItem"', "1", "true"]) {
    await ask(`body ${body}`, apiRequest("PutItem", body), { status: 400, type: /^(Serialization|Validation)Exception$/ });
  }

  // ---- unicode edge cases as keys: each its own item (a lone surrogate is not U+FFFD) ----
  const oddKeys = ["\ud800", "\udbff", "\udc00", "\ufffd", "\u0000", "\ufeff", "\u200f", "e\u0301", "\u00e9"];
  for (const [i, k] of oddKeys.entries()) {
    await ask(`PutItem key ${JSON.stringify(k)}`, put(T, { id: { S: k }, v: { S: `value ${i}` } }), "success");
  }
  for (const [i, k] of oddKeys.entries()) {
    const label = `[named] GetItem key ${JSON.stringify(k)}`;
    const { verdict } = await h.call(apiRequest("GetItem", JSON.stringify({ TableName: T, Key: { id: { S: k } }, ConsistentRead: true })), label);
    const got = verdict.kind === "accepted" ? JSON.stringify(verdict.json.Item) : verdict.kind;
    const want = JSON.stringify({ id: { S: k }, v: { S: `value ${i}` } });
    if (got !== want) h.problem("unexpected answer", label, `read ${got}, wrote ${want}`);
  }

  // ---- a null where the model has a structure ----
  await ask(
    "CreateTable with a null AttributeDefinition",
    apiRequest("CreateTable", JSON.stringify({ TableName: `${T}-new`, AttributeDefinitions: [null], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" })),
    { type: "ValidationException", message: /^2 validation errors detected: Value null at 'attributeDefinitions\.1\.member\.attributeName'/ },
  );
  await ask(
    "CreateTable with a null KeySchemaElement",
    apiRequest("CreateTable", JSON.stringify({ TableName: `${T}-new`, AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [null], BillingMode: "PAY_PER_REQUEST" })),
    { type: "ValidationException", message: /Value null at 'keySchema\.1\.member\.attributeName'/ },
  );

  // ---- wrong key names and types (DynamoDB's messages, as dynalite records them) ----
  const invalidParam = "One or more parameter values were invalid: ";
  await ask("GetItem key of the wrong type", apiRequest("GetItem", JSON.stringify({ TableName: T, Key: { id: { N: "1" } } })), { type: "ValidationException", message: NO_MATCH });
  await ask("DeleteItem key with an extra attribute", apiRequest("DeleteItem", JSON.stringify({ TableName: T, Key: { ...hashItem.key, other: { S: "x" } } })), { type: "ValidationException", message: NO_MATCH });
  await ask("UpdateItem key of the wrong name", apiRequest("UpdateItem", JSON.stringify({ TableName: T, Key: { ID: hashItem.key.id }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": { N: "1" } } })), { type: "ValidationException", message: NO_MATCH });
  await ask("PutItem key of the wrong type", put(T, { ...changed, id: { N: "1" } }), { type: "ValidationException", message: `${invalidParam}Type mismatch for key id expected: S actual: N` });
  const { id: _drop, ...keyless } = changed;
  await ask("PutItem without its key", put(T, keyless), { type: "ValidationException", message: `${invalidParam}Missing the key id in the item` });
  await ask(
    "Query sort key condition of the wrong type",
    apiRequest("Query", JSON.stringify({ TableName: tables.range, KeyConditionExpression: "pk = :p AND sk > :s", ExpressionAttributeValues: { ":p": rangeItem.key.pk, ":s": { S: "1" } } })),
    { type: "ValidationException" },
  );
}
