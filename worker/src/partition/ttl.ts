/**
 * Time to live inside a partition: each item's expiry (its TTL attribute, a Number of epoch seconds) is kept in the
 * `expires` column while the table has TTL enabled, and the partition's alarm deletes expired items in bounded batches
 * — so expiry never holds the single writer for long, and writes run between batches. Like DynamoDB, an expired
 * item may still be read until its batch comes.
 */
import type { Item } from "../model/types.js";

/** DynamoDB ignores TTL values more than five years in the past (such items are never deleted by TTL). */
export const IGNORED_AFTER_S = 5 * 365 * 24 * 3600;
/** Items deleted per alarm run: a few milliseconds of work, after which other requests run. */
export const SWEEP_BATCH = 100;
/** Items whose expiry is (re)computed per alarm run when TTL is enabled or disabled on a table with data. */
export const BACKFILL_BATCH = 500;
/** The next run when a batch was full (more to do): soon, but after the requests waiting for the object. */
export const AGAIN_MS = 20;

/** The item's expiry in epoch seconds under TTL attribute `attribute` (null: no TTL, or not a Number). */
export function expiresOf(attribute: string | null, item: Item | string): number | null {
  if (attribute === null) return null;
  const parsed = typeof item === "string" ? (JSON.parse(item) as Item) : item;
  const v = parsed[attribute] as { N?: unknown } | undefined;
  if (!v || typeof v.N !== "string") return null;
  const n = Number(v.N);
  return Number.isFinite(n) ? Math.floor(n) : null;
}
