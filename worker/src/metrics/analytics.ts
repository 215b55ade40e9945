/**
 * Production metrics: one Analytics Engine data point per partition call (layout in README, "Metrics").
 * Analytics Engine samples per index, so the index is the partition ("table/partition"); a Worker invocation
 * may write at most 250 points, so each request gets a budget and a fan-out beyond it is not recorded.
 */
import type { CallRecord } from "./registry.js";

/** The subset of Workers' AnalyticsEngineDataset used here (kept structural: this file stays runtime-neutral). */
export interface DataPointSink {
  writeDataPoint(point: { indexes?: string[]; blobs?: string[]; doubles?: number[] }): void;
}

/** Points one request may write: Analytics Engine's 250 per invocation, minus headroom. */
export const POINTS_PER_REQUEST = 240;

const encoder = new TextEncoder();
const MAX_INDEX_BYTES = 96;

/** "table/partition", cut to Analytics Engine's 96-byte index limit (the partition number is kept). */
export function dataPointIndex(table: string, partition: number): string {
  const suffix = `/${partition}`;
  let name = table;
  while (encoder.encode(name).byteLength + suffix.length > MAX_INDEX_BYTES) name = name.slice(0, -1);
  return name + suffix;
}

/**
 * blob1 table, blob2 partition, blob3 operation, blob4 error type ("" on success), blob5 table id;
 * double1 router latency ms, double2 partition-side ms (-1: clock frozen, not measured), double3 rows read,
 * double4 rows written, double5 bytes in, double6 bytes out, double7 database bytes (-1: not read by this call; partition.ts sizeDue), double8 restarts.
 */
export function writeCallPoint(sink: DataPointSink, table: string, tableId: string, partition: number, c: CallRecord): void {
  const s = c.stats;
  sink.writeDataPoint({
    indexes: [dataPointIndex(table, partition)],
    blobs: [table, String(partition), c.op, c.error ?? "", tableId],
    doubles: [
      c.seconds * 1000,
      s?.ms ?? -1,
      s?.rowsRead ?? 0,
      s?.rowsWritten ?? 0,
      c.bytesIn,
      c.bytesOut,
      s?.databaseSize ?? -1,
      s?.starts ?? 0,
    ],
  });
}
