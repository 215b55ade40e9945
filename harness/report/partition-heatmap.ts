/**
 * The per-partition view of a phase from the counters sampled during it (results `partitionMetrics`): a QPS
 * heatmap (one row per partition, one cell per interval between two samples) and a table of each partition's
 * share of the operations, its row rates and its last reported sizes.
 *
 * The counters are cumulative since the server's isolate started, so a rate is the difference of two
 * samples over their time apart. A counter that went down, or a changed `serverStartedAt`, means the counters
 * were reset (a restart) between the two: the later value is then all that was counted since, as Prometheus
 * reads a counter reset.
 */
import type { PartitionCounters, PartitionMetricsSample } from "../target.js";
import type { YcsbResult } from "../results/result-file.js";

export interface HeatCell {
  row: string;
  /** Seconds from the start of the measured window (negative: warm-up, or before the threads started). */
  t0: number;
  t1: number;
  /** Operations per second over [t0, t1). */
  qps: number;
}

export interface PartitionRow {
  label: string;
  partition: number;
  /** Operations in the intervals that end inside the measured window. */
  operations: number;
  /** operations ÷ all partitions' operations (0 when there were none). */
  share: number;
  rowsReadPerSecond: number;
  rowsWrittenPerSecond: number;
  /** The last non-null values sampled. */
  storageBytes: number | null;
  walBytes: number | null;
  items: number | null;
}

export interface PartitionView {
  table: string;
  rows: string[];
  cells: HeatCell[];
  partitions: PartitionRow[];
  /** The sampled span in seconds from the measured window's start, and the window itself: [0, windowSeconds]. */
  from: number;
  to: number;
  windowSeconds: number;
  samples: number;
  failures: number;
  /** Counters found reset between two samples (a server restart). */
  resets: number;
  /** Instances of the table left out: an older table of the same name whose counters were still listed. */
  otherInstances: number;
  /**
   * A table with GSIs: the propagation lag over the samples taken in the measured window — per sample the oldest
   * undelivered change's age over all partitions, and the changes pending in all of them.
   */
  gsi?: { samples: number; medianLagMs: number; maxLagMs: number; maxPending: number; lastPending: number };
}

type Counter = "operations" | "rowsRead" | "rowsWritten";

/** Seconds to the millisecond, as the page needs them (the JSON stays small). */
const ms = (s: number) => Math.round(s * 1000) / 1000;

/** How much a counter grew from `prev` to `cur`, reading a decrease (or a server restart) as a reset to 0 in between. */
export function counterDelta(prev: number | undefined, cur: number, restarted: boolean): { delta: number; reset: boolean } {
  if (prev === undefined) return { delta: cur, reset: false };
  if (restarted || cur < prev) return { delta: cur, reset: true };
  return { delta: cur - prev, reset: false };
}

/**
 * The table instance the phase used: the one whose operations grew most over the samples (a re-created table's
 * old instance may still be listed, unchanged); the last sample's busiest when none grew.
 */
function currentTableId(samples: readonly PartitionMetricsSample[]): string | undefined {
  const seen = new Map<string, { tableId: string; first: number; last: number }>();
  for (const s of samples) {
    for (const p of s.partitions) {
      const key = `${p.tableId}/${p.partition}`;
      const known = seen.get(key);
      if (known) known.last = p.operations;
      else seen.set(key, { tableId: p.tableId, first: p.operations, last: p.operations });
    }
  }
  const tables = new Map<string, { grew: number; total: number }>();
  for (const { tableId, first, last } of seen.values()) {
    const t = tables.get(tableId) ?? { grew: 0, total: 0 };
    t.grew += Math.max(0, last - first);
    t.total += last;
    tables.set(tableId, t);
  }
  return [...tables].sort((a, b) => b[1].grew - a[1].grew || b[1].total - a[1].total)[0]?.[0];
}

export function partitionView(result: Pick<YcsbResult, "partitionMetrics" | "timing" | "overall">): PartitionView | undefined {
  const m = result.partitionMetrics;
  if (m === undefined) return undefined;
  const origin = Date.parse(result.timing.measuredFrom);
  const windowSeconds = result.overall.runTimeMs / 1000;
  const samples = [...m.samples].sort((a, b) => a.at - b.at);
  const tableId = currentTableId(samples);
  const ids = new Set(samples.flatMap((s) => s.partitions.map((p) => p.tableId)));
  const ofTable = (s: PartitionMetricsSample) => s.partitions.filter((p) => p.tableId === tableId);
  const label = (p: Pick<PartitionCounters, "partition">) => `${m.table}/${p.partition}`;
  const numbers = [...new Set(samples.flatMap((s) => ofTable(s).map((p) => p.partition)))].sort((a, b) => a - b);
  const rows = numbers.map((partition) => label({ partition }));

  const cells: HeatCell[] = [];
  const totals = new Map<number, Record<Counter, number>>(numbers.map((n) => [n, { operations: 0, rowsRead: 0, rowsWritten: 0 }]));
  const sizes = new Map<number, Pick<PartitionRow, "storageBytes" | "walBytes" | "items">>();
  let resets = 0;
  let measuredSeconds = 0;
  for (let i = 0; i < samples.length; i++) {
    const cur = samples[i]!;
    for (const p of ofTable(cur)) {
      const known = sizes.get(p.partition) ?? { storageBytes: null, walBytes: null, items: null };
      sizes.set(p.partition, { storageBytes: p.storageBytes ?? known.storageBytes, walBytes: p.walBytes ?? known.walBytes, items: p.items ?? known.items });
    }
    const prev = samples[i - 1];
    if (prev === undefined) continue;
    const dt = (cur.at - prev.at) / 1000;
    if (!(dt > 0)) continue;
    const t0 = (prev.at - origin) / 1000;
    const t1 = (cur.at - origin) / 1000;
    // Intervals ending inside the measured window count towards the table (the warm-up's do not).
    const measured = t1 > 0 && t0 < windowSeconds;
    if (measured) measuredSeconds += dt;
    const restarted = cur.serverStartedAt !== prev.serverStartedAt;
    const before = new Map(ofTable(prev).map((p) => [p.partition, p]));
    for (const p of ofTable(cur)) {
      const was = before.get(p.partition);
      const ops = counterDelta(was?.operations, p.operations, restarted);
      if (ops.reset) resets++;
      if (ops.delta > 0) cells.push({ row: label(p), t0: ms(t0), t1: ms(t1), qps: Number((ops.delta / dt).toPrecision(4)) });
      if (!measured) continue;
      const total = totals.get(p.partition)!;
      total.operations += ops.delta;
      total.rowsRead += counterDelta(was?.rowsRead, p.rowsRead, restarted).delta;
      total.rowsWritten += counterDelta(was?.rowsWritten, p.rowsWritten, restarted).delta;
    }
  }
  const all = [...totals.values()].reduce((a, t) => a + t.operations, 0);
  const partitions = numbers.map((partition): PartitionRow => {
    const t = totals.get(partition)!;
    const per = (n: number) => (measuredSeconds > 0 ? n / measuredSeconds : 0);
    return {
      label: label({ partition }),
      partition,
      operations: t.operations,
      share: all > 0 ? t.operations / all : 0,
      rowsReadPerSecond: per(t.rowsRead),
      rowsWrittenPerSecond: per(t.rowsWritten),
      ...(sizes.get(partition) ?? { storageBytes: null, walBytes: null, items: null }),
    };
  });
  const first = samples[0];
  const last = samples.at(-1);
  const gsi = gsiLag(samples.filter((s) => s.at >= origin && s.at <= origin + windowSeconds * 1000).map(ofTable), ofTable(last ?? { at: 0, serverStartedAt: 0, partitions: [] }));
  return {
    ...(gsi ? { gsi } : {}),
    table: m.table,
    rows,
    cells,
    partitions,
    from: first ? (first.at - origin) / 1000 : 0,
    to: last ? (last.at - origin) / 1000 : windowSeconds,
    windowSeconds,
    samples: samples.length,
    failures: m.failures,
    resets,
    otherInstances: Math.max(0, ids.size - (tableId === undefined ? 0 : 1)),
  };
}

/** The GSI propagation lag over the measured samples (undefined: the table reports none, so it has no GSIs). */
function gsiLag(measured: PartitionCounters[][], last: PartitionCounters[]): PartitionView["gsi"] {
  const lags: number[] = [];
  let maxPending = 0;
  for (const parts of measured) {
    const withGsi = parts.filter((p) => p.gsiPending != null);
    if (!withGsi.length) continue;
    lags.push(Math.max(0, ...withGsi.map((p) => p.gsiLagMs ?? 0)));
    maxPending = Math.max(maxPending, withGsi.reduce((n, p) => n + (p.gsiPending ?? 0), 0));
  }
  if (!lags.length) return undefined;
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    samples: lags.length,
    medianLagMs: sorted[Math.floor((sorted.length - 1) / 2)]!,
    maxLagMs: sorted.at(-1)!,
    maxPending,
    lastPending: last.reduce((n, p) => n + (p.gsiPending ?? 0), 0),
  };
}
