/**
 * The shape every numeric generator shares (YCSB's NumberGenerator): `next` draws a value using the calling
 * thread's Rng, `last` returns the most recent value without drawing. Generator state (counters, zeta) is
 * shared by all threads using one instance; only the randomness is per thread.
 */
import type { Rng } from "./rng.js";

export interface NumberGenerator {
  next(rng: Rng): number;
  /** The last value produced (generators that have not produced one yet return their documented start value). */
  last(): number;
}
