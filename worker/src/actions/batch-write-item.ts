import { consumedWrite, writeUnits } from "../model/capacity.js";
import { measuredItemSize } from "../model/item-size.js";
import { checkWriteRequests } from "../validation/key.js";
import type { BatchWriteItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { indexedWrite } from "./common.js";
import { callPartition, retryIfStale, StaleTable, tableForItems } from "../router/tables.js";
import type { Env } from "../router/env.js";
import type { BatchWrite } from "../partition/protocol.js";
import { jsonObject } from "./common.js";

export async function batchWriteItem(env: Env, input: BatchWriteItemInput): Promise<string> {
  return retryIfStale(Object.keys(input.RequestItems), () => run(env, input));
}

interface Group {
  name: string;
  t: Awaited<ReturnType<typeof tableForItems>>;
  partition: number;
  writes: BatchWrite[];
  newSizes: (number | undefined)[];
  /** The requests as the client sent them: what UnprocessedItems returns when this partition's share fails. */
  requests: WriteRequest[];
}

type WriteRequest = BatchWriteItemInput["RequestItems"][string][number];

async function run(env: Env, input: BatchWriteItemInput): Promise<string> {
  const wantCapacity = input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES";
  const groups = new Map<string, Group>();
  const tableNames: string[] = [];
  for (const name in input.RequestItems) {
    const t = await tableForItems(env, name);
    tableNames.push(name);
    const requests = input.RequestItems[name]!;
    checkWriteRequests(requests, t.key, t.indexKeys);
    for (const req of requests) {
      let write: BatchWrite;
      let size: number | undefined;
      let r;
      if (req.PutRequest) {
        const item = req.PutRequest.Item;
        size = measuredItemSize(item);
        r = routeKey(t, item);
        write = { put: { ...r.key, item: JSON.stringify(item), size } };
      } else {
        const key = req.DeleteRequest!.Key;
        r = routeKey(t, key);
        write = { delete: r.key };
      }
      const gk = `${name}\u0000${r.partition}`;
      let g = groups.get(gk);
      if (!g) groups.set(gk, (g = { name, t, partition: r.partition, writes: [], newSizes: [], requests: [] }));
      g.writes.push(write);
      g.requests.push(req);
      g.newSizes.push(size);
    }
  }

  // Each partition's share is one transaction there, applied or not as a whole. A share that fails for a passing
  // reason (the runtime marks such errors retryable or overloaded: its object restarting, overloaded, reset) goes
  // back as UnprocessedItems, as DynamoDB returns what it did not process; the others stand. It may have been
  // written before its answer was lost: resending it is safe, since BatchWriteItem has only unconditional puts and
  // deletes. Any other failure (a full database, a bug) would fail again on every resend, so it fails the call, as
  // does a call in which no share was written.
  const units = new Map<string, number>();
  const indexUnits = new Map<string, Record<string, number>>();
  const all = [...groups.values()];
  const settled = await Promise.allSettled(
    all.map(async (g) => {
      const res = await callPartition(env, g.t, g.partition, { op: "BatchWriteItem", writes: g.writes, returnOldSizes: wantCapacity, ...indexedWrite(g.t, undefined) });
      // An item of the share is locked by a transaction in flight: nothing was written; the client resends it.
      if (res.conflict) throw new LockedShare();
      if (!wantCapacity) return;
      let u = 0;
      g.writes.forEach((w, i) => {
        const old = res.oldSizes?.[i] ?? undefined;
        u += "put" in w ? writeUnits(g.newSizes[i], old) : writeUnits(old);
      });
      units.set(g.name, (units.get(g.name) ?? 0) + u);
      if (res.indexUnits) {
        const sum = indexUnits.get(g.name) ?? {};
        for (const [k, v] of Object.entries(res.indexUnits)) sum[k] = (sum[k] ?? 0) + v;
        indexUnits.set(g.name, sum);
      }
    }),
  );
  const unprocessed: Record<string, WriteRequest[]> = {};
  let firstError: unknown;
  let failed = 0;
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") return;
    // A dropped table is not a failed share: retryIfStale looks the table up again (and re-sends every share;
    // puts and deletes are idempotent).
    if (r.reason instanceof StaleTable || !transient(r.reason)) throw r.reason;
    const g = all[i]!;
    console.warn(`BatchWriteItem: partition ${g.partition} of ${g.name} failed; its ${g.requests.length} request(s) go back as UnprocessedItems`, r.reason);
    (unprocessed[g.name] ??= []).push(...g.requests);
    firstError ??= r.reason;
    failed++;
  });
  // Every share failed: the call fails — unless all were only locked by transactions, which the client can resend.
  if (failed > 0 && failed === all.length && !(firstError instanceof LockedShare && settled.every((r) => r.status === "rejected" && r.reason instanceof LockedShare))) {
    throw firstError;
  }

  const capacity = wantCapacity
    ? tableNames.map((name) => consumedWrite(input.ReturnConsumedCapacity, name, units.get(name) ?? 0, indexUnits.get(name)))
    : undefined;
  return jsonObject({ UnprocessedItems: JSON.stringify(unprocessed), ConsumedCapacity: capacity ? JSON.stringify(capacity) : undefined });
}

/** A share refused whole because one of its items is in a transaction in flight: passing, so UnprocessedItems. */
class LockedShare extends Error {
  readonly retryable = true;
  constructor() {
    super("an item of this share is locked by a transaction in progress");
  }
}

/** Errors the Workers runtime marks as passing (Durable Object errors carry `retryable` / `overloaded`). */
function transient(e: unknown): boolean {
  const flags = e as { retryable?: unknown; overloaded?: unknown } | null;
  return typeof flags === "object" && flags !== null && (flags.retryable === true || flags.overloaded === true);
}
