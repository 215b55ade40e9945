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
import { AcknowledgedCounterGenerator } from "../generators/acknowledged-counter-generator.js";
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

/** The CoreWorkload of a load-phase thread: its keysequence starts at its slice (the config is otherwise unchanged). */
export function loadWorkloadForSlice(config: CoreWorkloadConfig, slice: { start: number; count: number }): CoreWorkload {
  return new CoreWorkload({ ...config, insertstart: slice.start, insertcount: slice.count });
}

/**
 * The CoreWorkload of a run-phase thread, its run-phase insert sequence replaced by the shared one.
 *
 * CoreWorkload builds its AcknowledgedCounterGenerator privately and hands the same instance to the key
 * choosers that follow it (SkewedLatestGenerator for requestdistribution=latest, the exponential chooser), so
 * the instance's methods are redirected to the shared counter rather than the field replaced. A constructor
 * option on CoreWorkload would be cleaner; this keeps harness/generators untouched.
 */
export function runWorkloadWithSharedInserts(config: CoreWorkloadConfig, shared: SharedAcknowledgedCounter): CoreWorkload {
  const workload = new CoreWorkload(config);
  const sequence = (workload as unknown as { transactioninsertkeysequence?: unknown }).transactioninsertkeysequence;
  if (!(sequence instanceof AcknowledgedCounterGenerator)) {
    throw new Error("CoreWorkload no longer keeps its insert sequence in transactioninsertkeysequence: update harness/runner/thread-workload.ts");
  }
  if (sequence.last() !== shared.last()) {
    throw new Error(`shared insert counter starts after ${shared.last()}, the workload's after ${sequence.last()}`);
  }
  sequence.next = () => shared.next();
  sequence.last = () => shared.last();
  sequence.acknowledge = (value: number) => shared.acknowledge(value);
  return workload;
}
