/**
 * One-off DynamoDB calls the benchmark makes outside the measured load: CreateTable (+ wait for
 * ACTIVE) and a PutItem/GetItem round trip that proves a target really stores and returns items
 * before its numbers are trusted.
 */
import { createTableBody, dynamoHeaders, getItemBody, putItemBody, randomPool, ycsbItemJson } from "./dynamo-workload.js";

async function call(url: string, operation: string, body: string, partitions: number): Promise<{ status: number; text: string }> {
  const res = await fetch(url + "/", { method: "POST", headers: dynamoHeaders(operation, partitions), body });
  return { status: res.status, text: await res.text() };
}

export async function createTable(url: string, table: string, partitions: number, timeoutMs = 30_000): Promise<void> {
  const created = await call(url, "CreateTable", createTableBody(table, partitions), partitions);
  if (created.status !== 200 || !created.text.includes('"TableDescription"'))
    throw new Error(`CreateTable failed: HTTP ${created.status}: ${created.text.slice(0, 500)}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await call(url, "DescribeTable", JSON.stringify({ TableName: table }), partitions);
    if (d.status === 200 && /"TableStatus"\s*:\s*"ACTIVE"/.test(d.text)) return;
    if (Date.now() > deadline) throw new Error(`table ${table} not ACTIVE after ${timeoutMs} ms: HTTP ${d.status}: ${d.text.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Deep equality of JSON values, ignoring object key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export async function preflight(url: string, table: string, partitions: number): Promise<void> {
  const key = "bench-preflight";
  const item = ycsbItemJson(key, randomPool(1024));
  const put = await call(url, "PutItem", putItemBody(table, item), partitions);
  if (put.status !== 200) throw new Error(`preflight PutItem: HTTP ${put.status}: ${put.text.slice(0, 500)}`);
  const get = await call(url, "GetItem", getItemBody(table, key), partitions);
  if (get.status !== 200) throw new Error(`preflight GetItem: HTTP ${get.status}: ${get.text.slice(0, 500)}`);
  let got: unknown;
  try {
    got = (JSON.parse(get.text) as { Item?: unknown }).Item;
  } catch {
    throw new Error(`preflight GetItem answered non-JSON: ${get.text.slice(0, 500)}`);
  }
  if (!sameJson(got, JSON.parse(item))) throw new Error(`preflight GetItem did not return the item just put: ${get.text.slice(0, 500)}`);
}
