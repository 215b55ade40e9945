/** What TransactWriteItems and TransactGetItems share: tables looked up once, keys routed, one action per item. */
import { transactionCanceled, validationError } from "../http/errors.js";
import { bytesToBase64 } from "../model/base64.js";
import type { Item } from "../model/types.js";
import type { StoredKey, TxnReason } from "../partition/protocol.js";
import type { Env } from "../router/env.js";
import { routeKey } from "../router/keys.js";
import { tableForItems, type TableMeta } from "../router/tables.js";

/** Every table the actions name, looked up once (a missing one is ResourceNotFoundException). */
export async function tablesOf(env: Env, names: readonly string[]): Promise<Map<string, TableMeta>> {
  const out = new Map<string, TableMeta>();
  for (const name of names) if (!out.has(name)) out.set(name, await tableForItems(env, name));
  return out;
}

export interface Routed {
  /** The action's place in the request (reasons and responses come back in this order). */
  index: number;
  t: TableMeta;
  partition: number;
  key: StoredKey;
}

/** Routes one action's key; refuses a second action on an item already in the request. */
export function route(t: TableMeta, item: Item, index: number, seen: Set<string>): Routed {
  const r = routeKey(t, item);
  const id = `${t.record.id}\u0000${bytesToBase64(r.key.pk)}\u0000${bytesToBase64(r.key.sk)}`;
  if (seen.has(id)) throw validationError("Transaction request cannot include multiple operations on one item");
  seen.add(id);
  return { index, t, partition: r.partition, key: r.key };
}

/** The actions grouped by the partition that owns them, in first-seen order. */
export function byPartition<R extends Routed>(routed: R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of routed) {
    const g = `${r.t.record.id}/${r.partition}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r);
  }
  return [...groups.values()];
}

/** TransactionCanceledException with one reason per action (the item parsed back from its JSON text). */
export function cancelled(reasons: TxnReason[]): Error {
  return transactionCanceled(
    reasons.map((r) => ({ Code: r.Code, ...(r.Message ? { Message: r.Message } : {}), ...(r.item ? { Item: JSON.parse(r.item) as Item } : {}) })),
  );
}

export const NONE: TxnReason = { Code: "None" };
export const CONFLICT: TxnReason = { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" };
