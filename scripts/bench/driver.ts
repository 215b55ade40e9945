/**
 * Closed-loop load driver: N worker threads × C in-flight requests each, a warm-up, then a fixed
 * measured window. Returns one merged PhaseSummary (throughput, latency percentiles, errors) plus
 * the CPU used by the client, the server (when its pid is given) and the whole machine during the
 * window, so a report can tell a saturated client from a saturated server.
 */
import { Worker } from "node:worker_threads";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import type { ThreadConfig } from "./load-worker.js";
import { summarize, type CpuSample, type PhaseSummary, type ThreadResult } from "./stats.js";
import type { WorkloadRef } from "./workload.js";

export interface LoadOptions {
  url: string;
  threads: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  workload: WorkloadRef;
  /** Processes whose CPU time to sample over the window (the server). Linux only; ignored elsewhere. */
  observePids?: number[];
  maxErrorsPerThread?: number;
}

interface CpuSnapshot {
  at: number;
  client: number;
  server?: number;
  machineBusy?: number;
  machineTotal?: number;
  machineIowait?: number;
}

/** USER_HZ for /proc times: getconf where available, else 100 (every mainstream Linux build). */
const clockTicks = ((): number => {
  try {
    const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** utime+stime of a process (all its threads), µs, from /proc; undefined where /proc is unavailable. */
function processCpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1e6;
  } catch {
    return undefined;
  }
}

/**
 * Whole-machine CPU time, µs. /proc/stat where available because os.cpus() leaves iowait and softirq
 * out of its total, which inflates "busy" during the disk-bound PutItem phase.
 */
function machineTimes(): { machineBusy: number; machineTotal: number; machineIowait: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    // cpu user nice system idle iowait irq softirq steal ...
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    const toUs = 1e6 / clockTicks;
    return { machineBusy: busy * toUs, machineTotal: (busy + idle + iowait) * toUs, machineIowait: iowait * toUs };
  } catch {
    let busy = 0;
    let total = 0;
    for (const c of cpus()) {
      const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
      total += t;
      busy += t - c.times.idle;
    }
    return total > 0 ? { machineBusy: busy * 1000, machineTotal: total * 1000, machineIowait: 0 } : undefined;
  }
}

function snapshot(pids: readonly number[]): CpuSnapshot {
  const u = process.cpuUsage();
  const s: CpuSnapshot = { at: performance.now(), client: u.user + u.system };
  if (pids.length > 0) {
    const per = pids.map(processCpuUs);
    if (per.every((v) => v !== undefined)) s.server = per.reduce<number>((a, b) => a + (b ?? 0), 0);
  }
  const m = machineTimes();
  if (m) Object.assign(s, m);
  return s;
}

function delta(a: CpuSnapshot, b: CpuSnapshot): CpuSample {
  const d: CpuSample = { wallMs: b.at - a.at, clientUs: b.client - a.client };
  if (a.server !== undefined && b.server !== undefined) d.serverUs = b.server - a.server;
  if (a.machineBusy !== undefined && b.machineBusy !== undefined && a.machineTotal !== undefined && b.machineTotal !== undefined) {
    d.machineBusyUs = b.machineBusy - a.machineBusy;
    d.machineTotalUs = b.machineTotal - a.machineTotal;
    d.machineIowaitUs = (b.machineIowait ?? 0) - (a.machineIowait ?? 0);
  }
  return d;
}

/**
 * Worker threads do not inherit tsx's loader (Node 20), so each thread registers tsx itself before
 * importing the TypeScript thread entry.
 */
const THREAD_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(new URL("./load-worker.ts", import.meta.url).href)}));`;

export interface LoadResult extends PhaseSummary {
  threads: ThreadResult[];
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const pids = o.observePids ?? [];
  const workers: Worker[] = [];
  const results: Promise<ThreadResult>[] = [];
  const ready: Promise<void>[] = [];
  for (let index = 0; index < o.threads; index++) {
    const cfg: ThreadConfig = {
      url: o.url,
      index,
      count: o.threads,
      concurrency: o.concurrency,
      warmupMs: o.warmupMs,
      durationMs: o.durationMs,
      maxErrors: o.maxErrorsPerThread ?? 1000,
      workload: o.workload,
    };
    const w = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: cfg });
    workers.push(w);
    let onReady!: () => void;
    ready.push(new Promise<void>((r) => (onReady = r)));
    results.push(
      new Promise<ThreadResult>((resolve, reject) => {
        w.on("message", (m: { type: string; result?: ThreadResult; message?: string }) => {
          if (m.type === "ready") onReady();
          else if (m.type === "result" && m.result) resolve(m.result);
          else if (m.type === "crash") reject(new Error(`driver thread ${index} crashed: ${m.message}`));
        });
        w.on("error", reject);
        w.on("exit", (code) => reject(new Error(`driver thread ${index} exited (code ${code}) before reporting`)));
      }),
    );
  }
  try {
    // A thread failing to start rejects its result promise; race so that surfaces instead of hanging on "ready".
    await Promise.race([Promise.all(ready), Promise.all(results).then(() => undefined)]);
    for (const w of workers) w.postMessage({ type: "go" });
    // The window's CPU sampling runs on this (otherwise idle) thread, on the same schedule as the threads'.
    let first: CpuSnapshot | undefined;
    let last: CpuSnapshot | undefined;
    const t0 = setTimeout(() => (first = snapshot(pids)), o.warmupMs);
    const t1 = setTimeout(() => (last = snapshot(pids)), o.warmupMs + o.durationMs);
    const threads = await Promise.all(results);
    clearTimeout(t0);
    clearTimeout(t1);
    first ??= snapshot(pids);
    last ??= snapshot(pids);
    return { ...summarize(threads, delta(first, last)), threads };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
