/**
 * DynamoDB JSON-API request bodies of the in-workerd A/B driver (metrics-ab-worker.ts: bench:metrics, bench:auth):
 * YCSB-like items (`pk` plus field0..field9 of 100 characters), built as text. It runs inside workerd, so it cannot
 * use the harness's Node binding (harness/bindings/dynamodb-requests.ts).
 */

/** Signature checks accept any well-formed SigV4 header, so a constant one is enough. */
export function dynamoHeaders(operation: string): Record<string, string> {
  return {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `DynamoDB_20120810.${operation}`,
    "x-amz-date": "20240101T000000Z",
    authorization: "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc",
  };
}

export const keyName = (n: number): string => `user${n}`;

export const FIELD_COUNT = 10;
export const FIELD_LENGTH = 100;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Random text is cut from one pre-generated pool so that making a request costs the client almost
 * nothing (the client shares the machine with the server). Only [A-Za-z0-9]: no JSON escaping needed.
 */
export function randomPool(size = 1 << 16): string {
  let s = "";
  for (let i = 0; i < size; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

/** The Item of a YCSB-like record: `pk` (S) plus field0..field9 of 100 random characters, as JSON text. */
export function ycsbItemJson(key: string, pool: string): string {
  let s = `{"pk":{"S":"${key}"}`;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const at = Math.floor(Math.random() * (pool.length - FIELD_LENGTH));
    s += `,"field${f}":{"S":"${pool.slice(at, at + FIELD_LENGTH)}"}`;
  }
  return s + "}";
}

export const putItemBody = (table: string, itemJson: string): string => `{"TableName":${JSON.stringify(table)},"Item":${itemJson}}`;
export const getItemBody = (table: string, key: string): string => `{"TableName":${JSON.stringify(table)},"Key":{"pk":{"S":"${key}"}}}`;

export function createTableBody(table: string, partitions: number): string {
  return JSON.stringify({
    TableName: table,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    Tags: [{ Key: "shvm:partitions", Value: String(partitions) }],
  });
}
