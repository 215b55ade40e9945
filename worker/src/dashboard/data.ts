/**
 * The dashboard's data shaping: pure functions from metrics snapshots to the rows the charts draw.
 * Runtime-neutral (no DOM, no Workers types) so Node unit tests cover them and the browser bundle uses them.
 */
import {
  HISTORY_SECONDS,
  LATENCY_BUCKET_COUNT,
  latencyBucketBound,
  type LatencySnapshot,
  type MetricsSnapshot,
  type PartitionSnapshot,
} from "../metrics/snapshot.js";

/** The error type that is an expected outcome of a conditional write, not a fault: counted apart. */
export const CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException";

/** Identity of a partition across snapshots: a re-created table gets a new id, hence new counters. */
export const partitionId = (p: Pick<PartitionSnapshot, "tableId" | "partition">): string => `${p.tableId}/${p.partition}`;

/**
 * Row labels "table/partition". When two table ids share a name (a table deleted and re-created while the
 * old one's counters are still listed) the labels get a short id suffix so their rows stay apart.
 */
export function partitionLabels(partitions: readonly PartitionSnapshot[]): Map<string, string> {
  const idsByName = new Map<string, Set<string>>();
  for (const p of partitions) {
    const ids = idsByName.get(p.table) ?? new Set<string>();
    ids.add(p.tableId);
    idsByName.set(p.table, ids);
  }
  const labels = new Map<string, string>();
  for (const p of partitions) {
    const ambiguous = (idsByName.get(p.table)?.size ?? 0) > 1;
    const table = ambiguous ? `${p.table}~${p.tableId.slice(0, 6)}` : p.table;
    labels.set(partitionId(p), `${table}/${p.partition}`);
  }
  return labels;
}

/** Partitions ordered by table name, then partition index (the charts' shared y order). */
export function sortPartitions(partitions: readonly PartitionSnapshot[]): PartitionSnapshot[] {
  return [...partitions].sort((a, b) =>
    a.table < b.table ? -1 : a.table > b.table ? 1 : a.tableId < b.tableId ? -1 : a.tableId > b.tableId ? 1 : a.partition - b.partition,
  );
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const sumValues = (r: Record<string, number>) => sum(Object.values(r));

/** The last whole second a snapshot can report: the current second is still being counted. */
export const lastCompleteSecond = (snapshot: Pick<MetricsSnapshot, "now">): number => Math.floor(snapshot.now / 1000) - 1;

/** Operations in one second (epoch s) from a partition's history, 0 outside it. */
export function opsAt(p: Pick<PartitionSnapshot, "historyStart" | "history">, second: number): number {
  return p.history[second - p.historyStart] ?? 0;
}

export interface HeatmapCell {
  label: string;
  /** Epoch seconds: the cell spans [t, t + 1). */
  t: number;
  ops: number;
}

export interface Heatmap {
  /** Row labels, top to bottom. */
  rows: string[];
  /** Cells with at least one operation (idle seconds are left to the background). */
  cells: HeatmapCell[];
  /** The x window in epoch seconds: [from, to). */
  from: number;
  to: number;
  /** Partitions left out because only the busiest `maxRows` are drawn. */
  hidden: number;
}

/**
 * The QPS heatmap over the last `seconds` complete seconds. With more than `maxRows` partitions only the
 * busiest over the window are kept (in table/partition order), so hot partitions stay visible.
 */
export function heatmap(snapshot: MetricsSnapshot, opts: { seconds?: number; maxRows?: number } = {}): Heatmap {
  const seconds = opts.seconds ?? HISTORY_SECONDS;
  const maxRows = opts.maxRows ?? 64;
  const to = lastCompleteSecond(snapshot) + 1;
  const from = to - seconds;
  const labels = partitionLabels(snapshot.partitions);
  const windowOps = (p: PartitionSnapshot) => {
    let n = 0;
    for (let t = from; t < to; t++) n += opsAt(p, t);
    return n;
  };
  let shown = snapshot.partitions;
  if (shown.length > maxRows) {
    shown = [...shown]
      .map((p) => ({ p, n: windowOps(p) }))
      .sort((a, b) => b.n - a.n)
      .slice(0, maxRows)
      .map((x) => x.p);
  }
  shown = sortPartitions(shown);
  const cells: HeatmapCell[] = [];
  for (const p of shown) {
    const label = labels.get(partitionId(p)) ?? "";
    for (let t = Math.max(from, p.historyStart); t < to && t < p.historyStart + p.history.length; t++) {
      const ops = opsAt(p, t);
      if (ops > 0) cells.push({ label, t, ops });
    }
  }
  return {
    rows: shown.map((p) => labels.get(partitionId(p)) ?? ""),
    cells,
    from,
    to,
    hidden: snapshot.partitions.length - shown.length,
  };
}

/** Total operations a partition's router counters hold. */
export const operationCount = (p: Pick<PartitionSnapshot, "operations">): number => sumValues(p.operations);

/** Errors a partition answered, ConditionalCheckFailed apart (it is a normal outcome of a conditional write). */
export function errorCounts(p: Pick<PartitionSnapshot, "errors">): { errors: number; conditionalCheckFailed: number } {
  let errors = 0;
  let conditionalCheckFailed = 0;
  for (const [type, n] of Object.entries(p.errors)) {
    if (type === CONDITIONAL_CHECK_FAILED) conditionalCheckFailed += n;
    else errors += n;
  }
  return { errors, conditionalCheckFailed };
}

/** True when `before` cannot be subtracted from `after`: another isolate, or a counter went down. */
export function isReset(before: Pick<MetricsSnapshot, "startedAt" | "now">, after: Pick<MetricsSnapshot, "startedAt" | "now">): boolean {
  return before.startedAt !== after.startedAt || before.now >= after.now;
}

export interface PartitionRate {
  id: string;
  opsPerSecond: number;
  errorsPerSecond: number;
}

/**
 * Per-partition rates between two snapshots of the same isolate (counters are cumulative). A partition absent
 * from `before` started counting after it, from zero. Null when the snapshots cannot be differenced.
 */
export function rates(before: MetricsSnapshot, after: MetricsSnapshot): PartitionRate[] | null {
  if (isReset(before, after)) return null;
  const seconds = (after.now - before.now) / 1000;
  const old = new Map(before.partitions.map((p) => [partitionId(p), p]));
  const out: PartitionRate[] = [];
  for (const p of after.partitions) {
    const q = old.get(partitionId(p));
    const ops = operationCount(p) - (q ? operationCount(q) : 0);
    const errs = sumValues(p.errors) - (q ? sumValues(q.errors) : 0);
    if (ops < 0 || errs < 0) return null;
    out.push({ id: partitionId(p), opsPerSecond: ops / seconds, errorsPerSecond: errs / seconds });
  }
  return out;
}

export interface Totals {
  tables: number;
  partitions: number;
  operations: number;
  errors: number;
  conditionalCheckFailed: number;
  storageBytes: number;
  items: number;
  /** Operations per second: between the two snapshots, else the last complete second of the history. */
  opsPerSecond: number;
}

export function totals(snapshot: MetricsSnapshot, before?: MetricsSnapshot): Totals {
  const last = lastCompleteSecond(snapshot);
  const r = before ? rates(before, snapshot) : null;
  let errors = 0;
  let conditionalCheckFailed = 0;
  for (const p of snapshot.partitions) {
    const e = errorCounts(p);
    errors += e.errors;
    conditionalCheckFailed += e.conditionalCheckFailed;
  }
  return {
    tables: new Set(snapshot.partitions.map((p) => p.tableId)).size,
    partitions: snapshot.partitions.length,
    operations: sum(snapshot.partitions.map(operationCount)),
    errors,
    conditionalCheckFailed,
    storageBytes: sum(snapshot.partitions.map((p) => p.storageBytes ?? 0)),
    items: sum(snapshot.partitions.map((p) => p.items ?? 0)),
    opsPerSecond: r ? sum(r.map((x) => x.opsPerSecond)) : sum(snapshot.partitions.map((p) => opsAt(p, last))),
  };
}

/** `after - before` bucket by bucket; null if any bucket went down (the counters were reset in between). */
export function subtractLatency(after: LatencySnapshot, before: LatencySnapshot | undefined): LatencySnapshot | null {
  if (!before) return after;
  const counts = after.counts.map((n, i) => n - (before.counts[i] ?? 0));
  if (counts.some((n) => n < 0) || after.count < before.count) return null;
  // The window's maximum is unknown; the cumulative one bounds it from above.
  return { count: after.count - before.count, sumSeconds: after.sumSeconds - before.sumSeconds, maxSeconds: after.maxSeconds, counts };
}

/**
 * The q-quantile (0 < q ≤ 1) of a bucketed latency, in seconds; null without observations. Within a bucket
 * the position is interpolated geometrically (the buckets are log-spaced); the first bucket is linear from 0.
 * The result never exceeds `maxSeconds` (when positive), which also bounds the open-ended last bucket.
 */
export function percentile(latency: Pick<LatencySnapshot, "counts" | "maxSeconds">, q: number): number | null {
  const total = sum(latency.counts);
  if (total <= 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let below = 0;
  for (let i = 0; i < latency.counts.length; i++) {
    const n = latency.counts[i] ?? 0;
    if (n <= 0 || below + n < rank) {
      below += n;
      continue;
    }
    const f = Math.max(rank - below, 0) / n;
    const lo = i === 0 ? 0 : latencyBucketBound(i - 1);
    let hi = latencyBucketBound(i);
    if (i >= LATENCY_BUCKET_COUNT - 1) hi = Math.max(lo, latency.maxSeconds);
    const v = i === 0 ? hi * f : lo * (hi / lo) ** f;
    return latency.maxSeconds > 0 ? Math.min(v, latency.maxSeconds) : v;
  }
  return latency.maxSeconds > 0 ? latency.maxSeconds : null;
}

export type LatencyWindow = "window" | "cumulative";

export interface LatencyRow {
  label: string;
  p50: number;
  p90: number;
  p99: number;
  count: number;
  /** "window": from the difference with an earlier snapshot; "cumulative": since the isolate started. */
  over: LatencyWindow;
}

/**
 * p50/p90/p99 per partition for one of the two latency views. With a `before` snapshot of the same isolate the
 * percentiles cover only the interval between them; otherwise (first load, restart) they are cumulative.
 * Partitions without observations in the interval are left out.
 */
export function latencyRows(
  snapshot: MetricsSnapshot,
  before: MetricsSnapshot | undefined,
  view: "latency" | "sqliteLatency",
): LatencyRow[] {
  const labels = partitionLabels(snapshot.partitions);
  const usable = before && !isReset(before, snapshot) ? before : undefined;
  const old = new Map((usable?.partitions ?? []).map((p) => [partitionId(p), p]));
  const rows: LatencyRow[] = [];
  for (const p of sortPartitions(snapshot.partitions)) {
    const cur = p[view];
    if (!cur) continue;
    let lat: LatencySnapshot = cur;
    let over: LatencyWindow = "cumulative";
    if (usable) {
      const diff = subtractLatency(cur, old.get(partitionId(p))?.[view] ?? undefined);
      if (diff) {
        lat = diff;
        over = "window";
      }
    }
    // Below the clock's resolution nothing is known but "under one tick" (a 0 ms reading on a millisecond
    // clock): show the tick, an upper bound, rather than an interpolated few microseconds.
    const tick = snapshot.clockResolutionSeconds ?? 0;
    const at = (q: number) => {
      const v = percentile(lat, q);
      return v === null ? null : Math.max(v, tick);
    };
    const p50 = at(0.5);
    const p90 = at(0.9);
    const p99 = at(0.99);
    if (p50 === null || p90 === null || p99 === null) continue;
    rows.push({ label: labels.get(partitionId(p)) ?? "", p50, p90, p99, count: lat.count, over });
  }
  return rows;
}

/**
 * The snapshot to difference against for a window of `windowMs`: the newest one at least that old, else the
 * oldest one of the same isolate (a shorter window while the page is young). Undefined at first load.
 */
export function baselineFor(history: readonly MetricsSnapshot[], current: MetricsSnapshot, windowMs: number): MetricsSnapshot | undefined {
  const candidates = history.filter((s) => !isReset(s, current));
  const oldEnough = candidates.filter((s) => current.now - s.now >= windowMs);
  const pick = (xs: MetricsSnapshot[], newest: boolean) =>
    xs.reduce<MetricsSnapshot | undefined>((best, s) => (!best || (newest ? s.now > best.now : s.now < best.now) ? s : best), undefined);
  return oldEnough.length > 0 ? pick(oldEnough, true) : pick(candidates, false);
}

export interface SizeRow {
  label: string;
  storageBytes: number | null;
  walBytes: number | null;
  items: number | null;
}

export function sizeRows(snapshot: MetricsSnapshot): SizeRow[] {
  const labels = partitionLabels(snapshot.partitions);
  return sortPartitions(snapshot.partitions).map((p) => ({
    label: labels.get(partitionId(p)) ?? "",
    storageBytes: p.storageBytes,
    walBytes: p.walBytes,
    items: p.items,
  }));
}

export interface RestartRow {
  label: string;
  restarts: number | null;
  /** Milliseconds since the partition object last started, as of the snapshot; null if unknown. */
  upMs: number | null;
}

export function restartRows(snapshot: MetricsSnapshot): RestartRow[] {
  const labels = partitionLabels(snapshot.partitions);
  return sortPartitions(snapshot.partitions).map((p) => ({
    label: labels.get(partitionId(p)) ?? "",
    restarts: p.restarts,
    upMs: p.lastStartAt === null ? null : Math.max(0, snapshot.now - p.lastStartAt),
  }));
}

export interface ErrorRow {
  type: string;
  count: number;
  conditional: boolean;
}

/** Errors by type over all partitions, largest first, ConditionalCheckFailed flagged (drawn apart). */
export function errorRows(snapshot: MetricsSnapshot): ErrorRow[] {
  const byType = new Map<string, number>();
  for (const p of snapshot.partitions) {
    for (const [type, n] of Object.entries(p.errors)) byType.set(type, (byType.get(type) ?? 0) + n);
  }
  return [...byType]
    .filter(([, n]) => n > 0)
    .map(([type, count]) => ({ type, count, conditional: type === CONDITIONAL_CHECK_FAILED }))
    .sort((a, b) => Number(a.conditional) - Number(b.conditional) || b.count - a.count || (a.type < b.type ? -1 : 1));
}

/** The snapshot restricted to some tables (the page's `?table=a,b`); all of it when `tables` is empty. */
export function onlyTables(snapshot: MetricsSnapshot, tables: readonly string[]): MetricsSnapshot {
  if (tables.length === 0) return snapshot;
  const keep = new Set(tables);
  return { ...snapshot, partitions: snapshot.partitions.filter((p) => keep.has(p.table)) };
}
