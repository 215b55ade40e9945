/**
 * AttributeValue operations the evaluator needs, with DynamoDB's semantics: equality (sets as sets,
 * numbers numerically), ordering (numbers numerically, strings by UTF-8 bytes, binaries by unsigned
 * bytes), size(), contains(), begins_with().
 *
 * Numbers are expected in canonical form (as the validation layer and every write produce them); the
 * comparisons still tolerate leading/trailing zeros.
 */
import { base64Length } from "../model/item-size.js";
import type { AttributeValue, Item } from "../model/types.js";

export type TypeCode = "S" | "N" | "B" | "BOOL" | "NULL" | "M" | "L" | "SS" | "NS" | "BS";

export function typeOf(v: AttributeValue): TypeCode {
  for (const k in v) return k as TypeCode;
  return "NULL";
}

/** Own-property read (items come from JSON: `constructor` must not find Object.prototype's). */
export function own<T>(m: Record<string, T>, k: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined;
}

/**
 * Writes an own property; `__proto__` is an ordinary attribute name in DynamoDB, but a plain assignment
 * would set the object's prototype instead.
 */
export function setOwn<T>(m: Record<string, T>, k: string, v: T): void {
  if (k === "__proto__") Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

/** Shallow copy of a map (see setOwn). */
export function copyMap<T>(m: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k in m) setOwn(out, k, m[k] as T);
  return out;
}

export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** UTF-8 byte order, which is code point order (JS compares UTF-16 units, which differs above U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..U+DFFF) encode code points above every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Compares two decimal strings numerically (any plain or exponent notation big.js would accept). */
export function compareNumberText(a: string, b: string): number {
  if (a === b) return 0;
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  if (x.sign === 0) return 0;
  let c: number;
  if (x.exp !== y.exp) c = x.exp < y.exp ? -1 : 1;
  else c = x.digits === y.digits ? 0 : x.digits < y.digits ? -1 : 1;
  // Equal exponents: digit strings without trailing zeros compare lexicographically.
  return x.sign < 0 ? -c : c;
}

/** sign, significant digits (no leading/trailing zeros) and the exponent of the first digit. */
function parseDecimal(s: string): { sign: number; digits: string; exp: number } {
  let i = 0;
  let sign = 1;
  if (s[0] === "-") {
    sign = -1;
    i = 1;
  } else if (s[0] === "+") i = 1;
  let e = s.indexOf("e", i);
  if (e < 0) e = s.indexOf("E", i);
  const mantissa = e < 0 ? s.slice(i) : s.slice(i, e);
  const expPart = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const all = dot < 0 ? mantissa : intPart + mantissa.slice(dot + 1);
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return { sign: 0, digits: "", exp: 0 };
  let last = all.length;
  while (last > first && all.charCodeAt(last - 1) === 48) last--;
  return { sign, digits: all.slice(first, last), exp: intPart.length - 1 - first + expPart };
}

/** Ordering of two values of the same scalar type S, N or B. */
export function compareScalars(type: TypeCode, a: AttributeValue, b: AttributeValue): number {
  const x = (a as Record<string, string>)[type] as string;
  const y = (b as Record<string, string>)[type] as string;
  if (type === "N") return compareNumberText(x, y);
  if (type === "S") return compareStrings(x, y);
  return x === y ? 0 : compareBytes(base64Bytes(x), base64Bytes(y));
}

export const ORDERED: ReadonlySet<string> = new Set(["S", "N", "B"]);

function sameMembers(x: readonly string[], y: readonly string[], numeric: boolean): boolean {
  if (x.length !== y.length) return false;
  if (!numeric) {
    const s = new Set(x);
    for (const v of y) if (!s.has(v)) return false;
    return true;
  }
  return y.every((v) => x.some((w) => compareNumberText(v, w) === 0));
}

/** Deep equality as DynamoDB's `=` sees it. */
export function equalValues(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  const x = (a as Record<string, unknown>)[t];
  const y = (b as Record<string, unknown>)[t];
  switch (t) {
    case "S":
    case "B":
    case "BOOL":
      return x === y;
    case "N":
      return compareNumberText(x as string, y as string) === 0;
    case "NULL":
      return true;
    case "SS":
    case "BS":
      return sameMembers(x as string[], y as string[], false);
    case "NS":
      return sameMembers(x as string[], y as string[], true);
    case "L": {
      const p = x as AttributeValue[];
      const q = y as AttributeValue[];
      if (p.length !== q.length) return false;
      for (let i = 0; i < p.length; i++) if (!equalValues(p[i] as AttributeValue, q[i] as AttributeValue)) return false;
      return true;
    }
    case "M": {
      const p = x as Item;
      const q = y as Item;
      let n = 0;
      for (const k in p) {
        n++;
        const w = own(q, k);
        if (w === undefined || !equalValues(p[k] as AttributeValue, w)) return false;
      }
      for (const _ in q) n--;
      return n === 0;
    }
  }
  return false;
}

/** size(): characters (UTF-16 units) of a string, bytes of a binary, members of a set/list/map. */
export function sizeOf(v: AttributeValue): number | undefined {
  const t = typeOf(v);
  const x = (v as Record<string, unknown>)[t];
  switch (t) {
    case "S":
      return (x as string).length;
    case "B":
      return base64Length(x as string);
    case "SS":
    case "NS":
    case "BS":
    case "L":
      return (x as unknown[]).length;
    case "M": {
      let n = 0;
      for (const _ in x as Item) n++;
      return n;
    }
  }
  return undefined;
}

function bytesInclude(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** contains(a, b) */
export function containsValue(a: AttributeValue, b: AttributeValue): boolean {
  const ta = typeOf(a);
  const tb = typeOf(b);
  const x = (a as Record<string, unknown>)[ta];
  const y = (b as Record<string, unknown>)[tb];
  switch (ta) {
    case "S":
      return tb === "S" && (x as string).includes(y as string);
    case "B":
      return tb === "B" && bytesInclude(base64Bytes(x as string), base64Bytes(y as string));
    case "L":
      return (x as AttributeValue[]).some((e) => equalValues(e, b));
    case "SS":
    case "BS":
      return tb === ta[0] && (x as string[]).includes(y as string);
    case "NS":
      return tb === "N" && (x as string[]).some((e) => compareNumberText(e, y as string) === 0);
  }
  return false;
}

/** begins_with(a, b) for S and B operands (other types are refused earlier or give false). */
export function beginsWith(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  const x = (a as Record<string, string>)[t] as string;
  const y = (b as Record<string, string>)[t] as string;
  if (t === "S") return x.startsWith(y);
  if (t !== "B") return false;
  const p = base64Bytes(x);
  const q = base64Bytes(y);
  if (q.length > p.length) return false;
  for (let i = 0; i < q.length; i++) if (p[i] !== q[i]) return false;
  return true;
}

/** Reads a document path; undefined when any step is missing or of the wrong kind. */
export function getPath(item: Item, path: readonly (string | number)[]): AttributeValue | undefined {
  let v = own(item, path[0] as string);
  for (let i = 1; i < path.length && v !== undefined; i++) {
    const e = path[i] as string | number;
    if (typeof e === "number") {
      const l = (v as { L?: AttributeValue[] }).L;
      v = l !== undefined && e < l.length ? l[e] : undefined;
    } else {
      const m = (v as { M?: Item }).M;
      v = m !== undefined ? own(m, e) : undefined;
    }
  }
  return v;
}
