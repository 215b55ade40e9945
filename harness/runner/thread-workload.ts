/**
 * How the work is divided among client threads, the way YCSB's Client divides it, and the CoreWorkload each
 * thread draws its operations from.
 *
 * - Load phase: thread t inserts a contiguous slice of [insertstart, insertstart + insertcount). YCSB's threads
 *   share one key counter instead; the set of record numbers inserted is the same, and with hashed keys (or
 *   ordered ones) which thread inserts which record does not change what ends up in the store.
 * - Run phase: operationcount / threads each, the first operationcount % threads threads one more (YCSB's
 *   split). Each thread has its own CoreWorkload (generator state such as Zipfian's zeta is per thread, drawing
 *   the same distribution), except the run-phase insert sequence and its acknowledgement window, which are
 *   shared by all threads through a SharedAcknowledgedCounter so readers everywhere stay below the highest
 *   contiguous acknowledged insert (workloads D and E).
 */
import { CoreWorkload } from "../generators/core-workload.js";
import type { CoreWorkloadConfig } from "../../workloads/config.js";
import type { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";

/** YCSB's split of `total` operations among `threads`: the first `total % threads` threads get one more. */
export function shareOf(total: number, threads: number, index: number): number {
  const base = Math.floor(total / threads);
  return base + (index < total % threads ? 1 : 0);
}

/** Thread `index`'s contiguous slice of the load phase's record numbers. */
export function loadSlice(config: Pick<CoreWorkloadConfig, "insertstart" | "insertcount">, threads: number, index: number): { start: number; count: number } {
  let start = config.insertstart;
  for (let t = 0; t < index; t++) start += shareOf(config.insertcount, threads, t);
  return { start, count: shareOf(config.insertcount, threads, index) };
}

/**
 * The CoreWorkload of a load-phase thread: its keysequence starts at its slice; the config is unchanged, so the
 * generators the load does not use (the request key chooser) are built over the whole record range — also for
 * an empty slice (more threads than records), which simply inserts nothing.
 */
export function loadWorkloadForSlice(config: CoreWorkloadConfig, slice: { start: number; count: number }): CoreWorkload {
  return new CoreWorkload(config, undefined, { loadStart: slice.start });
}

/** The CoreWorkload of a run-phase thread, its run-phase inserts numbered by the counter all threads share. */
export function runWorkloadWithSharedInserts(config: CoreWorkloadConfig, shared: SharedAcknowledgedCounter): CoreWorkload {
  return new CoreWorkload(config, shared);
}
