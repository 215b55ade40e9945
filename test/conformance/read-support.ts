/**
 * Helpers shared by query.case.ts, scan.case.ts and gsi.case.ts: bulk loading, DynamoDB's key orders (S by
 * UTF-8 bytes, N numerically, B by unsigned bytes), item identity strings, paging loops that collect
 * every page (so a case can check that each item is visited exactly once), and polling for reads that
 * are only eventually consistent.
 */
import {
  BatchWriteItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
  type ScanCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { expect } from "vitest";

export type Item = Record<string, AttributeValue>;

/** Writes the items 25 at a time, retrying unprocessed ones (neither target should leave any). */
export async function putAll(client: DynamoDBClient, TableName: string, items: Item[]): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  // A few batches at a time: fast, without flooding the 2-core machine.
  for (let i = 0; i < chunks.length; i += 4) {
    await Promise.all(
      chunks.slice(i, i + 4).map(async (chunk) => {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: chunk.map((Item) => ({ PutRequest: { Item } })) } }));
        expect(out.UnprocessedItems ?? {}).toEqual({});
      }),
    );
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Unsigned lexicographic byte order (DynamoDB's order for S, via UTF-8, and for B). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** DynamoDB's order of two scalar key values of the same type. Test numbers are exact as doubles. */
export function compareKey(a: AttributeValue, b: AttributeValue): number {
  if (a.S !== undefined && b.S !== undefined) return compareBytes(utf8(a.S), utf8(b.S));
  if (a.N !== undefined && b.N !== undefined) return Number(a.N) - Number(b.N);
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B);
  throw new Error(`not comparable: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
}

/** A stable identity string for a scalar key value (numbers by value, so "1e20" and its normal form agree). */
export function keyString(v: AttributeValue | undefined): string {
  if (v === undefined) return "-";
  if (v.S !== undefined) return `S:${v.S}`;
  if (v.N !== undefined) return `N:${Number(v.N)}`;
  if (v.B !== undefined) return `B:${Array.from(v.B).join(".")}`;
  return `?:${JSON.stringify(v)}`;
}

/** Identity of an item by its key attributes. */
export const idOf = (item: Item, keys: string[]) => keys.map((k) => keyString(item[k])).join("|");

export interface Paged<O> {
  pages: O[];
  items: Item[];
}

/** Follows LastEvaluatedKey to the end; fails after maxPages (a paging loop that never ends is a bug). */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput, maxPages = 500): Promise<Paged<QueryCommandOutput>> {
  const pages: QueryCommandOutput[] = [];
  let start: Item | undefined = input.ExclusiveStartKey;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    pages.push(out);
    start = out.LastEvaluatedKey;
    if (pages.length > maxPages) throw new Error(`Query still paging after ${maxPages} pages`);
  } while (start !== undefined);
  return { pages, items: pages.flatMap((p) => p.Items ?? []) };
}

export async function scanAll(client: DynamoDBClient, input: ScanCommandInput, maxPages = 500): Promise<Paged<ScanCommandOutput>> {
  const pages: ScanCommandOutput[] = [];
  let start: Item | undefined = input.ExclusiveStartKey;
  do {
    const out = await client.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    pages.push(out);
    start = out.LastEvaluatedKey;
    if (pages.length > maxPages) throw new Error(`Scan still paging after ${maxPages} pages`);
  } while (start !== undefined);
  return { pages, items: pages.flatMap((p) => p.Items ?? []) };
}

/**
 * Runs `fn` (a read and its expectations) until it passes, retrying with a short back-off, and throws its
 * last error when it still fails after timeoutMs. For eventually consistent reads (global secondary
 * indexes): a write's effect must show up, but no case may depend on how soon.
 */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() + pause > deadline) throw e;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 250);
    }
  }
}

/** The ids that occur more than once (an item visited twice by paging). */
export function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** Every page obeys Limit, and every page but the last carries a LastEvaluatedKey made of the key attributes only. */
export function checkPages(pages: { Items?: Item[]; Count?: number; ScannedCount?: number; LastEvaluatedKey?: Item }[], keys: string[], limit?: number): void {
  for (const [i, p] of pages.entries()) {
    if (limit !== undefined) expect(p.ScannedCount, `page ${i} ScannedCount`).toBeLessThanOrEqual(limit);
    if (p.Items) expect(p.Count, `page ${i} Count`).toBe(p.Items.length);
    if (p.LastEvaluatedKey) expect(Object.keys(p.LastEvaluatedKey).sort(), `page ${i} LastEvaluatedKey`).toEqual([...keys].sort());
  }
}
