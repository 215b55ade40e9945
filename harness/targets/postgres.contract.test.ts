/**
 * The shared binding contract against the postgres target, in both layouts (ten text columns, JSONB), plus
 * the target's own promises: rows land in the shard their key hashes to, a run phase refuses a table that
 * was never loaded, and an unreachable server is TargetUnavailable with the start command. Skips, with that
 * command, when no PostgreSQL answers at 127.0.0.1:5432 (PGHOST/PGPORT override); here and in CI it runs.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { bindingContract } from "../bindings/contract.case.js";
import { describeError, shardOfKey } from "../bindings/peer-support.js";
import { connectPostgres, createBinding, postgresSettings, shardDatabase } from "../bindings/postgres.js";
import { TargetUnavailable } from "../target.js";
import { connectAdmin, dropPostgresTable, postgresStartHint, postgresTarget } from "./postgres.js";

const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
const base = { "postgres.host": process.env.PGHOST ?? "127.0.0.1", "postgres.port": process.env.PGPORT ?? "5432" };
const tables: string[] = [];

/** The target and properties for one suite, or why it cannot run here. */
async function open(table: string, extra: Record<string, string> = {}) {
  const properties = { ...base, ...extra, table };
  try {
    const admin = await connectAdmin(postgresSettings(properties));
    await admin.end();
  } catch (err) {
    // TargetUnavailable's message names the server, the cause and the start command.
    return { skip: describeError(err) };
  }
  tables.push(table);
  return { target: postgresTarget, properties };
}

// The contract's scan case wants the whole table's key order; YCSB JDBC's default scan (postgres.scan=shard)
// sees only the start key's shard, so the suites run where both agree: every shard merged (scan=all), or one
// shard. The shard-local scan itself is checked below.
bindingContract("postgres (columns, 4 shards, scan=all)", () => open(`contract_pg_${suffix}`, { "postgres.scan": "all" }));
bindingContract("postgres (jsonb, 1 shard, 2 connections)", () =>
  open(`contract_pgj_${suffix}`, { "postgres.layout": "jsonb", "postgres.shards": "1", "postgres.connectionspershard": "2" }),
);
// Shards as schemas of the maintenance database (the fallback when databases cannot be created), under a
// prefix of this file's own so its schemas can be dropped afterwards.
const schemaPrefix = `ct_${suffix}_s`;
bindingContract("postgres (schemas, 2 shards, scan=all)", () =>
  open(`contract_pgsc_${suffix}`, { "postgres.shardmode": "schemas", "postgres.dbprefix": schemaPrefix, "postgres.shards": "2", "postgres.scan": "all" }),
);

describe("postgres target", () => {
  it("prepare answers TargetUnavailable with the start command when nothing listens", async () => {
    const err = await postgresTarget.prepare({ "postgres.port": "1" }, "load").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnavailable);
    expect((err as TargetUnavailable).startHint).toBe(postgresStartHint({ host: "127.0.0.1", port: 1 }));
  });

  it("a running server that refuses the user or lacks the database is an error saying so, not 'not running'", async (ctx) => {
    const opened = await open(`contract_pgauth_${suffix}`);
    if ("skip" in opened) return ctx.skip(opened.skip);
    const role = await postgresTarget.prepare({ ...base, "postgres.user": `nosuchrole_${suffix}` }, "load").catch((e: unknown) => e);
    expect(role).not.toBeInstanceOf(TargetUnavailable);
    expect(String((role as Error).message)).toMatch(/refused user nosuchrole_\w+ on database postgres: not authorised .*\(28000\)/);
    const db = await postgresTarget.prepare({ ...base, "postgres.database": `nosuchdb_${suffix}` }, "load").catch((e: unknown) => e);
    expect(db).not.toBeInstanceOf(TargetUnavailable);
    expect(String((db as Error).message)).toMatch(/the database does not exist .*\(3D000\)/);
  });

  it("puts each row in the shard its key hashes to, and a run needs a loaded table", async (ctx) => {
    const opened = await open(`contract_pgs_${suffix}`, { "postgres.shards": "3" });
    if ("skip" in opened) return ctx.skip(opened.skip);
    const { properties } = opened;
    await expect(postgresTarget.prepare(properties, "run")).rejects.toThrow(/run the load phase first/);

    const prepared = await postgresTarget.prepare(properties, "load");
    expect(prepared.properties["postgres.shards"]).toBe("3");
    const binding = await createBinding(prepared.properties, 0);
    await binding.init?.();
    const keys = Array.from({ length: 30 }, (_, i) => `user${i * 7919}`);
    try {
      for (const key of keys) expect(await binding.insert(properties.table, key, { field0: key })).toBe("OK");
    } finally {
      await binding.cleanup?.();
    }
    // Each shard's database holds exactly the keys that hash to it.
    const s = postgresSettings(prepared.properties);
    for (let shard = 0; shard < 3; shard++) {
      const client = await connectPostgres(s, shardDatabase(s, shard));
      try {
        const { rows } = await client.query<{ ycsb_key: string }>(`SELECT ycsb_key FROM "${properties.table}" ORDER BY ycsb_key`);
        expect(rows.map((r) => r.ycsb_key)).toEqual(keys.filter((k) => shardOfKey(k, 3) === shard).sort());
      } finally {
        await client.end();
      }
    }
    // The default scan reads the start key's shard only: key order, from the start key, none from other shards.
    const scanner = await createBinding(prepared.properties, 1);
    await scanner.init?.();
    try {
      const sorted = [...keys].sort();
      for (const start of sorted.slice(0, 5)) {
        const shard = shardOfKey(start, 3);
        const r = await scanner.scan(properties.table, start, 4, null);
        expect(r.status).toBe("OK");
        const expected = sorted.filter((k) => k >= start && shardOfKey(k, 3) === shard).slice(0, 4);
        expect((r.records ?? []).map((rec) => rec.field0)).toEqual(expected);
      }
    } finally {
      await scanner.cleanup?.();
    }
    // A run phase now finds the table.
    await expect(postgresTarget.prepare(properties, "run")).resolves.toBeDefined();
    await dropPostgresTable(properties, properties.table);
  }, 30_000);
});

// The suites' tables are this file's own: drop them when done.
afterAll(async () => {
  for (const table of tables) await dropPostgresTable({ ...base, "postgres.shards": "4" }, table).catch(() => {});
  const admin = await connectAdmin(postgresSettings(base)).catch(() => undefined);
  if (!admin) return;
  try {
    for (let i = 0; i < 2; i++) await admin.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}${i}" CASCADE`);
  } finally {
    await admin.end();
  }
}, 30_000);
