/**
 * DynamoDB JSON request bodies for the YCSB operations, built as text (no object graph, one JSON.stringify
 * per user string), and the parsing of replies into YCSB records and Statuses.
 *
 * Two call styles:
 * - "legacy" (default): exactly the calls YCSB's DynamoDB binding makes, so numbers compare with published
 *   YCSB results — GetItem/Scan with AttributesToGet, UpdateItem with AttributeUpdates (Action PUT), PutItem,
 *   DeleteItem.
 * - "expressions": the same operations through the expression parameters a current application uses —
 *   ProjectionExpression, UpdateExpression `SET #a = :a, ...` — with every name and value passed as a
 *   placeholder (no reserved-word or escaping concerns).
 */
import type { FieldValues, Status } from "../binding.js";

export type DynamoApi = "legacy" | "expressions";

/** What every body of one binding shares: the key attribute's name and the call style. */
export interface BodyContext {
  /** JSON text of the primary key attribute's name. */
  readonly pkJson: string;
  readonly api: DynamoApi;
  readonly consistentRead: boolean;
}

export const q = (s: string): string => JSON.stringify(s);

/** `{"<pk>":{"S":"<key>"}}`: a Key, also the ExclusiveStartKey of a scan from `key`. */
export const keyJson = (c: BodyContext, key: string): string => `{${c.pkJson}:{"S":${q(key)}}}`;

/** The fields to read: `AttributesToGet` or `ProjectionExpression` (+ names), or nothing for "all". */
function projection(c: BodyContext, fields: readonly string[] | null): string {
  if (fields === null) return "";
  // An empty list asks for no fields; DynamoDB rejects an empty projection, so ask for the key alone.
  if (fields.length === 0) return c.api === "legacy" ? `,"AttributesToGet":[${c.pkJson}]` : `,"ProjectionExpression":"#k","ExpressionAttributeNames":{"#k":${c.pkJson}}`;
  if (c.api === "legacy") return `,"AttributesToGet":[${fields.map(q).join(",")}]`;
  const names = fields.map((f, i) => `"#f${i}":${q(f)}`).join(",");
  return `,"ProjectionExpression":${q(fields.map((_, i) => `#f${i}`).join(","))},"ExpressionAttributeNames":{${names}}`;
}

export function getItemBody(c: BodyContext, tableJson: string, key: string, fields: readonly string[] | null): string {
  return `{"TableName":${tableJson},"Key":${keyJson(c, key)}${c.consistentRead ? ',"ConsistentRead":true' : ""}${projection(c, fields)}}`;
}

export function putItemBody(c: BodyContext, tableJson: string, key: string, values: FieldValues): string {
  let item = `${c.pkJson}:{"S":${q(key)}}`;
  for (const f in values) item += `,${q(f)}:{"S":${q(values[f] as string)}}`;
  return `{"TableName":${tableJson},"Item":{${item}}}`;
}

export function updateItemBody(c: BodyContext, tableJson: string, key: string, values: FieldValues): string {
  const head = `{"TableName":${tableJson},"Key":${keyJson(c, key)}`;
  const fields = Object.keys(values);
  if (fields.length === 0) return `${head}}`;
  if (c.api === "legacy") {
    const updates = fields.map((f) => `${q(f)}:{"Action":"PUT","Value":{"S":${q(values[f] as string)}}}`).join(",");
    return `${head},"AttributeUpdates":{${updates}}}`;
  }
  const set = fields.map((_, i) => `#f${i} = :v${i}`).join(", ");
  const names = fields.map((f, i) => `"#f${i}":${q(f)}`).join(",");
  const vals = fields.map((f, i) => `":v${i}":{"S":${q(values[f] as string)}}`).join(",");
  return `${head},"UpdateExpression":${q(`SET ${set}`)},"ExpressionAttributeNames":{${names}},"ExpressionAttributeValues":{${vals}}}`;
}

export function deleteItemBody(c: BodyContext, tableJson: string, key: string): string {
  return `{"TableName":${tableJson},"Key":${keyJson(c, key)}}`;
}

/** One Scan page of at most `limit` items after `exclusiveStartKey` (the JSON of a LastEvaluatedKey or a key). */
export function scanBody(c: BodyContext, tableJson: string, limit: number, exclusiveStartKey: string, fields: readonly string[] | null): string {
  return `{"TableName":${tableJson},"Limit":${limit},"ExclusiveStartKey":${exclusiveStartKey}${c.consistentRead ? ',"ConsistentRead":true' : ""}${projection(c, fields)}}`;
}

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** A DynamoDB item as a YCSB record: string attributes as they are, the key attribute left out. */
export function itemToRecord(item: Item, pkName: string): FieldValues {
  const out: FieldValues = {};
  for (const name in item) {
    if (name === pkName) continue;
    const v = item[name] as AttributeValue;
    // YCSB only writes S; anything else (written by someone else) is kept visible rather than dropped.
    out[name] = typeof v.S === "string" ? v.S : JSON.stringify(v);
  }
  return out;
}

export interface GetItemReply {
  Item?: Item;
}
export interface ScanReply {
  Items?: Item[];
  Count?: number;
  LastEvaluatedKey?: Item;
}

/** The short error name of a DynamoDB error reply (`...#ValidationException` → `ValidationException`), or "". */
export function errorType(body: string): string {
  try {
    const t = (JSON.parse(body) as { __type?: unknown }).__type;
    if (typeof t !== "string") return "";
    const hash = t.lastIndexOf("#");
    return hash >= 0 ? t.slice(hash + 1) : t;
  } catch {
    return "";
  }
}

const THROTTLED = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);
const FORBIDDEN = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "MissingAuthenticationTokenException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
]);
const BAD_REQUEST = new Set(["ValidationException", "SerializationException"]);

/**
 * The Status of a non-200 reply. YCSB's binding reports every service error as ERROR; the finer names here
 * (throttling and 503 as SERVICE_UNAVAILABLE, auth failures as FORBIDDEN, malformed requests as BAD_REQUEST)
 * tell a run's return-code counts apart without changing what counts as success.
 */
export function errorStatus(httpStatus: number, type: string): Status {
  if (THROTTLED.has(type) || httpStatus === 503) return "SERVICE_UNAVAILABLE";
  if (FORBIDDEN.has(type)) return "FORBIDDEN";
  if (BAD_REQUEST.has(type)) return "BAD_REQUEST";
  return "ERROR";
}
