/**
 * PostgreSQL binding (pg), sharded as YCSB's JDBC binding shards (site.ycsb.db.JdbcDBClient with several
 * `db.url`s): N databases `ycsb_shard_0 .. ycsb_shard_{N-1}` on one server stand for N servers, and a record
 * lives in shard Math.abs(key.hashCode()) % N — YCSB JDBC's own choice, Java's String.hashCode
 * (peer-support.ts). Separate databases rather than schemas: nothing is shared between shards but the
 * server, as with separate servers; if the user may not create databases, the target falls back to schemas
 * `ycsb_shard_i` in the maintenance database (postgres.shardmode=schemas, said in the run's description).
 *
 * Table layout (postgres.layout):
 * - `columns` (default, YCSB JDBC's): usertable(ycsb_key text PRIMARY KEY, field0 .. field9 text), the field
 *   names from the workload's fieldcount / fieldnameprefix. The key is `COLLATE "C"` (byte order), so scans
 *   walk the same key order as SQLite and sorted-key stores, whatever the database's locale.
 * - `jsonb`: usertable(ycsb_key text PRIMARY KEY, fields jsonb); update merges with `fields || $2`.
 *
 * Operations, each one statement in autocommit (as YCSB JDBC with jdbc.autocommit=true):
 * - read: SELECT by key (all columns, as YCSB; the requested fields are picked out). NOT_FOUND if no row.
 * - scan: `WHERE ycsb_key >= $1 ORDER BY ycsb_key LIMIT $2` in the start key's shard only — YCSB JDBC does the
 *   same, so a scan sees about 1/N of the keys after the start key, in key order (postgres.scan=shard, the
 *   default). postgres.scan=all runs the same statement on every shard at once and merges the answers into
 *   the first n keys of the whole table (a scatter-gather range read: N statements per scan).
 * - update: UPDATE of the given columns; NOT_FOUND if no row (YCSB: UNEXPECTED_STATE).
 * - insert: INSERT ... ON CONFLICT (ycsb_key) DO UPDATE of every column: an insert over an existing key
 *   replaces the record (fields it does not give become NULL), as the Binding contract says; YCSB's plain
 *   INSERT would fail there instead. CoreWorkload inserts only new keys, so the conflict arm never runs in
 *   a benchmark.
 * - delete: DELETE by key; NOT_FOUND if no row.
 * Every statement is a named prepared statement (parsed once per connection, then Bind/Execute only), as
 * YCSB JDBC caches PreparedStatements. Commits are the server's default (synchronous_commit=on: every write
 * waits for its WAL flush), so an acknowledged write is durable, as shvm-db's are.
 *
 * Connections: per client thread, postgres.connectionspershard (default 1) pg.Clients per shard — YCSB's one
 * connection per shard per thread. A pg.Client runs one statement at a time, so a thread's operations in
 * flight queue per shard; raise connectionspershard to let them run side by side (each call takes the
 * shard's least busy connection).
 *
 * Properties: postgres.host (127.0.0.1), postgres.port (5432), postgres.user (postgres), postgres.password
 * (none), postgres.shards (4), postgres.dbprefix (ycsb_shard_), postgres.layout (columns | jsonb),
 * postgres.shardmode (databases | schemas; prepare sets it), postgres.scan (shard | all), postgres.database (maintenance database,
 * postgres), postgres.connectionspershard (1), postgres.timeout (connect, ms: 2000),
 * postgres.statementtimeout (ms: 30000).
 */
import pg from "pg";
import type { Binding, BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../binding.js";
import type { Properties } from "../../workloads/properties.js";
import { ErrorLog, FieldColumns, fieldNames, intProperty, quoteIdent, shardOfKey, stringProperty } from "./peer-support.js";

export type PostgresLayout = "columns" | "jsonb";
export type ShardMode = "databases" | "schemas";
export type ScanScope = "shard" | "all";

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  shards: number;
  dbPrefix: string;
  layout: PostgresLayout;
  shardMode: ShardMode;
  scan: ScanScope;
  maintenanceDatabase: string;
  connectionsPerShard: number;
  timeoutMs: number;
  statementTimeoutMs: number;
  fields: string[];
}

function oneOf<T extends string>(properties: Readonly<Properties>, name: string, allowed: readonly T[], fallback: T): T {
  const v = stringProperty(properties, name, fallback);
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`Property ${name}=${v}: expected one of ${allowed.join(", ")}`);
  return v as T;
}

export function postgresSettings(properties: Readonly<Properties>): PostgresSettings {
  const password = properties["postgres.password"];
  const dbPrefix = stringProperty(properties, "postgres.dbprefix", "ycsb_shard_");
  // Database and schema names are at most 63 bytes; the shard number is appended.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,55}$/.test(dbPrefix)) throw new Error(`Property postgres.dbprefix=${dbPrefix}: expected a plain identifier of at most 56 characters`);
  return {
    host: stringProperty(properties, "postgres.host", "127.0.0.1"),
    port: intProperty(properties, "postgres.port", 5432, 1, 65535),
    user: stringProperty(properties, "postgres.user", "postgres"),
    password: password === undefined || password === "" ? undefined : password,
    shards: intProperty(properties, "postgres.shards", 4, 1, 256),
    dbPrefix,
    layout: oneOf(properties, "postgres.layout", ["columns", "jsonb"] as const, "columns"),
    shardMode: oneOf(properties, "postgres.shardmode", ["databases", "schemas"] as const, "databases"),
    scan: oneOf(properties, "postgres.scan", ["shard", "all"] as const, "shard"),
    maintenanceDatabase: stringProperty(properties, "postgres.database", "postgres"),
    connectionsPerShard: intProperty(properties, "postgres.connectionspershard", 1, 1, 64),
    timeoutMs: intProperty(properties, "postgres.timeout", 2000, 1),
    statementTimeoutMs: intProperty(properties, "postgres.statementtimeout", 30000, 1),
    fields: fieldNames(properties),
  };
}

export function shardName(s: PostgresSettings, shard: number): string {
  return `${s.dbPrefix}${shard}`;
}

/** The database a shard's connections open. */
export function shardDatabase(s: PostgresSettings, shard: number): string {
  return s.shardMode === "databases" ? shardName(s, shard) : s.maintenanceDatabase;
}

/** The table as SQL, schema-qualified when shards are schemas. */
export function tableRef(s: PostgresSettings, shard: number, table: string): string {
  return s.shardMode === "databases" ? quoteIdent(table) : `${quoteIdent(shardName(s, shard))}.${quoteIdent(table)}`;
}

/** A connected client, every wait bounded: connect, each statement (server side) and each reply (client side). */
export async function connectPostgres(s: PostgresSettings, database: string): Promise<pg.Client> {
  const client = new pg.Client({
    host: s.host,
    port: s.port,
    user: s.user,
    ...(s.password === undefined ? {} : { password: s.password }),
    database,
    connectionTimeoutMillis: s.timeoutMs,
    statement_timeout: s.statementTimeoutMs,
    query_timeout: s.statementTimeoutMs + 5000,
    application_name: "shvm-ycsb",
  });
  // A broken connection is reported here as well as by the pending query; unhandled, it would end the process.
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

/** The DDL of the table in one shard. */
export function createTableSql(s: PostgresSettings, shard: number, table: string): string {
  const key = `ycsb_key text COLLATE "C" PRIMARY KEY`;
  const body = s.layout === "jsonb" ? `${key}, fields jsonb NOT NULL` : [key, ...s.fields.map((f) => `${quoteIdent(f)} text`)].join(", ");
  return `CREATE TABLE ${tableRef(s, shard, table)} (${body})`;
}

function statusOf(err: unknown): Status {
  const e = err as { code?: string; message?: string };
  if (e?.code === "57014" || /timeout/i.test(e?.message ?? "")) return "TIMEOUT";
  return "ERROR";
}

/**
 * One connection, running one statement at a time: calls wait in `waiting` (FIFO) rather than in pg's own
 * queue, which pg 8 deprecates. `pending` counts the running one plus the waiting ones.
 */
interface Connection {
  client: pg.Client;
  pending: number;
  busy: boolean;
  waiting: (() => void)[];
}

/** The statements of one table in one shard (names are per connection; text differs per shard only in schema mode). */
interface TableStatements {
  /** Short name prefix (prepared statement names are limited to 63 bytes). */
  id: string;
  ref: string;
}

export class PostgresBinding implements Binding {
  private shards: Connection[][] = [];
  private readonly tables = new Map<string, TableStatements[]>();
  private readonly columns: FieldColumns;
  private readonly errors = new ErrorLog("postgres");

  constructor(private readonly s: PostgresSettings) {
    this.columns = new FieldColumns(s.fields);
  }

  async init(): Promise<void> {
    const per = this.s.connectionsPerShard;
    const opened = await Promise.allSettled(
      Array.from({ length: this.s.shards * per }, (_, i) => connectPostgres(this.s, shardDatabase(this.s, Math.floor(i / per)))),
    );
    const failed = opened.find((r): r is PromiseRejectedResult => r.status === "rejected");
    const clients = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (failed) {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      throw failed.reason;
    }
    this.shards = Array.from({ length: this.s.shards }, (_, shard) =>
      clients.slice(shard * per, (shard + 1) * per).map((client) => ({ client, pending: 0, busy: false, waiting: [] })),
    );
  }

  async cleanup(): Promise<void> {
    const all = this.shards.flat();
    this.shards = [];
    await Promise.all(all.map((c) => c.client.end().catch(() => {})));
  }

  /** The statements' names and table reference for `table` in `shard`. */
  private statements(table: string, shard: number): TableStatements {
    let perShard = this.tables.get(table);
    if (!perShard) {
      const id = `t${this.tables.size}`;
      perShard = Array.from({ length: this.s.shards }, (_, i) => ({ id, ref: tableRef(this.s, i, table) }));
      this.tables.set(table, perShard);
    }
    return perShard[shard] as TableStatements;
  }

  /** Runs a named statement on the least busy connection of the key's shard. */
  private async query(shard: number, name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    const pool = this.shards[shard];
    if (!pool) throw new Error("postgres binding used before init() or after cleanup()");
    let conn = pool[0] as Connection;
    for (const c of pool) if (c.pending < conn.pending) conn = c;
    conn.pending++;
    // Wait for the connection; a finishing statement hands it straight to the next waiter (busy stays true).
    if (conn.busy) await new Promise<void>((resolve) => conn.waiting.push(resolve));
    conn.busy = true;
    try {
      return await conn.client.query({ name, text, values });
    } finally {
      conn.pending--;
      const next = conn.waiting.shift();
      if (next) next();
      else conn.busy = false;
    }
  }

  /** The record of a row: all its non-NULL fields. */
  private recordOf(row: Record<string, unknown>): FieldValues {
    if (this.s.layout === "jsonb") return { ...(row.fields as FieldValues) };
    const record: FieldValues = {};
    for (const f of this.s.fields) {
      const v = row[f];
      if (typeof v === "string") record[f] = v;
    }
    return record;
  }

  private pick(record: FieldValues, fields: readonly string[] | null): FieldValues {
    if (fields === null) return record;
    const out: FieldValues = {};
    for (const f of fields) {
      const v = record[f];
      if (v !== undefined) out[f] = v;
    }
    return out;
  }

  /** Rejects fields the table has no column for (columns layout), naming them. */
  /** Notes and reports fields without a column (none in the jsonb layout, which takes any field). */
  private rejectsFields(values: FieldValues, operation: string): boolean {
    return this.s.layout !== "jsonb" && this.columns.rejectUnknown(values, this.errors, operation);
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    const shard = shardOfKey(key, this.s.shards);
    const t = this.statements(table, shard);
    try {
      const cols = this.s.layout === "jsonb" ? "fields" : "*";
      const r = await this.query(shard, `${t.id}r`, `SELECT ${cols} FROM ${t.ref} WHERE ycsb_key = $1`, [key]);
      const row = r.rows[0] as Record<string, unknown> | undefined;
      return row === undefined ? { status: "NOT_FOUND" } : { status: "OK", record: this.pick(this.recordOf(row), fields) };
    } catch (err) {
      this.errors.note("read", err);
      return { status: statusOf(err) };
    }
  }

  async scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult> {
    const shards = this.s.scan === "all" ? Array.from({ length: this.s.shards }, (_, i) => i) : [shardOfKey(startKey, this.s.shards)];
    try {
      const answers = await Promise.all(
        shards.map(async (shard) => {
          const t = this.statements(table, shard);
          const cols = this.s.layout === "jsonb" ? "ycsb_key, fields" : "*";
          const sql = `SELECT ${cols} FROM ${t.ref} WHERE ycsb_key >= $1 ORDER BY ycsb_key LIMIT $2`;
          return (await this.query(shard, `${t.id}s`, sql, [startKey, recordCount])).rows as Record<string, unknown>[];
        }),
      );
      // One shard: already in key order. Several: merge by key in byte order (the column's "C" collation).
      const rows = answers.length === 1 ? (answers[0] as Record<string, unknown>[]) : mergeByKey(answers, recordCount);
      return { status: "OK", records: rows.map((row) => this.pick(this.recordOf(row), fields)) };
    } catch (err) {
      this.errors.note("scan", err);
      return { status: statusOf(err) };
    }
  }

  async update(table: string, key: string, values: FieldValues): Promise<Status> {
    if (this.rejectsFields(values, "update")) return "BAD_REQUEST";
    const shard = shardOfKey(key, this.s.shards);
    const t = this.statements(table, shard);
    try {
      let r: pg.QueryResult;
      if (this.s.layout === "jsonb") {
        r = await this.query(shard, `${t.id}uj`, `UPDATE ${t.ref} SET fields = fields || $2::jsonb WHERE ycsb_key = $1`, [
          key,
          JSON.stringify(values),
        ]);
      } else {
        // One statement per set of fields, named by the set's bitmask over the workload's field list.
        const { names, mask } = this.columns.ordered(values);
        if (names.length === 0) return "OK";
        const sets = names.map((f, i) => `${quoteIdent(f)} = $${i + 2}`).join(", ");
        r = await this.query(shard, `${t.id}u${mask.toString(36)}`, `UPDATE ${t.ref} SET ${sets} WHERE ycsb_key = $1`, [
          key,
          ...names.map((f) => values[f]),
        ]);
      }
      return r.rowCount === 0 ? "NOT_FOUND" : "OK";
    } catch (err) {
      this.errors.note("update", err);
      return statusOf(err);
    }
  }

  async insert(table: string, key: string, values: FieldValues): Promise<Status> {
    if (this.rejectsFields(values, "insert")) return "BAD_REQUEST";
    const shard = shardOfKey(key, this.s.shards);
    const t = this.statements(table, shard);
    try {
      if (this.s.layout === "jsonb") {
        await this.query(
          shard,
          `${t.id}ij`,
          `INSERT INTO ${t.ref} (ycsb_key, fields) VALUES ($1, $2::jsonb) ON CONFLICT (ycsb_key) DO UPDATE SET fields = EXCLUDED.fields`,
          [key, JSON.stringify(values)],
        );
      } else {
        // Every column, NULL for a field not given, so the conflict arm replaces the whole record.
        const cols = this.s.fields.map(quoteIdent);
        const params = this.s.fields.map((_, i) => `$${i + 2}`).join(", ");
        const sets = cols.map((c) => `${c} = EXCLUDED.${c}`).join(", ");
        await this.query(
          shard,
          `${t.id}i`,
          `INSERT INTO ${t.ref} (ycsb_key, ${cols.join(", ")}) VALUES ($1, ${params}) ON CONFLICT (ycsb_key) DO UPDATE SET ${sets}`,
          [key, ...this.s.fields.map((f) => values[f] ?? null)],
        );
      }
      return "OK";
    } catch (err) {
      this.errors.note("insert", err);
      return statusOf(err);
    }
  }

  async delete(table: string, key: string): Promise<Status> {
    const shard = shardOfKey(key, this.s.shards);
    const t = this.statements(table, shard);
    try {
      const r = await this.query(shard, `${t.id}d`, `DELETE FROM ${t.ref} WHERE ycsb_key = $1`, [key]);
      return r.rowCount === 0 ? "NOT_FOUND" : "OK";
    } catch (err) {
      this.errors.note("delete", err);
      return statusOf(err);
    }
  }
}

/** The first `limit` rows of several key-ordered row lists, in key order (byte order, as COLLATE "C"). */
export function mergeByKey(lists: readonly Record<string, unknown>[][], limit: number): Record<string, unknown>[] {
  const all = lists.flat().map((row) => ({ row, key: Buffer.from(String(row.ycsb_key), "utf8") }));
  all.sort((a, b) => Buffer.compare(a.key, b.key));
  return all.slice(0, limit).map((e) => e.row);
}

export const createBinding: BindingFactory = (properties) => new PostgresBinding(postgresSettings(properties));
