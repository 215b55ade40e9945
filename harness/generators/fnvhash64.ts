/**
 * YCSB's 64-bit FNV hash (site.ycsb.Utils.fnvhash64): FNV-1a over the 8 little-endian bytes of a Java long,
 * offset basis 0xCBF29CE484222325, prime 1099511628211, wrapping 64-bit arithmetic, then Java's Math.abs
 * (so Long.MIN_VALUE stays negative). It turns record numbers into key names (insertorder=hashed) and
 * scatters the scrambled-Zipfian popular items.
 *
 * The hot path keeps the 64-bit state as two uint32 halves in plain numbers — no BigInt — and offers the
 * two things callers need: the decimal string (key names) and the value modulo n (scrambled Zipfian).
 * {@link fnvhash64} is the exact BigInt version (reference and odd inputs such as negative longs).
 */

const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 1099511628211n;
const MASK64 = (1n << 64n) - 1n;
const SIGN64 = 1n << 63n;
const TWO_POW_32 = 4294967296;

/** Exact fnvhash64 of a Java long (a number must be a safe integer; a bigint is taken modulo 2^64). */
export function fnvhash64(value: number | bigint): bigint {
  let v = BigInt.asUintN(64, typeof value === "bigint" ? value : BigInt(checkSafe(value)));
  let h = OFFSET_BASIS;
  for (let i = 0; i < 8; i++) {
    h ^= v & 0xffn;
    v >>= 8n; // the arithmetic shift of a negative long fills with ones; on the unsigned view that is the same byte sequence
    h = (h * PRIME) & MASK64;
  }
  const signed = h >= SIGN64 ? h - (1n << 64n) : h;
  // Math.abs(long): the negation of Long.MIN_VALUE overflows back to itself.
  return signed < 0n && signed !== -SIGN64 ? -signed : signed;
}

// Scratch halves of the last hash (module-level so the hot path allocates nothing).
let hashHi = 0;
let hashLo = 0;

/** Hashes a non-negative safe integer into hashHi/hashLo (after abs). Returns false for the Long.MIN_VALUE case. */
function hashParts(value: number): boolean {
  const lo = value >>> 0;
  const hi = Math.floor(value / TWO_POW_32) >>> 0;
  let hHi = 0xcbf29ce4;
  let hLo = 0x84222325;
  for (let i = 0; i < 8; i++) {
    const octet = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
    hLo = (hLo ^ octet) >>> 0;
    // (hHi·2^32 + hLo) · (2^40 + 435) mod 2^64 = hLo·435 + 2^32·(hHi·435 + hLo·2^8)
    const low = hLo * 435; // < 2^41, exact
    const carry = Math.floor(low / TWO_POW_32);
    const nextHi = (Math.imul(hHi, 435) + (hLo << 8) + carry) >>> 0;
    hLo = low >>> 0;
    hHi = nextHi;
  }
  if (hHi >= 0x80000000) {
    // Two's-complement negation for Math.abs.
    if (hHi === 0x80000000 && hLo === 0) return false;
    hLo = (~hLo + 1) >>> 0;
    hHi = (~hHi + (hLo === 0 ? 1 : 0)) >>> 0;
  }
  hashHi = hHi;
  hashLo = hLo;
  return true;
}

function checkSafe(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`fnvhash64 needs a safe integer, got ${value}`);
  return value;
}

function fastOk(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** fnvhash64(value) as a decimal string, as Long.toString prints it (what key names are built from). */
export function fnvhash64String(value: number): string {
  if (!fastOk(value) || !hashParts(value)) return fnvhash64(value).toString();
  // One schoolbook division of the four 16-bit limbs by 10^8 (intermediates stay below 2^43): the quotient
  // (< 2^63 / 10^8 < 2^37) and the remainder are then exact doubles, printed directly.
  let rem = hashHi >>> 16;
  const q3 = Math.floor(rem / 1e8);
  rem = (rem - q3 * 1e8) * 65536 + (hashHi & 0xffff);
  const q2 = Math.floor(rem / 1e8);
  rem = (rem - q2 * 1e8) * 65536 + (hashLo >>> 16);
  const q1 = Math.floor(rem / 1e8);
  rem = (rem - q1 * 1e8) * 65536 + (hashLo & 0xffff);
  const q0 = Math.floor(rem / 1e8);
  rem -= q0 * 1e8;
  const quotient = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0;
  if (quotient === 0) return String(rem);
  const low = String(rem);
  return String(quotient) + ZEROS.slice(low.length) + low;
}

const ZEROS = "00000000";

/**
 * fnvhash64(value) % n for 1 <= n <= 2^53, as Java's `%` (the hash is non-negative but for the Long.MIN_VALUE
 * case, where the result is negative or zero like Java's).
 */
export function fnvhash64Mod(value: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`fnvhash64Mod needs a positive safe integer modulus, got ${n}`);
  if (!fastOk(value) || !hashParts(value) || n > 137438953472 /* 2^37: rem·2^16 must stay exact */) {
    return Number(fnvhash64(value) % BigInt(n));
  }
  let rem = (hashHi >>> 16) % n;
  rem = (rem * 65536 + (hashHi & 0xffff)) % n;
  rem = (rem * 65536 + (hashLo >>> 16)) % n;
  return (rem * 65536 + (hashLo & 0xffff)) % n;
}
