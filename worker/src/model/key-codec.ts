/**
 * Order-preserving byte encodings of key values, so that SQLite's BLOB order (memcmp, then length) is
 * DynamoDB's order: S by UTF-8 bytes, B by unsigned bytes, N numerically.
 *
 * Numbers (already validated and normalised, see number.ts) are written as 0.d1d2d3... x 10^e:
 *   negative: 0x7f, 255 - (e + 129), (10 - d) per digit, 0xff
 *   zero:     0x80
 *   positive: 0x81, e + 129,        (d + 1) per digit
 * DynamoDB's range (1E-130 .. 9.99..E+125) puts e in [-129, 126], one byte after the bias. Trailing zeros
 * are stripped, so for positives a shorter digit string that is a prefix of a longer one is the smaller
 * number, which is exactly memcmp's rule. Negatives invert every byte's sense and need the 0xff
 * terminator for the same prefix case (-0.12 > -0.123).
 */
import type { Hash64 } from "./hash.js";
import { hash64, hashBytes } from "./hash.js";
import { base64ToBytes } from "./base64.js";
import type { ScalarType } from "./types.js";

const utf8 = new TextEncoder();
// With the u flag a paired surrogate is one code point: only lone surrogates match.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/**
 * A key string's bytes: UTF-8, except that a lone surrogate (valid in a JSON string escape, but not Unicode)
 * keeps its own three bytes (as WTF-8 does) instead of TextEncoder's U+FFFD. Otherwise "\ud800", "\udbff"
 * and "\ufffd" would be one key, and writing one would overwrite the others. The bytes sort by code point,
 * as UTF-8 does, and number what item-size.ts counts for the string.
 */
export function encodeString(value: string): Uint8Array {
  if (!LONE_SURROGATE.test(value)) return utf8.encode(value);
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const EXP_BIAS = 129;

export function encodeNumber(text: string): Uint8Array {
  let i = 0;
  let negative = false;
  if (text[0] === "-") {
    negative = true;
    i = 1;
  } else if (text[0] === "+") i = 1;
  let mantissa = "";
  let pointAt = -1;
  let exp = 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === ".") pointAt = mantissa.length;
    else if (c === "e" || c === "E") {
      exp = Number(text.slice(i + 1));
      break;
    } else mantissa += c;
  }
  if (pointAt < 0) pointAt = mantissa.length;
  // Strip leading zeros (moving the decimal point) and trailing zeros.
  let start = 0;
  while (start < mantissa.length && mantissa[start] === "0") start++;
  let end = mantissa.length;
  while (end > start && mantissa[end - 1] === "0") end--;
  if (start === end) return Uint8Array.of(0x80);
  const digits = mantissa.slice(start, end);
  const e = pointAt - start + exp; // value = 0.digits x 10^e
  const out = new Uint8Array(digits.length + (negative ? 3 : 2));
  if (negative) {
    out[0] = 0x7f;
    out[1] = 255 - (e + EXP_BIAS);
    for (let d = 0; d < digits.length; d++) out[d + 2] = 10 - (digits.charCodeAt(d) - 48);
    out[out.length - 1] = 0xff;
  } else {
    out[0] = 0x81;
    out[1] = e + EXP_BIAS;
    for (let d = 0; d < digits.length; d++) out[d + 2] = digits.charCodeAt(d) - 48 + 1;
  }
  return out;
}

/** The encoded bytes of a key attribute's value (its scalar string as it appears in the AttributeValue). */
export function encodeScalar(type: ScalarType, value: string): Uint8Array {
  switch (type) {
    case "S":
      return encodeString(value);
    case "B":
      return base64ToBytes(value);
    case "N":
      return encodeNumber(value);
  }
}

export interface EncodedPartitionKey {
  hash: Hash64;
  /** 8 big-endian hash bytes followed by the encoded key: the stored `pk` column, in hash order. */
  bytes: Uint8Array;
}

export function encodePartitionKey(type: ScalarType, value: string): EncodedPartitionKey {
  const key = encodeScalar(type, value);
  const hash = hash64(key);
  const bytes = new Uint8Array(8 + key.length);
  hashBytes(hash, bytes, 0);
  bytes.set(key, 8);
  return { hash, bytes };
}

/** Stored `sk` of a table without a sort key: one constant so (pk, sk) stays the primary key. */
export const NO_SORT_KEY = new Uint8Array(0);
