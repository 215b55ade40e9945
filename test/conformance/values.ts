/** Comparing items as DynamoDB returns them: sets are unordered, so they are compared sorted. */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

type Item = Record<string, AttributeValue>;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A copy of the value with SS/NS/BS members in a canonical order (DynamoDB does not keep set order). */
export function canonical(v: AttributeValue): AttributeValue {
  if (v.SS) return { SS: [...v.SS].sort() };
  if (v.NS) return { NS: [...v.NS].sort() };
  if (v.BS) return { BS: [...v.BS].sort((a, b) => (hex(a) < hex(b) ? -1 : hex(a) > hex(b) ? 1 : 0)) };
  if (v.M) return { M: canonicalItem(v.M) };
  if (v.L) return { L: v.L.map(canonical) };
  if (v.B) return { B: new Uint8Array(v.B) };
  return v;
}

export function canonicalItem(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, canonical(v)]));
}

export const bytes = (...xs: number[]) => new Uint8Array(xs);
export const utf8 = (s: string) => new TextEncoder().encode(s);
