/**
 * All SQL of a partition in one place: the schema, the row types, and the named statements.
 *
 * One partition = one Durable Object = one SQLite database, holding the items whose partition-key hash
 * falls in the partition's slice of the hash space.
 *
 * items: the base table. `pk` is the 8-byte big-endian routing hash followed by the encoded partition
 *   key, so the key order (the unique index items_key on (pk, sk)) is hash order then key order (Scan walks
 *   it; a later partition split is a range cut). `sk` is the order-preserving encoded sort key (empty for
 *   hash-only tables), so a Query is one range read on (pk = ?, sk between ...). `item` is the whole item as
 *   DynamoDB JSON text with numbers already normalised, returned to clients without re-parsing. `size` is
 *   DynamoDB's item size (capacity, TableSizeBytes). `version` counts writes to the item: reserved for
 *   optimistic concurrency control (conditional writes, transactions).
 *   Why a rowid table with a key index, not a WITHOUT ROWID table keyed on (pk, sk) (schema version 1): a WITHOUT
 *   ROWID table keeps the whole row in its key b-tree, and with items of a kilobyte or more (YCSB's are ~1.1 KB)
 *   each cell spills onto an overflow page, and SQLite reads a cell's whole payload, overflow included, to compare
 *   it with the searched key: a point read cost ~12 page reads (measured with strace), and every insert split a
 *   b-tree of four rows per page. Now the search runs in a small-keyed index, then one rowid lookup reads the item.
 *   The small columns come before `item`, so sum(size) never reads an item's overflow pages.
 * lsi_entries: local secondary indexes live beside their base items, in the same database, so an index
 *   entry is written in the same SQLite transaction as its item. One row per (index, item) with the
 *   index's encoded sort key `isk`; the item text is read from `items` by (pk, sk) (a join: every index
 *   projects what the router needs from the whole item). An item without the index's key attribute has no
 *   entry (a sparse index). `lsi_entries_item` finds an item's entries when it is rewritten or deleted.
 *   `expires` is the item's TTL attribute (epoch seconds) while the table has TTL enabled, else NULL; the partial
 *   index items_expires holds only items that have one, so tables without TTL pay nothing for it (schema version 3).
 * txn_locks: items prepared by a transaction that spans partitions (partition/transactions.ts): one row per item,
 *   with the staged result (`kind` put / delete / check, the new item text and size) and where the transaction's
 *   decision is kept (`coordinator`); other writers of a locked item get TransactionConflict until it commits or aborts.
 * txn_decisions: in a transaction's coordinator partition, its decision (COMMITTED / ABORTED), written once.
 * txn_client_tokens: in the coordinator partition, TransactWriteItems' ClientRequestToken (10 minutes): the input's digest,
 *   its state and the transaction id it ran as.
 * gsi_outbox: in a base partition of a table with global secondary indexes, the index changes its writes caused and
 *   that are not yet acknowledged by the index's partitions (partition/gsi.ts): one row per (index, index partition,
 *   item) change, written in the write's own transaction; `seq` (AUTOINCREMENT: never reused, so a delivered row's
 *   number is never a new row's) is the delivery order; a row without `pk` deletes the item's entry there; `at` (epoch
 *   ms) gives the propagation lag.
 * gsi_entries: in a GSI partition, the index's entries: the index key (`pk` hash-prefixed like an item's, `isk` the
 *   index sort key or empty), the base item's key (`tpk`, `tsk`: one entry per base item, unique) and the projected
 *   item. gsi_entries_key orders a Query by (isk, tpk, tsk): ties on the index key are broken by the table's key, so
 *   pages never skip or repeat. (Not unique: (tpk, tsk) alone is, and an upsert may name one constraint only.)
 * meta: schema version (PRAGMA user_version is refused on Durable Objects), restart counter and the
 *   tombstone written when the table is deleted.
 */

export const SCHEMA_VERSION = 3;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value ANY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items (
  pk      BLOB    NOT NULL,
  sk      BLOB    NOT NULL,
  size    INTEGER NOT NULL,
  version INTEGER NOT NULL,
  item    TEXT    NOT NULL,
  expires INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS items_key ON items (pk, sk);
CREATE INDEX IF NOT EXISTS items_expires ON items (expires) WHERE expires IS NOT NULL;
CREATE TABLE IF NOT EXISTS txn_locks (
  pk          BLOB    NOT NULL,
  sk          BLOB    NOT NULL,
  txid        TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  item        TEXT,
  size        INTEGER,
  coordinator TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS txn_locks_txid ON txn_locks (txid);
CREATE TABLE IF NOT EXISTS txn_decisions (
  txid     TEXT    PRIMARY KEY,
  decision TEXT    NOT NULL,
  at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS txn_decisions_at ON txn_decisions (at);
CREATE TABLE IF NOT EXISTS txn_client_tokens (
  token  TEXT    PRIMARY KEY,
  digest TEXT    NOT NULL,
  state  TEXT    NOT NULL,
  txid   TEXT,
  at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS txn_client_tokens_at ON txn_client_tokens (at);
CREATE TABLE IF NOT EXISTS lsi_entries (
  index_name TEXT NOT NULL,
  pk         BLOB NOT NULL,
  isk        BLOB NOT NULL,
  sk         BLOB NOT NULL,
  PRIMARY KEY (index_name, pk, isk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lsi_entries_item ON lsi_entries (pk, sk);
CREATE TABLE IF NOT EXISTS gsi_outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  index_name TEXT    NOT NULL,
  target     INTEGER NOT NULL,
  tpk        BLOB    NOT NULL,
  tsk        BLOB    NOT NULL,
  pk         BLOB,
  isk        BLOB,
  item       TEXT,
  size       INTEGER,
  at         INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS gsi_entries (
  pk   BLOB    NOT NULL,
  isk  BLOB    NOT NULL,
  tpk  BLOB    NOT NULL,
  tsk  BLOB    NOT NULL,
  size INTEGER NOT NULL,
  item TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gsi_entries_item ON gsi_entries (tpk, tsk);
CREATE INDEX IF NOT EXISTS gsi_entries_key ON gsi_entries (pk, isk, tpk, tsk);
`;

/**
 * Schema version 1 → 2 (run in one transaction, before SCHEMA): the WITHOUT ROWID items table becomes the rowid
 * table with its key index; every row is copied.
 */
export const MIGRATE_1_TO_2 = `
ALTER TABLE items RENAME TO items_v1;
CREATE TABLE items (
  pk      BLOB    NOT NULL,
  sk      BLOB    NOT NULL,
  size    INTEGER NOT NULL,
  version INTEGER NOT NULL,
  item    TEXT    NOT NULL
);
INSERT INTO items (pk, sk, size, version, item) SELECT pk, sk, size, version, item FROM items_v1 ORDER BY pk, sk;
DROP TABLE items_v1;
CREATE UNIQUE INDEX items_key ON items (pk, sk);
`;

/** Schema version 2 → 3: the TTL column and its partial index (no row is rewritten; every item starts without one). */
export const MIGRATE_2_TO_3 = `
ALTER TABLE items ADD COLUMN expires INTEGER;
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
  hasItems: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'",
  writeMeta: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",

  getItem: "SELECT item, size FROM items WHERE pk = ? AND sk = ?",
  // One statement for a plain put: insert, or replace and bump the version.
  putItem: `INSERT INTO items (pk, sk, item, size, version, expires) VALUES (?, ?, ?, ?, 1, ?)
            ON CONFLICT (pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, version = version + 1, expires = excluded.expires`,
  deleteItem: "DELETE FROM items WHERE pk = ? AND sk = ?",
  // Returns the old item in the same statement when the caller wants it (ReturnValues, capacity).
  deleteItemReturning: "DELETE FROM items WHERE pk = ? AND sk = ? RETURNING item, size",

  // TTL (partition/ttl.ts): the expired items in bounded batches, the next expiry, and the backfill walk by rowid.
  // An item locked by a transaction in flight is left alone: its commit or abort decides what it becomes (and re-arms).
  expiredItems: `SELECT rowid AS id, pk, sk FROM items WHERE expires IS NOT NULL AND expires <= ? AND expires > ?
                 AND NOT EXISTS (SELECT 1 FROM txn_locks l WHERE l.pk = items.pk AND l.sk = items.sk) ORDER BY expires LIMIT ?`,
  deleteByRowid: "DELETE FROM items WHERE rowid = ?",
  nextExpiry: "SELECT min(expires) AS at FROM items WHERE expires IS NOT NULL AND expires > ?",
  itemsFrom: "SELECT rowid AS id, item FROM items WHERE rowid > ? ORDER BY rowid LIMIT ?",
  setExpires: "UPDATE items SET expires = ? WHERE rowid = ?",
  clearExpires: "UPDATE items SET expires = NULL WHERE rowid IN (SELECT rowid FROM items WHERE expires IS NOT NULL LIMIT ?)",
  deleteMeta: "DELETE FROM meta WHERE key = ?",

  // Local secondary indexes: an item's entries are replaced on every write (only in tables that have any).
  deleteEntries: "DELETE FROM lsi_entries WHERE pk = ? AND sk = ?",
  allItemKeys: "SELECT pk, sk, item FROM items",
  insertEntry: "INSERT INTO lsi_entries (index_name, pk, isk, sk) VALUES (?, ?, ?, ?)",
  // ItemCollectionMetrics: the item collection's bytes (the items of one partition key).
  collectionSize: "SELECT coalesce(sum(size), 0) AS bytes FROM items WHERE pk = ?",
  // DescribeTable's per-LSI ItemCount and IndexSizeBytes (the indexed items' sizes).
  indexStats: `SELECT e.index_name AS name, count(*) AS items, coalesce(sum(i.size), 0) AS bytes
               FROM lsi_entries e JOIN items i ON i.pk = e.pk AND i.sk = e.sk GROUP BY e.index_name`,

  // Global secondary indexes (partition/gsi.ts): the base partition's outbox, the index partition's entries.
  outboxInsert: "INSERT INTO gsi_outbox (index_name, target, tpk, tsk, pk, isk, item, size, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  outboxBatch: "SELECT seq, index_name, target, tpk, tsk, pk, isk, item, size FROM gsi_outbox ORDER BY seq LIMIT ?",
  outboxDelete: "DELETE FROM gsi_outbox WHERE seq IN (SELECT value FROM json_each(?))",
  outboxDropIndex: "DELETE FROM gsi_outbox WHERE index_name = ?",
  outboxState: "SELECT count(*) AS n, min(at) AS oldest FROM gsi_outbox",
  outboxOldest: "SELECT at FROM gsi_outbox ORDER BY seq LIMIT 1",
  outboxLastSeq: "SELECT max(seq) AS seq FROM gsi_outbox",
  outboxPendingUpTo: "SELECT 1 FROM gsi_outbox WHERE index_name = ? AND seq <= ? LIMIT 1",
  hasAnyItem: "SELECT 1 FROM items LIMIT 1",
  itemKeysFrom: "SELECT rowid AS id, pk, sk, size, item FROM items WHERE rowid > ? ORDER BY rowid LIMIT ?",
  entryPut: `INSERT INTO gsi_entries (pk, isk, tpk, tsk, size, item) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (tpk, tsk) DO UPDATE SET pk = excluded.pk, isk = excluded.isk, size = excluded.size, item = excluded.item`,
  entryDelete: "DELETE FROM gsi_entries WHERE tpk = ? AND tsk = ?",
  entryStats: "SELECT count(*) AS items, coalesce(sum(size), 0) AS bytes FROM gsi_entries",

  // Transactions (partition/transactions.ts).
  lockCount: "SELECT count(*) AS n FROM txn_locks",
  lockOf: "SELECT txid FROM txn_locks WHERE pk = ? AND sk = ?",
  insertLock: "INSERT INTO txn_locks (pk, sk, txid, kind, item, size, coordinator, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  locksOf: "SELECT pk, sk, kind, item, size FROM txn_locks WHERE txid = ?",
  deleteLocks: "DELETE FROM txn_locks WHERE txid = ?",
  staleLocks: "SELECT DISTINCT txid, coordinator FROM txn_locks WHERE at <= ?",
  oldestLock: "SELECT min(at) AS at FROM txn_locks",
  getDecision: "SELECT decision FROM txn_decisions WHERE txid = ?",
  insertDecision: "INSERT INTO txn_decisions (txid, decision, at) VALUES (?, ?, ?)",
  deleteDecision: "DELETE FROM txn_decisions WHERE txid = ?",
  purgeDecisions: "DELETE FROM txn_decisions WHERE txid IN (SELECT txid FROM txn_decisions WHERE at < ? LIMIT 16)",
  getToken: "SELECT digest, state, txid, at FROM txn_client_tokens WHERE token = ?",
  putToken: `INSERT INTO txn_client_tokens (token, digest, state, txid, at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (token) DO UPDATE SET digest = excluded.digest, state = excluded.state, txid = excluded.txid, at = excluded.at`,
  deleteToken: "DELETE FROM txn_client_tokens WHERE token = ?",
  // Tokens past their 10 minutes, a bounded batch at a time (each TokenBegin purges some).
  purgeTokens: "DELETE FROM txn_client_tokens WHERE rowid IN (SELECT rowid FROM txn_client_tokens WHERE at < ? LIMIT 16)",

  // Query and Scan are built from these parts (see rangeSql); workerd caches each distinct text.
  stats: "SELECT count(*) AS items, coalesce(sum(size), 0) AS bytes FROM items",
  // count(*) alone: SQLite counts the entries of the small key index, reading no item.
  // A GSI partition's items are its index entries (a partition is a table's or an index's, never both).
  countItems: "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM gsi_entries) AS items",
} as const;

/**
 * A Query on a local secondary index: the entries of one partition key in (isk, sk) order, each joined to its item.
 * `where` holds extra conditions on `e.isk` / `e.sk` with their bindings after (index name, pk).
 */
export function indexRangeSql(where: string[], descending: boolean): string {
  const order = descending ? "DESC" : "ASC";
  return `SELECT i.item AS item, i.size AS size FROM lsi_entries e JOIN items i ON i.pk = e.pk AND i.sk = e.sk
    WHERE e.index_name = ? AND e.pk = ?${where.length ? ` AND ${where.join(" AND ")}` : ""} ORDER BY e.isk ${order}, e.sk ${order}`;
}

/** A Scan of a local secondary index: every entry in (pk, isk, sk) order, joined to its item; `where` after the name. */
export function indexScanSql(where: string[]): string {
  return `SELECT i.item AS item, i.size AS size FROM lsi_entries e JOIN items i ON i.pk = e.pk AND i.sk = e.sk
    WHERE e.index_name = ?${where.length ? ` AND ${where.join(" AND ")}` : ""} ORDER BY e.pk, e.isk, e.sk`;
}

/** A GSI partition's Query: entries of one index partition key in (isk, tpk, tsk) order; `where` after `pk = ?`. */
export function gsiRangeSql(where: string[], descending: boolean): string {
  const order = descending ? "DESC" : "ASC";
  return `SELECT item, size FROM gsi_entries WHERE pk = ?${where.length ? ` AND ${where.join(" AND ")}` : ""} ORDER BY isk ${order}, tpk ${order}, tsk ${order}`;
}

/** A GSI partition's Scan: its entries in (pk, isk, tpk, tsk) order. */
export function gsiScanSql(where: string[]): string {
  return `SELECT item, size FROM gsi_entries${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY pk, isk, tpk, tsk`;
}

/** A sort-key range as conditions on `column` (a missing bound is open), for the range reads below. */
export function pushBounds(column: string, r: { lo?: Uint8Array; loInclusive?: boolean; hi?: Uint8Array; hiInclusive?: boolean }, where: string[], args: unknown[]): void {
  if (r.lo) where.push(`${column} ${r.loInclusive ? ">=" : ">"} ?`), args.push(r.lo);
  if (r.hi) where.push(`${column} ${r.hiInclusive ? "<=" : "<"} ?`), args.push(r.hi);
}

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
