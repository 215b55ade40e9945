/**
 * Iteration orders of Java's HashMap/HashSet, which DynamoDB's engine leaks into some answers:
 * which of several clashing document paths an overlap/conflict message names, which of several
 * failing update actions reports first, and the order of keys in "unused in expressions" messages.
 *
 * A HashMap visits its table buckets in index order (index = spread(hash) & (capacity - 1)) and,
 * within a bucket, entries in insertion order (resizing keeps that relative order).
 */
import type { PathElem } from "./ast.js";

export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

// DocPathElement.hashCode(): commons-lang HashCodeBuilder(8191, 127).append(x) = 8191 * 127 + hash(x).
const ELEMENT_SEED = 8191 * 127;

export function pathElemHash(e: PathElem): number {
  return typeof e === "number" ? (ELEMENT_SEED + e) | 0 : (ELEMENT_SEED + javaStringHash(e)) | 0;
}

function bucket(hash: number, capacity: number): number {
  return (hash ^ (hash >>> 16)) & (capacity - 1);
}

/** Table size of a HashMap filled by `size` puts from the default capacity (16, load factor 0.75). */
export function hashMapCapacity(size: number): number {
  let cap = 16;
  while (size > cap * 0.75) cap *= 2;
  return cap;
}

/** Table size of `new HashSet<>(collection)` for a collection of `size` elements. */
export function hashSetCopyCapacity(size: number): number {
  const wanted = Math.max(Math.floor(size / 0.75) + 1, 16);
  let cap = 1;
  while (cap < wanted) cap *= 2;
  return cap;
}

/**
 * Indexes of `hashes` (given in insertion order) in the order a table of `capacity` buckets visits them.
 */
export function iterationOrder(hashes: readonly number[], capacity: number): number[] {
  const n = hashes.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const buckets = hashes.map((h) => bucket(h, capacity));
  // Stable: ties (same bucket) keep insertion order.
  return order.sort((a, b) => (buckets[a] as number) - (buckets[b] as number) || a - b);
}

/** Index of the element a HashMap of these keys (inserted in this order) would iterate first. */
export function firstInIteration(hashes: readonly number[]): number {
  const cap = hashMapCapacity(hashes.length);
  let best = 0;
  let bestBucket = Infinity;
  for (let i = 0; i < hashes.length; i++) {
    const b = bucket(hashes[i] as number, cap);
    if (b < bestBucket) {
      bestBucket = b;
      best = i;
    }
  }
  return best;
}

/** Strings in the order `new HashSet<>(all)` minus the removed ones iterates them. */
export function hashSetOrder(remaining: readonly string[], totalSize: number): string[] {
  const cap = hashSetCopyCapacity(totalSize);
  const idx = iterationOrder(remaining.map(javaStringHash), cap);
  return idx.map((i) => remaining[i] as string);
}
