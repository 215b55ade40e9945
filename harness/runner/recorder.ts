/**
 * The one place latencies are recorded (bindings never time themselves), one Recorder per client thread, the
 * way YCSB's DBWrapper and Measurements do it:
 *
 * - a latency histogram (µs) per measurement name: the operation (READ, UPDATE, INSERT, SCAN, DELETE,
 *   READ-MODIFY-WRITE, VERIFY, CLEANUP) when it succeeded, `<OP>-FAILED` when it did not;
 * - in open loop, the same per name measured from the operation's intended start (YCSB's `Intended-<name>`);
 * - return codes (`Return=OK`, `Return=NOT_FOUND`, ...) counted per operation, failures included;
 * - operations done (YCSB's opsDone: a read-modify-write is one) and how many completed in each second of the
 *   measured window;
 * - interval histograms for the per-second status line, warm-up included (the final numbers never include it).
 *
 * Times are absolute milliseconds (see clock.ts), latencies whole microseconds.
 */
import { isOk, type Status } from "../binding.js";
import { encodeHistogram, newHistogram, type Histogram } from "../results/histogram.js";

/** What a thread sends to the main thread at the end: everything mergeable, histograms encoded. */
export interface ThreadMeasurements {
  /** Measurement name → encoded histogram of latencies from the actual start (µs). */
  histograms: Record<string, string>;
  /** Measurement name → encoded histogram of latencies from the intended start (open loop only). */
  intended: Record<string, string>;
  /** Operation name → status → count. */
  returnCodes: Record<string, Record<string, number>>;
  /** Operations done in the measured window (every status; a read-modify-write counts once). */
  operations: number;
  /** Operations completed in each second of the measured window (index 0 = the first second). */
  perSecond: number[];
  /** Per operation name (READ, UPDATE, ...; successes and failures), completions per second of the window. */
  perSecondByOperation: Record<string, number[]>;
  /** Absolute ms of the first measured start and the last measured completion (null when none). */
  firstStart: number | null;
  lastEnd: number | null;
}

/** What a thread sends each second for the status line (since its previous report). */
export interface IntervalReport {
  /** Operations done since the previous report (warm-up included). */
  operations: number;
  /** Measurement name → encoded histogram of this interval (actual latency). */
  histograms: Record<string, string>;
}

/**
 * Open loop, per thread: how late the measured operations started through the generator's own fault — from the
 * moment the operation was due AND its loop was free (its intended start, or the loop's previous operation's end
 * if later) to its actual start. A slow target makes operations late only through their loop's previous
 * operation, which is left out; what remains is the thread being too busy (or descheduled) to start them on time.
 */
export interface StartLag {
  /** Measured operations the lag was taken of. */
  operations: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A day: per-second series are dense arrays, so a wrong window start must not allocate billions of slots. */
const MAX_SECONDS = 86_400;

export interface RecorderOptions {
  /** Absolute ms where the measured window begins (after warm-up). */
  measureFrom: number;
  /** Record Intended- series (open loop). */
  intended: boolean;
  /** Keep interval histograms for status lines (default true). */
  interval?: boolean;
}

/** Latency in whole µs between two absolute ms times (never negative). */
export function micros(fromMs: number, toMs: number): number {
  return Math.max(0, Math.round((toMs - fromMs) * 1000));
}

export class Recorder {
  private readonly histograms = new Map<string, Histogram>();
  private readonly intendedHistograms = new Map<string, Histogram>();
  private readonly returnCodes = new Map<string, Map<string, number>>();
  private readonly perSecond: number[] = [];
  private readonly perSecondByOperation = new Map<string, number[]>();
  private readonly interval = new Map<string, Histogram>();
  private intervalOperations = 0;
  private operations = 0;
  private firstStart: number | null = null;
  private lastEnd: number | null = null;
  private startLagHistogram: Histogram | undefined;

  constructor(private readonly options: RecorderOptions) {}

  /** Whether an operation starting (or intended to start) at `start` belongs to the measured window. */
  isMeasured(start: number): boolean {
    return start >= this.options.measureFrom;
  }

  /**
   * One binding call (DBWrapper.measure + reportStatus): its latency under `op` or `op-FAILED`, and its status
   * under `op`. `intendedStart` is undefined in closed loop. `measured` is false during warm-up.
   */
  measureCall(op: string, status: Status, intendedStart: number | undefined, start: number, end: number, measured: boolean): void {
    const name = isOk(status) ? op : `${op}-FAILED`;
    this.recordLatency(name, intendedStart, start, end, measured);
    if (measured) this.reportStatus(op, status);
  }

  /** A latency without a status (READ-MODIFY-WRITE, CLEANUP: YCSB measures them but reports no return code). */
  recordLatency(name: string, intendedStart: number | undefined, start: number, end: number, measured: boolean): void {
    const us = micros(start, end);
    if (this.options.interval !== false) histogramOf(this.interval, name).recordValue(us);
    if (!measured) return;
    histogramOf(this.histograms, name).recordValue(us);
    if (this.options.intended && intendedStart !== undefined) histogramOf(this.intendedHistograms, name).recordValue(micros(intendedStart, end));
  }

  reportStatus(op: string, status: Status): void {
    let codes = this.returnCodes.get(op);
    if (!codes) this.returnCodes.set(op, (codes = new Map()));
    codes.set(status, (codes.get(status) ?? 0) + 1);
  }

  /** One operation of the workload done (YCSB's opsDone), counted in the throughput. */
  operationDone(op: string, start: number, end: number, measured: boolean): void {
    this.intervalOperations++;
    if (!measured) return;
    this.operations++;
    if (this.firstStart === null || start < this.firstStart) this.firstStart = start;
    if (this.lastEnd === null || end > this.lastEnd) this.lastEnd = end;
    const second = Math.max(0, Math.floor((end - this.options.measureFrom) / 1000));
    if (second > MAX_SECONDS) throw new Error(`operation ended ${second} s after the measured window began: measureFrom is not an absolute time`);
    bump(this.perSecond, second);
    let series = this.perSecondByOperation.get(op);
    if (!series) this.perSecondByOperation.set(op, (series = []));
    bump(series, second);
  }

  /** Open loop: one measured operation's start lag (see StartLag), ms. */
  recordStartLag(ms: number): void {
    (this.startLagHistogram ??= newHistogram()).recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  /** The start lags recorded so far; null when none were (closed loop, or no measured operation). */
  startLag(): StartLag | null {
    const h = this.startLagHistogram;
    if (h === undefined || h.totalCount === 0) return null;
    return { operations: h.totalCount, p50Ms: h.getValueAtPercentile(50) / 1000, p99Ms: h.getValueAtPercentile(99) / 1000, maxMs: h.maxValue / 1000 };
  }

  /** The interval since the previous call (for the status line); resets the interval histograms. */
  takeInterval(): IntervalReport {
    const histograms: Record<string, string> = {};
    for (const [name, h] of this.interval) {
      if (h.totalCount > 0) histograms[name] = encodeHistogram(h);
      h.reset();
    }
    const report = { operations: this.intervalOperations, histograms };
    this.intervalOperations = 0;
    return report;
  }

  snapshot(): ThreadMeasurements {
    return {
      histograms: encodeAll(this.histograms),
      intended: encodeAll(this.intendedHistograms),
      returnCodes: Object.fromEntries([...this.returnCodes].map(([op, codes]) => [op, Object.fromEntries(codes)])),
      operations: this.operations,
      perSecond: dense(this.perSecond),
      perSecondByOperation: Object.fromEntries([...this.perSecondByOperation].map(([op, s]) => [op, dense(s)])),
      firstStart: this.firstStart,
      lastEnd: this.lastEnd,
    };
  }

  /** Frees the histograms (their JS arrays are big; a long lab run makes many Recorders). */
  destroy(): void {
    for (const map of [this.histograms, this.intendedHistograms, this.interval]) {
      for (const h of map.values()) h.destroy();
      map.clear();
    }
    this.startLagHistogram?.destroy();
    this.startLagHistogram = undefined;
  }
}

function histogramOf(map: Map<string, Histogram>, name: string): Histogram {
  let h = map.get(name);
  if (!h) map.set(name, (h = newHistogram()));
  return h;
}

function bump(series: number[], index: number): void {
  while (series.length <= index) series.push(0);
  series[index] = (series[index] as number) + 1;
}

function dense(series: readonly number[]): number[] {
  return Array.from({ length: series.length }, (_, i) => series[i] ?? 0);
}

function encodeAll(map: Map<string, Histogram>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, h] of map) out[name] = encodeHistogram(h);
  return out;
}
