/**
 * Per-partition metrics of one isolate, fed by the router on every partition call (router/tables.ts
 * callPartition) and read by `GET /_shvm/metrics`. Locally (workerd, one process, one isolate) this is the
 * whole server's view; in production each isolate only sees its own calls, which is why production metrics
 * go to Analytics Engine instead (analytics.ts).
 *
 * Recording is a handful of additions: no timers, no I/O, nothing that wakes a partition.
 */
import type { CallStats } from "../partition/protocol.js";
import { LatencyHistogram } from "./histogram.js";
import { HISTORY_SECONDS, METRICS_SNAPSHOT_VERSION, type MetricsSnapshot, type PartitionSnapshot } from "./snapshot.js";

/** One partition call as the router saw it. */
export interface CallRecord {
  /** The partition request's operation (GetItem, PutItem, ..., Query, Scan, BatchGetItem, BatchWriteItem). */
  op: string;
  /** The error type (after the `#` of `__type`) when the call failed; undefined on success. */
  error?: string;
  /** Wall time around the Durable Object call, seconds. */
  seconds: number;
  bytesIn: number;
  bytesOut: number;
  /** The partition's own view; absent when the call threw. */
  stats?: CallStats;
}

/** Operations that change items: a partition they reach gets its item count refreshed on the next scrape. */
const WRITES = new Set(["PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem"]);

export class PartitionSeries {
  readonly operations: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  rowsRead = 0;
  rowsWritten = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly latency = new LatencyHistogram();
  readonly sqlite = new LatencyHistogram();
  storageBytes: number | null = null;
  starts: number | null = null;
  startedAt: number | null = null;
  items: number | null = null;
  itemsAt: number | null = null;
  /** GSI changes recorded by this base partition and not yet delivered, and the age of the oldest (ms), as of itemsAt. */
  gsiPending: number | null = null;
  gsiLagMs: number | null = null;
  /** Writes since the item count was last taken (or never taken). */
  writesSinceCount = 0;
  /** A count is running (one at a time per partition, whoever scrapes). */
  counting = false;
  /** How long the last count took, ms: recounts wait at least RECOUNT_COST_FACTOR times that. */
  lastCountMs = 0;
  /** The partition's Durable Object id, hex (the metrics endpoint's cache of idFromName). */
  objectId: string | undefined;
  /** The table's partition count (set by the router): which process owns this partition (router/cluster.ts). */
  partitions: number | undefined;
  /** Calls per second; slot s % HISTORY_SECONDS holds second s, valid for seconds (historyHead - HISTORY_SECONDS, historyHead]. */
  private readonly history = new Array<number>(HISTORY_SECONDS).fill(0);
  private historyHead = 0;

  constructor(
    readonly table: string,
    readonly tableId: string,
    readonly partition: number,
  ) {}

  record(c: CallRecord, nowMs: number): void {
    this.operations[c.op] = (this.operations[c.op] ?? 0) + 1;
    if (c.error !== undefined) this.errors[c.error] = (this.errors[c.error] ?? 0) + 1;
    this.bytesIn += c.bytesIn;
    this.bytesOut += c.bytesOut;
    this.latency.record(c.seconds);
    if (WRITES.has(c.op)) this.writesSinceCount++;
    this.tick(Math.floor(nowMs / 1000));
    this.history[this.historyHead % HISTORY_SECONDS]!++;
    const s = c.stats;
    if (!s) return;
    this.rowsRead += s.rowsRead;
    this.rowsWritten += s.rowsWritten;
    if (s.ms !== null) this.sqlite.record(s.ms / 1000);
    this.observe(s);
  }

  /** The partition's state as a reply reported it (also from internal calls, e.g. the endpoint's counts). */
  observe(s: CallStats): void {
    if (s.databaseSize !== null) this.storageBytes = s.databaseSize;
    this.starts = s.starts;
    this.startedAt = s.startedAt;
  }

  /** Moves the history window to `second`, zeroing the seconds skipped. */
  private tick(second: number): void {
    if (second <= this.historyHead) return;
    const skipped = Math.min(second - this.historyHead, HISTORY_SECONDS);
    for (let i = 1; i <= skipped; i++) this.history[(this.historyHead + i) % HISTORY_SECONDS] = 0;
    this.historyHead = second;
  }

  snapshot(nowMs: number, walBytes: number | null): PartitionSnapshot {
    this.tick(Math.floor(nowMs / 1000));
    const start = this.historyHead - HISTORY_SECONDS + 1;
    const history = Array.from({ length: HISTORY_SECONDS }, (_, i) => this.history[(start + i) % HISTORY_SECONDS]!);
    return {
      table: this.table,
      tableId: this.tableId,
      partition: this.partition,
      operations: { ...this.operations },
      errors: { ...this.errors },
      rowsRead: this.rowsRead,
      rowsWritten: this.rowsWritten,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      latency: this.latency.snapshot(),
      sqliteLatency: this.sqlite.count > 0 ? this.sqlite.snapshot() : null,
      storageBytes: this.storageBytes,
      walBytes,
      items: this.items,
      itemsAt: this.itemsAt,
      gsiPending: this.gsiPending,
      gsiLagMs: this.gsiLagMs,
      restarts: this.starts,
      lastStartAt: this.startedAt,
      historyStart: start,
      history,
    };
  }
}

export class MetricsRegistry {
  readonly startedAt = Date.now();
  private readonly series = new Map<string, PartitionSeries>();
  /** Seen a call whose partition clock advanced / one whose clock was frozen. */
  private clockAdvancing = false;
  private clockFrozen = false;
  /** Timings seen at all / one with a fraction of a millisecond. */
  private timed = false;
  private subMillisecond = false;

  /** The series of a partition, created on its first call. */
  partition(table: string, tableId: string, partition: number): PartitionSeries {
    const key = `${tableId}/${partition}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new PartitionSeries(table, tableId, partition)));
    return s;
  }

  record(table: string, tableId: string, partition: number, call: CallRecord, nowMs = Date.now()): void {
    this.recordInto(this.partition(table, tableId, partition), call, nowMs);
  }

  /** Records into a series the caller already holds (the router keeps them per cached table). */
  recordInto(series: PartitionSeries, call: CallRecord, nowMs = Date.now()): void {
    if (!this.subMillisecond) {
      this.timed = true;
      const ms = call.seconds * 1000;
      if (Math.abs(ms - Math.round(ms)) > 1e-6) this.subMillisecond = true;
    }
    if (call.stats) {
      if (call.stats.ms === null) this.clockFrozen = true;
      else this.clockAdvancing = true;
    }
    series.record(call, nowMs);
  }

  /** Forgets a table's partitions (after DeleteTable): a re-created table has a new id and starts again. */
  forgetTable(tableId: string): void {
    for (const [key, s] of this.series) if (s.tableId === tableId) this.series.delete(key);
  }

  all(): PartitionSeries[] {
    return [...this.series.values()];
  }

  snapshot(enabled: boolean, walBytes: (s: PartitionSeries) => number | null = () => null, nowMs = Date.now()): MetricsSnapshot {
    const partitions = this.all()
      .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.partition - b.partition))
      .map((s) => s.snapshot(nowMs, walBytes(s)));
    return {
      version: METRICS_SNAPSHOT_VERSION,
      now: nowMs,
      startedAt: this.startedAt,
      enabled,
      sqliteClock: this.clockAdvancing ? "advancing" : this.clockFrozen ? "frozen" : "unknown",
      clockResolutionSeconds: this.subMillisecond ? 0.000001 : this.timed ? 0.001 : null,
      partitions,
    };
  }
}

/** The isolate's registry. */
export const registry = new MetricsRegistry();
