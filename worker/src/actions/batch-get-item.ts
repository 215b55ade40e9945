import { consumed, readUnits } from "../model/capacity.js";
import type { Item } from "../model/types.js";
import { checkKeys } from "../validation/key.js";
import type { BatchGetItemInput, KeysAndAttributes } from "../validation/inputs.js";
import { routeKey, type RoutedKey } from "../router/keys.js";
import { callPartition, retryIfStale, tableForItems, type TableMeta } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { jsonObject, projectJson } from "./common.js";
import { compileItemExpressions } from "./expressions.js";
import type { CompiledProjection } from "../expressions/index.js";

/** DynamoDB returns at most 16 MB per BatchGetItem; the rest comes back as UnprocessedKeys. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/**
 * What one partition may send back in one call (JSON text, which can be several times an item's
 * DynamoDB size): well under the 32 MiB RPC limit. Keys it did not reach become UnprocessedKeys.
 */
const MAX_CALL_BYTES = 20 * 1024 * 1024;

interface TableRequest {
  name: string;
  t: TableMeta;
  keys: Item[];
  routed: RoutedKey[];
  consistent: boolean;
  /** The table's request without its keys: repeated in UnprocessedKeys. */
  options: Omit<KeysAndAttributes, "Keys">;
  projection: CompiledProjection | undefined;
}

export async function batchGetItem(env: Env, input: BatchGetItemInput): Promise<string> {
  return retryIfStale(Object.keys(input.RequestItems), () => run(env, input));
}

async function run(env: Env, input: BatchGetItemInput): Promise<string> {
  const tables: TableRequest[] = [];
  for (const name in input.RequestItems) {
    const req = input.RequestItems[name]!;
    const { projection } = compileItemExpressions(req);
    const t = await tableForItems(env, name);
    // Duplicate keys were rejected by validation, before the table lookup, as DynamoDB does.
    checkKeys(req.Keys, t.key);
    const routed = req.Keys.map((key) => routeKey(t, key));
    tables.push({ name, t, keys: req.Keys, routed, consistent: req.ConsistentRead === true, options: withoutKeys(req), projection });
  }

  // One call per (table, partition), all in parallel.
  const calls: Promise<void>[] = [];
  const found = tables.map((tr) => new Array<{ item: string; size: number } | null>(tr.keys.length).fill(null));
  // Keys a partition did not reach within its byte budget.
  const unread = tables.map(() => new Set<number>());
  tables.forEach((tr, ti) => {
    const groups = new Map<number, number[]>();
    tr.routed.forEach((r, i) => {
      const g = groups.get(r.partition);
      if (g) g.push(i);
      else groups.set(r.partition, [i]);
    });
    for (const [partition, idx] of groups) {
      calls.push(
        callPartition(env, tr.t, partition, { op: "BatchGetItem", keys: idx.map((i) => tr.routed[i]!.key), maxBytes: MAX_CALL_BYTES }).then(
          (res) => {
            res.found.forEach((f, j) => (found[ti]![idx[j]!] = f));
            for (let j = res.found.length; j < idx.length; j++) unread[ti]!.add(idx[j]!);
          },
        ),
      );
    }
  });
  await Promise.all(calls);

  let total = 0;
  const responses: string[] = [];
  // No prototype: a table may be called "__proto__".
  const unprocessed: Record<string, KeysAndAttributes> = Object.create(null) as Record<string, KeysAndAttributes>;
  const capacity: unknown[] = [];
  tables.forEach((tr, ti) => {
    const items: string[] = [];
    let units = 0;
    found[ti]!.forEach((f, i) => {
      if (unread[ti]!.has(i) || (f && total + f.size > MAX_RESPONSE_BYTES)) {
        const u = (unprocessed[tr.name] ??= { ...tr.options, Keys: [] });
        u.Keys.push(tr.keys[i]!);
        return;
      }
      units += readUnits(f?.size, tr.consistent);
      if (f) {
        total += f.size;
        items.push(projectJson(f.item, tr.projection));
      }
    });
    responses.push(`${JSON.stringify(tr.name)}:[${items.join(",")}]`);
    const cc = consumed(input.ReturnConsumedCapacity, tr.name, units);
    if (cc) capacity.push(cc);
  });
  return jsonObject({
    Responses: `{${responses.join(",")}}`,
    UnprocessedKeys: JSON.stringify(unprocessed),
    ConsumedCapacity: capacity.length ? JSON.stringify(capacity) : undefined,
  });
}

function withoutKeys(req: KeysAndAttributes): Omit<KeysAndAttributes, "Keys"> {
  const { Keys: _keys, ...options } = req;
  return options;
}
