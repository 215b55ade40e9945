/** Small pieces shared by the item actions. */
import { validationError } from "../http/errors.js";
import type { Item } from "../model/types.js";

/**
 * Parameters DynamoDB accepts that shvm-db does not implement yet. Answering with a clear
 * ValidationException beats silently ignoring a condition or a projection.
 */
export function rejectUnsupported(input: object, names: readonly string[]): void {
  for (const name of names) {
    if ((input as Record<string, unknown>)[name] !== undefined) {
      throw validationError(`shvm-db does not support ${name} yet (it comes with the expressions issue)`);
    }
  }
}

export const EXPRESSION_PARAMS = [
  "ConditionExpression",
  "Expected",
  "ProjectionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
] as const;

/** A JSON object from members whose values are already JSON text; undefined members are left out. */
export function jsonObject(members: Record<string, string | undefined>): string {
  let out = "{";
  for (const name in members) {
    const v = members[name];
    if (v === undefined) continue;
    if (out.length > 1) out += ",";
    out += `"${name}":${v}`;
  }
  return `${out}}`;
}

export const json = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));

/** AttributesToGet: the named top-level attributes that exist; everything when not given. */
export function pickAttributes(itemJson: string, names: readonly string[] | undefined): string {
  if (!names) return itemJson;
  const item = JSON.parse(itemJson) as Item;
  const out: Item = {};
  for (const n of names) if (item[n] !== undefined) out[n] = item[n];
  return JSON.stringify(out);
}
