/**
 * `GET /_shvm/metrics`: the isolate's per-partition metrics in the Prometheus text format, or as JSON with
 * `?format=json` (snapshot.ts). Outside DynamoDB's `POST /` surface.
 *
 * Two values are fetched at scrape time rather than on every call:
 * - item counts: a partition that took writes since its last count, or was never counted, is asked for
 *   count(*) — at most one count at a time per partition, and not again before max(1 s, 20 × the last count's
 *   duration), so counting costs the single writer at most ~5 % of its time however often anyone scrapes;
 *   a partition without writes is counted once and then left alone (a scrape does not keep idle partitions busy);
 *   the count's reply also brings the database size, so the storage gauge is current after writes;
 * - WAL sizes (local only): the `-wal` file of each partition's database, read through a read-only workerd
 *   disk service over the state folder (SHVM_STATE); absent in production, where the runtime owns storage.
 */
import { partitionName } from "../partition/naming.js";
import { decodeCallStats, type PartitionReply } from "../partition/protocol.js";
import type { Env } from "../router/env.js";
import { metricsEnabled } from "../router/env.js";
import { mapLimited } from "../router/fan-out.js";
import { cluster, ownerOf, partitionExecutor, peerSnapshots } from "../router/cluster.js";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "./prometheus.js";
import { registry, type PartitionSeries } from "./registry.js";
import { mergeSnapshots } from "./merge-snapshots.js";
import type { MetricsSnapshot } from "./snapshot.js";

export const METRICS_PATH = "/_shvm/metrics";
/** Where workerd keeps the Partition class's databases inside the state folder (its uniqueKey). */
export const PARTITION_STATE_DIR = "shvm-db-partition";
const RECOUNT_AFTER_MS = 1_000;
/** A recount waits at least this many times the last count's duration. */
const RECOUNT_COST_FACTOR = 20;

/** This process's registry as a snapshot, item counts and WAL sizes refreshed first. */
export async function ownSnapshot(env: Env): Promise<MetricsSnapshot> {
  const enabled = metricsEnabled(env);
  if (enabled) await refreshItemCounts(env, registry.all());
  const wal = enabled && env.SHVM_STATE ? await walSizes(env, env.SHVM_STATE, registry.all()) : new Map<PartitionSeries, number>();
  return registry.snapshot(enabled, (s) => wal.get(s) ?? null);
}

export async function metricsResponse(env: Env, url: URL): Promise<Response> {
  // A multi-process local server: every process's registry, merged (router/cluster.ts; one process: just its own).
  const [own, others] = await Promise.all([ownSnapshot(env), peerSnapshots<MetricsSnapshot>(env)]);
  const snapshot = mergeSnapshots(own, others);
  const headers = { "cache-control": "no-store" };
  if (url.searchParams.get("format") === "json") {
    return new Response(JSON.stringify(snapshot), { headers: { ...headers, "content-type": "application/json" } });
  }
  return new Response(renderPrometheus(snapshot), { headers: { ...headers, "content-type": PROMETHEUS_CONTENT_TYPE } });
}

/** The partition's object id, hex (idFromName is a hash: computed once per series, not on every scrape). */
function objectId(env: Env, s: PartitionSeries): string {
  return (s.objectId ??= env.PARTITION.idFromName(partitionName(s.tableId, s.partition)).toString());
}

async function refreshItemCounts(env: Env, all: PartitionSeries[]): Promise<void> {
  const now = Date.now();
  const due = all.filter(
    (s) =>
      s.partitions !== undefined &&
      !s.counting &&
      (s.itemsAt === null ||
        // A base partition with undelivered GSI changes is asked again each scrape, so the lag is seen to drain.
        // (at most every RECOUNT_AFTER_MS: a count reads the partition's key index, and a backlog may last).
        ((s.gsiPending ?? 0) > 0 && now - s.itemsAt >= RECOUNT_AFTER_MS) ||
        (s.writesSinceCount > 0 && now - s.itemsAt >= Math.max(RECOUNT_AFTER_MS, RECOUNT_COST_FACTOR * s.lastCountMs))),
  );
  await mapLimited(due, async (s) => {
    const writes = s.writesSinceCount;
    s.counting = true;
    const start = Date.now();
    try {
      const partition = partitionExecutor(env, s.tableId, s.partition, s.partitions as number);
      const reply = (await partition.execute({ op: "CountItems" })) as PartitionReply<{ op: "CountItems" }>;
      const r = reply.result;
      if ("dropped" in r) return registry.forgetTable(s.tableId);
      // Not an operation, but what it says of the partition (size, starts: a count may have woken it) holds.
      if (reply.stats) s.observe(decodeCallStats(reply.stats));
      s.items = r.items;
      s.itemsAt = Date.now();
      s.gsiPending = r.pending ?? (s.gsiPending === null ? null : 0);
      s.gsiLagMs = r.oldestAt !== undefined ? Math.max(0, s.itemsAt - r.oldestAt) : s.gsiPending === null ? null : 0;
      s.lastCountMs = s.itemsAt - start;
      // Writes that landed while the count ran are counted again next time.
      s.writesSinceCount = Math.max(0, s.writesSinceCount - writes);
    } catch {
      // A partition that cannot answer now keeps its old count; the next scrape tries again.
    } finally {
      s.counting = false;
    }
  });
}

/** A multi-process local server keeps each process's objects in `process-<i>/` of the state folder (scripts/serve.ts). */
function processFolder(env: Env, s: PartitionSeries): string {
  const c = cluster(env);
  return c.size > 1 && s.partitions !== undefined ? `process-${ownerOf(s.partition, s.partitions, c.size)}/` : "";
}

async function walSizes(env: Env, state: Fetcher, all: PartitionSeries[]): Promise<Map<PartitionSeries, number>> {
  const out = new Map<PartitionSeries, number>();
  await mapLimited(all, async (s) => {
    const id = objectId(env, s);
    try {
      const res = await state.fetch(`http://state/${processFolder(env, s)}${PARTITION_STATE_DIR}/${id}.sqlite-wal`, { method: "HEAD" });
      if (res.status === 404) return out.set(s, 0); // no WAL file: checkpointed and removed, or never written
      const length = Number(res.headers.get("content-length"));
      if (res.ok && Number.isFinite(length)) out.set(s, length);
    } catch {
      // Unknown this time (left null).
    }
  });
  return out;
}
