/** The partition Durable Object inside workerd: SQLite semantics of each request. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Partition } from "../src/partition/partition.js";
import type { Env } from "../src/router/env.js";

const bindings = env as unknown as Env;
const enc = new TextEncoder();
const key = (pk: string, sk = "") => ({ pk: enc.encode(pk), sk: enc.encode(sk) });
let n = 0;
const fresh = () => bindings.PARTITION.get(bindings.PARTITION.idFromName(`test-${n++}-${Math.random()}`));

describe("Partition.execute", () => {
  it("puts, gets and deletes an item", async () => {
    const p = fresh();
    const item = JSON.stringify({ id: { S: "a" }, v: { N: "1" } });
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({});
    expect(await p.execute({ op: "PutItem", put: { ...key("a"), item, size: 10 }, returnOld: false })).toEqual({});
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({ found: { item, size: 10 } });
    expect(await p.execute({ op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({ old: { item, size: 10 } });
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({});
    expect(await p.execute({ op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({});
  });

  it("returns the replaced item and bumps the version on overwrite", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("k"), item: "{\"v\":1}", size: 5 }, returnOld: false });
    const res = await p.execute({ op: "PutItem", put: { ...key("k"), item: "{\"v\":2}", size: 6 }, returnOld: true });
    expect(res).toEqual({ old: { item: "{\"v\":1}", size: 5 } });
    await runInDurableObject(p, (_obj: Partition, state) => {
      const row = state.storage.sql.exec<{ version: number; item: string }>("SELECT version, item FROM items").one();
      expect(row).toEqual({ version: 2, item: "{\"v\":2}" });
    });
  });

  it("keeps sort keys apart under one partition key", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("h", "1"), item: "1", size: 1 }, returnOld: false });
    await p.execute({ op: "PutItem", put: { ...key("h", "2"), item: "2", size: 1 }, returnOld: false });
    const got = await p.execute({ op: "BatchGetItem", keys: [key("h", "2"), key("h", "3"), key("h", "1")] });
    expect(got).toEqual({ found: [{ item: "2", size: 1 }, null, { item: "1", size: 1 }] });
    expect(await p.execute({ op: "Stats" })).toEqual({ items: 2, bytes: 2 });
  });

  it("applies a batch write all together and reports old sizes", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("x"), item: "x", size: 3 }, returnOld: false });
    const res = await p.execute({
      op: "BatchWriteItem",
      writes: [{ put: { ...key("x"), item: "x2", size: 4 } }, { put: { ...key("y"), item: "y", size: 2 } }, { delete: key("z") }],
      returnOldSizes: true,
    });
    expect(res).toEqual({ oldSizes: [3, null, null] });
    expect(await p.execute({ op: "Stats" })).toEqual({ items: 2, bytes: 6 });
  });

  it("rolls a failing batch back entirely", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("keep"), item: "k", size: 1 }, returnOld: false });
    // A NULL item violates NOT NULL on the second write: the first must not survive either.
    // Called inside the object so the failure is a plain throw, not an RPC rejection.
    await runInDurableObject(p, (obj: Partition) => {
      expect(() =>
        obj.execute({
          op: "BatchWriteItem",
          writes: [{ put: { ...key("a"), item: "a", size: 1 } }, { put: { ...key("b"), item: null as unknown as string, size: 1 } }],
          returnOldSizes: false,
        }),
      ).toThrow(/NOT NULL/);
    });
    expect(await p.execute({ op: "Stats" })).toEqual({ items: 1, bytes: 1 });
  });

  it("answers dropped after Drop, and has reclaimed its items", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    await p.execute({ op: "Drop" });
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({ dropped: true });
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM items").one().n).toBe(0);
    });
  });

  it("counts its starts once it holds data", async () => {
    const p = fresh();
    await p.execute({ op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT value FROM meta WHERE key = 'starts'").one().value).toBe(1);
    });
  });

  it("answers reads of a never-written partition without creating its schema", async () => {
    const p = fresh();
    expect(await p.execute({ op: "Stats" })).toEqual({ items: 0, bytes: 0 });
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({});
    expect(await p.execute({ op: "BatchGetItem", keys: [key("a"), key("b")] })).toEqual({ found: [null, null] });
    expect(await p.execute({ op: "DeleteItem", key: key("a"), returnOld: true })).toEqual({});
    await runInDurableObject(p, (_obj: Partition, state) => {
      expect(state.storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 'items'").one().n).toBe(0);
    });
    await p.execute({ op: "PutItem", put: { ...key("a"), item: "a", size: 1 }, returnOld: false });
    expect(await p.execute({ op: "GetItem", key: key("a") })).toEqual({ found: { item: "a", size: 1 } });
  });
});
