/**
 * The measured totals the cost model prices (cost.ts MeasuredTotals), derived from shvm-db's metrics:
 *
 * - from two `GET /_shvm/metrics?format=json` snapshots taken before and after a run (totalsFromSnapshots), or
 * - from a YCSB results file whose optional `partitionMetrics` holds the per-second samples the harness took
 *   during the run (totalsFromResult).
 *
 * Counters are cumulative since the server's registry started; a counter lower than before, or another
 * `startedAt`, means a restart, and the later value is then the whole interval's (Prometheus semantics).
 */
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot.js";
import type { YcsbResult } from "../results/result-file.js";
import type { PartitionCounters, PartitionMetricsSample } from "../target.js";
import { tableSample } from "../targets/shvm.js";
import type { MeasuredTotals } from "./cost.js";
import type { DynamoCallCounts } from "./dynamo-units.js";

/** One partition's cumulative counters at one moment. */
interface CounterPoint {
  at: number;
  startedAt: number;
  counters: Pick<PartitionCounters, "tableId" | "partition" | "operations" | "rowsRead" | "rowsWritten" | "storageBytes">;
}

interface PartitionDelta {
  calls: number;
  rowsRead: number;
  rowsWritten: number;
  storageBytes: number | null;
  activeSeconds: number;
}

const keyOf = (c: { tableId: string; partition: number }) => `${c.tableId}/${c.partition}`;

function pointsOf(s: PartitionMetricsSample): Map<string, CounterPoint> {
  return new Map(s.partitions.map((c) => [keyOf(c), { at: s.at, startedAt: s.serverStartedAt, counters: c }]));
}

/** Counter increase between two points of one partition (the later value alone after a restart). */
function increase(before: CounterPoint | undefined, after: CounterPoint, field: "operations" | "rowsRead" | "rowsWritten"): number {
  const b = before && before.startedAt === after.startedAt && before.counters[field] <= after.counters[field] ? before.counters[field] : 0;
  return after.counters[field] - b;
}

function delta(before: CounterPoint | undefined, after: CounterPoint): Omit<PartitionDelta, "activeSeconds"> {
  return {
    calls: increase(before, after, "operations"),
    rowsRead: increase(before, after, "rowsRead"),
    rowsWritten: increase(before, after, "rowsWritten"),
    storageBytes: after.counters.storageBytes,
  };
}

function sumUp(deltas: readonly PartitionDelta[], seconds: number, notes: string[]): Omit<MeasuredTotals, "operations"> {
  const active = deltas.filter((d) => d.calls > 0);
  const unknownSize = deltas.filter((d) => d.storageBytes === null).length;
  if (unknownSize > 0) notes.push(`${unknownSize} partition(s) had not reported their size: counted as 0 bytes`);
  return {
    seconds,
    durableObjectCalls: deltas.reduce((s, d) => s + d.calls, 0),
    partitionActiveSeconds: active.reduce((s, d) => s + d.activeSeconds, 0),
    activePartitions: active.length,
    rowsRead: deltas.reduce((s, d) => s + d.rowsRead, 0),
    rowsWritten: deltas.reduce((s, d) => s + d.rowsWritten, 0),
    storageBytes: deltas.reduce((s, d) => s + (d.storageBytes ?? 0), 0),
    notes,
  };
}

export interface SnapshotTotalsOptions {
  /** The run's table (by name; every table id it had in `after`). */
  table: string;
  /** Workload operations in the interval; default: the DO calls (one operation per call). */
  operations?: number;
  /** Default: the snapshots' `now` difference. */
  seconds?: number;
}

/**
 * Totals between two snapshots. A partition's active seconds are the seconds of the interval in which it was
 * called, read from the per-second `history` of `after` when that reaches back to `before`; otherwise every
 * partition called at all counts as active for the whole interval.
 */
export function totalsFromSnapshots(before: MetricsSnapshot, after: MetricsSnapshot, o: SnapshotTotalsOptions): MeasuredTotals {
  const seconds = o.seconds ?? (after.now - before.now) / 1000;
  if (!(seconds > 0)) throw new RangeError("the snapshots span no time: pass seconds, or the 'after' snapshot first taken later");
  // The results file's per-partition shape (what the harness samples during a run), so both inputs are differenced alike.
  const earlier = pointsOf(tableSample(before, o.table, before.now));
  const later = pointsOf(tableSample(after, o.table, after.now));
  const from = Math.floor(before.now / 1000);
  const to = Math.floor(after.now / 1000);
  const notes: string[] = [];
  let historyCovers = true;
  const deltas = after.partitions
    .filter((p) => p.table === o.table)
    .map((p): PartitionDelta => {
      const d = delta(earlier.get(keyOf(p)), later.get(keyOf(p)) as CounterPoint);
      let activeSeconds = d.calls > 0 ? seconds : 0;
      if (d.calls > 0 && p.historyStart <= from && p.historyStart + p.history.length >= to) {
        activeSeconds = 0;
        for (let t = from; t < to; t++) if ((p.history[t - p.historyStart] ?? 0) > 0) activeSeconds++;
      } else if (d.calls > 0) historyCovers = false;
      return { ...d, activeSeconds };
    });
  if (deltas.length === 0) throw new Error(`no partition of table "${o.table}" in the 'after' snapshot`);
  notes.push(historyCovers ? "active seconds: seconds with calls, from the per-second history" : "active seconds: the whole interval for every partition called (the history does not reach back to 'before')");
  const totals = sumUp(deltas, seconds, notes);
  if (o.operations === undefined) notes.push("operations taken as the DO calls");
  return { operations: o.operations ?? totals.durableObjectCalls, ...totals };
}

/** The binding's DynamoDB API calls in a results file, by kind (failed calls included: they were sent). */
export function callCountsFromResult(r: Pick<YcsbResult, "operations">): DynamoCallCounts {
  const n = (name: string) => (r.operations[name]?.operations ?? 0) + (r.operations[`${name}-FAILED`]?.operations ?? 0);
  // A read-modify-write is recorded as its READ and its UPDATE as well, so it needs no series of its own here.
  return { read: n("READ"), update: n("UPDATE"), insert: n("INSERT"), scan: n("SCAN"), delete: n("DELETE") };
}

export interface ResultTotalsOptions {
  /** Count the whole server's CPU (cpu.serverUs) as the router Worker's: an upper bound, see totalsFromResult. */
  routerCpuFromServer?: boolean;
}

/**
 * Totals from a results file's `partitionMetrics` samples. The counters cover the samples' span (from the last
 * sample at or before the measured window's start to the last sample), which is not exactly the measured window;
 * so the client's side is taken over the part of that span in which the client ran (timing.startedAt to
 * finishedAt, warm-up included), at the run's measured rates: operations = throughput × that time, Worker requests
 * = the binding's API calls (a scan: its GetItem and one Scan page, a lower bound) × that time / run time.
 * A partition's active seconds are the sample intervals in which its calls increased.
 */
export function totalsFromResult(r: YcsbResult, o: ResultTotalsOptions = {}): MeasuredTotals {
  const pm = r.partitionMetrics;
  if (!pm || pm.samples.length < 2) throw new Error("the results file has no partitionMetrics samples (a shvm run with harness.metricsIntervalMs > 0 records them)");
  const measuredFrom = Date.parse(r.timing.measuredFrom);
  const samples = [...pm.samples].sort((a, b) => a.at - b.at);
  let startIndex = 0;
  for (let i = 0; i < samples.length; i++) if ((samples[i] as (typeof samples)[number]).at <= measuredFrom) startIndex = i;
  const window = samples.slice(startIndex);
  if (window.length < 2) throw new Error("fewer than two partitionMetrics samples from the measured window on");
  const first = window[0] as (typeof window)[number];
  const last = window[window.length - 1] as (typeof window)[number];
  const span = (last.at - first.at) / 1000;
  const byTime = window.map(pointsOf);
  const start = byTime[0] as Map<string, CounterPoint>;
  const end = byTime[byTime.length - 1] as Map<string, CounterPoint>;
  const deltas = [...end.entries()].map(([key, after]): PartitionDelta => {
    let activeSeconds = 0;
    for (let i = 1; i < byTime.length; i++) {
      const now = (byTime[i] as Map<string, CounterPoint>).get(key);
      if (now && increase((byTime[i - 1] as Map<string, CounterPoint>).get(key), now, "operations") > 0) activeSeconds += ((window[i]?.at ?? 0) - (window[i - 1]?.at ?? 0)) / 1000;
    }
    return { ...delta(start.get(key), after), activeSeconds };
  });
  const clientSeconds = Math.max(0, Math.min(last.at, Date.parse(r.timing.finishedAt)) - Math.max(first.at, Date.parse(r.timing.startedAt))) / 1000;
  const notes = [`counters over the samples' ${span.toFixed(1)} s; the client's operations and requests over the ${clientSeconds.toFixed(1)} s of it the client ran, at the run's rates`];
  const runSeconds = r.overall.runTimeMs / 1000;
  const calls = callCountsFromResult(r);
  const apiCalls = calls.read + calls.update + calls.insert + calls.delete + 2 * calls.scan;
  let routerCpuMs: number | null = null;
  if (o.routerCpuFromServer && r.cpu.serverUs !== undefined && r.cpu.windowMs > 0) {
    routerCpuMs = (r.cpu.serverUs / 1000) * ((clientSeconds * 1000) / r.cpu.windowMs);
    notes.push("Worker CPU: the whole local server's CPU (router, partitions and runtime), an upper bound for the router's");
  } else if (o.routerCpuFromServer) notes.push("Worker CPU: the results file has no server CPU (cpu.serverUs): not measured");
  if (calls.scan > 0) notes.push("Worker requests: a scan counted as its GetItem and one Scan page (a lower bound)");
  return {
    operations: r.overall.throughput * clientSeconds,
    ...sumUp(deltas, span, notes),
    routerRequests: runSeconds > 0 ? (apiCalls * clientSeconds) / runSeconds : null,
    routerCpuMs,
  };
}
