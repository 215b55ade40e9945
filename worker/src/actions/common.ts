/** Small pieces shared by the item actions. */
import { project, type CompiledProjection } from "../expressions/index.js";
import { conditionalCheckFailed, validationError, type DynamoError } from "../http/errors.js";
import type { Item } from "../model/types.js";
import type { IndexedWrite, StoredItem } from "../partition/protocol.js";
import type { TableMeta } from "../router/tables.js";

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

/**
 * What a write sends its partition for secondary indexes: the LSIs' specs (so the partition maintains the entries) and,
 * for ReturnItemCollectionMetrics SIZE on a table with any, a request for the item collection's size; the table's GSI
 * set (so the partition records the index changes in its outbox).
 */
export function indexedWrite(t: TableMeta, returnMetrics: string | undefined): IndexedWrite {
  const gsis = t.gsiSet ? { gsis: t.gsiSet } : {};
  if (!t.lsiSpecs) return gsis;
  return returnMetrics === "SIZE" ? { lsis: t.lsiSpecs, collection: true, ...gsis } : { lsis: t.lsiSpecs, ...gsis };
}

/**
 * ItemCollectionMetrics: the partition key of the item collection and DynamoDB's size estimate, a range in GB around
 * the collection's bytes ([0, 1] for anything under a gigabyte: the estimate's granularity).
 */
export function itemCollectionMetrics(t: TableMeta, key: Item, bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  const lo = Math.floor(bytes / 2 ** 30);
  return JSON.stringify({ ItemCollectionKey: { [t.key.hashName]: key[t.key.hashName] }, SizeEstimateRangeGB: [lo, lo + 1] });
}

export const json = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));

/** The projected item as JSON text; the stored text as it is when there is no projection. */
export function projectJson(itemJson: string, projection: CompiledProjection | undefined): string {
  if (!projection) return itemJson;
  return JSON.stringify(project(projection, JSON.parse(itemJson) as Item));
}

/** ConditionalCheckFailedException, with the current item when the caller asked for it. */
export function conditionFailed(old: StoredItem | undefined, returnOnFailure: string | undefined): DynamoError {
  return conditionalCheckFailed(
    returnOnFailure === "ALL_OLD" && old ? { Item: JSON.parse(old.item) as Item } : undefined,
  );
}
