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
import type { AttributeValue, KeyInfo, ScalarType } from "../model/types.js";
import type { LsiInfo } from "../catalog/table-description.js";
import type { CompiledCondition, CompiledProjection } from "../expressions/index.js";
import type { SortRange } from "../partition/protocol.js";
import { encodeKeyValue, routeKey } from "../router/keys.js";
import { callPartition, withItemsTable, type TableMeta } from "../router/tables.js";
import type { Env } from "../router/env.js";
import type { QueryInput } from "../validation/inputs.js";
import { checkGsiAttributes, checkSelect, checkStartKey, gsiKey, gsiKeyNames, gsiStart, indexCapacity, indexOf, indexProjection, indexStart, lsiFetches, NO_LIMIT, PAGE_BYTES, pageResponse } from "./read-page.js";
import type { GsiInfo } from "../router/tables.js";
import type { GsiPosition } from "../partition/protocol.js";

export async function query(env: Env, input: QueryInput): Promise<string> {
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
    // On a local secondary index the key is the table's partition key and the index's sort key; on a global one, its own.
    const index = indexOf(t, input);
    const lsi = index?.lsi;
    const key: KeyInfo = lsi ? { hashName: t.key.hashName, hashType: t.key.hashType, rangeName: lsi.attr, rangeType: lsi.type } : index?.gsi ? gsiKey(index.gsi) : t.key;
    const resolved = resolveKeyCondition(keyCondition, key);
    checkKeyUsage(c, key);
    if (input.QueryFilter) {
      for (const name of [key.hashName, key.rangeName]) {
        if (name !== undefined && Object.prototype.hasOwnProperty.call(input.QueryFilter, name)) {
          throw validationError(`QueryFilter can only contain non-primary key attributes: Primary key attribute: ${name}`);
        }
      }
    } else if (filter) {
      const e = filterKeyAttributeError(filter, key);
      if (e) throw e;
    }
    const hashValue = scalar(resolved.hashValue);
    if (hashValue === "" && key.hashType !== "N") {
      throw validationError(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${key.hashType === "S" ? "string" : "binary"} value. Key: ${key.hashName}`,
      );
    }
    const pk = encodePartitionKey(key.hashType, hashValue);
    const range = sortRange(resolved, key.rangeType);
    if (lsi) return indexQuery(env, input, t, lsi, pk, range, filter, projection);
    if (index?.gsi) return gsiQuery(env, input, t, index.gsi, pk, range, filter, projection);
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
    const res = await callPartition(env, t, partitionOf(pk.hash, t.record.partitions), { op: "Query", ...page(input, pk.bytes, range, after) });
    return pageResponse(input, t, res.rows, res.stopped, filter, projection);
  });
}

/**
 * A Query on a local secondary index: one ordered read of the index's entries in the partition owning the key, each
 * joined to its item there. What comes back is the index's projection (Select ALL_PROJECTED_ATTRIBUTES, the default)
 * or, as DynamoDB fetches non-projected attributes from the table for an LSI, the whole item (ALL_ATTRIBUTES, or a
 * ProjectionExpression naming any attribute). Ties on the index key are ordered by the table's sort key, and
 * LastEvaluatedKey carries both keys, so paging never skips or repeats an item.
 */
async function indexQuery(
  env: Env,
  input: QueryInput,
  t: TableMeta,
  lsi: LsiInfo,
  pk: ReturnType<typeof encodePartitionKey>,
  range: SortRange,
  filter: CompiledCondition | undefined,
  projection: CompiledProjection | undefined,
): Promise<string> {
  let after: { isk: Uint8Array; sk: Uint8Array } | undefined;
  if (input.ExclusiveStartKey) {
    const start = input.ExclusiveStartKey;
    const { routed, isk } = indexStart(start, t, lsi);
    if (compareBytes(routed.key.pk, pk.bytes) !== 0) throw validationError("The provided starting key is outside query boundaries based on provided conditions");
    if (!within(isk, range)) throw validationError("The provided starting key does not match the range key predicate");
    after = { isk, sk: routed.key.sk };
  }
  const res = await callPartition(env, t, partitionOf(pk.hash, t.record.partitions), { op: "IndexQuery", index: lsi.name, ...page(input, pk.bytes, range, after) });
  const projected = projection ?? (input.Select === "ALL_ATTRIBUTES" || lsi.projection === "ALL" ? undefined : indexProjection(t, lsi));
  const cc = indexCapacity(input, "lsi", lsi.name, lsi.projection === "ALL" ? undefined : indexProjection(t, lsi), lsiFetches(t, lsi, input.Select, projection, filter));
  return pageResponse(input, t, res.rows, res.stopped, filter, projected, [lsi.attr], cc);
}

/**
 * A Query on a global secondary index: one ordered read in the index partition owning the index's partition key. Its
 * entries hold the projected attributes already (projected when the base partition recorded them), ties on the index
 * key are ordered by the table's key, and LastEvaluatedKey carries both keys. Eventually consistent: what the base
 * partitions have delivered so far.
 */
async function gsiQuery(
  env: Env,
  input: QueryInput,
  t: TableMeta,
  g: GsiInfo,
  pk: ReturnType<typeof encodePartitionKey>,
  range: SortRange,
  filter: CompiledCondition | undefined,
  projection: CompiledProjection | undefined,
): Promise<string> {
  checkGsiAttributes(g, projection, filter);
  let after: GsiPosition | undefined;
  if (input.ExclusiveStartKey) {
    const { at } = gsiStart(input.ExclusiveStartKey, t, g);
    if (compareBytes(at.pk, pk.bytes) !== 0) throw validationError("The provided starting key is outside query boundaries based on provided conditions");
    if (!within(at.isk, range)) throw validationError("The provided starting key does not match the range key predicate");
    after = at;
  }
  const res = await callPartition(env, g.meta, partitionOf(pk.hash, g.spec.partitions), { op: "GsiQuery", ...page(input, pk.bytes, range, after) });
  return pageResponse(input, t, res.rows, res.stopped, filter, projection, gsiKeyNames(g), indexCapacity(input, "gsi", g.spec.name, undefined, false));
}

/** What every Query's partition request carries: one partition key's range, its direction, the resume point, the page's bounds. */
function page<A>(input: QueryInput, pk: Uint8Array, range: SortRange, after: A | undefined) {
  return { pk, range, forward: input.ScanIndexForward !== false, ...(after ? { after } : {}), limit: input.Limit ?? NO_LIMIT, maxSize: PAGE_BYTES };
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
