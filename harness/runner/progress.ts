/**
 * The stall watchdog's view of a phase: operations started and completed by all client threads, counted in one
 * SharedArrayBuffer (Atomics) that the main thread reads without asking the threads — a thread waiting on a call
 * that never returns still answers messages, but a counter needs no answer at all.
 *
 * A stall is: operations are in flight and none has completed for the timeout. Idle time with nothing in flight
 * (a slow open-loop rate, the moments before the start) is not one.
 */

/** Index of the counters in the shared Int32Array. They wrap at 2^32: only differences and changes are read. */
const STARTED = 0;
const COMPLETED = 1;

export class PhaseProgress {
  private constructor(private readonly counts: Int32Array) {}

  static create(): PhaseProgress {
    return new PhaseProgress(new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)));
  }

  /** The same counters in another thread. */
  static attach(buffer: SharedArrayBuffer): PhaseProgress {
    return new PhaseProgress(new Int32Array(buffer));
  }

  get buffer(): SharedArrayBuffer {
    return this.counts.buffer as SharedArrayBuffer;
  }

  started(): void {
    Atomics.add(this.counts, STARTED, 1);
  }

  completed(): void {
    Atomics.add(this.counts, COMPLETED, 1);
  }

  /** Completions so far, modulo 2^32 (compare for change only). */
  completions(): number {
    return Atomics.load(this.counts, COMPLETED);
  }

  /** Operations started and not yet completed. */
  inFlight(): number {
    return (Atomics.load(this.counts, STARTED) - Atomics.load(this.counts, COMPLETED)) | 0;
  }
}

export class StallWatchdog {
  private lastCompletions: number;
  private lastProgressAt: number;

  constructor(
    private readonly progress: PhaseProgress,
    readonly timeoutMs: number,
    at: number,
  ) {
    this.lastCompletions = progress.completions();
    this.lastProgressAt = at;
  }

  /** Called periodically with the current time (ms): true once nothing completed for timeoutMs while operations were in flight. */
  stalled(at: number): boolean {
    const completions = this.progress.completions();
    if (completions !== this.lastCompletions || this.progress.inFlight() <= 0) {
      this.lastCompletions = completions;
      this.lastProgressAt = at;
      return false;
    }
    return at - this.lastProgressAt >= this.timeoutMs;
  }
}

/** Property naming the watchdog's timeout, seconds (harness-wide: not a YCSB property). */
export const STALL_TIMEOUT_PROPERTY = "harness.stallTimeoutSeconds";
export const DEFAULT_STALL_TIMEOUT_SECONDS = 60;

export function stallTimeoutSeconds(properties: Readonly<Record<string, string>>): number {
  const raw = properties[STALL_TIMEOUT_PROPERTY];
  if (raw === undefined || raw.trim() === "") return DEFAULT_STALL_TIMEOUT_SECONDS;
  const n = Number(raw.trim());
  if (!(n > 0 && Number.isFinite(n))) throw new Error(`${STALL_TIMEOUT_PROPERTY} must be a positive number of seconds, got "${raw}"`);
  return n;
}
