/**
 * Global secondary indexes, both sides (issue 13).
 *
 * A GSI is its own set of partitions — Durable Objects with one SQLite database each, routed by the hash of the
 * index's partition key exactly like a table's. A base partition never writes to them inside its own transaction:
 * each write records the index changes it causes in the base partition's outbox (`gsi_outbox`), in the write's own
 * SQLite transaction, and the partition's alarm delivers them afterwards (IndexApply), in outbox order, until the index
 * partition acknowledges. So a write costs one local commit whatever the number of indexes (plus the outbox rows), an
 * acknowledged write's index changes survive a crash with it, and index reads are eventually consistent — as in
 * DynamoDB, whose GSIs are also fed asynchronously from the table.
 *
 * Ordering: changes go to each index partition in outbox order and each change is the entry's whole new state (put
 * the projected item, or delete), so per item the last change wins everywhere; a batch whose acknowledgement was lost
 * is sent again before anything later for that partition, and applying it twice leaves the same state.
 */
import type { Item } from "../model/types.js";
import { encodePartitionKey, encodeScalar, NO_SORT_KEY } from "../model/key-codec.js";
import { partitionOf } from "../model/hash.js";
import { itemSize } from "../model/item-size.js";
import type { GsiChange, GsiSpec } from "./protocol.js";
import { SQL } from "./partition-sql.js";

/**
 * Outbox rows read per delivery round, and their item text at most (an RPC message is limited to 32 MiB, and a round's
 * rows are all in memory at once); items scanned per backfill step, and their text at most.
 */
export const DELIVERY_BATCH = 500;
export const DELIVERY_BYTES = 4 * 1024 * 1024;
export const BACKFILL_STEP = 200;
export const BACKFILL_BYTES = 4 * 1024 * 1024;
/** A write's changes are delivered this long after it (the writes of a few turns share a round). */
export const DELIVERY_DELAY_MS = 20;
/** The alarm that guarantees delivery (after a crash, or when a timer's delivery stopped short) comes this much later. */
export const SAFETY_ALARM_MS = 1_000;
/** A delivery round that failed is retried after this long (then doubling, up to RETRY_MAX_MS). */
export const RETRY_MS = 100;
export const RETRY_MAX_MS = 5_000;

/** An index entry as a base partition computes it: where it goes and what it holds. */
interface Entry {
  target: number;
  pk: Uint8Array;
  isk: Uint8Array;
  item: string;
  size: number;
}

/** The value of a key attribute of the index's type, or undefined (absent, another type, empty: not indexed). */
function keyValue(item: Item, attr: string, type: "S" | "N" | "B"): string | undefined {
  const v = (item[attr] as Record<string, unknown> | undefined)?.[type];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The item's entry in the index, or null when the item lacks (a well-typed) index key: a sparse index skips it.
 * `text` and `size`, when known, are the item's own: an ALL entry is the item, so neither is computed again.
 */
export function entryOf(spec: GsiSpec, item: Item | null, text: string | undefined, size?: number): Entry | null {
  if (!item) return null;
  const h = keyValue(item, spec.hash.attr, spec.hash.type);
  if (h === undefined) return null;
  let isk: Uint8Array = NO_SORT_KEY;
  if (spec.range) {
    const r = keyValue(item, spec.range.attr, spec.range.type);
    if (r === undefined) return null;
    isk = encodeScalar(spec.range.type, r);
  }
  const pk = encodePartitionKey(spec.hash.type, h);
  let projected: Item = item;
  if (spec.keep) {
    projected = {};
    for (const name of spec.keep) if (item[name] !== undefined) projected[name] = item[name]!;
  }
  const whole = projected === item;
  const out = whole && text !== undefined ? text : JSON.stringify(projected);
  return { target: partitionOf(pk.hash, spec.partitions), pk: pk.bytes, isk, item: out, size: whole && size !== undefined ? size : itemSize(projected) };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Records in the outbox what changing the item (tpk, tsk) from `old` to `next` does to each index: a delete where it
 * had an entry that moves to another index partition or goes, a put where it has one now (skipped when the entry is
 * the same as before). Returns the number of rows recorded.
 */
export function recordChanges(
  sql: SqlStorage,
  specs: readonly GsiSpec[],
  tpk: Uint8Array,
  tsk: Uint8Array,
  old: { item: Item; text: string; size?: number } | null,
  next: { item: Item; text: string | undefined; size?: number } | null,
  now: number,
  /** Where to add each index's write units (DynamoDB's: a moved entry is a delete and a put). */
  units?: Record<string, number>,
): number {
  let rows = 0;
  const charge = (name: string, size: number) => {
    if (units) units[name] = (units[name] ?? 0) + Math.max(1, Math.ceil(size / 1024));
  };
  for (const spec of specs) {
    const before = old ? entryOf(spec, old.item, old.text, old.size) : null;
    const after = next ? entryOf(spec, next.item, next.text, next.size) : null;
    if (before && after && before.target === after.target && sameBytes(before.pk, after.pk) && sameBytes(before.isk, after.isk) && before.item === after.item) continue;
    if (before && (!after || before.target !== after.target)) {
      sql.exec(SQL.outboxInsert, spec.name, before.target, tpk, tsk, null, null, null, null, now);
      rows++;
    }
    // DynamoDB's index write units: an entry whose index key changed is deleted and put again (two writes).
    if (before && (!after || !sameBytes(before.pk, after.pk) || !sameBytes(before.isk, after.isk))) charge(spec.name, before.size);
    if (after) {
      sql.exec(SQL.outboxInsert, spec.name, after.target, tpk, tsk, after.pk, after.isk, after.item, after.size, now);
      rows++;
      charge(spec.name, after.size);
    }
  }
  return rows;
}

export interface OutboxRow extends Record<string, SqlStorageValue> {
  seq: number;
  index_name: string;
  target: number;
  tpk: ArrayBuffer;
  tsk: ArrayBuffer;
  pk: ArrayBuffer | null;
  isk: ArrayBuffer | null;
  item: string | null;
  size: number | null;
}

/** One delivery: the outbox rows for one index partition, in order, as the changes it applies. */
export interface Delivery {
  spec: GsiSpec;
  target: number;
  seqs: number[];
  changes: GsiChange[];
}

/** Groups a batch of outbox rows by index partition, keeping their order; rows of indexes not in `specs` are `orphans`. */
export function groupDeliveries(rows: readonly OutboxRow[], specs: readonly GsiSpec[]): { deliveries: Delivery[]; orphans: number[] } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const groups = new Map<string, Delivery>();
  const orphans: number[] = [];
  for (const r of rows) {
    const spec = byName.get(r.index_name);
    if (!spec) {
      orphans.push(r.seq);
      continue;
    }
    const key = `${r.index_name}\u0000${r.target}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { spec, target: r.target, seqs: [], changes: [] }));
    g.seqs.push(r.seq);
    const change: GsiChange = { tpk: new Uint8Array(r.tpk), tsk: new Uint8Array(r.tsk) };
    if (r.pk !== null) change.put = { pk: new Uint8Array(r.pk), isk: new Uint8Array(r.isk ?? new ArrayBuffer(0)), item: r.item!, size: r.size! };
    g.changes.push(change);
  }
  return { deliveries: [...groups.values()], orphans };
}

/** At an index partition: applies one base partition's changes in order (in the caller's transaction). */
export function applyChanges(sql: SqlStorage, changes: readonly GsiChange[]): number {
  let written = 0;
  for (const c of changes) {
    if (c.put) sql.exec(SQL.entryPut, c.put.pk, c.put.isk, c.tpk, c.tsk, c.put.size, c.put.item);
    else sql.exec(SQL.entryDelete, c.tpk, c.tsk);
    written++;
  }
  return written;
}
