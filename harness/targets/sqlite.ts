/**
 * The `sqlite` target: raw SQLite in the load generator's own process (better-sqlite3), the floor under
 * shvm-db. Nothing to start or reach. prepare creates the database file's directory, switches the file to
 * WAL (a persistent setting), and per phase: load drops and re-creates the table; run checks it is there.
 * See harness/bindings/sqlite.ts for the layout and settings.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Properties } from "../../workloads/properties.js";
import { createTableSql, openSqlite, sqliteSettings } from "../bindings/sqlite.js";
import { quoteIdent, tableName } from "../bindings/peer-support.js";
import type { PreparedTarget, TargetDefinition } from "../target.js";

export const sqliteTarget: TargetDefinition = {
  name: "sqlite",
  summary: "SQLite in-process (better-sqlite3, WAL, synchronous=NORMAL, sqlite.path default .shvm/ycsb-sqlite.db): the floor, no server",
  bindingModule: new URL("../bindings/sqlite.ts", import.meta.url).href,

  async prepare(properties: Readonly<Properties>, phase): Promise<PreparedTarget> {
    const s = sqliteSettings(properties);
    const table = tableName(properties);
    mkdirSync(dirname(s.path), { recursive: true });
    const db = openSqlite(s);
    let version: string;
    let journalMode: string;
    try {
      version = (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
      journalMode = String(db.pragma("journal_mode", { simple: true }));
      if (phase === "load") {
        db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
        db.exec(createTableSql(s, table));
      } else {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
        if (columns.length === 0) throw new Error(`sqlite: table ${table} does not exist in ${s.path}; run the load phase first`);
        const missing = s.fields.filter((f) => !columns.includes(f));
        if (missing.length > 0) throw new Error(`sqlite: table ${table} in ${s.path} lacks column(s) ${missing.join(", ")}; load again`);
      }
    } finally {
      db.close();
    }
    return {
      // Every thread opens the same file, whatever its working directory.
      properties: { ...properties, table, "sqlite.path": s.path },
      description: {
        target: "sqlite",
        path: s.path,
        sqliteVersion: version,
        journalMode,
        synchronous: "NORMAL",
        busyTimeoutMs: s.busyTimeoutMs,
        layout: "ycsb_key TEXT PRIMARY KEY + one TEXT column per field, WITHOUT ROWID",
      },
      // In-process: its CPU is the load generator's own.
      serverPids: [],
      close: async () => {},
    };
  },
};
