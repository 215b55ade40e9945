/**
 * Entry of one client thread (worker_threads): makes its Binding from the target's module, builds its share of
 * the workload, says "ready", waits for "go" with the common start time, runs its loops, then cleans the
 * binding up (measured as CLEANUP, as YCSB does) and sends its measurements. Protocol: protocol.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import type { BindingFactory } from "../binding.js";
import { threadRng } from "../generators/rng.js";
import { resolveConfig } from "../../workloads/config.js";
import { runClientLoops } from "./client-loops.js";
import { now, Scheduler } from "./clock.js";
import type { FromThread, ThreadInit, ThreadResult, ToThread } from "./protocol.js";
import { utilisationOutsideWaits } from "./cpu.js";
import { PhaseProgress } from "./progress.js";
import { Recorder } from "./recorder.js";
import { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";
import { loadWorkloadForSlice, runWorkloadWithSharedInserts } from "./thread-workload.js";

const port = parentPort;
if (!port) throw new Error("client-thread.ts must run as a worker thread");
const init = workerData as ThreadInit;
const send = (m: FromThread) => port.postMessage(m);
const message = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

let stopped = false;
/** Set when the main thread gives up on the operations in flight (a stalled target). */
let abandonInFlight = false;
let abandon: () => void = () => {};
const abandoned = new Promise<void>((resolve) => (abandon = resolve));
/** How long a binding's cleanup may take after a stall (its connections may be stuck as well). */
const CLEANUP_AFTER_STALL_MS = 5_000;

async function main(): Promise<void> {
  const config = resolveConfig(init.properties);
  const workload =
    init.phase === "load"
      ? loadWorkloadForSlice(config, init.slice ?? { start: config.insertstart, count: config.insertcount })
      : runWorkloadWithSharedInserts(config, SharedAcknowledgedCounter.attach(init.insertCounter as SharedArrayBuffer));
  const mod = (await import(init.bindingModule)) as { createBinding?: BindingFactory };
  if (typeof mod.createBinding !== "function") throw new Error(`${init.bindingModule} does not export createBinding`);
  const binding = await mod.createBinding(init.properties, init.index);
  await binding.init?.();

  let recorder: Recorder | undefined;
  const startAt = await new Promise<number>((resolve) => {
    port!.on("message", (m: ToThread) => {
      if (m.type === "go") resolve(m.startAt);
      else if (m.type === "stop") {
        stopped = true;
        if (m.abandonInFlight) {
          abandonInFlight = true;
          abandon();
        }
        resolve(now());
      } else if (m.type === "report") {
        send({ type: "interval", index: init.index, tick: m.tick, report: recorder?.takeInterval() ?? { operations: 0, histograms: {} } });
      }
    });
    send({ type: "ready" });
  });

  const measureFrom = startAt + init.warmupMs;
  recorder = new Recorder({ measureFrom, intended: init.targetRate !== null, interval: init.status });
  // One Scheduler for every loop of this thread: its waiting (polling, blocks) is left out of the saturation judgement.
  const scheduler = new Scheduler(now);
  let elu0: EventLoopUtilization | undefined;
  // The Scheduler's sums at the window's start (its spin, blocks and polling before the window are not in it).
  let spin0 = 0;
  let blocked0 = 0;
  let poll0 = 0;
  const eluTimer = setTimeout(
    () => {
      elu0 = performance.eventLoopUtilization();
      spin0 = scheduler.spinMs();
      blocked0 = scheduler.blockedMs();
      poll0 = scheduler.pollMs();
    },
    Math.max(0, measureFrom - now()),
  );

  const outcome = await runClientLoops(
    {
      phase: init.phase,
      concurrency: init.concurrency,
      operations: init.operations ?? Infinity,
      startAt,
      warmupMs: init.warmupMs,
      maxExecutionMs: init.maxExecutionMs,
      openLoop:
        init.targetRate === null ? null : { rate: init.targetRate, loops: init.threads * init.concurrency, firstLoop: init.index * init.concurrency },
    },
    {
      binding,
      workload,
      rng: threadRng(init.seed, init.index),
      recorder: recorder,
      isStopped: () => stopped,
      progress: PhaseProgress.attach(init.progress),
      abandoned,
      scheduler,
    },
  ).catch(async (e: unknown) => {
    // The binding broke: still release its connections (bounded), then report the original error.
    await Promise.race([Promise.resolve(binding.cleanup?.()).catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
    throw e;
  });
  clearTimeout(eluTimer);
  const window = elu0 ? performance.eventLoopUtilization(elu0) : undefined;
  const spinMs = elu0 ? scheduler.spinMs() - spin0 : 0;
  const blockedMs = elu0 ? scheduler.blockedMs() - blocked0 : 0;
  const pollMs = elu0 ? scheduler.pollMs() - poll0 : 0;
  const elu = window?.utilization ?? 0;
  const eluOutsideWaits = window ? utilisationOutsideWaits(window, pollMs + blockedMs) : null;
  const startLag = recorder.startLag();
  send({ type: "finished", index: init.index, at: now() });

  const st = now();
  if (!abandonInFlight) {
    await binding.cleanup?.();
    recorder.recordLatency("CLEANUP", undefined, st, now(), true);
  } else {
    // After a stall the cleanup may hang too: bounded, and measured only if it finished.
    const cleaned = await Promise.race([
      Promise.resolve(binding.cleanup?.()).then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), CLEANUP_AFTER_STALL_MS).unref()),
    ]);
    if (cleaned) recorder.recordLatency("CLEANUP", undefined, st, now(), true);
  }

  const result: ThreadResult = {
    index: init.index,
    measurements: recorder.snapshot(),
    issued: outcome.issued,
    warmupOperations: outcome.warmupOperations,
    elu,
    spinMs,
    blockedMs,
    pollMs,
    eluOutsideWaits,
    startLag,
  };
  recorder.destroy();
  send({ type: "result", result });
}

main().catch((e: unknown) => send({ type: "crash", index: init.index, message: message(e) }));
