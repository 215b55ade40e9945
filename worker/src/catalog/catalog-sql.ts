/**
 * All SQL of the catalog: one Durable Object that knows every table.
 *
 * tables: one row per table, live or DELETING (TableStatus in the description; the row goes once its partitions are). `id` is unique per creation (a re-created table gets a new id, hence
 *   new, empty partitions); `partitions` is P, fixed at creation; `description` is the TableDescription
 *   JSON without live counts; `tags` the table's tags as JSON.
 * ttl: a table's time to live (by table id; no row: DISABLED). ENABLING / DISABLING while the catalog's alarm tells
 *   the partitions (`next`: the first partition not yet told), ENABLED once all have been told.
 * gsis: a table's global secondary indexes (catalog/gsi-updates.ts): the index's own id and partition count, its status
 *   (CREATING while the base partitions backfill it, ACTIVE, DELETING while they are told to stop feeding it) and its
 *   generation; `next` is the first base partition not yet told (or not yet done backfilling). A deleted index stays as a
 *   DELETED tombstone (its generation), until its table goes.
 * doomed: partitions of deleted tables still to be reclaimed, worked off by the catalog's alarm;
 *   `next` is the first partition index not yet dropped.
 */

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS tables (
  name        TEXT    PRIMARY KEY,
  id          TEXT    NOT NULL,
  partitions  INTEGER NOT NULL,
  description TEXT    NOT NULL,
  tags        TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ttl (
  id         TEXT    PRIMARY KEY,
  attribute  TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  partitions INTEGER NOT NULL,
  next       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gsis (
  table_id   TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  partitions INTEGER NOT NULL,
  status     TEXT    NOT NULL,
  gen        INTEGER NOT NULL,
  next       INTEGER NOT NULL,
  PRIMARY KEY (table_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doomed (
  id         TEXT    PRIMARY KEY,
  partitions INTEGER NOT NULL,
  next       INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface TableRow extends Record<string, SqlStorageValue> {
  name: string;
  id: string;
  partitions: number;
  description: string;
  tags: string;
}

export interface DoomedRow extends Record<string, SqlStorageValue> {
  id: string;
  partitions: number;
  next: number;
}

export interface TtlRow extends Record<string, SqlStorageValue> {
  id: string;
  attribute: string;
  status: "ENABLING" | "ENABLED" | "DISABLING";
  partitions: number;
  next: number;
}

export interface GsiRow extends Record<string, SqlStorageValue> {
  table_id: string;
  name: string;
  id: string;
  partitions: number;
  status: "CREATING" | "ACTIVE" | "DELETING" | "DELETED";
  gen: number;
  next: number;
}

export const SQL = {
  gsisOf: "SELECT table_id, name, id, partitions, status, gen, next FROM gsis WHERE table_id = ? ORDER BY name",
  putGsi: `INSERT INTO gsis (table_id, name, id, partitions, status, gen, next) VALUES (?, ?, ?, ?, ?, ?, 0)
           ON CONFLICT (table_id, name) DO UPDATE SET id = excluded.id, partitions = excluded.partitions, status = excluded.status, gen = excluded.gen, next = 0`,
  pendingGsis: "SELECT table_id, name, id, partitions, status, gen, next FROM gsis WHERE status IN ('CREATING', 'DELETING')",
  // A deleted index's row stays as a tombstone: its generation keeps the next set newer than every set that had it.
  buryGsi: "UPDATE gsis SET status = 'DELETED', next = 0 WHERE table_id = ? AND name = ? AND gen = ?",
  advanceGsi: "UPDATE gsis SET next = ? WHERE table_id = ? AND name = ? AND gen = ?",
  settleGsi: "UPDATE gsis SET status = 'ACTIVE', next = 0 WHERE table_id = ? AND name = ? AND gen = ?",
  deleteGsi: "DELETE FROM gsis WHERE table_id = ? AND name = ?",
  deleteTableGsis: "DELETE FROM gsis WHERE table_id = ?",
  tableById: "SELECT name, id, partitions, description, tags FROM tables WHERE id = ?",

  getTable: "SELECT name, id, partitions, description, tags FROM tables WHERE name = ?",
  insertTable: "INSERT INTO tables (name, id, partitions, description, tags) VALUES (?, ?, ?, ?, ?)",
  updateDescription: "UPDATE tables SET description = ? WHERE name = ?",
  updateTags: "UPDATE tables SET tags = ? WHERE name = ?",
  // By id: the row of the deleted creation, once all its partitions are dropped.
  deleteDeletedTable: "DELETE FROM tables WHERE id = ?",
  // Table names are ASCII ([a-zA-Z0-9_.-]), so SQLite's binary collation is DynamoDB's order.
  listTables: "SELECT name FROM tables WHERE name > ? ORDER BY name LIMIT ?",

  getTtl: "SELECT id, attribute, status, partitions, next FROM ttl WHERE id = ?",
  putTtl: "INSERT INTO ttl (id, attribute, status, partitions, next) VALUES (?, ?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET attribute = excluded.attribute, status = excluded.status, next = 0",
  pendingTtl: "SELECT id, attribute, status, partitions, next FROM ttl WHERE status <> 'ENABLED'",
  advanceTtl: "UPDATE ttl SET next = ? WHERE id = ?",
  settleTtl: "UPDATE ttl SET status = 'ENABLED', next = 0 WHERE id = ?",
  deleteTtl: "DELETE FROM ttl WHERE id = ?",

  insertDoomed: "INSERT INTO doomed (id, partitions, next) VALUES (?, ?, 0)",
  firstDoomed: "SELECT id, partitions, next FROM doomed LIMIT 1",
  allDoomed: "SELECT id, partitions, next FROM doomed",
  advanceDoomed: "UPDATE doomed SET next = ? WHERE id = ?",
  deleteDoomed: "DELETE FROM doomed WHERE id = ?",
} as const;
