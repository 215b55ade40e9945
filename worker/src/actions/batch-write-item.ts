import { consumed, writeUnits } from "../model/capacity.js";
import { measuredItemSize } from "../model/item-size.js";
import { checkWriteRequests } from "../validation/key.js";
import type { BatchWriteItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, retryIfStale, tableForItems } from "../router/tables.js";
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
}

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
      if (!g) groups.set(gk, (g = { name, t, partition: r.partition, writes: [], newSizes: [] }));
      g.writes.push(write);
      g.newSizes.push(size);
    }
  }

  const units = new Map<string, number>();
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const res = await callPartition(env, g.t, g.partition, { op: "BatchWriteItem", writes: g.writes, returnOldSizes: wantCapacity });
      if (!wantCapacity) return;
      let u = 0;
      g.writes.forEach((w, i) => {
        const old = res.oldSizes?.[i] ?? undefined;
        u += "put" in w ? writeUnits(g.newSizes[i], old) : writeUnits(old);
      });
      units.set(g.name, (units.get(g.name) ?? 0) + u);
    }),
  );

  const capacity = wantCapacity
    ? tableNames.map((name) => consumed(input.ReturnConsumedCapacity, name, units.get(name) ?? 0))
    : undefined;
  return jsonObject({ UnprocessedItems: "{}", ConsumedCapacity: capacity ? JSON.stringify(capacity) : undefined });
}
