/**
 * DynamoDB JSON-API request bodies for the engine benchmark (YCSB-like items) and the workload the
 * driver threads run. Request construction only: all measuring lives in the driver (load-worker.ts).
 */
import type { BenchRequest, ThreadInfo, Workload, WorkloadFactory } from "./workload.js";

/** Signature checks accept any well-formed SigV4 header, so a constant one is enough. */
export function dynamoHeaders(operation: string, partitions: number): Record<string, string> {
  return {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `DynamoDB_20120810.${operation}`,
    "x-amz-date": "20240101T000000Z",
    authorization: "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc",
    // Read only by the ceiling worker (the engine takes its partition count from the table tag).
    "x-shvm-bench-partitions": String(partitions),
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

/** Each thread owns a contiguous slice of the keyspace, so "keys loaded so far" stays a simple count. */
export function threadKeyRange(keys: number, thread: ThreadInfo): { lo: number; hi: number } {
  return { lo: Math.floor((keys * thread.index) / thread.count), hi: Math.floor((keys * (thread.index + 1)) / thread.count) };
}

export interface DynamoWorkloadOptions {
  /** put/get: both targets; update (one-field SET, YCSB-style) and cput (conditional put): engine only. */
  op: "put" | "get" | "update" | "cput" | "query";
  table: string;
  keys: number;
  partitions: number;
  /** put: per thread, the offset in its key slice to start at (default 0). Writes wrap around the slice. */
  startAt?: number[];
  /** put: per thread, stop after this many requests (default: never, the phase's duration ends it). */
  limit?: number[];
}

export const createWorkload: WorkloadFactory = (raw, thread) => {
  const o = raw as DynamoWorkloadOptions;
  if (o.op === "put" || o.op === "cput") return putWorkload(o, thread);
  if (o.op === "update") return updateWorkload(o);
  if (o.op === "query") return queryWorkload(o);
  return getWorkload(o);
};

function putWorkload(o: DynamoWorkloadOptions, thread: ThreadInfo): Workload {
  const { lo, hi } = threadKeyRange(o.keys, thread);
  const span = hi - lo;
  const limit = o.limit?.[thread.index] ?? Infinity;
  const headers = dynamoHeaders("PutItem", o.partitions);
  const pool = randomPool();
  // The conditional put only writes over an existing item: every key was loaded before this phase.
  const condition = o.op === "cput" ? `,"ConditionExpression":"attribute_exists(pk)"` : "";
  let offset = o.startAt?.[thread.index] ?? 0;
  let sent = 0;
  return {
    next(): BenchRequest | undefined {
      if (span <= 0 || sent >= limit) return undefined;
      sent++;
      const key = keyName(lo + (offset++ % span));
      const body = putItemBody(o.table, ycsbItemJson(key, pool));
      return { path: "/", headers, body: condition ? `${body.slice(0, -1)}${condition}}` : body };
    },
    // PutItem without ReturnValues answers `{}`; anything that is not a JSON object is a wrong answer.
    check: (_req, body) => (body.startsWith("{") ? undefined : `PutItem answered a non-object: ${body.slice(0, 200)}`),
  };
}

function getWorkload(o: DynamoWorkloadOptions): Workload {
  const headers = dynamoHeaders("GetItem", o.partitions);
  return {
    next: () => ({ path: "/", headers, body: getItemBody(o.table, keyName(Math.floor(Math.random() * o.keys))) }),
    // Every key was loaded by the put phase, so a reply without an Item is a wrong answer (and a cheaper one).
    check: (req, body) => (body.includes('"Item"') ? undefined : `GetItem found no Item for ${req.body}: ${body.slice(0, 200)}`),
  };
}

/** YCSB's update: one random field of a loaded record SET to a new 100-character value. */
function updateWorkload(o: DynamoWorkloadOptions): Workload {
  const headers = dynamoHeaders("UpdateItem", o.partitions);
  const pool = randomPool();
  return {
    next: () => {
      const key = keyName(Math.floor(Math.random() * o.keys));
      const field = `field${Math.floor(Math.random() * FIELD_COUNT)}`;
      const at = Math.floor(Math.random() * (pool.length - FIELD_LENGTH));
      const value = JSON.stringify(pool.slice(at, at + FIELD_LENGTH));
      const body =
        `{"TableName":${JSON.stringify(o.table)},"Key":{"pk":{"S":"${key}"}},"UpdateExpression":"SET #f = :v",` +
        `"ExpressionAttributeNames":{"#f":"${field}"},"ExpressionAttributeValues":{":v":{"S":${value}}}}`;
      return { path: "/", headers, body };
    },
    check: (_req, body) => (body.startsWith("{") ? undefined : `UpdateItem answered a non-object: ${body.slice(0, 200)}`),
  };
}

/** Query: all items of one random group (`g<n>`, loaded by bench-read.ts with 10 sort keys each). */
function queryWorkload(o: DynamoWorkloadOptions): Workload {
  const headers = dynamoHeaders("Query", o.partitions);
  return {
    next: () => {
      const g = `g${Math.floor(Math.random() * o.keys)}`;
      const body =
        `{"TableName":${JSON.stringify(o.table)},"KeyConditionExpression":"h = :h",` + `"ExpressionAttributeValues":{":h":{"S":"${g}"}}}`;
      return { path: "/", headers, body };
    },
    check: (_req, body) => (body.includes('"Count":10') ? undefined : `Query did not return 10 items: ${body.slice(0, 200)}`),
  };
}
