/**
 * Checks against a table's key schema, which DynamoDB makes after looking the table up (so a missing
 * table wins over a bad key). Messages are DynamoDB's, including its inconsistencies ("were invalid"
 * for keys vs "are not valid" for items, "limit of2048").
 */
import { validationError } from "../http/errors.js";
import { base64Length, utf8Length } from "../model/item-size.js";
import type { Item, KeyInfo, ScalarType } from "../model/types.js";
import { DUPLICATE_KEYS } from "./batch-get-item.js";
import type { WriteRequest } from "./inputs.js";

/** One key attribute of a secondary index, for the item checks of PutItem/BatchWriteItem. */
export interface IndexKeyInfo {
  indexName: string;
  attributeName: string;
  attributeType: ScalarType;
}

const NO_MATCH = "The provided key element does not match the schema";
const INVALID = "One or more parameter values were invalid: ";
const NOT_VALID = "One or more parameter values are not valid. ";
const HASH_TOO_BIG = `${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`;
const RANGE_TOO_BIG = `${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`;

const hasOwn = Object.prototype.hasOwnProperty;

function member(item: Item, name: string): Record<string, unknown> | undefined {
  const v = hasOwn.call(item, name) ? item[name] : undefined;
  return v == null ? undefined : (v as Record<string, unknown>);
}

function sizeProblem(value: string, type: ScalarType, isHash: boolean): string | undefined {
  if (type === "N") return undefined;
  const size = type === "B" ? base64Length(value) : utf8Length(value);
  if (isHash ? size > 2048 : size > 1024) return isHash ? HASH_TOO_BIG : RANGE_TOO_BIG;
  return undefined;
}

const emptyKind = (type: ScalarType) => (type === "S" ? "string" : "binary");

function keyPieceProblem(key: Item, name: string, type: ScalarType, isHash: boolean): string | undefined {
  const v = member(key, name)?.[type];
  if (typeof v !== "string") return NO_MATCH;
  if (v === "" && type !== "N") {
    return `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty ${emptyKind(type)} value. Key: ${name}`;
  }
  return sizeProblem(v, type, isHash);
}

function keyProblem(key: Item, info: KeyInfo): string | undefined {
  let count = 0;
  for (const _ in key) count++;
  if (count !== (info.rangeName === undefined ? 1 : 2)) return NO_MATCH;
  return (
    keyPieceProblem(key, info.hashName, info.hashType, true) ??
    (info.rangeName === undefined ? undefined : keyPieceProblem(key, info.rangeName, info.rangeType as ScalarType, false))
  );
}

function itemKeyPieceProblem(item: Item, name: string, type: ScalarType, isHash: boolean): string | undefined {
  const v = member(item, name);
  if (v === undefined) return `${INVALID}Missing the key ${name} in the item`;
  const value = v[type];
  if (typeof value !== "string") {
    let actual = "";
    for (const k in v) {
      actual = k;
      break;
    }
    return `${INVALID}Type mismatch for key ${name} expected: ${type} actual: ${actual}`;
  }
  if (value === "" && type !== "N") {
    return `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty ${emptyKind(type)} value. Key: ${name}`;
  }
  return sizeProblem(value, type, isHash);
}

function itemKeyProblem(item: Item, info: KeyInfo, indexes?: readonly IndexKeyInfo[], byUpdate = false): string | undefined {
  const problem =
    itemKeyPieceProblem(item, info.hashName, info.hashType, true) ??
    (info.rangeName === undefined
      ? undefined
      : itemKeyPieceProblem(item, info.rangeName, info.rangeType as ScalarType, false));
  if (problem !== undefined || !indexes) return problem;
  for (const index of indexes) {
    const v = member(item, index.attributeName);
    if (v === undefined) continue;
    const value = v[index.attributeType];
    if (value == null) {
      let actual = "";
      for (const k in v) {
        actual = k;
        break;
      }
      return (
        `${INVALID}Type mismatch for Index Key ${index.attributeName} Expected: ${index.attributeType} ` +
        `Actual: ${actual} IndexName: ${index.indexName}`
      );
    }
    // Not in dynalite: DynamoDB's answer for an empty string/binary in a secondary index key.
    if (value === "" && index.attributeType !== "N") {
      // An update that empties an index key is told in the update's own words, naming no index.
      if (byUpdate) {
        return (
          `${NOT_VALID}The update expression attempted to update a secondary index key to a value that is not supported. ` +
          `The AttributeValue for a key attribute cannot contain an empty ${emptyKind(index.attributeType)} value.`
        );
      }
      return (
        `${NOT_VALID}A value specified for a secondary index key is not supported. The AttributeValue for a key ` +
        `attribute cannot contain an empty ${emptyKind(index.attributeType)} value. IndexName: ${index.indexName}, ` +
        `IndexKey: ${index.attributeName}`
      );
    }
  }
  return undefined;
}

/**
 * A key of GetItem/DeleteItem/UpdateItem/BatchGetItem/BatchWriteItem DeleteRequest: exactly the key
 * attributes, of the right types, non-empty, within the key size limits.
 */
export function checkKey(key: Item, info: KeyInfo): void {
  const problem = keyProblem(key, info);
  if (problem !== undefined) throw validationError(problem);
}

/** checkKey for each key of a BatchGetItem table entry, in order. */
export function checkKeys(keys: readonly Item[], info: KeyInfo): void {
  for (const key of keys) checkKey(key, info);
}

/**
 * The item of PutItem: key attributes present, of the right types, non-empty and within the key size
 * limits; then secondary index key attributes, when present, of the right types. `indexes` lists the
 * global indexes' key attributes first, then the local indexes' range attributes (DynamoDB's order).
 * The 400 KB item size is checked by validateRequest, before the table lookup, as DynamoDB does.
 */
/** `byUpdate`: the item is an UpdateItem's result (an emptied index key has the update's message). */
export function checkItemKey(item: Item, info: KeyInfo, indexes?: readonly IndexKeyInfo[], byUpdate = false): void {
  const problem = itemKeyProblem(item, info, indexes, byUpdate);
  if (problem !== undefined) throw validationError(problem);
}

function keyIdentity(item: Item, info: KeyInfo): string {
  const hash = (item[info.hashName] as Record<string, string>)[info.hashType] as string;
  if (info.rangeName === undefined) return hash;
  const range = (item[info.rangeName] as Record<string, string>)[info.rangeType as ScalarType] as string;
  return `${hash.length}:${hash}${range}`;
}

/**
 * One table's BatchWriteItem requests, in order: each put item / delete key is checked like
 * PutItem/DeleteItem (a put's missing or mistyped key is reported as "does not match the schema"),
 * then the request's key must not repeat an earlier one.
 */
export function checkWriteRequests(
  requests: readonly WriteRequest[],
  info: KeyInfo,
  indexes?: readonly IndexKeyInfo[],
): void {
  const seen = requests.length > 1 ? new Set<string>() : undefined;
  for (const r of requests) {
    let target: Item;
    let problem: string | undefined;
    if (r.PutRequest) {
      target = r.PutRequest.Item;
      problem = itemKeyProblem(target, info, indexes);
      if (problem !== undefined && (problem.includes("Missing the key") || problem.includes("Type mismatch for key"))) {
        problem = NO_MATCH;
      }
    } else {
      target = (r.DeleteRequest as { Key: Item }).Key;
      problem = keyProblem(target, info);
    }
    if (problem !== undefined) throw validationError(problem);
    if (seen) {
      const id = keyIdentity(target, info);
      if (seen.has(id)) throw validationError(DUPLICATE_KEYS);
      seen.add(id);
    }
  }
}

