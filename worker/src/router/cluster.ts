/**
 * Local serving on several workerd processes (`npm start -- --processes=N`; scripts/serve.ts).
 *
 * One workerd process runs all its JavaScript on one thread, and a partition's SQLite commit (fsync) blocks that
 * thread; so locally shvm-db can run several processes (`--processes=N`; default 1, as two measured no faster on
 * a 2-core machine shared with the load generator), all accepting on the same listening socket. Each process
 * owns a fixed share of every table's partitions — a contiguous range of partition indexes, hence of the hash
 * space (`ownerOf`) — and only the owner ever opens a partition's Durable Object (one SQLite file, one writer).
 * A request for a partition owned elsewhere is forwarded to the owner over a Unix socket (`internal`, the
 * entrypoint only that socket serves), which runs it on its own object: the partition still has one instance and
 * one writer, and its reply is the object's reply. The catalog lives in process 0.
 *
 * Deployed (and with one process) none of this is used: SHVM_PROCESSES is unset and every call goes straight to
 * the Durable Object, wherever Cloudflare placed it.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { PartitionReply, PartitionRequest } from "../partition/protocol.js";
import { base64ToBytes, bytesToBase64 } from "../model/base64.js";
import { partitionName } from "../partition/naming.js";

export interface ClusterEnv {
  CATALOG?: DurableObjectNamespace<Catalog>;
  PARTITION: DurableObjectNamespace<import("../partition/partition.js").Partition>;
  /** Processes serving this state folder, and this one's index (set by scripts/serve.ts when more than one). */
  SHVM_PROCESSES?: string;
  SHVM_PROCESS_INDEX?: string;
}

interface Cluster {
  size: number;
  self: number;
}

let cached: { env: object; cluster: Cluster } | undefined;

/** This process's place in the cluster ({1, 0} when not clustered). */
export function cluster(env: ClusterEnv): Cluster {
  if (cached?.env === env) return cached.cluster;
  const size = Math.max(1, Number(env.SHVM_PROCESSES ?? 1) || 1);
  const self = Math.min(size - 1, Math.max(0, Number(env.SHVM_PROCESS_INDEX ?? 0) || 0));
  const c = { size, self };
  cached = { env, cluster: c };
  return c;
}

/** The process owning partition `index` of a table with `partitions` partitions: equal contiguous ranges. */
export function ownerOf(index: number, partitions: number, processes: number): number {
  return processes <= 1 ? 0 : Math.floor((index * processes) / partitions);
}

/** The peer process's internal service (a binding SHVM_PEER_<i> to its Unix socket). */
function peer(env: ClusterEnv, i: number): Fetcher {
  const f = (env as unknown as Record<string, Fetcher | undefined>)[`SHVM_PEER_${i}`];
  if (!f) throw new Error(`process ${cluster(env).self} has no binding to process ${i}`);
  return f;
}

/** Something that executes partition requests: the Durable Object itself, or its owner process. */
export interface PartitionExecutor {
  execute<R extends PartitionRequest>(req: R): Promise<PartitionReply<R>>;
}

/**
 * The executor for partition `index` of `partitions` of table `tableId`. `ids`, when given, caches the local objects'
 * ids by partition index (idFromName hashes the name; the router keeps one array per cached table).
 */
export function partitionExecutor(
  env: ClusterEnv,
  tableId: string,
  index: number,
  partitions: number,
  ids?: (DurableObjectId | undefined)[],
): PartitionExecutor {
  const c = cluster(env);
  const owner = ownerOf(index, partitions, c.size);
  if (owner === c.self) {
    let id = ids?.[index];
    if (!id) {
      id = env.PARTITION.idFromName(partitionName(tableId, index));
      if (ids) ids[index] = id;
    }
    return env.PARTITION.get(id) as unknown as PartitionExecutor;
  }
  const target = peer(env, owner);
  const name = partitionName(tableId, index);
  return {
    execute: <R extends PartitionRequest>(req: R) => post<PartitionReply<R>>(target, "/partition", { name, index, partitions, req }),
  };
}

/** The catalog's methods the router uses, as promises. */
export type CatalogClient = {
  [K in "getTable" | "createTable" | "updateTable" | "retagTable" | "describeTtl" | "updateTtl" | "deleteTable" | "listTables"]: (
    ...args: Parameters<Catalog[K]>
  ) => Promise<Awaited<ReturnType<Catalog[K]>>>;
};

export function catalogClient(env: ClusterEnv): CatalogClient {
  const c = cluster(env);
  if (c.self === 0) {
    if (!env.CATALOG) throw new Error("the CATALOG binding is missing");
    return env.CATALOG.get(env.CATALOG.idFromName("catalog")) as unknown as CatalogClient;
  }
  const target = peer(env, 0);
  const call =
    (method: keyof CatalogClient) =>
    (...args: unknown[]) =>
      post(target, "/catalog", { method, args });
  return {
    getTable: call("getTable"),
    createTable: call("createTable"),
    updateTable: call("updateTable"),
    retagTable: call("retagTable"),
    describeTtl: call("describeTtl"),
    updateTtl: call("updateTtl"),
    deleteTable: call("deleteTable"),
    listTables: call("listTables"),
  } as CatalogClient;
}

/**
 * Tells every other process to drop its cached metadata of `table` (a table change made here) and, with
 * `tableId` (a deletion), that table's metrics series.
 */
export async function broadcastForget(env: ClusterEnv, table: string, tableId?: string): Promise<void> {
  const c = cluster(env);
  if (c.size <= 1) return;
  // The change is committed: a peer that cannot be told now sees it within its cache's 5 s (or on a `dropped`
  // answer), so a failure here is logged, not turned into an error for a change that happened.
  const results = await Promise.allSettled(others(c).map((i) => post(peer(env, i), "/forget", tableId === undefined ? { table } : { table, tableId })));
  for (const r of results) if (r.status === "rejected") console.error("could not tell a peer to forget a table", table, r.reason);
}

const others = (c: Cluster): number[] => Array.from({ length: c.size }, (_, i) => i).filter((i) => i !== c.self);

/** The other processes' JSON snapshots from GET /metrics on their internal socket (their own registries). */
export async function peerSnapshots<T>(env: ClusterEnv): Promise<T[]> {
  const c = cluster(env);
  if (c.size <= 1) return [];
  return Promise.all(others(c).map((i) => post<T>(peer(env, i), "/metrics", {})));
}

/** The internal requests a process answers for its peers (worker/src/internal.ts serves them). */
export type InternalRequest =
  | { path: "/partition"; body: { name: string; index: number; partitions: number; req: PartitionRequest } }
  | { path: "/catalog"; body: { method: keyof CatalogClient; args: unknown[] } }
  | { path: "/forget"; body: { table: string; tableId?: string } }
  | { path: "/metrics"; body: Record<string, never> };

/** A peer that does not answer within this fails the call (a 500 for the client) rather than hanging it. */
const PEER_TIMEOUT_MS = 30_000;

async function post<T>(target: Fetcher, path: string, body: unknown): Promise<T> {
  const res = await target.fetch(`http://peer${path}`, { method: "POST", body: encode(body), signal: AbortSignal.timeout(PEER_TIMEOUT_MS) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`peer ${path} failed (${res.status}): ${text.slice(0, 500)}`);
  return decode(text) as T;
}

/**
 * JSON with byte arrays: the requests carry keys as Uint8Array, which JSON would turn into objects of numbers.
 * A Uint8Array becomes {"$u8": base64}. So that no object of the request's own can look like that, every object
 * key starting with "$" (attribute names may) is sent with one more "$" and restored on arrival.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $u8: bytesToBase64(v) };
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      let escaped: Record<string, unknown> | undefined;
      for (const k in v) if (k.charCodeAt(0) === 36 /* $ */) (escaped ??= {})[k] = true;
      if (escaped) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charCodeAt(0) === 36 ? `$${k}` : k, x]));
    }
    return v;
  });
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$u8 === "string") return base64ToBytes(o.$u8);
    let escaped = false;
    for (const k in o) if (k.charCodeAt(0) === 36) escaped = true;
    return escaped ? Object.fromEntries(Object.entries(o).map(([k, x]) => [k.charCodeAt(0) === 36 ? k.slice(1) : k, x])) : v;
  });
}
