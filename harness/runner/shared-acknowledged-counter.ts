/**
 * The run phase's insert key sequence shared by every client thread (workloads D and E insert while others
 * read): YCSB's AcknowledgedCounterGenerator (harness/generators/acknowledged-counter-generator.ts) over a
 * SharedArrayBuffer, so that one counter hands out record numbers to all threads and readers in every thread
 * stay at or below the highest contiguous acknowledged insert.
 *
 * Layout of the buffer: [counter, limit, windowSize] as BigInt64 (record numbers may pass 2^31: recordcount=0
 * means Integer.MAX_VALUE), a lock word (Int32), then one byte per window slot.
 *
 * As in YCSB, an acknowledgement marks its slot and then, if it gets the lock, moves the limit over the
 * contiguous run of marked slots. YCSB gives up when the lock is taken, so its limit can lag until the next
 * acknowledgement; here the lock holder looks once more after unlocking, so a mark made while it held the
 * lock is never left behind (a thread that failed to take the lock had marked its slot before that failure,
 * hence before the holder's unlock and second look).
 */
import { WINDOW_SIZE } from "../generators/acknowledged-counter-generator.js";

const COUNTER = 0;
const LIMIT = 1;
const WINDOW = 2;
const HEADER_BYTES = 32; // 3 × 8 bytes of BigInt64, then the Int32 lock at byte 24

export class SharedAcknowledgedCounter {
  private readonly state: BigInt64Array;
  private readonly lock: Int32Array;
  private readonly window: Uint8Array;
  private readonly windowSize: number;

  /** A new counter starting at `start` (the first run-phase insert is record `start`, usually recordcount). */
  static create(start: number, windowSize = WINDOW_SIZE): SharedAcknowledgedCounter {
    if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`counter start must be a non-negative integer, got ${start}`);
    if (!Number.isSafeInteger(windowSize) || windowSize < 1) throw new RangeError(`window size must be a positive integer, got ${windowSize}`);
    const buffer = new SharedArrayBuffer(HEADER_BYTES + windowSize);
    const state = new BigInt64Array(buffer, 0, 3);
    state[COUNTER] = BigInt(start);
    state[LIMIT] = BigInt(start - 1);
    state[WINDOW] = BigInt(windowSize);
    return new SharedAcknowledgedCounter(buffer);
  }

  /** The same counter in another thread (the buffer travels in workerData). */
  static attach(buffer: SharedArrayBuffer): SharedAcknowledgedCounter {
    return new SharedAcknowledgedCounter(buffer);
  }

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.state = new BigInt64Array(buffer, 0, 3);
    this.lock = new Int32Array(buffer, 24, 1);
    this.windowSize = Number(Atomics.load(this.state, WINDOW));
    this.window = new Uint8Array(buffer, HEADER_BYTES, this.windowSize);
  }

  /** Hands out the next record number (each exactly once across all threads). */
  next(): number {
    return Number(Atomics.add(this.state, COUNTER, 1n));
  }

  /** The highest record number such that it and every one before it (from the start) is acknowledged. */
  last(): number {
    return Number(Atomics.load(this.state, LIMIT));
  }

  /** Marks a record number handed out by next() as inserted (whatever the binding answered). */
  acknowledge(value: number): void {
    const limit = this.last();
    const counter = Number(Atomics.load(this.state, COUNTER));
    if (!Number.isSafeInteger(value) || value <= limit || value >= counter) {
      throw new RangeError(`acknowledge(${value}): not an outstanding value (limit ${limit}, next ${counter})`);
    }
    if (value - limit > this.windowSize) throw new Error("Too many unacknowledged insertion keys.");
    // A slot already marked means this value was acknowledged already (or the window wrapped onto it).
    if (Atomics.compareExchange(this.window, value % this.windowSize, 0, 1) !== 0) {
      throw new Error(`acknowledge(${value}): already acknowledged`);
    }
    this.advance();
  }

  private advance(): void {
    for (;;) {
      if (Atomics.compareExchange(this.lock, 0, 0, 1) !== 0) return; // the holder will look again after unlocking
      let index = this.last() + 1;
      for (let n = 0; n < this.windowSize; n++, index++) {
        const slot = index % this.windowSize;
        if (Atomics.load(this.window, slot) !== 1) break;
        Atomics.store(this.window, slot, 0);
      }
      Atomics.store(this.state, LIMIT, BigInt(index - 1));
      Atomics.store(this.lock, 0, 0);
      if (Atomics.load(this.window, index % this.windowSize) !== 1) return;
    }
  }
}
