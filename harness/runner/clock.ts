/**
 * Time for the load generator: one absolute, sub-millisecond clock all threads agree on, precise sleeps, the
 * open-loop schedule, and keeping a thread's event loop turning when its binding answers synchronously.
 *
 * `now()` is performance.timeOrigin + performance.now(): monotonic within a thread and comparable across
 * worker threads (each thread has its own timeOrigin; the sum is wall-clock milliseconds with µs resolution),
 * so the main thread can hand every thread one start time.
 */
import { setImmediate as immediate } from "node:timers/promises";

export type Clock = () => number;

export const now: Clock = () => performance.timeOrigin + performance.now();

/**
 * How long before the earliest deadline the Scheduler stops relying on its timer (Node timers are ms-grained and
 * fire up to ~1 ms early or late) and spins with setImmediate on the clock until the deadline.
 */
export const SPIN_MS = 1;

/** Longest single timer: a stop request is noticed at least this often during long waits (slow open-loop rates). */
const MAX_TIMER_MS = 100;

/** How often waiting waiters are asked isStopped() (at a timer or spin turn). */
const STOP_CHECK_MS = 10;

/**
 * When idle (nothing in flight), the spinner blocks the thread (Atomics.wait, no CPU) until this long before the
 * deadline — Atomics.wait oversleeps by ~0.1 ms, more on a busy machine — and spins only the rest.
 */
export const BLOCK_GUARD_MS = 0.25;

/** A block shorter than this is not worth the call. */
const MIN_BLOCK_MS = 0.05;

/**
 * A gap between two consecutive spin turns shorter than this counts as the spin's own polling (one pass of the
 * event loop with nothing else to do takes a few µs); a longer one as other work that ran between the turns (the
 * released loops' operations, the other loops' I/O callbacks, GC — or the thread descheduled by the OS).
 */
export const POLL_GAP_MS = 0.05;

export interface SchedulerOptions {
  /** Ms before a deadline where the spin takes over from the timer (default SPIN_MS). */
  spinMs?: number;
  /**
   * True when none of the thread's operations is in flight: then the spinner may block the whole thread for the
   * fraction of a ms until a deadline, since no I/O it could delay is pending (a message waits that long at most).
   * Without it the spinner never blocks.
   */
  idle?: () => boolean;
}

interface Waiter {
  deadline: number;
  /** Tie-break: equal deadlines are released in the order they were asked for. */
  seq: number;
  resolve: () => void;
  isStopped: (() => boolean) | undefined;
}

/**
 * Precise sleeps for every operation loop of one client thread, at the cost of one spinner at most.
 *
 * The waiters sit in a heap ordered by deadline. One timer is armed for the earliest deadline minus SPIN_MS (at
 * most MAX_TIMER_MS ahead, re-armed when an earlier deadline arrives); when it fires with the earliest deadline
 * less than SPIN_MS away, ONE setImmediate loop starts that, on each turn, reads the clock once and releases, in
 * deadline order, every waiter whose deadline has passed — never one before its deadline. The spin lets the
 * other loops' I/O run between its turns, and stops as soon as no deadline is within SPIN_MS; then the timer
 * takes over again. A waiter whose isStopped() turns true is released at the next timer or spin turn (checked every
 * STOP_CHECK_MS at most).
 *
 * Spinning keeps a core busy, and at a few hundred operations per second per thread the deadlines are closer
 * than SPIN_MS, so the spin would never stop. Hence, when the thread is idle (options.idle: nothing in flight,
 * so no I/O to poll for), a spin turn blocks the thread with Atomics.wait — no CPU — until BLOCK_GUARD_MS before
 * the earliest deadline, and spins only that last stretch.
 *
 * Three sums, for the saturation judgement (cpu.ts): spinMs() is the spinner's WALL time from its start to its
 * end — blocks included, and also whatever other work the thread did between spin turns (the released loops'
 * operations, the other loops' I/O callbacks), so it is not the cost of waiting. blockedMs() is the part blocked in
 * Atomics.wait (no CPU, yet busy in the event-loop utilisation: the event loop does not idle). pollMs() is the
 * pure polling: the spin turns' own time (blocks excluded) plus the gaps between consecutive turns shorter than
 * POLL_GAP_MS; longer gaps count as work, not polling. pollMs() is the CPU the waiting cost, approximately: a short
 * gap may hold a small callback of other work, and a long one may be the OS running another process.
 */
export class Scheduler {
  private readonly heap: Waiter[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Absolute ms the armed timer was aimed at. */
  private timerAt = Infinity;
  private spinning = false;
  private spinStart = 0;
  private spinTotal = 0;
  private spinTurns = 0;
  private stopCheckedAt = -Infinity;
  private blockedTotal = 0;
  private pollTotal = 0;
  private readonly spinMsBefore: number;
  private idle: (() => boolean) | undefined;
  private blocker: Int32Array | undefined;

  constructor(
    private readonly clock: Clock = now,
    options: SchedulerOptions = {},
  ) {
    this.spinMsBefore = options.spinMs ?? SPIN_MS;
    this.idle = options.idle;
  }

  /** Resolves once `clock()` ≥ `deadline` (absolute ms), or earlier when `isStopped()` turns true. */
  sleepUntil(deadline: number, isStopped?: () => boolean): Promise<void> {
    if (deadline - this.clock() <= 0 || isStopped?.()) {
      // Due already: first release the waiters that are due too (earlier deadlines), so the order holds.
      if (this.heap.length > 0) this.release();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.push({ deadline, seq: this.seq++, resolve, isStopped });
      this.schedule();
    });
  }

  /** Total wall time spent spinning so far, ms (the spin in progress included). */
  spinMs(): number {
    return this.spinTotal + (this.spinning ? Math.max(0, this.clock() - this.spinStart) : 0);
  }

  /** Sets options.idle (the operation loops that sleep on this Scheduler know what is in flight). */
  setIdleCheck(idle: () => boolean): void {
    this.idle = idle;
  }

  /** The part of spinMs() the thread spent blocked in Atomics.wait (no CPU), ms. */
  blockedMs(): number {
    return this.blockedTotal;
  }

  /** The part of spinMs() that was polling: spin turns without their blocks, and the gaps under POLL_GAP_MS between turns, ms. */
  pollMs(): number {
    return this.pollTotal;
  }

  /** Waiters not yet released. */
  get waiting(): number {
    return this.heap.length;
  }

  /** Whether the spinner runs now (there is only ever one). */
  get isSpinning(): boolean {
    return this.spinning;
  }

  /** setImmediate turns spun so far. */
  get spinTurnCount(): number {
    return this.spinTurns;
  }

  /** Arms the timer or starts the spin for the earliest waiter, unless the spin already runs. */
  private schedule(): void {
    if (this.spinning) return;
    const first = this.heap[0];
    if (!first) {
      this.clearTimer();
      return;
    }
    const remaining = first.deadline - this.clock();
    if (remaining <= this.spinMsBefore) {
      this.clearTimer();
      this.spinning = true;
      this.spinStart = this.clock();
      void this.spin();
      return;
    }
    const wake = Math.min(first.deadline - this.spinMsBefore, this.clock() + MAX_TIMER_MS);
    if (this.timer !== undefined && this.timerAt <= wake) return; // the armed timer comes early enough
    this.clearTimer();
    this.timerAt = wake;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.release();
      this.schedule();
    }, Math.max(1, Math.floor(wake - this.clock())));
  }

  private async spin(): Promise<void> {
    // End of the previous turn (or the spin's start): the gap from there to this turn is polling only when short.
    let turnEnd = this.spinStart;
    for (;;) {
      await immediate();
      const turnStart = this.clock();
      const gap = turnStart - turnEnd;
      if (gap > 0 && gap < POLL_GAP_MS) this.pollTotal += gap;
      this.spinTurns++;
      const released = this.release();
      const first = this.heap[0];
      let blocked = 0;
      const remaining = first ? first.deadline - this.clock() : Infinity;
      // Not right after a release: the released loops start their operations only once this turn ends.
      if (remaining <= this.spinMsBefore && released === 0 && this.idle && remaining - BLOCK_GUARD_MS >= MIN_BLOCK_MS && this.idle()) {
        blocked = this.block(remaining - BLOCK_GUARD_MS);
      }
      turnEnd = this.clock();
      this.pollTotal += Math.max(0, turnEnd - turnStart - blocked);
      if (remaining > this.spinMsBefore) break;
    }
    this.spinTotal += Math.max(0, turnEnd - this.spinStart);
    this.spinning = false;
    this.schedule();
  }

  /** Blocks the thread for `ms`; returns how long it was blocked. */
  private block(ms: number): number {
    this.blocker ??= new Int32Array(new SharedArrayBuffer(4));
    const t = this.clock();
    Atomics.wait(this.blocker, 0, 0, ms); // nobody notifies: a sleep of `ms`
    const blocked = Math.max(0, this.clock() - t);
    this.blockedTotal += blocked;
    return blocked;
  }

  /** Releases every waiter whose deadline has passed, in deadline order, and every STOP_CHECK_MS the stopped ones; returns how many. */
  private release(): number {
    const t = this.clock();
    let released = 0;
    while (this.heap.length > 0 && (this.heap[0] as Waiter).deadline <= t) {
      this.pop().resolve();
      released++;
    }
    if (this.heap.length === 0 || t - this.stopCheckedAt < STOP_CHECK_MS) return released;
    this.stopCheckedAt = t;
    const stopped = this.heap.filter((w) => w.isStopped?.());
    if (stopped.length === 0) return released;
    const keep = this.heap.filter((w) => !stopped.includes(w));
    this.heap.length = 0;
    for (const w of keep) this.push(w);
    stopped.sort(compare).forEach((w) => w.resolve());
    return released + stopped.length;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private push(w: Waiter): void {
    const h = this.heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(h[parent] as Waiter, w) <= 0) break;
      h[i] = h[parent] as Waiter;
      i = parent;
    }
    h[i] = w;
  }

  private pop(): Waiter {
    const h = this.heap;
    const top = h[0] as Waiter;
    const last = h.pop() as Waiter;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const child = r < h.length && compare(h[r] as Waiter, h[l] as Waiter) < 0 ? r : l;
        if (compare(h[child] as Waiter, last) >= 0) break;
        h[i] = h[child] as Waiter;
        i = child;
      }
      h[i] = last;
    }
    return top;
  }
}

function compare(a: Waiter, b: Waiter): number {
  return a.deadline - b.deadline || a.seq - b.seq;
}

/** Waits until `clock()` ≥ `deadline` (absolute ms) on a Scheduler of its own (see Scheduler). */
export function sleepUntil(deadline: number, clock: Clock = now, isStopped?: () => boolean): Promise<void> {
  return new Scheduler(clock).sleepUntil(deadline, isStopped);
}

/** With no macrotask turn for this long, the operation loops yield to the event loop (see EventLoopTurns). */
export const YIELD_AFTER_MS = 5;

/**
 * Keeps a thread's event loop turning while its operation loops run on promises that are already settled.
 *
 * A synchronous binding (better-sqlite3) does its work before returning a resolved promise, so `await binding.x()`
 * only queues a microtask: the loops would run from one microtask to the next and the event loop would never get
 * a turn — no "stop" or "report" message handled, no timer fired — until every operation is done. Each loop
 * asks due() before an operation: a heartbeat setImmediate marks each macrotask turn; when none has come for
 * YIELD_AFTER_MS, due() returns a promise of the next turn (one shared setImmediate), which the loop awaits.
 * For an asynchronous binding the event loop turns all the time: due() costs a clock read and, once per event-loop
 * turn at most, a new heartbeat.
 */
export class EventLoopTurns {
  /** Absolute ms when the pending heartbeat was set; undefined once it has run (a turn happened since). */
  private armedAt: number | undefined;
  private yielding: Promise<void> | undefined;
  /** Times the loops had to yield. */
  yields = 0;

  constructor(
    private readonly clock: Clock = now,
    private readonly afterMs: number = YIELD_AFTER_MS,
  ) {}

  /** undefined when the event loop had a turn recently enough; else a promise to await (the next turn). */
  due(): Promise<void> | undefined {
    if (this.yielding) return this.yielding;
    const t = this.clock();
    if (this.armedAt === undefined) {
      this.armedAt = t;
      setImmediate(() => (this.armedAt = undefined));
      return undefined;
    }
    if (t - this.armedAt < this.afterMs) return undefined;
    this.yields++;
    this.yielding = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.yielding = undefined;
        resolve();
      }),
    );
    return this.yielding;
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
