/**
 * Field values. Random ones follow YCSB's RandomByteIterator: each 32-bit draw yields six characters,
 * `' ' + (r & 31)`, `' ' + (r>>5 & 63)`, `' ' + (r>>10 & 95)`, `' ' + (r>>15 & 31)`, `' ' + (r>>20 & 63)`,
 * `' ' + (r>>25 & 95)` — so every character is in 0x20..0x7F (0x7F, DEL, is possible, as in YCSB) and one byte
 * in UTF-8. Deterministic ones (dataintegrity=true) follow CoreWorkload.buildDeterministicValue.
 */
import type { Rng } from "./rng.js";

/** `length` random characters in YCSB's alphabet and proportions. */
export function randomValue(rng: Rng, length: number): string {
  const codes: number[] = new Array<number>(length);
  for (let i = 0; i < length; i += 6) {
    const r = rng.nextUint32();
    codes[i] = (r & 31) + 32;
    if (i + 1 < length) codes[i + 1] = ((r >>> 5) & 63) + 32;
    if (i + 2 < length) codes[i + 2] = ((r >>> 10) & 95) + 32;
    if (i + 3 < length) codes[i + 3] = ((r >>> 15) & 31) + 32;
    if (i + 4 < length) codes[i + 4] = ((r >>> 20) & 63) + 32;
    if (i + 5 < length) codes[i + 5] = ((r >>> 25) & 95) + 32;
  }
  // fromCharCode over at most a few thousand arguments at a time stays well inside the engine's argument limit.
  let out = "";
  for (let i = 0; i < length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/**
 * The value dataintegrity mode writes and expects back: `key:field`, then repeatedly `:` plus the Java
 * String.hashCode of everything so far, cut to `size` characters.
 */
export function deterministicValue(key: string, fieldName: string, size: number): string {
  let s = `${key}:${fieldName}`;
  let h = javaStringHash(0, s);
  while (s.length < size) {
    s += ":";
    h = (Math.imul(h, 31) + 58) | 0;
    const digits = String(h);
    s += digits;
    h = javaStringHash(h, digits);
  }
  return s.length > size ? s.slice(0, size) : s;
}

/** Continues Java's String.hashCode (h = 31·h + c over UTF-16 units, int arithmetic) over `s`. */
function javaStringHash(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
