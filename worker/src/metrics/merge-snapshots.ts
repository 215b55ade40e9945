/**
 * One snapshot from several: a multi-process local server (router/cluster.ts) keeps a registry per process, and
 * each process's router records the calls it made, to any partition. The endpoint merges them so a scrape sees
 * the whole server: counters and histograms add up; what a partition reported of itself (size, starts, item
 * count) is taken from the most recent report; histories add up second by second.
 */
import type { LatencySnapshot, MetricsSnapshot, PartitionSnapshot } from "./snapshot.js";

export function mergeSnapshots(own: MetricsSnapshot, others: readonly MetricsSnapshot[]): MetricsSnapshot {
  if (others.length === 0) return own;
  const byKey = new Map<string, PartitionSnapshot>();
  for (const snap of [own, ...others]) {
    for (const p of snap.partitions) {
      const key = `${p.tableId}/${p.partition}`;
      const seen = byKey.get(key);
      byKey.set(key, seen ? mergePartition(seen, p) : p);
    }
  }
  const all = [own, ...others];
  const clocks = new Set(all.map((s) => s.sqliteClock));
  const resolutions = all.map((s) => s.clockResolutionSeconds).filter((r): r is number => r !== null);
  return {
    version: own.version,
    now: own.now,
    startedAt: Math.min(...all.map((s) => s.startedAt)),
    enabled: own.enabled,
    sqliteClock: clocks.has("advancing") ? "advancing" : clocks.has("frozen") ? "frozen" : "unknown",
    clockResolutionSeconds: resolutions.length ? Math.min(...resolutions) : null,
    partitions: [...byKey.values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.partition - b.partition)),
  };
}

function mergePartition(a: PartitionSnapshot, b: PartitionSnapshot): PartitionSnapshot {
  // The later start is the partition's current life; its restart counter is the larger one.
  const newer = (b.lastStartAt ?? -1) > (a.lastStartAt ?? -1) ? b : a;
  const counted = (b.itemsAt ?? -1) > (a.itemsAt ?? -1) ? b : a;
  return {
    table: a.table,
    tableId: a.tableId,
    partition: a.partition,
    operations: addRecords(a.operations, b.operations),
    errors: addRecords(a.errors, b.errors),
    rowsRead: a.rowsRead + b.rowsRead,
    rowsWritten: a.rowsWritten + b.rowsWritten,
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
    latency: addLatency(a.latency, b.latency),
    sqliteLatency: a.sqliteLatency && b.sqliteLatency ? addLatency(a.sqliteLatency, b.sqliteLatency) : (a.sqliteLatency ?? b.sqliteLatency),
    // Sizes are reported by the partition at most once a second: the larger of two recent reports is the later
    // one while a table grows; a shrink shows within a second on the process that saw it.
    storageBytes: maxOrNull(a.storageBytes, b.storageBytes),
    walBytes: maxOrNull(a.walBytes, b.walBytes),
    items: counted.items,
    itemsAt: counted.itemsAt,
    gsiPending: counted.gsiPending ?? null,
    gsiLagMs: counted.gsiLagMs ?? null,
    restarts: maxOrNull(a.restarts, b.restarts),
    lastStartAt: newer.lastStartAt,
    ...addHistory(a, b),
  };
}

function addRecords(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function addLatency(a: LatencySnapshot, b: LatencySnapshot): LatencySnapshot {
  return {
    count: a.count + b.count,
    sumSeconds: a.sumSeconds + b.sumSeconds,
    maxSeconds: Math.max(a.maxSeconds, b.maxSeconds),
    counts: a.counts.map((c, i) => c + (b.counts[i] ?? 0)),
  };
}

const maxOrNull = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** Both windows end at their snapshot's second; the merged one ends at the later, seconds aligned. */
function addHistory(a: PartitionSnapshot, b: PartitionSnapshot): Pick<PartitionSnapshot, "historyStart" | "history"> {
  const historyStart = Math.max(a.historyStart, b.historyStart);
  const history = a.history.map((_, i) => {
    const second = historyStart + i;
    return at(a, second) + at(b, second);
  });
  return { historyStart, history };
}

function at(p: PartitionSnapshot, second: number): number {
  const i = second - p.historyStart;
  return i >= 0 && i < p.history.length ? (p.history[i] ?? 0) : 0;
}
