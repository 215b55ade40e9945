/** BatchGetItem (after dynalite's validations/batchGetItem.js and test/batchGetItem.js). */
import type { AttributeValue, Item } from "../model/types.js";
import { validateAttributeValue } from "./attribute-value.js";
import { NAME_PATTERN, attributesToGet, expressionAttributeNames, returnConsumedCapacity } from "./common.js";
import { validateAttributesToGet, validateExpressionAttributes, validateExpressionParams } from "./conditions.js";
import type { BatchGetItemInput } from "./inputs.js";
import {
  attrValue,
  bare,
  boolean,
  list,
  map,
  mapKeys,
  maxLen,
  minLen,
  notNull,
  parameterizedMap,
  regex,
  string,
  valueStruct,
  type OperationSchema,
} from "./schema.js";

/** DynamoDB's limit on keys per BatchGetItem call, across tables. */
export const MAX_BATCH_GET_KEYS = 100;
export const DUPLICATE_KEYS = "Provided list of item keys contains duplicates";

export const batchGetItem: OperationSchema<BatchGetItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    RequestItems: map(
      "KeysAndAttributes",
      valueStruct("KeysAndAttributes", {
        // DynamoDB names this bound in its newer wording, without echoing the keys (AWS captures of 101
        // keys and of none, before and after its validation rollout).
        Keys: list(parameterizedMap(attrValue), notNull, bare(minLen(1)), bare(maxLen(MAX_BATCH_GET_KEYS))),
        AttributesToGet: attributesToGet,
        ConsistentRead: boolean(),
        ProjectionExpression: string(),
        ExpressionAttributeNames: expressionAttributeNames,
      }),
      notNull, // an empty map is checked in custom, with DynamoDB's own sentence
      mapKeys(maxLen(255), minLen(3), regex(NAME_PATTERN)),
    ),
  },
  custom: checkBatchGetItem,
};

/**
 * An empty (not a missing) RequestItems: DynamoDB's own sentence. AWS answered it until its validation
 * rollout (from 2026-08), after which some regions answer "Value at 'RequestItems' ... length greater
 * than or equal to 1"; dynalite lists the map's length as a constraint.
 */
export function emptyRequestItems(items: object, op: string): string | undefined {
  for (const _ in items) return undefined;
  return `The requestItems parameter is required for ${op}`;
}


/** A key's identity regardless of attribute order (numbers are already canonical). */
function keyFingerprint(key: Item): string {
  const names = Object.keys(key).sort();
  let s = "";
  for (const name of names) {
    const v = key[name] as AttributeValue | null;
    const type = v == null ? "" : (Object.keys(v)[0] ?? "");
    const raw = v == null ? null : (v as Record<string, unknown>)[type];
    s += `${name}\u0000${type}\u0000${typeof raw === "string" ? raw : JSON.stringify(raw)}\u0001`;
  }
  return s;
}

export function checkBatchGetItem(data: BatchGetItemInput): string | undefined {
  const empty = emptyRequestItems(data.RequestItems, "BatchGetItem");
  if (empty) return empty;
  let total = 0;
  for (const table in data.RequestItems) {
    const request = data.RequestItems[table];
    if (request == null) {
      return `1 validation error detected: Value null at 'requestItems.${table}.member.keys' failed to satisfy constraint: Member must not be null`;
    }
    const d = request as unknown as Record<string, unknown>;
    let msg = validateExpressionParams(d, ["ProjectionExpression"], ["AttributesToGet"]);
    if (msg) return msg;
    const keys = request.Keys;
    for (let i = 0; i < keys.length; i++) {
      // A null key stands for an empty one: it will not match any key schema.
      const key = (keys[i] ??= {});
      for (const name in key) if ((msg = validateAttributeValue(key[name]))) return msg;
      if (++total > MAX_BATCH_GET_KEYS) return "Too many items requested for the BatchGetItem call";
    }
    if ((msg = validateAttributesToGet(d) ?? validateExpressionAttributes(d))) return msg;
    // Duplicates are judged on whole keys, before the table (and so its key schema) is looked up;
    // DynamoDB reports them after the projection parameters' own problems.
    if (request.Keys.length > 1) {
      const seen = new Set<string>();
      for (const key of request.Keys) {
        const f = keyFingerprint(key);
        if (seen.has(f)) return DUPLICATE_KEYS;
        seen.add(f);
      }
    }
  }
  return undefined;
}
