/**
 * The routing hash: 64 bits over a partition key's encoded bytes, and the partition that owns it.
 *
 * Partition i of P owns the i-th of P equal slices of the 64-bit hash space (ranges, not modulo), so a
 * partition can later be split in two by halving its range. Range ownership needs the *high* bits to be
 * well mixed (FNV-1a leaves them poorly mixed for keys that differ only in their last bytes, e.g.
 * "user1".."user9"), so the hash is two MurmurHash3 (x86, 32-bit) lanes with different seeds: every input
 * bit avalanches into both halves, and it runs on 32-bit integer math (no BigInt on the hot path).
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const SEED_HI = 0x9747b28c;
const SEED_LO = 0x5bd1e995;

function murmur3(bytes: Uint8Array, seed: number): number {
  let h = seed | 0;
  const n = bytes.length;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (n & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Hash64 {
  /** High 32 bits, unsigned. */
  hi: number;
  /** Low 32 bits, unsigned. */
  lo: number;
}

export function hash64(bytes: Uint8Array): Hash64 {
  return { hi: murmur3(bytes, SEED_HI), lo: murmur3(bytes, SEED_LO) };
}

const TWO_32 = 4294967296;

/** floor(hash * P / 2^64): the index of the equal slice of [0, 2^64) that holds `hash`. */
export function partitionOf(h: Hash64, partitions: number): number {
  // hi*P < 2^42 and lo*P < 2^42: exact in doubles, so this is exact integer arithmetic.
  return Math.floor((h.hi * partitions + Math.floor((h.lo * partitions) / TWO_32)) / TWO_32);
}

/** The first hash (as hi, lo) owned by partition i of P: ceil(i * 2^64 / P). */
export function partitionStart(i: number, partitions: number): Hash64 {
  if (i <= 0) return { hi: 0, lo: 0 };
  // Exact 64-bit math via BigInt: this runs per scan setup, not per item.
  const start = ((BigInt(i) << 64n) + BigInt(partitions) - 1n) / BigInt(partitions);
  return { hi: Number(start >> 32n), lo: Number(start & 0xffffffffn) };
}

/** The 8 big-endian bytes of a hash: stored in front of the key so SQLite's order is hash order. */
export function hashBytes(h: Hash64, out: Uint8Array, offset = 0): void {
  out[offset] = h.hi >>> 24;
  out[offset + 1] = (h.hi >>> 16) & 0xff;
  out[offset + 2] = (h.hi >>> 8) & 0xff;
  out[offset + 3] = h.hi & 0xff;
  out[offset + 4] = h.lo >>> 24;
  out[offset + 5] = (h.lo >>> 16) & 0xff;
  out[offset + 6] = (h.lo >>> 8) & 0xff;
  out[offset + 7] = h.lo & 0xff;
}

/** h - 1 (h > 0): the last hash before a boundary. */
export function hashBefore(h: Hash64): Hash64 {
  return h.lo > 0 ? { hi: h.hi, lo: h.lo - 1 } : { hi: h.hi - 1, lo: 0xffffffff };
}
