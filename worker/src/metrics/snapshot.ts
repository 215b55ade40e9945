/**
 * The JSON shape of `GET /_shvm/metrics?format=json`: what the harness and the dashboard read. Runtime-neutral
 * (no Workers types) so Node code and the dashboard's browser code can import it.
 *
 * Counters are cumulative since the serving isolate started (`startedAt`); a reader derives rates by
 * differencing two snapshots (Prometheus semantics: a counter that goes down means a restart).
 */

export const METRICS_SNAPSHOT_VERSION = 1;

/**
 * Latency histogram with log-spaced buckets: bucket i counts observations in (bound(i-1), bound(i)] where
 * bound(i) = LATENCY_BASE_SECONDS * 2^(i / LATENCY_BUCKETS_PER_DOUBLING); the last bucket also takes everything
 * above. Readers may difference two snapshots' `counts` to get the distribution of one interval.
 */
export const LATENCY_BASE_SECONDS = 0.000_016; // 16 µs
export const LATENCY_BUCKETS_PER_DOUBLING = 4;
export const LATENCY_BUCKET_COUNT = 4 * 21; // 16 µs · 2^21 ≈ 33.5 s

export function latencyBucketBound(i: number): number {
  return LATENCY_BASE_SECONDS * 2 ** (i / LATENCY_BUCKETS_PER_DOUBLING);
}

export interface LatencySnapshot {
  count: number;
  sumSeconds: number;
  maxSeconds: number;
  /** LATENCY_BUCKET_COUNT entries, not cumulative. */
  counts: number[];
}

/** Seconds of per-second history kept for each partition (the dashboard's heatmap window on first load). */
export const HISTORY_SECONDS = 120;

export interface PartitionSnapshot {
  table: string;
  /** The table's internal id (a re-created table gets a new one, so its counters start again). */
  tableId: string;
  partition: number;
  /** Requests the router sent to this partition, by DynamoDB operation (a BatchGetItem share counts once). */
  operations: Record<string, number>;
  /** Failed requests by error type (the `__type` suffix, e.g. "ConditionalCheckFailedException"). */
  errors: Record<string, number>;
  rowsRead: number;
  rowsWritten: number;
  /** Bytes of the request sent to the partition and of its reply (the Durable Object call's payloads). */
  bytesIn: number;
  bytesOut: number;
  /** The router's view: wall time around each Durable Object call. */
  latency: LatencySnapshot;
  /** The partition's own view of its SQLite work; null while the runtime's clock is frozen during it (see `clock`). */
  sqliteLatency: LatencySnapshot | null;
  /** `ctx.storage.sql.databaseSize` as last reported (after writes at most once a second, and with each item count); null before. */
  storageBytes: number | null;
  /** Size of the partition's `-wal` file; null where it cannot be known (production). */
  walBytes: number | null;
  /** Item count as of `itemsAt` (counted by the partition; refreshed on a scrape after writes). */
  items: number | null;
  itemsAt: number | null;
  /** Tables with GSIs: the base partition's undelivered index changes and the oldest one's age in ms (as of itemsAt). */
  gsiPending?: number | null;
  gsiLagMs?: number | null;
  /** Times the partition's Durable Object was constructed (persisted in its SQLite); null before the first reply. */
  restarts: number | null;
  /** Epoch ms of the partition object's last start. */
  lastStartAt: number | null;
  /** Operations per second over the last HISTORY_SECONDS seconds: ops[i] belongs to second `historyStart + i` (epoch s). */
  historyStart: number;
  history: number[];
}

export interface MetricsSnapshot {
  version: typeof METRICS_SNAPSHOT_VERSION;
  /** Epoch ms when the snapshot was taken. */
  now: number;
  /** Epoch ms when this isolate's registry started. */
  startedAt: number;
  /** Whether metrics are being collected (SHVM_METRICS=off turns them off). */
  enabled: boolean;
  /**
   * What the partitions' clock gives during synchronous SQLite work: "advancing" (real timings), "frozen"
   * (Workers' Spectre mitigation: time only moves on I/O, so SQLite time cannot be measured inside the object),
   * or "unknown" (no SQLite work observed yet).
   */
  sqliteClock: "advancing" | "frozen" | "unknown";
  /**
   * The clock's resolution as seen in the timings recorded: 0.001 when every one was a whole number of
   * milliseconds (local workerd), 0.000001 once a finer one appeared, null before any. Latencies below it are
   * not measured (a 0 ms reading means "under 1 ms").
   */
  clockResolutionSeconds: number | null;
  partitions: PartitionSnapshot[];
}
