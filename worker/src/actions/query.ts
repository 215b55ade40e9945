/**
 * Query: one partition key's items in sort-key order — one ordered range read in the one partition that
 * owns the key. Key conditions become bounds on the encoded sort key; the filter and projection run
 * here, after the read, as DynamoDB applies them after the Limit and the 1 MB page.
 */
import {
  compileRequest,
  convertAttributesToGet,
  convertFilter,
  convertKeyConditions,
  filterKeyAttributeError,
  checkKeyUsage,
  resolveKeyCondition,
  type CompiledRequest,
  type LegacyCondition,
  type ResolvedKeyCondition,
} from "../expressions/index.js";
import { validationError } from "../http/errors.js";
import { encodePartitionKey } from "../model/key-codec.js";
import { partitionOf } from "../model/hash.js";
import type { AttributeValue, ScalarType } from "../model/types.js";
import type { SortRange } from "../partition/protocol.js";
import { encodeKeyValue, routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import type { QueryInput } from "../validation/inputs.js";
import { checkSelect, checkStartKey, NO_LIMIT, PAGE_BYTES, pageResponse, rejectIndex } from "./read-page.js";

export async function query(env: Env, input: QueryInput): Promise<string> {
  rejectIndex("Query", input.IndexName);
  checkSelect(input);
  const c: CompiledRequest = compileRequest({
    keyCondition: input.KeyConditionExpression,
    filter: input.FilterExpression,
    projection: input.ProjectionExpression,
    names: input.ExpressionAttributeNames,
    values: input.ExpressionAttributeValues,
  });
  const keyCondition = c.keyCondition ?? convertKeyConditions(input.KeyConditions as Record<string, LegacyCondition>);
  const filter = c.filter ?? (input.QueryFilter ? convertFilter(input.QueryFilter as Record<string, LegacyCondition>, input.ConditionalOperator) : undefined);
  const projection = c.projection ?? (input.AttributesToGet ? convertAttributesToGet(input.AttributesToGet) : undefined);
  return withItemsTable(env, input.TableName, async (t) => {
    const resolved = resolveKeyCondition(keyCondition, t.key);
    checkKeyUsage(c, t.key);
    if (input.QueryFilter) {
      for (const name of [t.key.hashName, t.key.rangeName]) {
        if (name !== undefined && Object.prototype.hasOwnProperty.call(input.QueryFilter, name)) {
          throw validationError(`QueryFilter can only contain non-primary key attributes: Primary key attribute: ${name}`);
        }
      }
    } else if (filter) {
      const e = filterKeyAttributeError(filter, t.key);
      if (e) throw e;
    }
    const hashValue = scalar(resolved.hashValue);
    if (hashValue === "" && t.key.hashType !== "N") {
      throw validationError(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${t.key.hashType === "S" ? "string" : "binary"} value. Key: ${t.key.hashName}`,
      );
    }
    const pk = encodePartitionKey(t.key.hashType, hashValue);
    const range = sortRange(resolved, t.key.rangeType);
    let after: Uint8Array | undefined;
    if (input.ExclusiveStartKey) {
      checkStartKey(input.ExclusiveStartKey, t, "Query");
      const start = routeKey(t, input.ExclusiveStartKey).key;
      if (compareBytes(start.pk, pk.bytes) !== 0) {
        throw validationError("The provided starting key is outside query boundaries based on provided conditions");
      }
      if (!within(start.sk, range)) throw validationError("The provided starting key does not match the range key predicate");
      after = start.sk;
    }
    const res = await callPartition(env, t, partitionOf(pk.hash, t.record.partitions), {
      op: "Query",
      pk: pk.bytes,
      range,
      forward: input.ScanIndexForward !== false,
      ...(after ? { after } : {}),
      limit: input.Limit ?? NO_LIMIT,
      maxSize: PAGE_BYTES,
    });
    return pageResponse(input, t, res.rows, res.stopped, filter, projection);
  });
}

function scalar(v: AttributeValue): string {
  const o = v as Record<string, string>;
  return o.S ?? o.N ?? o.B ?? "";
}

/** Sort-key condition → bounds on the encoded sort key (begins_with: [prefix, next prefix)). */
function sortRange(k: ResolvedKeyCondition, type: ScalarType | undefined): SortRange {
  if (!k.range || !type) return {};
  const [a, b] = k.range.values.map((v) => encodeKeyValue(type, v));
  switch (k.range.op) {
    case "EQ":
      return { lo: a, loInclusive: true, hi: a, hiInclusive: true };
    case "LT":
      return { hi: a, hiInclusive: false };
    case "LE":
      return { hi: a, hiInclusive: true };
    case "GT":
      return { lo: a, loInclusive: false };
    case "GE":
      return { lo: a, loInclusive: true };
    case "BETWEEN":
      if (compareBytes(a!, b!) > 0) {
        throw validationError(
          "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound",
        );
      }
      return { lo: a, loInclusive: true, hi: b, hiInclusive: true };
    case "BEGINS_WITH": {
      const next = nextPrefix(a!);
      return next ? { lo: a, loInclusive: true, hi: next, hiInclusive: false } : { lo: a, loInclusive: true };
    }
  }
}

function within(sk: Uint8Array, r: SortRange): boolean {
  if (r.lo && (r.loInclusive ? compareBytes(sk, r.lo) < 0 : compareBytes(sk, r.lo) <= 0)) return false;
  if (r.hi && (r.hiInclusive ? compareBytes(sk, r.hi) > 0 : compareBytes(sk, r.hi) >= 0)) return false;
  return true;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The smallest byte string greater than every string starting with `p` (undefined: none, p is all 0xff). */
function nextPrefix(p: Uint8Array): Uint8Array | undefined {
  let end = p.length;
  while (end > 0 && p[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = p.slice(0, end);
  out[end - 1]!++;
  return out;
}
