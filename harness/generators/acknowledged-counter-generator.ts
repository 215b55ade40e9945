/**
 * A counter whose `last()` is the highest value below which every value has been acknowledged
 * (YCSB's AcknowledgedCounterGenerator): the transaction-phase insert key sequence. Readers choose keys only
 * up to `last()`, so they never ask for a record whose insert has not finished.
 *
 * Acknowledgements may arrive out of order; they are kept in a ring of WINDOW_SIZE slots and the limit moves
 * over each contiguous run. More than WINDOW_SIZE outstanding inserts is an error, as in YCSB. JavaScript is
 * single-threaded, so YCSB's tryLock always succeeds here and every acknowledge advances the limit at once.
 */
import { CounterGenerator } from "./counter-generator.js";

/** 2^20 pending acknowledgements at most, YCSB's window. */
export const WINDOW_SIZE = 1 << 20;

export class AcknowledgedCounterGenerator extends CounterGenerator {
  private readonly window = new Uint8Array(WINDOW_SIZE);
  private limit: number;

  constructor(start: number) {
    super(start);
    this.limit = start - 1;
  }

  /** The highest acknowledged value with every smaller one (from the start) acknowledged too. */
  override last(): number {
    return this.limit;
  }

  /** Marks `value` (handed out by next()) as inserted. */
  acknowledge(value: number): void {
    // Stricter than YCSB, which would take either and then jam the window: an acknowledgement must be for a
    // value handed out by next() and not acknowledged yet.
    if (!Number.isSafeInteger(value) || value <= this.limit || value >= this.counter) {
      throw new RangeError(`acknowledge(${value}): not an outstanding value (limit ${this.limit}, next ${this.counter})`);
    }
    // YCSB only notices a full window when the slot is taken; a value a whole window past an outstanding one
    // lands on that one's free slot and would be miscounted as it, so check the distance instead.
    if (value - this.limit > WINDOW_SIZE) throw new Error("Too many unacknowledged insertion keys.");
    const slot = value % WINDOW_SIZE; // values are non-negative; `&` would break past 2^31
    this.window[slot] = 1;
    // Move the contiguous run after the limit out of the window, visiting each slot at most once.
    let index = this.limit + 1;
    for (let n = 0; n < WINDOW_SIZE; n++, index++) {
      const s = index % WINDOW_SIZE;
      if (this.window[s] !== 1) break;
      this.window[s] = 0;
    }
    this.limit = index - 1;
  }
}
