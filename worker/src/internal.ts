/**
 * The `internal` entrypoint: what one process of a multi-process local server answers for the others
 * (router/cluster.ts). Served only on that process's Unix socket (scripts/serve.ts), never on the public port.
 *
 * - POST /partition {name, req}: runs `req` on this process's partition object `name` (it owns it).
 * - POST /catalog {method, args}: a catalog call (process 0 holds the catalog).
 * - POST /forget {table, tableId?}: drops cached table metadata (and a deleted table's metrics series).
 * - POST /metrics: this process's own metrics snapshot (the endpoint that asked merges them).
 */
import { registry } from "./metrics/registry.js";
import { ownSnapshot } from "./metrics/endpoint.js";
import { catalogClient, cluster, decode, encode, ownerOf, type InternalRequest } from "./router/cluster.js";
import type { Env } from "./router/env.js";
import { forgetTable } from "./router/tables.js";

/** idFromName hashes the name: ids of the partitions this process serves for its peers, kept (bounded). */
const ids = new Map<string, DurableObjectId>();
const MAX_IDS = 65_536;

function partitionId(env: Env, name: string): DurableObjectId {
  let id = ids.get(name);
  if (!id) {
    if (ids.size >= MAX_IDS) ids.clear();
    ids.set(name, (id = env.PARTITION.idFromName(name)));
  }
  return id;
}

async function answer(env: Env, r: InternalRequest): Promise<unknown> {
  switch (r.path) {
    case "/partition": {
      // Only the owner may open a partition's object (its SQLite file lives in the owner's state folder).
      const { name, index, partitions, req } = r.body;
      const c = cluster(env);
      if (ownerOf(index, partitions, c.size) !== c.self) throw new Error(`process ${c.self} does not own partition ${name}`);
      return env.PARTITION.get(partitionId(env, name)).execute(req);
    }
    case "/catalog": {
      // Called as a method of the stub: `.apply` on an RPC stub's method would itself be a remote call.
      const c = catalogClient(env) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return c[r.body.method]!(...r.body.args);
    }
    case "/forget":
      forgetTable(r.body.table);
      if (r.body.tableId !== undefined) registry.forgetTable(r.body.tableId);
      return {};
    case "/metrics":
      return ownSnapshot(env);
  }
}

const PATHS = new Set(["/partition", "/catalog", "/forget", "/metrics"]);

export const internal = {
  async fetch(request: Request, env: Env): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST" || !PATHS.has(path)) return new Response("not found", { status: 404 });
    try {
      const body = decode(await request.text());
      const result = await answer(env, { path, body } as InternalRequest);
      return new Response(encode(result ?? null));
    } catch (e) {
      console.error("internal request failed", path, e);
      return new Response(e instanceof Error ? `${e.name}: ${e.message}` : String(e), { status: 500 });
    }
  },
} satisfies ExportedHandler<Env>;
