/** The partition Durable Object inside workerd: SQLite semantics of each request. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Partition } from "../src/partition/partition.js";
import { decodeCallStats, type CallStatsWire, type PartitionRequest } from "../src/partition/protocol.js";
import type { Env } from "../src/router/env.js";

const bindings = env as unknown as Env;
const enc = new TextEncoder();
const key = (pk: string, sk = "") => ({ pk: enc.encode(pk), sk: enc.encode(sk) });
let n = 0;
/** execute's result (the reply without its metrics). */
const run = async (p: DurableObjectStub<Partition>, req: PartitionRequest): Promise<unknown> => (await p.execute(req)).result;
/** execute's CallStats, decoded from the wire tuple. */
const statsOf = async (p: DurableObjectStub<Partition>, req: PartitionRequest) => decodeCallStats((await p.execute(req)).stats as CallStatsWire);
const fresh = () => bindings.PARTITION.get(bindings.PARTITION.idFromName(`test-${n++}-${Math.random()}`));

describe("Partition.execute", () => {
  it("puts, gets and deletes an item", async () => {
    const p = fresh();
    const item = JSON.stringify({ id: { S: "a" }, v: { N: "1" } });
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({});
    expect(await run(p, { op: "PutItem", put: { ...key("a"), item, size: 10 }, returnOld: false })).toEqual({});
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({ found: { item, size: 10 } });
    expect(await run(p, { op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({ old: { item, size: 10 } });
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({});
    expect(await run(p, { op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({});
  });

  it("returns the replaced item and bumps the version on overwrite", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("k"), item: "{\"v\":1}", size: 5 }, returnOld: false });
    const res = await run(p, { op: "PutItem", put: { ...key("k"), item: "{\"v\":2}", size: 6 }, returnOld: true });
    expect(res).toEqual({ old: { item: "{\"v\":1}", size: 5 } });
    await runInDurableObject(p, (_obj: Partition, state) => {
      const row = state.storage.sql.exec<{ version: number; item: string }>("SELECT version, item FROM items").one();
      expect(row).toEqual({ version: 2, item: "{\"v\":2}" });
    });
  });

  it("keeps sort keys apart under one partition key", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("h", "1"), item: "1", size: 1 }, returnOld: false });
    await run(p, { op: "PutItem", put: { ...key("h", "2"), item: "2", size: 1 }, returnOld: false });
    const got = await run(p, { op: "BatchGetItem", keys: [key("h", "2"), key("h", "3"), key("h", "1")], maxBytes: 1 << 20 });
    expect(got).toEqual({ found: [{ item: "2", size: 1 }, null, { item: "1", size: 1 }] });
    expect(await run(p, { op: "Stats" })).toEqual({ items: 2, bytes: 2 });
  });

  it("stops a batch read once its byte budget is spent, leaving the rest unread", async () => {
    const p = fresh();
    for (const s of ["1", "2", "3"]) await run(p, { op: "PutItem", put: { ...key("h", s), item: "x".repeat(10), size: 10 }, returnOld: false });
    const got = await run(p, { op: "BatchGetItem", keys: [key("h", "1"), key("h", "2"), key("h", "3")], maxBytes: 15 });
    // 10 bytes read (under 15): read on; 20 bytes (over): stop before the third.
    expect(got).toEqual({ found: [{ item: "x".repeat(10), size: 10 }, { item: "x".repeat(10), size: 10 }] });
  });

  it("applies a batch write all together and reports old sizes", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("x"), item: "x", size: 3 }, returnOld: false });
    const res = await run(p, {
      op: "BatchWriteItem",
      writes: [{ put: { ...key("x"), item: "x2", size: 4 } }, { put: { ...key("y"), item: "y", size: 2 } }, { delete: key("z") }],
      returnOldSizes: true,
    });
    expect(res).toEqual({ oldSizes: [3, null, null] });
    expect(await run(p, { op: "Stats" })).toEqual({ items: 2, bytes: 6 });
  });

  it("rolls a failing batch back entirely", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("keep"), item: "k", size: 1 }, returnOld: false });
    // A NULL item violates NOT NULL on the second write: the first must not survive either.
    // Called inside the object so the failure is the SQLite error itself, not an RPC rejection (a write runs at the
    // group commit, so the call's promise rejects with it).
    await runInDurableObject(p, async (obj: Partition) => {
      await expect(
        obj.execute({
          op: "BatchWriteItem",
          writes: [{ put: { ...key("a"), item: "a", size: 1 } }, { put: { ...key("b"), item: null as unknown as string, size: 1 } }],
          returnOldSizes: false,
        }),
      ).rejects.toThrow(/NOT NULL/);
    });
    expect(await run(p, { op: "Stats" })).toEqual({ items: 1, bytes: 1 });
  });

  it("answers dropped after Drop, and has reclaimed its items", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    await run(p, { op: "Drop" });
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({ dropped: true });
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM items").one().n).toBe(0);
    });
  });

  it("counts its starts once it holds data", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT value FROM meta WHERE key = 'starts'").one().value).toBe(1);
    });
  });

  it("answers reads of a never-written partition without creating its schema", async () => {
    const p = fresh();
    expect(await run(p, { op: "Stats" })).toEqual({ items: 0, bytes: 0 });
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({});
    expect(await run(p, { op: "BatchGetItem", keys: [key("a"), key("b")], maxBytes: 1 << 20 })).toEqual({ found: [null, null] });
    expect(await run(p, { op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({});
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 'items'").one().n).toBe(0);
    });
    await run(p, { op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    expect(await run(p, { op: "GetItem", key: key("a") })).toEqual({ found: { item: "a", size: 1 } });
  });
});

describe("Partition.execute: conditions and updates", () => {
  const enc2 = new TextEncoder();
  const k = (pk: string) => ({ pk: enc2.encode(pk), sk: new Uint8Array(0) });

  it("evaluates a delete's condition even on a never-written partition", async () => {
    const p = fresh();
    const { compileRequest } = await import("../src/expressions/index.js");
    const c = compileRequest({ condition: "attribute_exists(id)" });
    expect(await run(p, { op: "DeleteItem", key: k("a"), returnOld: false, condition: c.condition! })).toEqual({ conditionFailed: true });
  });

  it("creates an item on update, then updates it, in the same partition", async () => {
    const p = fresh();
    const { compileRequest } = await import("../src/expressions/index.js");
    const c = compileRequest({ update: "SET v = :v", values: { ":v": { N: "1" } } });
    const first = await run(p, { op: "UpdateItem", key: k("a"), keyItem: { id: { S: "a" } }, keyInfo: { hashName: "id", hashType: "S" }, update: c.update!, returnOld: false, returnNew: true, returnUpdated: false });
    expect(first).toMatchObject({ newItem: JSON.stringify({ id: { S: "a" }, v: { N: "1" } }) });
    const c2 = compileRequest({ update: "SET v = v + :v", values: { ":v": { N: "2" } } });
    const second = await run(p, { op: "UpdateItem", key: k("a"), keyItem: { id: { S: "a" } }, keyInfo: { hashName: "id", hashType: "S" }, update: c2.update!, returnOld: true, returnNew: false, returnUpdated: true });
    expect(second).toMatchObject({ updatedOld: { v: { N: "1" } }, updatedNew: { v: { N: "3" } } });
  });
});

describe("Partition call stats (metrics)", () => {
  it("reports SQLite's row counters, the database size and the restart counter with each reply", async () => {
    const p = fresh();
    const miss = await statsOf(p, { op: "GetItem", key: key("a") });
    // A never-written partition answers without touching SQLite tables and has not started with data yet.
    expect(miss).toMatchObject({ rowsRead: 0, rowsWritten: 0, starts: 0 });
    expect(miss.databaseSize).toBeGreaterThan(0); // the object's first call reports the size
    // Within a second of that report, a write does not read the size again (it costs half a point read).
    const put = await statsOf(p, { op: "PutItem", put: { ...key("a"), item: "{}", size: 2 }, returnOld: false });
    // An insert writes two rows as SQLite counts them: the item and its entry in the key index.
    expect(put).toMatchObject({ rowsWritten: 2, starts: 1, databaseSize: null });
    // A second later, the next call — a read — reports the size the write left; the one after it has nothing new.
    await new Promise((r) => setTimeout(r, 1_100));
    const hit = await statsOf(p, { op: "GetItem", key: key("a") });
    expect(hit).toMatchObject({ rowsRead: 1, rowsWritten: 0, starts: 1 });
    expect(hit.databaseSize).toBeGreaterThan(0);
    expect((await statsOf(p, { op: "GetItem", key: key("a") })).databaseSize).toBeNull();
    // A count (the scrape's) always reports it.
    await p.execute({ op: "PutItem", put: { ...key("b"), item: "{}", size: 2 }, returnOld: false });
    expect((await statsOf(p, { op: "CountItems" })).databaseSize).toBeGreaterThan(0);
    for (const s of ["1", "2", "3"]) await p.execute({ op: "PutItem", put: { ...key("q", s), item: "{}", size: 2 }, returnOld: false });
    const q = await statsOf(p, { op: "Query", pk: enc.encode("q"), range: {}, forward: true, limit: 100, maxSize: 1 << 20 });
    expect(q.rowsRead).toBe(3);
    expect(q.startedAt).toBeLessThanOrEqual(Date.now());
    // The local runtime's clock moves during work, so the object times itself (never a frozen 0 stands in).
    expect(typeof hit.ms).toBe("number");
  });
});

describe("Partition schema", () => {
  /** Schema version 1 as it shipped: items WITHOUT ROWID, keyed on (pk, sk), the item before its size. */
  const V1 = `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID;
    CREATE TABLE items (pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (pk, sk)) WITHOUT ROWID;
    CREATE TABLE lsi_entries (index_name TEXT NOT NULL, pk BLOB NOT NULL, isk BLOB NOT NULL, sk BLOB NOT NULL, PRIMARY KEY (index_name, pk, isk, sk)) WITHOUT ROWID;`;

  it("migrates a version-1 database on start (to version 3), keeping every row, its version and the restart counter", async () => {
    const id = bindings.PARTITION.idFromName(`v1-${Math.random()}`);
    const old = bindings.PARTITION.get(id);
    await runInDurableObject(old, (_obj: Partition, state) => {
      state.storage.sql.exec(V1);
      for (let i = 0; i < 50; i++) {
        state.storage.sql.exec("INSERT INTO items VALUES (?, ?, ?, ?, ?)", enc.encode(`k${i}`), enc.encode(""), `{"i":${i}}`, 10 + i, i + 1);
      }
      state.storage.sql.exec("INSERT INTO meta VALUES ('schema_version', 1), ('starts', 3)");
    });
    // A new instance runs the constructor on the version-1 file, as after an upgrade and a restart.
    await runInDurableObject(old, (_obj: Partition, state) => state.abort("restart")).catch(() => undefined);
    const p = bindings.PARTITION.get(id);
    expect(await run(p, { op: "GetItem", key: key("k7") })).toEqual({ found: { item: '{"i":7}', size: 17 } });
    expect(await run(p, { op: "Stats" })).toEqual({ items: 50, bytes: 50 * 10 + (49 * 50) / 2 });
    const scan = (await run(p, { op: "Scan", limit: 100, maxSize: 1e9 })) as { rows: unknown[] };
    expect(scan.rows).toHaveLength(50);
    await runInDurableObject(p, (_obj: Partition, state) => {
      const sql = state.storage.sql;
      expect(sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value).toBe(3);
      expect(sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'starts'").one().value).toBe(4);
      expect(sql.exec<{ version: number }>("SELECT version FROM items WHERE pk = ?", enc.encode("k9")).one().version).toBe(10);
      const objects = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE tbl_name LIKE 'items%' ORDER BY name").toArray().map((r) => r.name);
      expect(objects).toEqual(["items", "items_expires", "items_key"]); // items_v1 and its automatic key index are gone
      // The rebuilt table has rowids (a WITHOUT ROWID table would refuse this query).
      expect(sql.exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'items'").one().sql).not.toMatch(/WITHOUT ROWID/);
      expect(sql.exec<{ n: number }>("SELECT count(rowid) AS n FROM items").one().n).toBe(50);
    });
    // A second start changes nothing (the version is 3 now: no second migration).
    await runInDurableObject(p, (_obj: Partition, state) => state.abort("restart")).catch(() => undefined);
    const again = bindings.PARTITION.get(id);
    expect(await run(again, { op: "Stats" })).toEqual({ items: 50, bytes: 50 * 10 + (49 * 50) / 2 });
    // Writes go on as before: an overwrite bumps the kept version.
    await run(again, { op: "PutItem", put: { ...key("k9"), item: '{"i":"new"}', size: 5 }, returnOld: false });
    await runInDurableObject(again, (_obj: Partition, state) => {
      expect(state.storage.sql.exec<{ version: number }>("SELECT version FROM items WHERE pk = ?", enc.encode("k9")).one().version).toBe(11);
      expect(state.storage.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'starts'").one().value).toBe(5);
    });
  });
});

describe("Partition schema 2 to 3", () => {
  /** Schema version 2 as it shipped: the rowid items table and its key index, no TTL column. */
  const V2 = `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID;
    CREATE TABLE items (pk BLOB NOT NULL, sk BLOB NOT NULL, size INTEGER NOT NULL, version INTEGER NOT NULL, item TEXT NOT NULL);
    CREATE UNIQUE INDEX items_key ON items (pk, sk);
    CREATE TABLE lsi_entries (index_name TEXT NOT NULL, pk BLOB NOT NULL, isk BLOB NOT NULL, sk BLOB NOT NULL, PRIMARY KEY (index_name, pk, isk, sk)) WITHOUT ROWID;`;

  it("adds the TTL column and its index to a version-2 database, keeping every row", async () => {
    const id = bindings.PARTITION.idFromName(`v2-${Math.random()}`);
    const old = bindings.PARTITION.get(id);
    await runInDurableObject(old, (_obj: Partition, state) => {
      state.storage.sql.exec(V2);
      for (let i = 0; i < 20; i++) {
        state.storage.sql.exec("INSERT INTO items (pk, sk, size, version, item) VALUES (?, ?, ?, ?, ?)", enc.encode(`k${i}`), enc.encode(""), 5, 2, `{"i":${i}}`);
      }
      state.storage.sql.exec("INSERT INTO meta VALUES ('schema_version', 2), ('starts', 1)");
    });
    await runInDurableObject(old, (_obj: Partition, state) => state.abort("restart")).catch(() => undefined);
    const p = bindings.PARTITION.get(id);
    expect(await run(p, { op: "GetItem", key: key("k3") })).toEqual({ found: { item: '{"i":3}', size: 5 } });
    await run(p, { op: "PutItem", put: { ...key("k3"), item: '{"i":"new"}', size: 6 }, returnOld: false });
    await runInDurableObject(p, (_obj: Partition, state) => {
      const sql = state.storage.sql;
      expect(sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value).toBe(3);
      expect(sql.exec<{ n: number }>("SELECT count(*) AS n FROM items WHERE expires IS NULL").one().n).toBe(20);
      expect(sql.exec<{ version: number }>("SELECT version FROM items WHERE pk = ?", enc.encode("k3")).one().version).toBe(3);
      expect(sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'items_expires'").toArray()).toHaveLength(1);
    });
  });
});

describe("Partition group commit", () => {
  it("runs the writes of one turn in arrival order, each with its own answer; a failing one fails alone", async () => {
    const p = fresh();
    await runInDurableObject(p, async (obj: Partition) => {
      const put = (k: string, item: string | null, size = 1) =>
        obj.execute({ op: "PutItem", put: { ...key(k), item: item as string, size }, returnOld: true }) as Promise<{ result: unknown }>;
      // Issued in one turn: they wait for the next one, and run there in this order.
      const calls = [put("a", "1"), put("a", "2"), put("b", null), put("a", "3", 3), put("c", "c")];
      const settled = await Promise.allSettled(calls);
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
      const results = settled.map((s) => (s.status === "fulfilled" ? s.value.result : String(s.reason)));
      // Each replaced what the one before it wrote: the order of arrival.
      expect(results[0]).toEqual({});
      expect(results[1]).toEqual({ old: { item: "1", size: 1 } });
      expect(results[2]).toMatch(/NOT NULL/);
      expect(results[3]).toEqual({ old: { item: "2", size: 1 } });
      // A read issued now runs at once, after that turn: it sees the last write.
      expect((await obj.execute({ op: "GetItem", key: key("a") })).result).toEqual({ found: { item: "3", size: 3 } });
    });
    expect(await run(p, { op: "Stats" })).toEqual({ items: 2, bytes: 4 });
  });

  it("lets a read issued before the queued writes run see the state before them", async () => {
    const p = fresh();
    await run(p, { op: "PutItem", put: { ...key("k"), item: "old", size: 1 }, returnOld: false });
    await runInDurableObject(p, async (obj: Partition) => {
      const write = obj.execute({ op: "PutItem", put: { ...key("k"), item: "new", size: 1 }, returnOld: false });
      // Not yet acknowledged, so either order is valid; this one runs first.
      expect((obj.execute({ op: "GetItem", key: key("k") }) as { result: unknown }).result).toEqual({ found: { item: "old", size: 1 } });
      await write;
      expect((obj.execute({ op: "GetItem", key: key("k") }) as { result: unknown }).result).toEqual({ found: { item: "new", size: 1 } });
    });
  });
});

describe("Partition local secondary indexes", () => {
  it("indexes the items it held before it first saw its table's LSIs, and keeps them in index order", async () => {
    const p = fresh();
    // Written as an engine that did not maintain LSIs would have: no specs on the writes.
    for (const [sk, score] of [["a", 3], ["b", 1], ["c", 2]] as const) {
      await run(p, { op: "PutItem", put: { ...key("h", sk), item: JSON.stringify({ h: { S: "h" }, s: { S: sk }, score: { N: String(score) } }), size: 10 }, returnOld: false });
    }
    await run(p, { op: "PutItem", put: { ...key("h", "none"), item: JSON.stringify({ h: { S: "h" }, s: { S: "none" } }), size: 10 }, returnOld: false });
    // The first write carrying the specs indexes what is already there (and itself).
    const lsis = [{ name: "by-score", attr: "score", type: "N" as const }];
    await run(p, { op: "PutItem", put: { ...key("h", "d"), item: JSON.stringify({ h: { S: "h" }, s: { S: "d" }, score: { N: "0" } }), size: 10 }, returnOld: false, lsis });
    const res = (await run(p, { op: "IndexQuery", index: "by-score", pk: enc.encode("h"), range: {}, forward: true, limit: 100, maxSize: 1e9 })) as { rows: { item: string }[] };
    expect(res.rows.map((r) => (JSON.parse(r.item) as { s: { S: string } }).s.S)).toEqual(["d", "b", "c", "a"]);
  });
});
