/**
 * Item sizes as DynamoDB counts them (for the 400 KB item limit and capacity units).
 *
 * - attribute names and strings: UTF-8 bytes;
 * - binaries: decoded bytes;
 * - numbers: 1 byte + 1 per two significant digits (+1 when the digit pairs do not line up with the
 *   exponent, +1 when negative) — the formula dynalite fitted to DynamoDB's answers;
 * - BOOL and NULL: 1 byte;
 * - sets: the sum of their members;
 * - L: 3 bytes + per element (1 byte + its size); M: 3 bytes + per entry (1 byte + name + value).
 */
import type { AttributeValue, Item } from "./types.js";
import { normalizeNumber } from "./number.js";

/** DynamoDB's maximum item size: 400 KB. */
export const MAX_ITEM_SIZE = 400 * 1024;

/** UTF-8 byte length of a string, without allocating an encoded copy. */
export function utf8Length(s: string): number {
  let bytes = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3; // lone surrogate: encoded as U+FFFD
    } else bytes += 3;
  }
  return bytes;
}

/** Decoded length of a (valid) base64 string. */
export function base64Length(b64: string): number {
  const n = b64.length;
  if (n === 0) return 0;
  let pad = 0;
  if (b64.charCodeAt(n - 1) === 61 /* = */) pad++;
  if (n > 1 && b64.charCodeAt(n - 2) === 61) pad++;
  return (n >> 2) * 3 - pad;
}

/** Size of a number from its text (canonical plain notation expected; other forms are normalised first). */
export function numberSize(text: string): number {
  let s = text;
  if (/[eE]/.test(s)) s = normalizeNumber(s);
  const negative = s.charCodeAt(0) === 45; /* - */
  const start = negative ? 1 : 0;
  const dot = s.indexOf(".", start);
  const intLen = (dot === -1 ? s.length : dot) - start;
  // Significant digits: from the first non-zero digit to the last non-zero digit, ignoring the point.
  let first = -1; // index among digits (point skipped)
  let last = -1;
  let idx = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) continue; // .
    if (c !== 48) {
      if (first === -1) first = idx;
      last = idx;
    }
    idx++;
  }
  if (first === -1) return 1; // zero
  const digits = last - first + 1;
  const exponent = intLen - 1 - first; // value = d.ddd × 10^exponent
  return 1 + Math.ceil(digits / 2) + (digits % 2 !== 0 || exponent % 2 !== 0 ? 0 : 1) + (negative ? 1 : 0);
}

/** Size of one attribute value (without its name). */
export function attributeValueSize(v: AttributeValue): number {
  const a = v as Partial<Record<string, unknown>>;
  if (a.S !== undefined) return utf8Length(a.S as string);
  if (a.N !== undefined) return numberSize(a.N as string);
  if (a.B !== undefined) return base64Length(a.B as string);
  if (a.BOOL !== undefined || a.NULL !== undefined) return 1;
  if (a.SS !== undefined) {
    let size = 0;
    for (const s of a.SS as string[]) size += utf8Length(s);
    return size;
  }
  if (a.NS !== undefined) {
    let size = 0;
    for (const s of a.NS as string[]) size += numberSize(s);
    return size;
  }
  if (a.BS !== undefined) {
    let size = 0;
    for (const s of a.BS as string[]) size += base64Length(s);
    return size;
  }
  if (a.L !== undefined) {
    let size = 3;
    for (const el of a.L as AttributeValue[]) size += 1 + attributeValueSize(el);
    return size;
  }
  if (a.M !== undefined) {
    const m = a.M as Item;
    let size = 3;
    for (const name in m) size += 1 + utf8Length(name) + attributeValueSize(m[name] as AttributeValue);
    return size;
  }
  return 0;
}

/** Size of an item: the sum over attributes of name bytes plus value size. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + attributeValueSize(item[name] as AttributeValue);
  return size;
}

const measured = new WeakMap<Item, number>();

/**
 * itemSize, computed once per item object: validation measures an item (the 400 KB rule) and the write
 * path needs the same number again. Only for items that are not mutated after their first measurement
 * (request items between validation and the write).
 */
export function measuredItemSize(item: Item): number {
  let size = measured.get(item);
  if (size === undefined) {
    size = itemSize(item);
    measured.set(item, size);
  }
  return size;
}
