/**
 * One driver thread (worker_threads entry): C closed-loop slots share one undici Pool (keep-alive,
 * pipelining 1, C connections). This file is the only place that measures; workloads only build
 * requests. Protocol with driver.ts: post {type:"ready"}, wait for {type:"go"}, post {type:"result"}.
 */
import { parentPort, workerData } from "node:worker_threads";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { Pool } from "undici";
import { encodeHistogram, newLatencyHistogram, type ThreadResult } from "./stats.js";
import type { WorkloadFactory, WorkloadRef } from "./workload.js";

export interface ThreadConfig {
  url: string;
  index: number;
  count: number;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** The thread gives up after this many errors (a dead server must not spin the CPU for the whole phase). */
  maxErrors: number;
  workload: WorkloadRef;
}

const port = parentPort;
if (!port) throw new Error("load-worker.ts must run as a worker thread");
const cfg = workerData as ThreadConfig;

const { createWorkload } = (await import(cfg.workload.module)) as { createWorkload: WorkloadFactory };
const workload = createWorkload(cfg.workload.options, { index: cfg.index, count: cfg.count });
const pool = new Pool(cfg.url, { connections: cfg.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
const histogram = newLatencyHistogram();

let ops = 0;
let errors = 0;
let issued = 0;
let firstError: string | undefined;

function fail(message: string): void {
  errors++;
  firstError ??= message;
}

async function slot(measureFrom: number, endAt: number): Promise<void> {
  while (errors < cfg.maxErrors && performance.now() < endAt) {
    const req = workload.next();
    if (!req) return;
    issued++;
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: req.path, method: "POST", headers: req.headers, body: req.body });
      const text = await res.body.text(); // always drained: an unread body would stall the connection
      const t1 = performance.now();
      const problem = res.statusCode !== 200 ? `HTTP ${res.statusCode}: ${text.slice(0, 500)}` : workload.check?.(req, text);
      if (problem !== undefined) fail(problem);
      else if (t1 >= measureFrom && t1 <= endAt) {
        ops++;
        histogram.recordValue(Math.max(1, Math.round((t1 - t0) * 1000)));
      }
    } catch (e) {
      fail(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }
}

async function run(): Promise<ThreadResult> {
  const start = performance.now();
  const measureFrom = start + cfg.warmupMs;
  const endAt = measureFrom + cfg.durationMs;
  let elu0: EventLoopUtilization | undefined;
  let elu: EventLoopUtilization | undefined;
  const t0 = setTimeout(() => (elu0 = performance.eventLoopUtilization()), cfg.warmupMs);
  const t1 = setTimeout(() => (elu = performance.eventLoopUtilization(elu0)), cfg.warmupMs + cfg.durationMs);
  await Promise.all(Array.from({ length: cfg.concurrency }, () => slot(measureFrom, endAt)));
  const finished = performance.now();
  clearTimeout(t0);
  clearTimeout(t1);
  // A phase that ran out of work early (e.g. a bounded load) ends its window when the work ended.
  elu ??= performance.eventLoopUtilization(elu0);
  const windowMs = Math.max(0, Math.min(finished, endAt) - measureFrom);
  const result: ThreadResult = { ops, errors, windowMs, issued, elu: elu.utilization, histogram: encodeHistogram(histogram) };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

port.once("message", (msg: { type: string }) => {
  if (msg.type !== "go") return;
  run()
    .then(async (result) => {
      port.postMessage({ type: "result", result });
      await pool.close();
    })
    .catch((e: unknown) => {
      port.postMessage({ type: "crash", message: e instanceof Error ? e.stack ?? e.message : String(e) });
    });
});
port.postMessage({ type: "ready" });
