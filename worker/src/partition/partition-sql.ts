/**
 * All SQL of a partition in one place: the schema, the row types, and the named statements.
 *
 * One partition = one Durable Object = one SQLite database, holding the items whose partition-key hash
 * falls in the partition's slice of the hash space.
 *
 * items: the base table. `pk` is the 8-byte big-endian routing hash followed by the encoded partition
 *   key, so the primary-key order is hash order then key order (Scan walks it; a later partition split
 *   is a range cut). `sk` is the order-preserving encoded sort key (empty for hash-only tables), so a
 *   Query is one range read on (pk = ?, sk between ...). `item` is the whole item as DynamoDB JSON text
 *   with numbers already normalised, returned to clients without re-parsing. `size` is DynamoDB's item
 *   size (capacity, TableSizeBytes). `version` counts writes to the item: reserved for optimistic
 *   concurrency control (conditional writes, transactions).
 * lsi_entries: local secondary indexes live beside their base items, in the same database, so an index
 *   entry is written in the same SQLite transaction as its item. One row per (index, item) with the
 *   index's encoded sort key `isk`; the item text is read from `items` by (pk, sk). Maintained and
 *   queried from the secondary-index issue on; until then it stays empty.
 * meta: schema version (PRAGMA user_version is refused on Durable Objects), restart counter and the
 *   tombstone written when the table is deleted.
 */

export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value ANY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items (
  pk      BLOB    NOT NULL,
  sk      BLOB    NOT NULL,
  item    TEXT    NOT NULL,
  size    INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lsi_entries (
  index_name TEXT NOT NULL,
  pk         BLOB NOT NULL,
  isk        BLOB NOT NULL,
  sk         BLOB NOT NULL,
  PRIMARY KEY (index_name, pk, isk, sk)
) WITHOUT ROWID;
`;

export interface ItemRow extends Record<string, SqlStorageValue> {
  item: string;
  size: number;
}

export interface StatsRow extends Record<string, SqlStorageValue> {
  items: number;
  bytes: number;
}

export interface MetaRow extends Record<string, SqlStorageValue> {
  key: string;
  value: SqlStorageValue;
}

export const SQL = {
  hasSchema: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
  readMeta: "SELECT key, value FROM meta",
  writeMeta: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",

  getItem: "SELECT item, size FROM items WHERE pk = ? AND sk = ?",
  // One statement for a plain put: insert, or replace and bump the version.
  putItem: `INSERT INTO items (pk, sk, item, size, version) VALUES (?, ?, ?, ?, 1)
            ON CONFLICT (pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, version = version + 1`,
  deleteItem: "DELETE FROM items WHERE pk = ? AND sk = ?",
  // Returns the old item in the same statement when the caller wants it (ReturnValues, capacity).
  deleteItemReturning: "DELETE FROM items WHERE pk = ? AND sk = ? RETURNING item, size",

  // Query and Scan are built from these parts (see rangeSql); workerd caches each distinct text.
  stats: "SELECT count(*) AS items, coalesce(sum(size), 0) AS bytes FROM items",
  // count(*) alone: sum(size) above makes SQLite read every item's overflow pages too (8x slower measured).
  countItems: "SELECT count(*) AS items FROM items",
} as const;

/** Row of a range read. */
export interface RangeRow extends Record<string, SqlStorageValue> {
  item: string;
  size: number;
}

/**
 * One ordered range read on (pk, sk): the conditions come as SQL fragments with their bindings, so every
 * Query/Scan shape is a single statement SQLite answers from the primary key. No LIMIT clause (numbers
 * bind as REAL): the cursor is stepped lazily and the reader stops at its limit.
 */
export function rangeSql(where: string[], descending: boolean): string {
  const order = descending ? "DESC" : "ASC";
  return `SELECT item, size FROM items${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY pk ${order}, sk ${order}`;
}
