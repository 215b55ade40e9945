/**
 * YCSB's update in one SQL statement (issue 15). YCSB's DynamoDB binding updates a record with AttributeUpdates PUT of
 * string fields (the expression form: `SET f = :v`); done as a read-modify-write, that is a SELECT of the whole item,
 * a JSON parse, the change, a JSON stringify and an upsert. When the update is only that — top-level string attributes
 * set to string values, no condition, nothing returned, no index or TTL attribute to maintain — one UPDATE does it in
 * SQLite: `json_set` writes the values into the stored item text, and the item's size moves by the new attributes'
 * sizes less the old ones' (measured in SQL). The statement matches only an item whose attributes of those names are
 * absent or strings and whose new size stays within 400 KB; anything else (no item, another type, too large) changes
 * no row and the caller falls back to the read-modify-write, which answers as it always did.
 */
import type { CompiledAttributeUpdates, CompiledUpdate } from "../expressions/index.js";
import { utf8Length, MAX_ITEM_SIZE } from "../model/item-size.js";

export interface StringSet {
  name: string;
  value: string;
}

/** Names a JSON path can quote without escapes (YCSB's `field0`…), so the path is plain text. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** The update's top-level string SETs, or undefined when it is anything more. */
export function stringSets(update: CompiledUpdate | CompiledAttributeUpdates): StringSet[] | undefined {
  const out: StringSet[] = [];
  if (update.kind === "attributeUpdates") {
    if (!update.actions.length) return undefined;
    for (const a of update.actions) {
      const v = a.value as Record<string, unknown> | undefined;
      if (a.action !== "PUT" || !v || typeof v.S !== "string" || Object.keys(v).length !== 1 || !PLAIN_NAME.test(a.name)) return undefined;
      out.push({ name: a.name, value: v.S });
    }
    return out;
  }
  const tree = update.tree;
  if (!tree.keys.length || !tree.acts) return undefined;
  for (let i = 0; i < tree.keys.length; i++) {
    const name = tree.keys[i];
    const act = tree.acts[i];
    if (typeof name !== "string" || tree.kids[i] !== null || !act || act.k !== "set" || act.v.k !== "value" || !PLAIN_NAME.test(name)) return undefined;
    const v = act.v.v as Record<string, unknown>;
    if (typeof v.S !== "string" || Object.keys(v).length !== 1) return undefined;
    out.push({ name, value: v.S });
  }
  return out;
}

const statements = new Map<number, string>();

/**
 * The UPDATE for `n` attributes. Per attribute i its five bindings: the path, the path of its S value, the new
 * value as JSON, the name's byte length, the new attribute's size; then pk, sk, the size limit. SET expressions read
 * the row as it was, so `size` and `item` there are the old ones.
 */
export function setInPlaceSql(n: number): string {
  let sql = statements.get(n);
  if (sql) return sql;
  const p = (i: number, k: number) => `?${i * 5 + k}`;
  const oldSize = (i: number) => `(CASE WHEN json_type(item, ${p(i, 1)}) IS NULL THEN 0 ELSE ${p(i, 4)} + length(CAST(json_extract(item, ${p(i, 2)}) AS BLOB)) END)`;
  const idx = Array.from({ length: n }, (_, i) => i);
  const delta = idx.map((i) => `(${p(i, 5)} - ${oldSize(i)})`).join(" + ");
  const base = n * 5;
  sql = `UPDATE items SET item = json_set(item, ${idx.map((i) => `${p(i, 1)}, json(${p(i, 3)})`).join(", ")}), size = size + ${delta}, version = version + 1
    WHERE pk = ?${base + 1} AND sk = ?${base + 2} AND ${idx.map((i) => `(json_type(item, ${p(i, 1)}) IS NULL OR json_type(item, ${p(i, 2)}) = 'text')`).join(" AND ")}
      AND size + ${delta} <= ?${base + 3}
    RETURNING size`;
  statements.set(n, sql);
  return sql;
}

/** The bindings of setInPlaceSql for these sets and key. */
export function setInPlaceArgs(sets: readonly StringSet[], pk: Uint8Array, sk: Uint8Array): unknown[] {
  const args: unknown[] = [];
  for (const s of sets) {
    const nameLength = utf8Length(s.name);
    args.push(`$."${s.name}"`, `$."${s.name}".S`, JSON.stringify({ S: s.value }), nameLength, nameLength + utf8Length(s.value));
  }
  args.push(pk, sk, MAX_ITEM_SIZE);
  return args;
}
