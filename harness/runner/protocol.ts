/** Messages between the main thread (run-phase.ts) and a client thread (client-thread.ts). */
import type { Properties } from "../../workloads/properties.js";
import type { Phase } from "../target.js";
import type { IntervalReport, StartLag, ThreadMeasurements } from "./recorder.js";

/** workerData of a client thread. */
export interface ThreadInit {
  index: number;
  threads: number;
  /** Module exporting createBinding (loaded in the thread). */
  bindingModule: string;
  /** Every property (workload and binding); the thread resolves the workload config from them. */
  properties: Properties;
  phase: Phase;
  concurrency: number;
  /** This thread's operations (see LoopsPlan.operations); null = until maxExecutionMs. */
  operations: number | null;
  /** Load phase: this thread's record numbers. */
  slice: { start: number; count: number } | null;
  /** Run phase: the shared insert counter's buffer. */
  insertCounter: SharedArrayBuffer | null;
  /** Operations started / completed by all threads (progress.ts), for the main thread's stall watchdog. */
  progress: SharedArrayBuffer;
  seed: number;
  warmupMs: number;
  maxExecutionMs: number | null;
  /** Open loop: total ops/s over all threads; null = closed loop. */
  targetRate: number | null;
  /** Keep interval statistics for status lines (the main thread asks for them with "report"); false when quiet. */
  status: boolean;
}

export interface ThreadResult {
  index: number;
  measurements: ThreadMeasurements;
  issued: number;
  warmupOperations: number;
  /** Event-loop utilisation over the thread's measured window, 0..1 (precise-wait spins included). */
  elu: number;
  /**
   * Wall time the thread's Scheduler spun in precise waits (open loop) during the measured window, ms: the blocks
   * and the other loops' work between spin turns included (clock.ts Scheduler).
   */
  spinMs: number;
  /** The part of spinMs blocked in Atomics.wait (no CPU), ms. */
  blockedMs: number;
  /** The part of spinMs that was pure polling (spin turns without blocks, gaps under 50 µs between turns), ms: the waiting's CPU, approximately. */
  pollMs: number;
  /** Share of the window the event loop was busy other than waiting (cpu.ts utilisationOutsideWaits); null when the window never began. */
  eluOutsideWaits: number | null;
  /** Open loop: how late operations started with their loop free (recorder.ts StartLag); null in closed loop or without measured operations. */
  startLag: StartLag | null;
}

/**
 * "report": send the IntervalReport since the previous one (the main thread's status tick). "stop": start no
 * further operation; with abandonInFlight (the target stalled) also stop waiting for the operations in flight.
 */
export type ToThread = { type: "go"; startAt: number } | { type: "stop"; abandonInFlight?: boolean } | { type: "report"; tick: number };

export type FromThread =
  | { type: "ready" }
  | { type: "interval"; index: number; tick: number; report: IntervalReport }
  /** The loops ended (before the binding's cleanup): the main thread closes its CPU window here. */
  | { type: "finished"; index: number; at: number }
  | { type: "result"; result: ThreadResult }
  | { type: "crash"; index: number; message: string };
