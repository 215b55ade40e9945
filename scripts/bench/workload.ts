/**
 * The contract between the load driver (which measures) and a workload (which only says what to send).
 * A workload module exports `createWorkload: WorkloadFactory`; each driver thread imports it by URL
 * (functions cannot cross worker_threads), so its options must be structured-cloneable.
 */

export interface BenchRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface ThreadInfo {
  /** 0-based index of this driver thread. */
  index: number;
  /** How many driver threads run this workload. */
  count: number;
}

export interface Workload {
  /** The next request to send, or undefined when this thread has no more work (ends its slot). */
  next(): BenchRequest | undefined;
  /** Optional check of a 200 response body: an error message, or undefined when it is acceptable. */
  check?(request: BenchRequest, body: string): string | undefined;
}

export type WorkloadFactory = (options: unknown, thread: ThreadInfo) => Workload;

/** What the driver passes to its threads: a module URL exporting `createWorkload`, and its options. */
export interface WorkloadRef {
  module: string;
  options: unknown;
}
