/**
 * What Query and Scan share: Select/projection rules, the filter applied after the read (DynamoDB counts
 * ScannedCount before the filter and Count after), the 1 MB page, capacity from the bytes read, and the
 * response.
 */
import { evaluateCondition, project, type CompiledCondition, type CompiledProjection } from "../expressions/index.js";
import { validationError } from "../http/errors.js";
import { consumed, consumedByIndex, readUnits, type ReturnConsumedCapacity } from "../model/capacity.js";
import { itemSize } from "../model/item-size.js";
import type { Item } from "../model/types.js";
import { checkKey } from "../validation/key.js";
import { DynamoError } from "../http/errors.js";
import type { StoredItem } from "../partition/protocol.js";
import type { GsiInfo, TableMeta } from "../router/tables.js";
import { encodeKeyValue, keyOf, routeKey, type RoutedKey } from "../router/keys.js";
import { encodePartitionKey, encodeScalar, NO_SORT_KEY } from "../model/key-codec.js";
import type { Hash64 } from "../model/hash.js";
import type { GsiPosition } from "../partition/protocol.js";
import type { KeyInfo } from "../model/types.js";
import type { LsiInfo } from "../catalog/table-description.js";
import { convertAttributesToGet } from "../expressions/index.js";
import { jsonObject } from "./common.js";

/** DynamoDB reads at most 1 MB of items per Query/Scan page. */
export const PAGE_BYTES = 1024 * 1024;
/** Limit when none is given: the page ends on size or range end. */
export const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export interface SelectInput {
  Select?: string;
  IndexName?: string;
  ProjectionExpression?: string;
  AttributesToGet?: string[];
}

/** The index a Query or Scan names: a local or a global secondary index (undefined: none named). */
export type IndexRef = { lsi: LsiInfo; gsi?: undefined } | { gsi: GsiInfo; lsi?: undefined };

/**
 * The index a Query or Scan names, checked for the read: a GSI still backfilling cannot be read, and a GSI is never
 * read consistently (its entries arrive after the table's writes). A GSI being deleted is no longer the table's.
 */
export function indexOf(t: TableMeta, input: SelectInput & { ConsistentRead?: boolean }): IndexRef | undefined {
  const name = input.IndexName;
  if (name === undefined) return undefined;
  const lsi = t.lsis.find((l) => l.name === name);
  if (lsi) return { lsi };
  const gsi = t.gsis.find((g) => g.spec.name === name);
  if (!gsi) throw validationError(`The table does not have the specified index: ${name}`);
  if (input.ConsistentRead === true) throw validationError("Consistent reads are not supported on global secondary indexes");
  if (gsi.status === "CREATING") throw validationError(`Cannot read from backfilling global secondary index: ${name}`);
  if (input.Select === "ALL_ATTRIBUTES" && gsi.spec.projection !== "ALL") {
    throw validationError(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${name} because its projection type is not ALL`,
    );
  }
  return { gsi };
}

/**
 * A GSI with a KEYS_ONLY / INCLUDE projection serves only what it projects: a ProjectionExpression or a filter naming any
 * other top-level attribute is refused (DynamoDB's messages, as captured from the service), never answered with less.
 */
export function checkGsiAttributes(g: GsiInfo, projection: CompiledProjection | undefined, filter: CompiledCondition | undefined): void {
  const keep = g.spec.keep;
  if (!keep) return;
  if (projection) {
    const missing = [...new Set(projection.paths.map((p) => String(p[0]!)))].filter((n) => !keep.includes(n));
    if (missing.length) throw validationError(`One or more parameter values were invalid: Global secondary index ${g.spec.name} does not project [${missing.join(", ")}]`);
  }
  if (filter) {
    const missing = filter.heads.filter((n) => !keep.includes(n));
    if (missing.length) {
      throw validationError(`One or more parameter values were invalid: Secondary index ${g.spec.name} does not project one or more filter attributes: [${missing.join(", ")}]`);
    }
  }
}

/** A GSI's key as a KeyInfo (for key conditions and start keys). */
export function gsiKey(g: GsiInfo): KeyInfo {
  const k: KeyInfo = { hashName: g.spec.hash.attr, hashType: g.spec.hash.type };
  if (g.spec.range) {
    k.rangeName = g.spec.range.attr;
    k.rangeType = g.spec.range.type;
  }
  return k;
}

/** The attributes a GSI read's LastEvaluatedKey carries beside the table's key. */
export const gsiKeyNames = (g: GsiInfo): string[] => [g.spec.hash.attr, ...(g.spec.range ? [g.spec.range.attr] : [])];

/**
 * A GSI read's ExclusiveStartKey: exactly the table's key and the index's key attributes, each of its schema's type.
 * The position after it in the index (pk, isk, tpk, tsk) and the hash of its index partition key.
 */
export function gsiStart(start: Item, t: TableMeta, g: GsiInfo): { at: GsiPosition; hash: Hash64 } {
  const ik = gsiKey(g);
  const want = [...new Set([t.key.hashName, ...(t.key.rangeName !== undefined ? [t.key.rangeName] : []), ...gsiKeyNames(g)])];
  const names = Object.keys(start);
  if (names.length !== want.length || !want.every((n) => names.includes(n))) throw validationError("The provided starting key is invalid");
  checkKey(Object.fromEntries(Object.entries(start).filter(([n]) => n === t.key.hashName || n === t.key.rangeName)), t.key);
  const mismatch = () => validationError("The provided key element does not match the schema");
  const value = (name: string, type: string): string => {
    const v = start[name] as Record<string, unknown>;
    if (Object.keys(v).length !== 1 || typeof v[type] !== "string") throw mismatch();
    return v[type] as string;
  };
  try {
    const pk = encodePartitionKey(ik.hashType, value(ik.hashName, ik.hashType));
    const isk = ik.rangeName !== undefined ? encodeScalar(ik.rangeType!, value(ik.rangeName, ik.rangeType!)) : NO_SORT_KEY;
    const table = routeKey(t, start).key;
    return { at: { pk: pk.bytes, isk, tpk: table.pk, tsk: table.sk }, hash: pk.hash };
  } catch (e) {
    if (e instanceof DynamoError) throw e;
    throw mismatch();
  }
}

/** KEYS_ONLY / INCLUDE: the table's key, the index's key and the included attributes. */
export function indexProjection(t: TableMeta, lsi: LsiInfo): CompiledProjection {
  const names = [t.key.hashName, ...(t.key.rangeName !== undefined ? [t.key.rangeName] : []), lsi.attr, ...(lsi.projection === "INCLUDE" ? lsi.nonKey : [])];
  return convertAttributesToGet([...new Set(names)]);
}

/**
 * An index read's ExclusiveStartKey: exactly the table's key and the index's key, the index key one value of the
 * index's type (a wrong type is the key check's own message, as for a table key). The routed table key and the
 * encoded index key.
 */
export function indexStart(start: Item, t: TableMeta, lsi: LsiInfo): { routed: RoutedKey; isk: Uint8Array } {
  const names = Object.keys(start);
  const want = [t.key.hashName, ...(t.key.rangeName !== undefined ? [t.key.rangeName] : []), lsi.attr];
  if (names.length !== want.length || !want.every((n) => names.includes(n))) throw validationError("The provided starting key is invalid");
  checkStartKey(Object.fromEntries(Object.entries(start).filter(([n]) => n !== lsi.attr)), t, "Query");
  const v = start[lsi.attr] as Record<string, unknown>;
  const mismatch = () => validationError("The provided key element does not match the schema");
  if (Object.keys(v).length !== 1 || typeof v[lsi.type] !== "string") throw mismatch();
  try {
    return { routed: routeKey(t, start), isk: encodeKeyValue(lsi.type, start[lsi.attr]!) };
  } catch {
    throw mismatch();
  }
}

/** DynamoDB's Select rules (ALL_PROJECTED_ATTRIBUTES only with an IndexName). */
export function checkSelect(input: SelectInput): void {
  const projected = input.ProjectionExpression !== undefined ? "ProjectionExpression" : input.AttributesToGet ? "AttributesToGet" : undefined;
  if (input.Select === "ALL_PROJECTED_ATTRIBUTES" && !input.IndexName) {
    throw validationError("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (!projected && input.Select === "SPECIFIC_ATTRIBUTES") {
    throw validationError("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  }
  if (projected && input.Select !== undefined && input.Select !== "SPECIFIC_ATTRIBUTES") {
    throw validationError(
      `Cannot specify the ${projected} when choosing to get ${input.Select === "COUNT" ? "only the Count" : input.Select}`,
    );
  }
}

/**
 * A client's ExclusiveStartKey must be exactly a key of the table. DynamoDB words the failures
 * differently: Query says "The provided starting key is invalid" for missing or extra attributes and
 * passes the key check's own message through otherwise (a wrong type); Scan prefixes the key check's
 * message.
 */
export function checkStartKey(key: Item, t: TableMeta, operation: "Query" | "Scan"): void {
  if (operation === "Query") {
    const names = Object.keys(key);
    const want = t.key.rangeName === undefined ? [t.key.hashName] : [t.key.hashName, t.key.rangeName];
    if (names.length !== want.length || !want.every((n) => names.includes(n))) {
      throw validationError("The provided starting key is invalid");
    }
    checkKey(key, t.key);
    return;
  }
  try {
    checkKey(key, t.key);
  } catch (e) {
    if (!(e instanceof DynamoError)) throw e;
    throw validationError(`The provided starting key is invalid: ${e.message}`);
  }
}

export interface PageInput {
  TableName: string;
  Select?: string;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** The response of one page: rows read in order, filtered, projected. */
export function pageResponse(
  input: PageInput,
  t: TableMeta,
  rows: StoredItem[],
  stopped: boolean,
  filter: CompiledCondition | undefined,
  projection: CompiledProjection | undefined,
  /** An index read: the index's key attributes, which LastEvaluatedKey carries beside the table's key. */
  indexKeys?: readonly string[],
  /** An index read's capacity (indexCapacity): what the index's entries and any fetched items cost. */
  capacity?: IndexCapacity,
): string {
  const count = input.Select === "COUNT";
  const items: string[] = [];
  let size = 0;
  let lastItem: Item | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    size += row.size;
    const needsParse = filter !== undefined || projection !== undefined || (stopped && i === rows.length - 1);
    const item = needsParse ? (JSON.parse(row.item) as Item) : undefined;
    if (stopped && i === rows.length - 1) lastItem = item;
    if (capacity) capacity.add(row, item);
    if (filter && !evaluateCondition(filter, item)) continue;
    if (count) items.push("");
    else items.push(projection ? JSON.stringify(project(projection, item!)) : row.item);
  }
  const cc = capacity
    ? capacity.result(input)
    : consumed(input.ReturnConsumedCapacity, input.TableName, readUnits(size || undefined, input.ConsistentRead === true));
  return jsonObject({
    Items: count ? undefined : `[${items.join(",")}]`,
    Count: String(items.length),
    ScannedCount: String(rows.length),
    LastEvaluatedKey: lastItem ? JSON.stringify(indexKeys ? withIndexKeys(keyOf(t, lastItem), lastItem, indexKeys) : keyOf(t, lastItem)) : undefined,
    ConsumedCapacity: cc ? JSON.stringify(cc) : undefined,
  });
}

function withIndexKeys(key: Item, item: Item, names: readonly string[]): Item {
  for (const n of names) key[n] = item[n]!;
  return key;
}

/** Accumulates an index read's capacity over the rows read (pageResponse calls `add` per row). */
export interface IndexCapacity {
  add(row: StoredItem, item: Item | undefined): void;
  result(input: PageInput): ReturnType<typeof consumedByIndex>;
}

/**
 * The capacity of a page read from a secondary index. `entry`: the index's projection for an LSI whose rows are the
 * whole items (undefined: the row is the entry — an ALL index, or a GSI's stored entry); `fetch`: each item was also
 * read from the table (an LSI read asking for attributes it does not project).
 */
export function indexCapacity(
  input: PageInput,
  kind: "lsi" | "gsi",
  name: string,
  entry: CompiledProjection | undefined,
  fetch: boolean,
): IndexCapacity | undefined {
  if (input.ReturnConsumedCapacity !== "TOTAL" && input.ReturnConsumedCapacity !== "INDEXES") return undefined;
  return countIndexCapacity(kind, name, entry, fetch);
}

function countIndexCapacity(kind: "lsi" | "gsi", name: string, entry: CompiledProjection | undefined, fetch: boolean): IndexCapacity {
  let bytes = 0;
  let fetched = 0;
  let rows = 0;
  return {
    add(row, item) {
      rows++;
      bytes += entry ? itemSize(project(entry, item ?? (JSON.parse(row.item) as Item))) : row.size;
      if (fetch) fetched += Math.max(1, Math.ceil(row.size / 4096));
    },
    result(input) {
      const consistent = input.ConsistentRead === true;
      const units = readUnits(rows ? bytes : undefined, consistent);
      return consumedByIndex(input.ReturnConsumedCapacity, input.TableName, { kind, name, units, tableUnits: consistent ? fetched : fetched / 2 });
    },
  };
}

/**
 * Whether an LSI read must fetch items from the table: its projection is not ALL and the read asks for the whole item
 * (Select ALL_ATTRIBUTES) or names an attribute it does not project.
 */
export function lsiFetches(
  t: TableMeta,
  lsi: LsiInfo,
  select: string | undefined,
  projection: CompiledProjection | undefined,
  filter: CompiledCondition | undefined,
): boolean {
  if (lsi.projection === "ALL") return false;
  const keep = new Set([t.key.hashName, t.key.rangeName, lsi.attr, ...(lsi.projection === "INCLUDE" ? lsi.nonKey : [])]);
  // A filter on an attribute the index does not hold needs the item, whatever is returned.
  if (filter?.heads.some((n) => !keep.has(n))) return true;
  if (select === "COUNT") return false;
  if (select === "ALL_ATTRIBUTES") return true;
  if (!projection) return false;
  return projection.paths.some((p) => !keep.has(String(p[0]!)));
}
