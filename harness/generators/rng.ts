/**
 * The random source for every generator: xoshiro128** 1.1 (Blackman & Vigna), a small, fast PRNG that needs
 * only 32-bit integer operations (so it stays in V8's fast paths), seeded through SplitMix32.
 *
 * YCSB draws from Java's ThreadLocalRandom, which cannot be seeded; here each load-generator thread gets its
 * own seeded Rng ({@link threadRng}) so a run is reproducible from one seed. Generators keep their shared state
 * (counters, zeta) and take the calling thread's Rng as an argument, as YCSB's ThreadLocalRandom does.
 */

/** What generators need from a random source. */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits (Java's nextDouble construction). */
  nextDouble(): number;
}

const TWO_POW_27 = 134217728;
const TWO_POW_53 = 9007199254740992;

/** xoshiro128**: 128 bits of state, period 2^128 - 1. */
export class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Four 32-bit state words, not all zero; use {@link createRng} to seed from a number. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new Error("xoshiro128** state must not be all zero");
  }

  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextDouble(): number {
    const hi = this.nextUint32() >>> 6; // 26 bits
    const lo = this.nextUint32() >>> 5; // 27 bits
    return (hi * TWO_POW_27 + lo) / TWO_POW_53;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix32 step: a well-mixed 32-bit output for consecutive states (used only for seeding). */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A generator seeded from an integer seed (any safe integer; both 32-bit halves are used) and an optional
 * stream number, so that `createRng(seed, 0)`, `createRng(seed, 1)`, ... are independent streams.
 */
export function createRng(seed: number, stream = 0): Xoshiro128 {
  if (!Number.isSafeInteger(seed)) throw new Error(`Rng seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(stream) || stream < 0) throw new Error(`Rng stream must be a non-negative integer`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) | 0;
  // Mix seed and stream into a base, then derive four words from consecutive SplitMix32 states.
  let base = splitmix32(lo ^ splitmix32(hi ^ splitmix32(stream)));
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    base = (base + 0x9e3779b9) | 0;
    words.push(splitmix32(base));
  }
  const [a, b, c, d] = words as [number, number, number, number];
  return (a | b | c | d) === 0 ? new Xoshiro128(1, 0, 0, 0) : new Xoshiro128(a, b, c, d);
}

/** The Rng of load-generator thread `threadIndex` in a run seeded with `seed`. */
export function threadRng(seed: number, threadIndex: number): Xoshiro128 {
  return createRng(seed, threadIndex + 1);
}

/** Uniform integer in [0, n) for 1 <= n <= 2^53 (floor of u*n; bias is below 2^-53 * n, negligible). */
export function nextBelow(rng: Rng, n: number): number {
  return Math.floor(rng.nextDouble() * n);
}
