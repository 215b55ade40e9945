/**
 * Result math for the load driver: latency histograms (microseconds, HdrHistogram), merging the
 * per-thread results into one phase summary, CPU percentages, best-of-rounds, engine/ceiling ratios.
 * Pure functions (no I/O) so they are unit-tested.
 */
import hdr from "hdr-histogram-js";
import type { Histogram } from "hdr-histogram-js";

export type { Histogram };

/** 1 µs .. 60 s at 3 significant digits; auto-resizes past that rather than dropping samples. */
export const newLatencyHistogram = (): Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });

export const encodeHistogram = (h: Histogram): string => hdr.encodeIntoCompressedBase64(h);

/** Decodes each thread's histogram and adds it into one. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const total = newLatencyHistogram();
  for (const e of encoded) {
    const h = hdr.decodeFromCompressedBase64(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

/** What one driver thread reports after a phase. */
export interface ThreadResult {
  /** Successful responses completed inside the measured window. */
  ops: number;
  /** Failed requests (non-200, failed check, network error), warm-up included. */
  errors: number;
  firstError?: string;
  /** Length of this thread's measured window. */
  windowMs: number;
  /** Requests started by this thread, warm-up included (the put workload uses it to know which keys exist). */
  issued: number;
  /** Event-loop utilisation of the thread during the window (1 = the thread itself was the bottleneck). */
  elu: number;
  /** Latencies of the window's successful requests, µs, compressed base64. */
  histogram: string;
}

/** CPU time (µs) and wall time (ms) sampled by the driver around the measured window. */
export interface CpuSample {
  wallMs: number;
  /** This process (all driver threads). */
  clientUs: number;
  /** The server process(es), when observable; undefined otherwise. */
  serverUs?: number;
  /** Whole machine: busy and total CPU time across all cores. */
  machineBusyUs?: number;
  machineTotalUs?: number;
  /** Part of machineTotalUs the cores sat idle waiting for the disk. */
  machineIowaitUs?: number;
}

export interface PhaseSummary {
  ops: number;
  errors: number;
  firstError?: string;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
  /** % of ONE core (100 = one core busy). */
  clientCpuPct: number;
  serverCpuPct?: number;
  /**
   * Server CPU µs per successful op: less sensitive to other load on the machine than ops/s, so a
   * cross-check of the throughput ratio when the machine was noisy.
   */
  serverUsPerOp?: number;
  /** % of the whole machine (100 = every core busy). */
  machineCpuPct?: number;
  /** % of the whole machine's time spent idle waiting for the disk. */
  machineIowaitPct?: number;
  /** Highest event-loop utilisation of any driver thread, 0..1. */
  clientEluMax: number;
  issuedPerThread: number[];
}

/** CPU time over wall time, as % of one core. */
export const cpuPercent = (cpuUs: number, wallMs: number): number => (wallMs > 0 ? cpuUs / 1000 / wallMs * 100 : 0);

const usToMs = (us: number): number => us / 1000;

/**
 * Throughput is the sum of each thread's own rate (ops over its own window) rather than total ops
 * over one window, so threads whose windows differ slightly are each counted fairly.
 */
export function summarize(threads: readonly ThreadResult[], cpu: CpuSample): PhaseSummary {
  const h = mergeHistograms(threads.map((t) => t.histogram));
  const ops = threads.reduce((s, t) => s + t.ops, 0);
  const errors = threads.reduce((s, t) => s + t.errors, 0);
  const opsPerSec = threads.reduce((s, t) => s + (t.windowMs > 0 ? t.ops / (t.windowMs / 1000) : 0), 0);
  const firstError = threads.find((t) => t.firstError !== undefined)?.firstError;
  const empty = h.totalCount === 0;
  const summary: PhaseSummary = {
    ops,
    errors,
    opsPerSec,
    p50Ms: empty ? 0 : usToMs(h.getValueAtPercentile(50)),
    p99Ms: empty ? 0 : usToMs(h.getValueAtPercentile(99)),
    p999Ms: empty ? 0 : usToMs(h.getValueAtPercentile(99.9)),
    maxMs: empty ? 0 : usToMs(h.maxValue),
    meanMs: empty ? 0 : usToMs(h.mean),
    clientCpuPct: cpuPercent(cpu.clientUs, cpu.wallMs),
    clientEluMax: threads.reduce((m, t) => Math.max(m, t.elu), 0),
    issuedPerThread: threads.map((t) => t.issued),
  };
  h.destroy();
  if (firstError !== undefined) summary.firstError = firstError;
  if (cpu.serverUs !== undefined) {
    summary.serverCpuPct = cpuPercent(cpu.serverUs, cpu.wallMs);
    const opsInSample = opsPerSec * (cpu.wallMs / 1000);
    if (opsInSample > 0) summary.serverUsPerOp = cpu.serverUs / opsInSample;
  }
  if (cpu.machineBusyUs !== undefined && cpu.machineTotalUs) {
    summary.machineCpuPct = (cpu.machineBusyUs / cpu.machineTotalUs) * 100;
    summary.machineIowaitPct = ((cpu.machineIowaitUs ?? 0) / cpu.machineTotalUs) * 100;
  }
  return summary;
}

/** Best of several rounds by throughput: machine noise only ever slows a run down, so the best run is the least disturbed. */
export function pickBest<T extends { opsPerSec: number }>(runs: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of runs) if (best === undefined || r.opsPerSec > best.opsPerSec) best = r;
  return best;
}

export interface Comparison {
  /** engine ops/s ÷ ceiling ops/s; undefined when either side is missing or the ceiling measured 0. */
  ratio?: number;
  pass?: boolean;
}

/** ceiling's server CPU per op ÷ the engine's: the throughput ratio a purely CPU-bound server would reach. */
export function cpuEfficiency(engine: { serverUsPerOp?: number } | undefined, ceiling: { serverUsPerOp?: number } | undefined): number | undefined {
  if (!engine?.serverUsPerOp || !ceiling?.serverUsPerOp) return undefined;
  return ceiling.serverUsPerOp / engine.serverUsPerOp;
}

export function compare(engine: { opsPerSec: number } | undefined, ceiling: { opsPerSec: number } | undefined, threshold: number): Comparison {
  if (!engine || !ceiling || ceiling.opsPerSec <= 0) return {};
  const ratio = engine.opsPerSec / ceiling.opsPerSec;
  return { ratio, pass: ratio >= threshold };
}

/** PASS only when every operation was compared and passed; N/A when any comparison is missing. */
export function verdict(comparisons: readonly Comparison[]): "PASS" | "FAIL" | "N/A" {
  if (comparisons.length === 0 || comparisons.some((c) => c.pass === undefined)) return "N/A";
  return comparisons.every((c) => c.pass) ? "PASS" : "FAIL";
}

/** Human warnings when the measurement says more about the client or the machine than about the server. */
export function saturationWarnings(s: PhaseSummary, threads: number, cores: number): string[] {
  const w: string[] = [];
  if (s.clientEluMax >= 0.9)
    w.push(`a driver thread's event loop was busy ${(s.clientEluMax * 100).toFixed(0)}% of the window: the client may be the bottleneck (add --threads or lower --concurrency)`);
  else if (s.clientCpuPct >= 0.9 * threads * 100)
    w.push(`client CPU ${s.clientCpuPct.toFixed(0)}% of one core with ${threads} thread(s): the client is near saturation`);
  if (s.machineCpuPct !== undefined && s.machineCpuPct >= 90)
    w.push(`machine CPU ${s.machineCpuPct.toFixed(0)}% busy: client and server competed for the cores, so the client's own cost is inside the number (engine/ceiling ratios lean toward 1)`);
  const others = otherLoadPct(s, cores);
  if (others !== undefined && others >= 15)
    w.push(`other processes used ~${others.toFixed(0)}% of the machine during the window: noisy run`);
  return w;
}

/** Machine CPU % not explained by the client and the server: somebody else's load. */
export function otherLoadPct(s: PhaseSummary, cores: number): number | undefined {
  if (s.machineCpuPct === undefined || s.serverCpuPct === undefined || cores <= 0) return undefined;
  return Math.max(0, s.machineCpuPct - (s.clientCpuPct + s.serverCpuPct) / cores);
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** First and third quartiles of a non-empty list (medians of the lower and upper halves). */
export function quartiles(xs: readonly number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 1) return [s[0]!, s[0]!];
  const half = s.length >> 1;
  return [median(s.slice(0, half)), median(s.slice(s.length - half))];
}

/**
 * A percentile-bootstrap confidence interval for the median of all values: `iterations` times, draw as many
 * groups as there are, with replacement, and take the median of their values together; cut those medians at
 * (1 − level)/2 and (1 + level)/2. Resampling whole groups (a benchmark's rounds) keeps what is correlated
 * within a group together, so the interval is not made narrower by pretending neighbouring samples are
 * independent; groups of one value are the plain bootstrap. `random` is injectable for tests.
 */
export function bootstrapMedianCi(
  groups: readonly (readonly number[])[],
  level = 0.95,
  iterations = 2000,
  random: () => number = Math.random,
): [number, number] {
  const medians: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const sample: number[] = [];
    for (let j = 0; j < groups.length; j++) sample.push(...groups[Math.floor(random() * groups.length)]!);
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  const at = (q: number) => medians[Math.min(medians.length - 1, Math.max(0, Math.floor(q * medians.length)))]!;
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
