/**
 * A small seeded PRNG (mulberry32) and the draws the fuzz test needs. Every random choice of a run comes
 * from one of these, so a seed replays the same cases (per slot: see run.ts).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  /** A child generator: independent sequence, still fixed by this one's seed. */
  fork(salt: number): Rng {
    return new Rng((this.int(0x100000000) ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  }
}

/** The run's seed: SHVM_FUZZ_SEED when set (decimal), otherwise drawn now (and printed by the caller). */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHVM_FUZZ_SEED;
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`SHVM_FUZZ_SEED must be an integer in [0, 2^32): ${raw}`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}
