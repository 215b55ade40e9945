/**
 * The router's view of tables: metadata from the catalog, cached per isolate, with the partitions'
 * Durable Object ids (idFromName hashes the name, so ids are made once per table and partition; stubs are
 * I/O objects bound to one request and are made per request from the cached id).
 *
 * Staleness: this isolate drops its entry when it creates, updates or deletes the table itself; another
 * isolate's change is seen after CACHE_TTL_MS, or at once when a partition answers `dropped` (the table
 * was deleted under us), see callPartition.
 */
import { fromErrorData } from "../catalog/update-table.js";
import type { CatalogResult, TableRecord } from "../catalog/catalog.js";
import { gsiSet, indexKeyInfo, isDeleting, keyInfo, lsiInfo, type LsiInfo } from "../catalog/table-description.js";
import type { IndexKeyInfo } from "../validation/key.js";
import { tableNotFound, resourceNotFound } from "../http/errors.js";
import type { KeyInfo } from "../model/types.js";
import type { GsiSet, GsiSpec, LsiSpec, PartitionReply, PartitionRequest, PartitionResponse } from "../partition/protocol.js";
import { metricsEnabled, type Env } from "./env.js";
import { recordCall } from "../metrics/record.js";
import { catalogClient, partitionExecutor, type CatalogClient, type PartitionExecutor } from "./cluster.js";
import type { PartitionSeries } from "../metrics/registry.js";

const CACHE_TTL_MS = 5_000;
/** While a GSI is being created or deleted, its status is looked up again this often (ACTIVE shows soon after it is). */
const CHANGING_TTL_MS = 250;

const cacheTtl = (t: TableMeta): number =>
  t.record.gsis?.some((g) => g.status === "CREATING" || g.status === "DELETING") ? CHANGING_TTL_MS : CACHE_TTL_MS;

export interface TableMeta {
  record: TableRecord;
  key: KeyInfo;
  /** Secondary index key attributes, checked on writes (GSI keys first, then LSI range keys). */
  indexKeys: IndexKeyInfo[];
  /** Local secondary indexes (fixed at creation); `lsiSpecs` is what every write sends the partition (none: undefined). */
  lsis: LsiInfo[];
  lsiSpecs?: LsiSpec[];
  /** Global secondary indexes not being deleted: their spec, status, and a TableMeta for calling their partitions. */
  gsis: GsiInfo[];
  /** What every write sends its base partition (tables with GSIs). */
  gsiSet?: GsiSet;
  fetchedAt: number;
  ids: (DurableObjectId | undefined)[];
  /** Metrics series per partition, looked up once per cached table (metrics/record.ts). */
  series: (PartitionSeries | undefined)[];
}

export interface GsiInfo {
  spec: GsiSpec;
  status: "CREATING" | "ACTIVE";
  /** The index's partitions, addressed like a table's (callPartition), with their own metrics series. */
  meta: TableMeta;
}

const cache = new Map<string, TableMeta>();

/** The catalog: its Durable Object, or (multi-process local server, processes but the first) process 0's. */
export const catalog = (env: Env): CatalogClient => catalogClient(env);

export function forgetTable(name: string): void {
  cache.delete(name);
}

export function rememberTable(record: TableRecord): TableMeta {
  const meta: TableMeta = {
    record,
    key: keyInfo(record.description),
    indexKeys: indexKeyInfo(record.description),
    lsis: lsiInfo(record.description),
    gsis: [],
    fetchedAt: Date.now(),
    ids: new Array(record.partitions),
    series: new Array(record.partitions),
  };
  if (meta.lsis.length) meta.lsiSpecs = meta.lsis.map((l) => ({ name: l.name, attr: l.attr, type: l.type }));
  const set = gsiSet(record.description, record.gsis ?? []);
  if (set) {
    meta.gsiSet = set;
    for (const spec of set.specs) {
      const status = record.gsis!.find((g) => g.name === spec.name)!.status as GsiInfo["status"];
      const indexRecord: TableRecord = { name: spec.label, id: spec.tableId, partitions: spec.partitions, description: record.description, tags: [] };
      const indexMeta: TableMeta = { ...meta, record: indexRecord, gsis: [], ids: new Array(spec.partitions), series: new Array(spec.partitions) };
      meta.gsis.push({ spec, status, meta: indexMeta });
    }
  }
  cache.set(record.name, meta);
  return meta;
}

/** The table, or undefined when it does not exist. */
export async function findTable(env: Env, name: string): Promise<TableMeta | undefined> {
  const hit = cache.get(name);
  // A DELETING entry is looked up again each time: it turns into "not found" (or a new table) as soon as the catalog
  // has dropped the partitions, and waiters poll DescribeTable for exactly that.
  if (hit && Date.now() - hit.fetchedAt < cacheTtl(hit) && !isDeleting(hit.record)) return hit;
  const record = await catalog(env).getTable(name);
  if (!record) {
    cache.delete(name);
    return undefined;
  }
  // Keep the ids when the table is unchanged (its index set too: the GSI metadata is derived from it).
  if (hit && hit.record.id === record.id && JSON.stringify(hit.record.gsis) === JSON.stringify(record.gsis)) {
    hit.record = record as TableRecord;
    hit.fetchedAt = Date.now();
    return hit;
  }
  return rememberTable(record as TableRecord);
}

/** Item operations: a missing table, or one being deleted (as dynalite), is "Requested resource not found". */
export async function tableForItems(env: Env, name: string): Promise<TableMeta> {
  const t = await findTable(env, name);
  if (!t || isDeleting(t.record)) throw resourceNotFound();
  return t;
}

/** Table operations: a missing table names itself. */
export async function tableForDescribe(env: Env, name: string): Promise<TableMeta> {
  const t = await findTable(env, name);
  if (!t) throw tableNotFound(name);
  return t;
}

export function unwrap<T>(r: CatalogResult<T>): T {
  if ("error" in r) throw fromErrorData(r.error);
  return r.ok;
}

/** Partition `index` of the table: its Durable Object, or (multi-process local server) the process owning it. */
function stub(env: Env, t: TableMeta, index: number): PartitionExecutor {
  return partitionExecutor(env, t.record.id, index, t.record.partitions, t.ids);
}

/** Thrown when a partition reports its table dropped: this router's metadata for the table is stale. */
export class StaleTable extends Error {}

/**
 * Runs `fn` with the table's metadata; if a partition reports the table dropped (another isolate deleted,
 * maybe re-created, it), forgets the cached entry and runs `fn` once more on fresh metadata.
 */
export async function withItemsTable<T>(env: Env, name: string, fn: (t: TableMeta) => Promise<T>): Promise<T> {
  return retryIfStale([name], async () => fn(await tableForItems(env, name)));
}

/**
 * Runs `run`; if a partition reported one of the tables dropped, forgets their cached metadata and runs
 * it once more (it must look tables up itself). A second stale answer means the table is really gone.
 */
export async function retryIfStale<T>(names: Iterable<string>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof StaleTable)) throw e;
    for (const name of names) forgetTable(name);
    try {
      return await run();
    } catch (again) {
      if (again instanceof StaleTable) throw resourceNotFound();
      throw again;
    }
  }
}

/** Sends one request to partition `index` of the table. */
export async function callPartition<R extends PartitionRequest>(
  env: Env,
  t: TableMeta,
  index: number,
  req: R,
): Promise<PartitionResponse<R>> {
  if (!metricsEnabled(env)) return partitionResult(t, (await stub(env, t, index).execute(req)) as PartitionReply<R>);
  // Wall time around the call: the Workers clock does not move during synchronous work but does across I/O.
  const start = performance.now();
  let reply: PartitionReply<R>;
  try {
    reply = (await stub(env, t, index).execute(req)) as PartitionReply<R>;
  } catch (e) {
    recordCall(env, t, index, req, undefined, performance.now() - start, e);
    throw e;
  }
  recordCall(env, t, index, req, reply, performance.now() - start);
  return partitionResult(t, reply);
}

function partitionResult<R extends PartitionRequest>(t: TableMeta, reply: PartitionReply<R>): PartitionResponse<R> {
  const res = reply.result;
  if ("dropped" in res && res.dropped === true) throw new StaleTable(t.record.name);
  return res as PartitionResponse<R>;
}
