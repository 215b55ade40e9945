/**
 * SQLite binding (better-sqlite3, in-process): the floor. No network, no server, no protocol — one SQLite
 * statement per operation on a local file, so the gap between this and shvm-db is what shvm-db's layers
 * (HTTP, the DynamoDB protocol, the Worker, the Durable Object RPC) cost around the same storage engine.
 *
 * Layout: one database file (sqlite.path, default .shvm/ycsb-sqlite.db), table usertable(ycsb_key TEXT
 * PRIMARY KEY, field0 .. field9 TEXT) WITHOUT ROWID — like YCSB's JDBC table, and stored as shvm-db's
 * partition stores items (one B-tree ordered by key, no separate rowid tree). SQLite compares TEXT with
 * BINARY collation (byte order), so scans walk the same key order as the postgres target's COLLATE "C".
 *
 * Settings, per connection:
 * - journal_mode=WAL: readers never block the writer nor each other, and a commit appends to the WAL
 *   instead of rewriting pages through a rollback journal.
 * - synchronous=NORMAL: in WAL mode a commit is written to the WAL before the call returns, so it survives
 *   a crash of this process, but the WAL is fsynced only at checkpoints, so an OS crash or power loss can
 *   lose the last commits. FULL would add an fsync to every write and measure the disk rather than the
 *   engine; a floor should show the engine's own cost. (Said in the run's description.)
 * - busy_timeout=5000 (sqlite.busytimeout): SQLite has one writer per database, like one shvm-db partition.
 *   Each client thread opens its own connection; when another thread holds the write lock, a write waits
 *   up to this long (blocking its thread — SQLite calls are synchronous) and then answers TIMEOUT.
 *
 * Operations: one prepared statement each, in autocommit. read: SELECT by key (NOT_FOUND if none); scan:
 * `ycsb_key >= ? ORDER BY ycsb_key LIMIT ?`; update: UPDATE of the given columns (NOT_FOUND if no row);
 * insert: INSERT OR REPLACE with every column (a field not given is NULL: the record is replaced); delete.
 * better-sqlite3 is synchronous: each method does its work before returning an already-settled promise.
 */
import Database from "better-sqlite3";
import { resolve } from "node:path";
import type { Binding, BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../binding.js";
import type { Properties } from "../../workloads/properties.js";
import { ErrorLog, FieldColumns, fieldNames, intProperty, quoteIdent, stringProperty } from "./peer-support.js";

export const DEFAULT_SQLITE_PATH = ".shvm/ycsb-sqlite.db";

export interface SqliteSettings {
  /** Absolute path of the database file. */
  path: string;
  busyTimeoutMs: number;
  fields: string[];
}

export function sqliteSettings(properties: Readonly<Properties>): SqliteSettings {
  return {
    path: resolve(stringProperty(properties, "sqlite.path", DEFAULT_SQLITE_PATH)),
    busyTimeoutMs: intProperty(properties, "sqlite.busytimeout", 5000, 0),
    fields: fieldNames(properties),
  };
}

/** Opens a connection with the binding's settings (WAL, synchronous=NORMAL, busy timeout). */
export function openSqlite(s: SqliteSettings): Database.Database {
  const db = new Database(s.path, { timeout: s.busyTimeoutMs });
  db.pragma(`busy_timeout = ${s.busyTimeoutMs}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  return db;
}

export function createTableSql(s: SqliteSettings, table: string): string {
  const cols = ["ycsb_key TEXT PRIMARY KEY", ...s.fields.map((f) => `${quoteIdent(f)} TEXT`)];
  return `CREATE TABLE ${quoteIdent(table)} (${cols.join(", ")}) WITHOUT ROWID`;
}

function statusOf(err: unknown): Status {
  const code = (err as { code?: string })?.code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") ? "TIMEOUT" : "ERROR";
}

type Row = Record<string, string | null>;

/** The prepared statements of one table. */
interface TableStatements {
  read: Database.Statement<[string], Row>;
  scan: Database.Statement<[string, number], Row>;
  insert: Database.Statement<(string | null)[]>;
  remove: Database.Statement<[string]>;
  /** UPDATE statements by the bitmask of the fields they set. */
  updates: Map<bigint, Database.Statement<(string | null)[]>>;
}

export class SqliteBinding implements Binding {
  private db: Database.Database | undefined;
  private readonly tables = new Map<string, TableStatements>();
  private readonly columns: FieldColumns;
  private readonly errors = new ErrorLog("sqlite");

  constructor(private readonly s: SqliteSettings) {
    this.columns = new FieldColumns(s.fields);
  }

  async init(): Promise<void> {
    this.db = openSqlite(this.s);
  }

  async cleanup(): Promise<void> {
    this.tables.clear();
    this.db?.close();
    this.db = undefined;
  }

  private statements(table: string): TableStatements {
    let t = this.tables.get(table);
    if (t) return t;
    const db = this.db;
    if (!db) throw new Error("sqlite binding used before init() or after cleanup()");
    const ref = quoteIdent(table);
    const cols = this.s.fields.map(quoteIdent);
    t = {
      read: db.prepare<[string], Row>(`SELECT * FROM ${ref} WHERE ycsb_key = ?`),
      scan: db.prepare<[string, number], Row>(`SELECT * FROM ${ref} WHERE ycsb_key >= ? ORDER BY ycsb_key LIMIT ?`),
      insert: db.prepare<(string | null)[]>(
        `INSERT OR REPLACE INTO ${ref} (ycsb_key, ${cols.join(", ")}) VALUES (?${", ?".repeat(cols.length)})`,
      ),
      remove: db.prepare<[string]>(`DELETE FROM ${ref} WHERE ycsb_key = ?`),
      updates: new Map(),
    };
    this.tables.set(table, t);
    return t;
  }

  private recordOf(row: Row, fields: readonly string[] | null): FieldValues {
    const record: FieldValues = {};
    for (const f of fields ?? this.s.fields) {
      const v = row[f];
      if (typeof v === "string") record[f] = v;
    }
    return record;
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    try {
      const row = this.statements(table).read.get(key);
      return row === undefined ? { status: "NOT_FOUND" } : { status: "OK", record: this.recordOf(row, fields) };
    } catch (err) {
      this.errors.note("read", err);
      return { status: statusOf(err) };
    }
  }

  async scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult> {
    try {
      const rows = this.statements(table).scan.all(startKey, recordCount);
      return { status: "OK", records: rows.map((row) => this.recordOf(row, fields)) };
    } catch (err) {
      this.errors.note("scan", err);
      return { status: statusOf(err) };
    }
  }

  async update(table: string, key: string, values: FieldValues): Promise<Status> {
    if (this.columns.rejectUnknown(values, this.errors, "update")) return "BAD_REQUEST";
    try {
      const t = this.statements(table);
      const { names, mask } = this.columns.ordered(values);
      if (names.length === 0) return "OK";
      let stmt = t.updates.get(mask);
      if (!stmt) {
        const sets = names.map((f) => `${quoteIdent(f)} = ?`).join(", ");
        stmt = (this.db as Database.Database).prepare<(string | null)[]>(`UPDATE ${quoteIdent(table)} SET ${sets} WHERE ycsb_key = ?`);
        t.updates.set(mask, stmt);
      }
      const info = stmt.run(...names.map((f) => values[f] as string), key);
      return info.changes === 0 ? "NOT_FOUND" : "OK";
    } catch (err) {
      this.errors.note("update", err);
      return statusOf(err);
    }
  }

  async insert(table: string, key: string, values: FieldValues): Promise<Status> {
    if (this.columns.rejectUnknown(values, this.errors, "insert")) return "BAD_REQUEST";
    try {
      this.statements(table).insert.run(key, ...this.s.fields.map((f) => values[f] ?? null));
      return "OK";
    } catch (err) {
      this.errors.note("insert", err);
      return statusOf(err);
    }
  }

  async delete(table: string, key: string): Promise<Status> {
    try {
      return this.statements(table).remove.run(key).changes === 0 ? "NOT_FOUND" : "OK";
    } catch (err) {
      this.errors.note("delete", err);
      return statusOf(err);
    }
  }
}

export const createBinding: BindingFactory = (properties) => new SqliteBinding(sqliteSettings(properties));
