/**
 * Runs one phase (load or run) of a workload: N client threads (worker_threads), each with its own Binding and
 * C operation loops, started together, measured by one wrapper (recorder.ts), merged here at the end.
 *
 * Timeline: threads start and init their bindings ("ready") → all get one start time ("go") → warm-up →
 * measured window (CPU sampled at its start and when the last thread's loops end) → each thread cleans its
 * binding up and sends its encoded measurements → merge.
 *
 * Every wait is bounded. While the loops run, a watchdog (progress.ts) stops the phase when operations are in
 * flight and none has completed for harness.stallTimeoutSeconds (default 60): as Ctrl-C does, what was measured
 * is returned (stoppedEarly, plus a warning naming the stall); the threads also stop waiting for the stalled
 * calls, which are in no measurement.
 */
import { Worker } from "node:worker_threads";
import { resolveConfig, effectiveRecordCount, type CoreWorkloadConfig } from "../../workloads/config.js";
import type { Properties } from "../../workloads/properties.js";
import type { Phase } from "../target.js";
import { destroyMerged, mergeMeasurements, type MergedMeasurements } from "../results/merge.js";
import { mergeEncoded, latencyStats, type Histogram } from "../results/histogram.js";
import { orderSeries } from "../results/summary.js";
import { now } from "./clock.js";
import { cpuReport, cpuSnapshot, saturationWarnings, withSpin, type CpuReport, type CpuSnapshot } from "./cpu.js";
import { PhaseProgress, STALL_TIMEOUT_PROPERTY, StallWatchdog, stallTimeoutSeconds } from "./progress.js";
import type { FromThread, ThreadInit, ThreadResult, ToThread } from "./protocol.js";
import { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";
import { loadSlice, shareOf } from "./thread-workload.js";

/** How a phase is driven: the settings the CLI reads (cli/options.ts), a phase runs with and a result records. */
export interface RunSettings {
  threads: number;
  concurrency: number;
  /** Open loop at this many ops/s in total; null = closed loop. */
  targetRate: number | null;
  warmupSeconds: number;
  /** Longest measured window, seconds (YCSB's maxexecutiontime); null = none. */
  maxExecutionTime: number | null;
  seed: number;
}

export interface PhaseOptions extends RunSettings {
  /** Module exporting createBinding (TargetDefinition.bindingModule). */
  bindingModule: string;
  /** Every property: the workload's (resolved by resolveConfig) and the binding's. */
  properties: Properties;
  phase: Phase;
  /** Server processes whose CPU to sample (PreparedTarget.serverPids). */
  serverPids?: readonly number[];
  /** Receives a status line every statusIntervalMs while the phase runs; undefined = quiet. */
  onStatus?: (line: string) => void;
  statusIntervalMs?: number;
  /** Prefix of the status lines (e.g. "shvm run workloada"). */
  label?: string;
  /** Aborting stops the threads at their next operation; what was measured so far is returned. */
  signal?: AbortSignal;
  /** How long threads may take to load the binding and init it (default 60 s). */
  initTimeoutMs?: number;
  /** How long threads may take, after their loops end, to clean up and report (default 60 s). */
  finishTimeoutMs?: number;
}

export interface PhaseOutcome {
  config: CoreWorkloadConfig;
  merged: MergedMeasurements;
  /** The measured window's length as YCSB's RunTime: from its start to the last measured completion, ms. */
  runTimeMs: number;
  /** Operations of the workload done in the window / run time, ops/s. */
  throughput: number;
  /** Operations each thread was given (null: unbounded, maxexecutiontime decides). */
  plannedOperations: (number | null)[];
  threads: Omit<ThreadResult, "measurements">[];
  startAt: number;
  measureFrom: number;
  finishedAt: number;
  cpu: CpuReport;
  warnings: string[];
  /** The signal, or the stall watchdog, stopped the phase before its work was done. */
  stoppedEarly: boolean;
}

/** Worker threads do not inherit tsx's loader (Node 20): each registers it before importing the TypeScript entry. */
const THREAD_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(new URL("./client-thread.ts", import.meta.url).href)}));`;

export async function runPhase(o: PhaseOptions): Promise<PhaseOutcome> {
  const config = resolveConfig(o.properties);
  validate(o, config);
  const stallTimeoutMs = stallTimeoutSeconds(config.properties) * 1000; // throws on a bad value, before any thread starts
  const progress = PhaseProgress.create();
  const plannedOperations = planOperations(o, config);
  const insertCounter = o.phase === "run" ? SharedAcknowledgedCounter.create(effectiveRecordCount(config.recordcount)) : null;
  const statusIntervalMs = o.onStatus ? (o.statusIntervalMs ?? 1000) : null;
  const serverPids = o.serverPids ?? [];
  const threads = o.threads;

  const workers: Worker[] = [];
  const results: (ThreadResult | undefined)[] = new Array(threads).fill(undefined);
  const finished = new Set<number>();
  let failure: string | undefined;
  let readyCount = 0;
  const status = new StatusCollector(o.label ?? `${o.phase}`, o.warmupSeconds * 1000, threads, o.onStatus);

  let wake: () => void = () => {};
  const changed = () => wake();
  const waitFor = (done: () => boolean, timeoutMs: number, what: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (failure !== undefined) {
          cleanupWait();
          reject(new Error(failure));
        } else if (done()) {
          cleanupWait();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanupWait();
        reject(new Error(`client threads did not ${what} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const cleanupWait = () => {
        clearTimeout(timer);
        wake = () => {};
      };
      wake = check;
      check();
    });

  let endSnapshot: CpuSnapshot | undefined;
  const post = (m: ToThread) => workers.forEach((w) => w.postMessage(m));
  const stop = () => post({ type: "stop" });
  let stoppedEarly = false;
  const onAbort = () => {
    stoppedEarly = true;
    stop();
  };
  /** Set by the watchdog: how many operations were stuck when it gave up. */
  let stall: { inFlight: number } | undefined;
  /** After a stall the threads have this long to stop (a thread whose event loop is blocked never will). */
  const STOP_AFTER_STALL_MS = 15_000;

  for (let index = 0; index < threads; index++) {
    const init: ThreadInit = {
      index,
      threads,
      bindingModule: o.bindingModule,
      properties: { ...config.properties },
      phase: o.phase,
      concurrency: o.concurrency,
      operations: plannedOperations[index] ?? null,
      slice: o.phase === "load" ? loadSlice(config, threads, index) : null,
      insertCounter: insertCounter?.buffer ?? null,
      progress: progress.buffer,
      seed: o.seed,
      warmupMs: o.warmupSeconds * 1000,
      maxExecutionMs: o.maxExecutionTime === null ? null : o.maxExecutionTime * 1000,
      targetRate: o.targetRate,
      status: statusIntervalMs !== null,
    };
    const w = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: init });
    workers.push(w);
    w.on("message", (m: FromThread) => {
      switch (m.type) {
        case "ready":
          readyCount++;
          break;
        case "interval":
          status.add(m.tick, m.report);
          break;
        case "finished":
          finished.add(m.index);
          if (finished.size === threads) endSnapshot = cpuSnapshot(now(), serverPids);
          break;
        case "result":
          results[m.result.index] = m.result;
          break;
        case "crash":
          failure ??= `client thread ${m.index} failed: ${m.message}`;
          stop();
          break;
      }
      changed();
    });
    w.on("error", (e) => {
      failure ??= `client thread ${index} failed: ${e.stack ?? e.message}`;
      stop();
      changed();
    });
    w.on("exit", (code) => {
      if (results[index] === undefined) failure ??= `client thread ${index} exited (code ${code}) before reporting`;
      changed();
    });
  }

  let statusTimer: NodeJS.Timeout | undefined;
  let startSnapshotTimer: NodeJS.Timeout | undefined;
  let watchdogTimer: NodeJS.Timeout | undefined;
  let stopDeadlineTimer: NodeJS.Timeout | undefined;
  try {
    o.signal?.addEventListener("abort", onAbort, { once: true });
    await waitFor(() => readyCount === threads, o.initTimeoutMs ?? 60_000, "load and init their bindings");

    const startAt = now() + 50; // every thread gets "go" well before it
    const measureFrom = startAt + o.warmupSeconds * 1000;
    post({ type: "go", startAt });
    if (o.signal?.aborted) onAbort();
    let startSnapshot: CpuSnapshot | undefined;
    startSnapshotTimer = setTimeout(() => (startSnapshot = cpuSnapshot(now(), serverPids)), Math.max(0, measureFrom - now()));
    if (statusIntervalMs !== null) {
      // Each tick asks every thread for its interval; the line is printed once all have answered.
      statusTimer = setInterval(() => post({ type: "report", tick: status.begin(now() - startAt) }), statusIntervalMs);
    }

    const watchdog = new StallWatchdog(progress, stallTimeoutMs, now());
    watchdogTimer = setInterval(
      () => {
        if (stall !== undefined || !watchdog.stalled(now())) return;
        stall = { inFlight: progress.inFlight() };
        clearInterval(watchdogTimer);
        stoppedEarly = true;
        post({ type: "stop", abandonInFlight: true });
        stopDeadlineTimer = setTimeout(() => {
          failure ??= `the target stalled (no operation completed for ${stallTimeoutMs / 1000} s) and the client threads did not stop within ${STOP_AFTER_STALL_MS / 1000} s`;
          changed();
        }, STOP_AFTER_STALL_MS);
      },
      Math.min(1000, Math.max(10, stallTimeoutMs / 4)),
    );

    // Bounded by the watchdog: the loops end by themselves, or on a stop (Ctrl-C, a stall).
    await waitFor(() => finished.size === threads, 2 ** 31 - 1, "finish");
    clearInterval(watchdogTimer);
    clearTimeout(stopDeadlineTimer);
    endSnapshot ??= cpuSnapshot(now(), serverPids);
    clearInterval(statusTimer);
    if (statusIntervalMs !== null) {
      post({ type: "report", tick: status.begin(now() - startAt, true) });
      await waitFor(() => status.answered(), 2_000, "report their status").catch(() => status.flush());
    }
    await waitFor(() => results.every((r) => r !== undefined), o.finishTimeoutMs ?? 60_000, "clean up and report");
    const finishedAt = now();
    startSnapshot ??= cpuSnapshot(measureFrom, serverPids); // the window never began (stopped during warm-up)

    const done = results as ThreadResult[];
    const merged = mergeMeasurements(done.map((r) => r.measurements));
    const runTimeMs = merged.lastEnd === null ? 0 : Math.max(0, merged.lastEnd - measureFrom);
    const cpu = withSpin(
      cpuReport(startSnapshot, endSnapshot, serverPids),
      done.map((r) => r.pollMs),
    );
    const warnings = saturationWarnings(cpu, done);
    const inserted = done.reduce((s, r) => s + r.issued, 0) - (stall?.inFlight ?? 0);
    if (o.phase === "load" && inserted < config.insertcount) {
      warnings.unshift(
        `the load inserted only ${inserted} of ${config.insertcount} records (${stoppedEarly ? "stopped" : "maxexecutiontime reached"}): ` +
          `a run phase will find records missing`,
      );
    }
    if (stall !== undefined) {
      warnings.unshift(
        `the target stalled: no operation completed for ${stallTimeoutMs / 1000} s with ${stall.inFlight} in flight ` +
          `(${STALL_TIMEOUT_PROPERTY}), so the phase was stopped there; the numbers cover the operations that completed before, ` +
          `the stalled ones are in none of them`,
      );
    }
    return {
      config,
      merged,
      runTimeMs,
      throughput: runTimeMs > 0 ? (merged.operations * 1000) / runTimeMs : 0,
      plannedOperations,
      threads: done.map(({ measurements: _m, ...rest }) => rest),
      startAt,
      measureFrom,
      finishedAt,
      cpu,
      warnings,
      stoppedEarly,
    };
  } finally {
    clearInterval(statusTimer);
    clearTimeout(startSnapshotTimer);
    clearInterval(watchdogTimer);
    clearTimeout(stopDeadlineTimer);
    o.signal?.removeEventListener("abort", onAbort);
    status.destroy();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function validate(o: PhaseOptions, config: CoreWorkloadConfig): void {
  const positiveInt = (n: number, what: string) => {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
  };
  positiveInt(o.threads, "threads");
  positiveInt(o.concurrency, "concurrency");
  if (o.targetRate !== null && !(o.targetRate > 0 && Number.isFinite(o.targetRate))) throw new Error(`target rate must be a positive number of ops/s, got ${o.targetRate}`);
  if (!(o.warmupSeconds >= 0 && Number.isFinite(o.warmupSeconds))) throw new Error(`warm-up must be a non-negative number of seconds, got ${o.warmupSeconds}`);
  if (o.maxExecutionTime !== null && !(o.maxExecutionTime > 0 && Number.isFinite(o.maxExecutionTime))) {
    throw new Error(`maxexecutiontime must be a positive number of seconds, got ${o.maxExecutionTime}`);
  }
  if (o.phase === "run" && config.operationcount === 0 && o.maxExecutionTime === null) {
    throw new Error("operationcount=0 would run forever: set operationcount, or maxexecutiontime to bound the run by time");
  }
  if (o.phase === "load" && config.insertcount === 0) throw new Error("nothing to load: insertcount (recordcount - insertstart) is 0");
}

/** Each thread's operations: its load slice, or its share of operationcount (YCSB's split); null = unbounded. */
function planOperations(o: PhaseOptions, config: CoreWorkloadConfig): (number | null)[] {
  return Array.from({ length: o.threads }, (_, i) => {
    if (o.phase === "load") return loadSlice(config, o.threads, i).count;
    return config.operationcount === 0 ? null : shareOf(config.operationcount, o.threads, i);
  });
}

/**
 * The per-second status line: at each tick every thread sends its interval (operations, latency histograms);
 * once all have answered (or at the next tick, if one did not) the line is printed, YCSB's shape:
 * "<label> 12 sec: 34567 operations; 2876.12 current ops/sec; [READ: Count=..., Max=..., Min=..., Avg=..., 90=..., 99=..., 99.9=...]"
 */
class StatusCollector {
  private total = 0;
  private sinceLast = 0;
  private lastAt = 0;
  private tick = 0;
  private replies = 0;
  private printed = true;
  private elapsedMs = 0;
  private final = false;
  private readonly pending = new Map<string, string[]>();

  constructor(
    private readonly label: string,
    private readonly warmupMs: number,
    private readonly threads: number,
    private readonly print: ((line: string) => void) | undefined,
  ) {}

  /** Starts a tick at `elapsedMs` since the start; returns its number. */
  begin(elapsedMs: number, final = false): number {
    if (!this.printed) this.flush();
    this.tick++;
    this.replies = 0;
    this.printed = false;
    this.elapsedMs = elapsedMs;
    this.final = final;
    return this.tick;
  }

  add(tick: number, report: { operations: number; histograms: Record<string, string> }): void {
    this.total += report.operations;
    this.sinceLast += report.operations;
    for (const [name, e] of Object.entries(report.histograms)) {
      let list = this.pending.get(name);
      if (!list) this.pending.set(name, (list = []));
      list.push(e);
    }
    if (tick === this.tick && ++this.replies === this.threads) this.flush();
  }

  answered(): boolean {
    return this.printed;
  }

  flush(): void {
    if (this.printed) return;
    this.printed = true;
    this.print?.(this.line());
  }

  private line(): string {
    const intervalMs = this.elapsedMs - this.lastAt;
    // The final tick comes right after the last regular one: its "current" rate would be meaningless.
    const rate = this.final ? (this.elapsedMs > 0 ? (this.total * 1000) / this.elapsedMs : 0) : intervalMs > 0 ? (this.sinceLast * 1000) / intervalMs : 0;
    const parts: string[] = [];
    for (const name of orderSeries(this.pending.keys())) {
      const h: Histogram = mergeEncoded(this.pending.get(name) ?? []);
      const s = latencyStats(h);
      h.destroy();
      parts.push(`[${name}: Count=${s.count}, Max=${s.max}, Min=${s.min}, Avg=${round2(s.avg)}, 90=${s.p90}, 99=${s.p99}, 99.9=${s.p999}]`);
    }
    this.pending.clear();
    this.sinceLast = 0;
    this.lastAt = this.elapsedMs;
    const phase = this.final ? " (done)" : this.elapsedMs < this.warmupMs ? " (warm-up)" : "";
    const rateText = this.final ? `${round2(rate)} ops/sec overall` : `${round2(rate)} current ops/sec`;
    return `${this.label} ${Math.round(this.elapsedMs / 1000)} sec${phase}: ${this.total} operations; ${rateText}; ${parts.join(" ")}`.trimEnd();
  }

  destroy(): void {
    this.pending.clear();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
