/**
 * A benchmark target as the load generator sees it: how to get it ready once per run (start a local server,
 * check that a peer is reachable, create the table), and which module makes the Binding of each client thread.
 *
 * Bindings run inside worker_threads, so they are named by module (loaded in each thread), never passed as
 * objects. The module at `bindingModule` exports `createBinding: BindingFactory` (harness/binding.ts).
 *
 * Lifecycle of one `ycsb load` or `ycsb run`:
 *   1. `prepare(properties, phase)` in the main thread: may start a server (shvm-db on its embedded default,
 *      dynalite) and create or reset what the phase needs; throws TargetUnavailable when the peer is not
 *      reachable. It returns the properties every thread's binding gets (e.g. the endpoint it started) and
 *      a `close()` that stops whatever it started.
 *   2. Each thread: `createBinding(properties, threadIndex)`, `init()`, operations, `cleanup()`.
 *   3. `close()`.
 *
 * A target whose server reports per-partition counters (shvm-db's `/_shvm/metrics`) also offers
 * `partitionMetrics`: the main thread samples it about once a second while a phase runs (report/metrics-sampler.ts),
 * so the report can show which partition was hot. Optional: the other targets have no partitions to show.
 */
import type { Properties } from "../workloads/properties.js";

export type Phase = "load" | "run";

export interface PreparedTarget {
  /** Properties for the bindings: the input plus whatever prepare learned (endpoint, shard count, ...). */
  properties: Properties;
  /** Human-readable facts for the results file and the report (server version, endpoint, pids, ...). */
  description: Record<string, string | number | boolean>;
  /** Pids of local server processes, so the generator can sample their CPU, each with its whole process tree (empty for in-process or remote). */
  serverPids: number[];
  /** Stops what prepare started (idempotent). */
  close(): Promise<void>;
  /** The server's per-partition counters for the run's table, when it has them (shvm only). */
  partitionMetrics?: PartitionMetricsSource;
}

/** Where and how to read a server's per-partition counters for one table. */
export interface PartitionMetricsSource {
  /** The table the samples cover. */
  table: string;
  /** What is read, for the results file (e.g. "GET http://127.0.0.1:8787/_shvm/metrics?format=json"). */
  source: string;
  /** One scrape; throws when the server does not answer (the sampler turns that into a warning). */
  sample(signal: AbortSignal): Promise<PartitionMetricsSample>;
}

/** One scrape: each partition's counters, cumulative since `serverStartedAt` (differenced by the report). */
export interface PartitionMetricsSample {
  /** Client epoch ms when the answer arrived (the clock the results' timing uses). */
  at: number;
  /** Epoch ms the server's counters started: a different value in a later sample means they were reset. */
  serverStartedAt: number;
  partitions: PartitionCounters[];
}

export interface PartitionCounters {
  /** The table's internal id: a table re-created under the same name starts new counters. */
  tableId: string;
  partition: number;
  /** Requests the router sent to the partition, every operation type summed. */
  operations: number;
  rowsRead: number;
  rowsWritten: number;
  /** Last reported sizes; null while the partition has not reported them. */
  storageBytes: number | null;
  walBytes: number | null;
  items: number | null;
  /** Tables with GSIs: the partition's undelivered index changes and the oldest one's age (ms), as last counted. */
  gsiPending?: number | null;
  gsiLagMs?: number | null;
}

export interface TargetDefinition {
  /** The name used on the command line: shvm, dynamodb, redis, postgres, sqlite. */
  name: string;
  /** One line: what this target is and how it is reached. */
  summary: string;
  /** Absolute path (or file URL) of the module exporting `createBinding`. */
  bindingModule: string;
  prepare(properties: Readonly<Properties>, phase: Phase): Promise<PreparedTarget>;
}

/** The target cannot be reached on this machine; `startHint` says how to start it. Never a hang: prepare gives up within seconds. */
export class TargetUnavailable extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
    readonly startHint: string,
  ) {
    super(`${target} is not available: ${reason}. Start it with: ${startHint}`);
    this.name = "TargetUnavailable";
  }
}
