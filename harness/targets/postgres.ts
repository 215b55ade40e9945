/**
 * The `postgres` target: a PostgreSQL server that is already running (default 127.0.0.1:5432, user
 * postgres); the harness never starts one. prepare connects within postgres.timeout (2 s), creates the shard
 * databases `ycsb_shard_0 ..` if missing (falling back to schemas when the user may not create databases),
 * and then per shard: load drops and re-creates the table; run checks that the table is there with the
 * expected layout. See harness/bindings/postgres.ts for the layout and the operations.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import type { Properties } from "../../workloads/properties.js";
import {
  connectPostgres,
  createTableSql,
  postgresSettings,
  shardDatabase,
  shardName,
  tableRef,
  type PostgresSettings,
} from "../bindings/postgres.js";
import { describeError, quoteIdent, tableName } from "../bindings/peer-support.js";
import { TargetUnavailable, type PreparedTarget, type TargetDefinition } from "../target.js";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

interface Cluster {
  version: string;
  name: string;
  port: number | undefined;
}

/** The Debian/Ubuntu clusters configured under `etcDir` (/etc/postgresql/<version>/<name>/postgresql.conf), newest first. */
function debianClusters(etcDir: string): Cluster[] {
  const clusters: Cluster[] = [];
  let versions: string[];
  try {
    versions = readdirSync(etcDir).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    return [];
  }
  for (const version of versions) {
    let names: string[];
    try {
      names = readdirSync(join(etcDir, version));
    } catch {
      continue;
    }
    for (const name of names) {
      const conf = join(etcDir, version, name, "postgresql.conf");
      if (!existsSync(conf)) continue;
      let port: number | undefined;
      try {
        const m = /^\s*port\s*=\s*(\d+)/m.exec(readFileSync(conf, "utf8"));
        if (m) port = Number(m[1]);
      } catch {
        // unreadable: the port stays unknown
      }
      clusters.push({ version, name, port });
    }
  }
  return clusters.sort((a, b) => Number(b.version) - Number(a.version) || a.name.localeCompare(b.name));
}

/**
 * How to start the server prepare could not reach: for a local server on Debian/Ubuntu the pg_ctlcluster command
 * of the cluster configured for postgres.port (else the newest), naming the others when there are several.
 */
export function postgresStartHint(s: Pick<PostgresSettings, "host" | "port">, etcDir = "/etc/postgresql"): string {
  if (!LOCAL_HOSTS.has(s.host)) return `start the PostgreSQL server at ${s.host}:${s.port}, or point postgres.host/postgres.port at a running one`;
  const clusters = debianClusters(etcDir);
  const chosen = clusters.find((c) => c.port === s.port) ?? clusters[0];
  if (!chosen) return `pg_ctl -D <data directory> start (or your service manager), listening on ${s.host}:${s.port}`;
  const command = `pg_ctlcluster --skip-systemctl-redirect ${chosen.version} ${chosen.name} start`;
  if (clusters.length === 1) return command;
  const list = clusters.map((c) => `${c.version}/${c.name}${c.port === undefined ? "" : ` port ${c.port}`}`).join(", ");
  return `${command} (clusters here: ${list}; pg_lsclusters shows them)`;
}

/** SQLSTATEs of a server that answered but will not let this user in here, with what they mean. */
const REFUSED_BY_SERVER: Record<string, string> = {
  "28P01": "password authentication failed",
  "28000": "not authorised (no such role, or no pg_hba.conf entry for this host, user and database)",
  "3D000": "the database does not exist",
  "42501": "permission denied",
  "53300": "too many connections",
};

/**
 * Whether a connection error means that no server answered (refused, unreachable, timed out, still starting):
 * the case for a start hint. A server that answered and said no (authentication, a missing database) is not that.
 */
export function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string") {
    // Any other code is not "no server": another SQLSTATE means the server answered; ENOTFOUND, EAI_AGAIN, ...: a name
    // that does not resolve is a setting to fix, not a server to start.
    return ["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ENOENT", "57P03"].includes(code);
  }
  // pg's own connection timeout (connectionTimeoutMillis) and a socket closed before the startup answer carry no code.
  return err instanceof Error && /timeout|timed out|Connection terminated/i.test(err.message);
}

/**
 * Connects to the maintenance database. TargetUnavailable (skipped, with the start command) only when no server
 * answered; a server that refused this user or database is an error that says so (no start command would help).
 */
export async function connectAdmin(s: PostgresSettings): Promise<pg.Client> {
  try {
    return await connectPostgres(s, s.maintenanceDatabase);
  } catch (err) {
    if (isUnreachable(err)) {
      throw new TargetUnavailable("postgres", `no PostgreSQL at ${s.host}:${s.port} (${describeError(err)})`, postgresStartHint(s));
    }
    const meaning = REFUSED_BY_SERVER[pgCode(err) ?? ""];
    throw new Error(
      `postgres: the server at ${s.host}:${s.port} refused user ${s.user} on database ${s.maintenanceDatabase}` +
        `${meaning ? `: ${meaning}` : ""} (${describeError(err)}); check postgres.user, postgres.password, postgres.database`,
    );
  }
}

function pgCode(err: unknown): string | undefined {
  return (err as { code?: string })?.code;
}

/**
 * Creates the shard databases that are missing. Returns the shard mode actually usable: "schemas" when the
 * user may not create databases (then the shards are schemas of the maintenance database).
 */
async function ensureShards(admin: pg.Client, s: PostgresSettings): Promise<PostgresSettings> {
  if (s.shardMode === "databases") {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database");
    const existing = new Set(rows.map((r) => r.datname));
    for (let i = 0; i < s.shards; i++) {
      const name = shardName(s, i);
      if (existing.has(name)) continue;
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (err) {
        // 42P04 duplicate_database, 23505: another process created it between our look and our create.
        if (pgCode(err) === "42P04" || pgCode(err) === "23505") continue;
        // 42501 insufficient_privilege: shards as schemas instead.
        if (pgCode(err) === "42501") return ensureShards(admin, { ...s, shardMode: "schemas" });
        throw err;
      }
    }
    return s;
  }
  for (let i = 0; i < s.shards; i++) {
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(shardName(s, i))}`);
    } catch (err) {
      // Concurrent CREATE SCHEMA IF NOT EXISTS can still collide on the catalog's unique index.
      if (pgCode(err) !== "23505" && pgCode(err) !== "42P06") throw err;
    }
  }
  return s;
}

/** Runs `work` on a connection to each shard's database, one shard at a time, closing each. */
async function forEachShard(s: PostgresSettings, work: (client: pg.Client, shard: number) => Promise<void>): Promise<void> {
  for (let shard = 0; shard < s.shards; shard++) {
    const client = await connectPostgres(s, shardDatabase(s, shard));
    try {
      await work(client, shard);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** The columns a shard's table has, or null when it does not exist. */
async function tableColumns(client: pg.Client, s: PostgresSettings, shard: number, table: string): Promise<string[] | null> {
  const ref = tableRef(s, shard, table);
  const present = await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [ref]);
  if (!present.rows[0]?.present) return null;
  const { rows } = await client.query<{ attname: string }>(
    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
    [ref],
  );
  return rows.map((r) => r.attname);
}

/** Drops the table from every shard (for tests that made their own table). */
export async function dropPostgresTable(properties: Readonly<Properties>, table: string): Promise<void> {
  const s = postgresSettings(properties);
  await forEachShard(s, async (client, shard) => {
    await client.query(`DROP TABLE IF EXISTS ${tableRef(s, shard, table)}`);
  });
}

/** The postmaster's pid from its pid file, when the server runs here and the file is readable; else none. */
async function postmasterPid(admin: pg.Client, s: PostgresSettings): Promise<number[]> {
  if (!LOCAL_HOSTS.has(s.host)) return [];
  try {
    const { rows } = await admin.query<{ data_directory: string }>("SHOW data_directory");
    const dir = rows[0]?.data_directory;
    if (!dir) return [];
    const pid = Number((await readFile(join(dir, "postmaster.pid"), "utf8")).split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? [pid] : [];
  } catch {
    return [];
  }
}

export const postgresTarget: TargetDefinition = {
  name: "postgres",
  summary:
    "PostgreSQL (already running, default 127.0.0.1:5432 user postgres): postgres.shards databases, rows hashed to a shard by key, ten text columns (or JSONB), as YCSB's JDBC binding",
  bindingModule: new URL("../bindings/postgres.ts", import.meta.url).href,

  async prepare(properties: Readonly<Properties>, phase): Promise<PreparedTarget> {
    const requested = postgresSettings(properties);
    const table = tableName(properties);
    const admin = await connectAdmin(requested);
    let s: PostgresSettings;
    let version: string;
    let pids: number[];
    try {
      version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "unknown";
      s = await ensureShards(admin, requested);
      pids = await postmasterPid(admin, s);
    } finally {
      await admin.end().catch(() => {});
    }

    await forEachShard(s, async (client, shard) => {
      if (phase === "load") {
        await client.query(`DROP TABLE IF EXISTS ${tableRef(s, shard, table)}`);
        await client.query(createTableSql(s, shard, table));
        return;
      }
      const columns = await tableColumns(client, s, shard, table);
      const where = `${shardDatabase(s, shard)}${s.shardMode === "schemas" ? `.${shardName(s, shard)}` : ""}`;
      if (columns === null) throw new Error(`postgres: table ${table} does not exist in ${where}; run the load phase first`);
      const expected = s.layout === "jsonb" ? ["fields"] : s.fields;
      const missing = expected.filter((c) => !columns.includes(c));
      if (missing.length > 0) {
        throw new Error(`postgres: table ${table} in ${where} lacks column(s) ${missing.join(", ")} for postgres.layout=${s.layout}; load again with this layout`);
      }
    });

    return {
      properties: {
        ...properties,
        table,
        "postgres.host": s.host,
        "postgres.port": String(s.port),
        "postgres.shards": String(s.shards),
        "postgres.shardmode": s.shardMode,
        "postgres.layout": s.layout,
        "postgres.scan": s.scan,
      },
      description: {
        target: "postgres",
        endpoint: `${s.host}:${s.port}`,
        serverVersion: version,
        shards: s.shards,
        shardMode: s.shardMode,
        shardNames: Array.from({ length: s.shards }, (_, i) => shardName(s, i)).join(","),
        layout: s.layout,
        scan: s.scan === "shard" ? "start key's shard only (YCSB JDBC)" : "all shards, merged by key",
        connectionsPerShardPerThread: s.connectionsPerShard,
        shardFunction: "Math.abs(Java String.hashCode(key)) % shards (YCSB JDBC)",
      },
      // The postmaster. Each connection's backend is its child process: the CPU sampling (runner/cpu.ts) counts
      // a server pid's whole process tree, so the backends' work is in the server CPU.
      serverPids: pids,
      close: async () => {},
    };
  },
};
