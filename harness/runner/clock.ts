/**
 * Time for the load generator: one absolute, sub-millisecond clock all threads agree on, precise sleeps, and
 * the open-loop schedule.
 *
 * `now()` is performance.timeOrigin + performance.now(): monotonic within a thread and comparable across
 * worker threads (each thread has its own timeOrigin; the sum is wall-clock milliseconds with µs resolution),
 * so the main thread can hand every thread one start time.
 */
import { setImmediate as immediate, setTimeout as sleep } from "node:timers/promises";

export type Clock = () => number;

export const now: Clock = () => performance.timeOrigin + performance.now();

/**
 * Below this many ms before a deadline, sleepUntil stops using timers (which are ms-grained and often fire a
 * millisecond or more late) and yields with setImmediate until the deadline, letting I/O of other loops run.
 */
export const SPIN_MS = 1.5;

/** Waits until `clock()` ≥ `deadline` (absolute ms): a coarse timer, then a short setImmediate loop. */
export async function sleepUntil(deadline: number, clock: Clock = now, isStopped?: () => boolean): Promise<void> {
  for (;;) {
    const remaining = deadline - clock();
    if (remaining <= 0 || isStopped?.()) return;
    // Timer chunks of at most 100 ms keep a stop request responsive during long waits (slow open-loop rates).
    if (remaining > SPIN_MS) await sleep(Math.min(100, Math.floor(remaining - SPIN_MS)) || 1);
    else await immediate();
  }
}

/**
 * The open-loop schedule (YCSB's -target): `rate` operations per second in total, spread over `loops`
 * concurrent operation loops (threads × concurrency). Loop g's k-th operation is intended to start at
 * start + (g + k·loops) / rate seconds, so together the loops issue one operation every 1/rate s, evenly.
 */
export interface Schedule {
  start: number;
  rate: number;
  loops: number;
}

export function intendedStart(schedule: Schedule, loop: number, k: number): number {
  return schedule.start + ((loop + k * schedule.loops) * 1000) / schedule.rate;
}
