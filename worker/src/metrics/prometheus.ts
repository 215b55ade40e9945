/**
 * The Prometheus text exposition format (version 0.0.4) of a metrics snapshot: every family labelled with
 * `table`, `partition` and `table_id`, so any scraper can aggregate per table or pick out a hot partition.
 */
import { LATENCY_BUCKET_COUNT, LATENCY_BUCKETS_PER_DOUBLING, latencyBucketBound, type LatencySnapshot, type MetricsSnapshot, type PartitionSnapshot } from "./snapshot.js";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Label value escaping per the exposition format: backslash, double quote and newline. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Prometheus renders numbers as Go floats: integers plainly, non-finite as +Inf/-Inf/NaN. */
function num(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

/** Histogram `le` bounds exposed: every doubling of the internal buckets (32 µs, 64 µs, ... ~16.8 s; from 1.024 ms with a millisecond clock). */
// Internal bucket 4(k+1) closes at 16 µs · 2^(k+1) = 32 µs · 2^k. The last internal bucket also holds
// everything above its bound, so it is only part of +Inf.
const EXPOSED_BUCKETS = Array.from({ length: LATENCY_BUCKET_COUNT / LATENCY_BUCKETS_PER_DOUBLING - 1 }, (_, k) => (k + 1) * LATENCY_BUCKETS_PER_DOUBLING);
/** With a clock that ticks in whole milliseconds, buckets below 1 ms would claim a precision it does not have. */
const FIRST_BUCKET_AT_MS_RESOLUTION = EXPOSED_BUCKETS.findIndex((i) => latencyBucketBound(i) >= 0.001);

/**
 * An exposed bound in seconds, written exactly: the doublings are whole microseconds (32 µs · 2^k), so µs / 1e6
 * is the shortest decimal of the bound (rounding it to fewer digits could put `le` below values it counts).
 */
function exposedBound(i: number): number {
  return Math.round(latencyBucketBound(i) * 1e6) / 1e6;
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  lines: string[];
}

export function renderPrometheus(s: MetricsSnapshot): string {
  const families: Family[] = [
    family("shvm_partition_operations_total", "counter", "Partition calls by DynamoDB operation (a batch or scan share counts once)."),
    family("shvm_partition_errors_total", "counter", "Failed partition calls by error type (ConditionalCheckFailedException apart from the rest)."),
    family("shvm_partition_latency_seconds", "histogram", "Router's wall time around each partition Durable Object call (buckets start at the clock's resolution: 1 ms on local workerd)."),
    family("shvm_partition_sqlite_seconds", "histogram", "Partition's own time per call, SQLite included; absent where the runtime's clock is frozen during work."),
    family("shvm_partition_rows_read_total", "counter", "Rows read by the partition's SQLite statements (cursor rowsRead)."),
    family("shvm_partition_rows_written_total", "counter", "Rows written by the partition's SQLite statements (cursor rowsWritten)."),
    family("shvm_partition_bytes_in_total", "counter", "Item and key bytes sent to the partition."),
    family("shvm_partition_bytes_out_total", "counter", "Item bytes returned by the partition."),
    family("shvm_partition_storage_bytes", "gauge", "The partition's SQLite database size (databaseSize): taken after writes at most once a second, and when the items are counted."),
    family("shvm_partition_wal_bytes", "gauge", "Size of the partition's -wal file (local disk state only)."),
    family("shvm_partition_items", "gauge", "Items in the partition, as last counted."),
    family("shvm_partition_gsi_pending_changes", "gauge", "Global secondary index changes this base partition recorded and has not yet delivered to the index partitions, as last counted."),
    family("shvm_partition_gsi_lag_seconds", "gauge", "Age of the oldest undelivered GSI change of this base partition (propagation lag), as last counted; 0 when none is pending."),
    family("shvm_partition_restarts_total", "counter", "Times the partition's Durable Object was constructed with data (persisted in its SQLite)."),
    family("shvm_partition_last_start_timestamp_seconds", "gauge", "When the partition's Durable Object last started (Unix time)."),
  ];
  const [ops, errors, latency, sqlite, rowsRead, rowsWritten, bytesIn, bytesOut, storage, wal, items, gsiPending, gsiLag, restarts, lastStart] = families as [
    Family, Family, Family, Family, Family, Family, Family, Family, Family, Family, Family, Family, Family, Family, Family,
  ];
  for (const p of s.partitions) {
    const l = labels(p);
    for (const [op, n] of Object.entries(p.operations)) ops.lines.push(`${ops.name}{${l},operation="${escapeLabel(op)}"} ${n}`);
    for (const [type, n] of Object.entries(p.errors)) errors.lines.push(`${errors.name}{${l},type="${escapeLabel(type)}"} ${n}`);
    histogram(latency, l, p.latency, (s.clockResolutionSeconds ?? 0) >= 0.001);
    if (p.sqliteLatency) histogram(sqlite, l, p.sqliteLatency, (s.clockResolutionSeconds ?? 0) >= 0.001);
    rowsRead.lines.push(`${rowsRead.name}{${l}} ${p.rowsRead}`);
    rowsWritten.lines.push(`${rowsWritten.name}{${l}} ${p.rowsWritten}`);
    bytesIn.lines.push(`${bytesIn.name}{${l}} ${p.bytesIn}`);
    bytesOut.lines.push(`${bytesOut.name}{${l}} ${p.bytesOut}`);
    if (p.storageBytes !== null) storage.lines.push(`${storage.name}{${l}} ${p.storageBytes}`);
    if (p.walBytes !== null) wal.lines.push(`${wal.name}{${l}} ${p.walBytes}`);
    if (p.items !== null) items.lines.push(`${items.name}{${l}} ${p.items}`);
    if (p.gsiPending != null) gsiPending.lines.push(`${gsiPending.name}{${l}} ${p.gsiPending}`);
    if (p.gsiLagMs != null) gsiLag.lines.push(`${gsiLag.name}{${l}} ${num(p.gsiLagMs / 1000)}`);
    if (p.restarts !== null) restarts.lines.push(`${restarts.name}{${l}} ${p.restarts}`);
    if (p.lastStartAt !== null) lastStart.lines.push(`${lastStart.name}{${l}} ${num(p.lastStartAt / 1000)}`);
  }
  let out = "";
  for (const f of families) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const line of f.lines) out += line + "\n";
  }
  return out;
}

function family(name: string, type: Family["type"], help: string): Family {
  return { name, type, help, lines: [] };
}

/**
 * `table_id` too: a table deleted and re-created under the same name is a new table with new partitions, and
 * while both have series (an in-flight call that finished after the delete; another isolate) their label
 * sets must still differ.
 */
function labels(p: PartitionSnapshot): string {
  return `table="${escapeLabel(p.table)}",partition="${p.partition}",table_id="${escapeLabel(p.tableId)}"`;
}

function histogram(f: Family, l: string, h: LatencySnapshot, msResolution: boolean): void {
  let cumulative = 0;
  let next = 0;
  for (const [k, i] of EXPOSED_BUCKETS.entries()) {
    while (next <= i) cumulative += h.counts[next++]!;
    if (msResolution && k < FIRST_BUCKET_AT_MS_RESOLUTION) continue;
    f.lines.push(`${f.name}_bucket{${l},le="${num(exposedBound(i))}"} ${cumulative}`);
  }
  f.lines.push(`${f.name}_bucket{${l},le="+Inf"} ${h.count}`);
  f.lines.push(`${f.name}_sum{${l}} ${num(h.sumSeconds)}`);
  f.lines.push(`${f.name}_count{${l}} ${h.count}`);
}
