/**
 * The work of one client thread: `concurrency` operation loops sharing one Binding, each waiting for its
 * operation to finish before starting the next (closed loop), or, with a target rate, starting each operation
 * at its scheduled time (open loop). Free of worker_threads so it runs in-process in tests.
 *
 * Phases of the thread's time line (absolute ms, see clock.ts):
 *   startAt ── warm-up ── measureFrom ── measured window ── (maxexecutiontime reached | operations done)
 * An operation belongs to the window when its start — its intended start in open loop — is at or after
 * measureFrom. Warm-up operations run exactly like the others and are not recorded. In the run phase they do
 * not count towards the thread's operations; in the load phase they do (every record has to be inserted once).
 *
 * Open loop: when an operation is late (the previous one of its loop took longer than the interval), the next
 * starts immediately and its Intended- latency includes the time it waited for its turn, so a stall of the
 * target shows in the intended percentiles instead of silently lowering the offered load (coordinated omission).
 * For that, each loop owns a fixed share of the thread's schedule: loop i of L takes the thread's slots i, i+L,
 * i+2L, ... (its k-th operation is slot i + k·L, intended at start + (g + k·T·C)/R with g its global loop number)
 * while the slot is below the thread's planned operations, and issues each of them however late. Were the slots
 * claimed first-come (as in closed loop), the loops that are not stuck would take the later slots while one loop
 * waits on a stalled call, and once the planned operations are used up the stalled loop's backlog — exactly the
 * operations with the large intended latencies — would never be issued.
 *
 * Open loop, each measured operation's start lag is recorded: the time from when it was due with its loop free
 * (its intended start, or the loop's previous operation's end if later) to its start — the thread's own delay,
 * not the target's (the saturation judgement, cpu.ts).
 *
 * All loops of the thread sleep on one Scheduler (clock.ts: one timer, at most one spinner), and before each
 * operation they let the event loop turn if it has not for a few ms (EventLoopTurns): with a synchronous binding
 * the loops would otherwise run from microtask to microtask, and the thread would handle no message ("stop",
 * "report") and fire no timer until all its operations were done.
 */
import type { Binding } from "../binding.js";
import type { Phase } from "../target.js";
import type { CoreWorkload } from "../generators/core-workload.js";
import type { Rng } from "../generators/rng.js";
import { EventLoopTurns, intendedStart, now, Scheduler, type Clock } from "./clock.js";
import { executeOperation } from "./execute.js";
import type { PhaseProgress } from "./progress.js";
import type { Recorder } from "./recorder.js";

export interface LoopsPlan {
  phase: Phase;
  /** Operation loops in this thread (operations in flight at once). */
  concurrency: number;
  /** This thread's operations: load, its slice (warm-up included); run, its share of operationcount (warm-up excluded). Infinity = until maxExecutionMs. */
  operations: number;
  /** Absolute ms at which every thread starts. */
  startAt: number;
  warmupMs: number;
  /** Length of the measured window at most (YCSB's maxexecutiontime), or null. */
  maxExecutionMs: number | null;
  /** Open loop: total rate over all threads, the number of loops over all threads, and this thread's first loop number. */
  openLoop: { rate: number; loops: number; firstLoop: number } | null;
}

export interface LoopsDeps {
  binding: Binding;
  workload: CoreWorkload;
  rng: Rng;
  recorder: Recorder;
  clock?: Clock;
  /** Checked before every operation: a stop request (Ctrl-C, another thread failed) ends the loops early. */
  isStopped?: () => boolean;
  /** Counts every operation's start and completion for the main thread's stall watchdog (progress.ts). */
  progress?: PhaseProgress;
  /**
   * Settles when the phase gives up on the operations in flight (the target stalled): the loops are no longer
   * awaited — their calls may never return — and the outcome so far is returned. Set isStopped too.
   */
  abandoned?: Promise<void>;
  /**
   * The thread's Scheduler for precise sleeps (default: one of this call's own, on `clock`). The loops tell it when
   * no operation is in flight (then it may block instead of spinning; see clock.ts).
   */
  scheduler?: Scheduler;
  /** The thread's yield-to-the-event-loop check (default: one of this call's own). */
  turns?: EventLoopTurns;
}

export interface LoopsOutcome {
  /** Operations started, warm-up included. */
  issued: number;
  warmupOperations: number;
}

export async function runClientLoops(plan: LoopsPlan, deps: LoopsDeps): Promise<LoopsOutcome> {
  const clock = deps.clock ?? now;
  const externalStop = deps.isStopped ?? (() => false);
  // One loop failing (a binding that throws is broken) stops the others at their next operation.
  let failure: unknown;
  let failed = false;
  const isStopped = (): boolean => failed || externalStop();
  const { binding, workload, rng, recorder } = deps;
  const measureFrom = plan.startAt + plan.warmupMs;
  const deadline = plan.maxExecutionMs === null ? Infinity : measureFrom + plan.maxExecutionMs;
  const ctx = { binding, workload, recorder, clock };
  // Operations of this thread in flight (the Scheduler blocks instead of spinning only when there are none).
  let inFlight = 0;
  const scheduler = deps.scheduler ?? new Scheduler(clock);
  scheduler.setIdleCheck(() => inFlight === 0);
  const turns = deps.turns ?? new EventLoopTurns(clock);
  // Closed loop: the loops claim the thread's operations first-come, first-served.
  let claimed = 0;
  let issued = 0;
  let warmupOperations = 0;

  await scheduler.sleepUntil(plan.startAt, isStopped);

  async function loop(index: number): Promise<void> {
    // Open loop: operations of this loop that count towards plan.operations so far (its slots taken).
    let ownCounted = 0;
    for (let k = 0; ; k++) {
      // Open loop: when this loop became free for its next operation (for the start lag, Recorder.recordStartLag).
      const free = plan.openLoop ? clock() : 0;
      const turn = turns.due();
      if (turn) await turn;
      if (isStopped()) return;
      let intended: number | undefined;
      if (plan.openLoop) {
        const { rate, loops, firstLoop } = plan.openLoop;
        intended = intendedStart({ start: plan.startAt, rate, loops }, firstLoop + index, k);
        if (intended >= deadline) return;
        await scheduler.sleepUntil(intended, isStopped);
        if (isStopped()) return;
      }
      const begin = intended ?? clock();
      if (begin >= deadline) return;
      const measured = begin >= measureFrom;
      if (plan.phase === "load" || measured) {
        if (plan.openLoop) {
          // This loop's next slot of the thread's schedule (see the header): i, i+L, i+2L, ...
          if (index + ownCounted * plan.concurrency >= plan.operations) return;
          ownCounted++;
        } else {
          if (claimed >= plan.operations) return;
          claimed++;
        }
      }
      issued++;
      if (!measured) warmupOperations++;
      const op = plan.phase === "load" ? workload.nextInsert(rng) : workload.nextOperation(rng);
      // Open loop: due and free since max(intended, free); what passed since then is the thread's own delay.
      if (intended !== undefined && measured) recorder.recordStartLag(clock() - Math.max(intended, free));
      deps.progress?.started();
      inFlight++;
      try {
        await executeOperation(ctx, op, intended, measured);
      } finally {
        inFlight--;
        deps.progress?.completed();
      }
    }
  }

  const loops = Array.from({ length: plan.concurrency }, (_, i) =>
    loop(i).catch((e: unknown) => {
      if (!failed) failure = e;
      failed = true;
    }),
  );
  // Abandoned: the stalled calls stay pending; they are in no measurement (none of them completed).
  await (deps.abandoned ? Promise.race([Promise.all(loops), deps.abandoned]) : Promise.all(loops));
  if (failed) throw failure;
  return { issued, warmupOperations };
}
