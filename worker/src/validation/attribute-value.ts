/**
 * Semantic checks of an AttributeValue once its shape is valid, with DynamoDB's messages (as
 * recorded by dynalite). Numbers are normalised in place, so the request carries canonical numbers
 * afterwards and number sets are compared after normalisation.
 *
 * Checks run per data type in the order S, B, N, BOOL, NULL, BS, NS, SS, L, M, and only then is
 * "more than one datatypes" reported: DynamoDB reports e.g. a bad N before the extra S.
 */
import { numberProblem } from "../model/number.js";
import { renderValue } from "./constraints.js";

const INVALID = "One or more parameter values were invalid: ";
export const AV_EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
export const AV_MULTIPLE =
  "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
const NULL_NOT_TRUE = `${INVALID}Null attribute value types must have the value of true`;
// (sic) DynamoDB's texts, double spaces included.
const SS_EMPTY = `${INVALID}An string set  may not be empty`;
const NS_EMPTY = `${INVALID}An number set  may not be empty`;
const BS_EMPTY = `${INVALID}Binary sets should not be empty`;
// DynamoDB's older texts for set members that are missing; used for null members of SS/BS.
const SS_NULL_MEMBER = `${INVALID}An string set may not have a empty string as a member`;
const BS_NULL_MEMBER = `${INVALID}Binary sets may not contain null or empty values`;
const NS_DUPLICATES = "Input collection contains duplicates";

const scratch = { value: "" };

/** Validates a number member in place (replacing it by its canonical form); returns the problem if any. */
function checkNumberAt(holder: Record<string | number, unknown>, at: string | number): string | undefined {
  const text = holder[at];
  if (typeof text !== "string" || text === "") return "The parameter cannot be converted to a numeric value";
  const problem = numberProblem(text, scratch);
  if (problem !== undefined) return problem;
  if (scratch.value !== text) holder[at] = scratch.value;
  return undefined;
}

function hasDuplicate(arr: readonly unknown[]): boolean {
  if (arr.length < 2) return false;
  if (arr.length === 2) return arr[0] === arr[1];
  const seen = new Set<unknown>();
  for (const x of arr) {
    if (seen.has(x)) return true;
    seen.add(x);
  }
  return false;
}

/**
 * The ValidationException message for an invalid AttributeValue, or undefined when valid.
 * `v` must have passed the type pass (null stands for a missing value and counts as empty).
 */
export function validateAttributeValue(v: unknown): string | undefined {
  if (v == null || typeof v !== "object") return AV_EMPTY;
  const o = v as Record<string, unknown>;
  let types = 0;
  for (const _ in o) types++;
  if (types === 0) return AV_EMPTY;
  let msg: string | undefined;

  if (o.N !== undefined && (msg = checkNumberAt(o, "N")) !== undefined) return msg;
  if (o.NULL !== undefined && o.NULL !== true) return NULL_NOT_TRUE;

  const bs = o.BS as unknown[] | undefined;
  if (bs !== undefined) {
    if (bs.length === 0) return BS_EMPTY;
    if (bs.includes(null)) return BS_NULL_MEMBER;
    if (hasDuplicate(bs)) return `${INVALID}Input collection ${renderValue(bs)}of type BS contains duplicates.`;
  }
  const ns = o.NS as unknown[] | undefined;
  if (ns !== undefined) {
    if (ns.length === 0) return NS_EMPTY;
    for (let i = 0; i < ns.length; i++) if ((msg = checkNumberAt(ns as never, i)) !== undefined) return msg;
    if (hasDuplicate(ns)) return NS_DUPLICATES;
  }
  const ss = o.SS as unknown[] | undefined;
  if (ss !== undefined) {
    if (ss.length === 0) return SS_EMPTY;
    if (ss.includes(null)) return SS_NULL_MEMBER;
    if (hasDuplicate(ss)) return `${INVALID}Input collection ${renderValue(ss)} contains duplicates.`;
  }
  const l = o.L as unknown[] | undefined;
  if (l !== undefined) {
    for (const el of l) if ((msg = validateAttributeValue(el)) !== undefined) return msg;
  }
  const m = o.M as Record<string, unknown> | undefined;
  if (m !== undefined) {
    for (const k in m) if ((msg = validateAttributeValue(m[k])) !== undefined) return msg;
  }
  return types > 1 ? AV_MULTIPLE : undefined;
}

/** Validates every value of an attribute map (Item, Key, ...) in order; returns the first problem. */
export function validateAttributeMap(item: Record<string, unknown> | undefined): string | undefined {
  if (item == null) return undefined;
  for (const name in item) {
    const msg = validateAttributeValue(item[name]);
    if (msg !== undefined) return msg;
  }
  return undefined;
}

/** The data type DynamoDB sees first in a (type-checked) AttributeValue: its first member in wire order. */
export function firstType(v: unknown): string | undefined {
  if (v == null || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  for (const k in o) return k;
  return undefined;
}
