/**
 * The shared binding contract against the sqlite target, on a database file in a temporary directory,
 * plus what the target itself promises: a run phase refuses a table that was never loaded, and threads'
 * connections share one file (a second binding sees the first one's writes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bindingContract } from "../bindings/contract.case.js";
import { createBinding } from "../bindings/sqlite.js";
import { sqliteTarget } from "./sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "shvm-sqlite-contract-"));
const path = join(dir, "ycsb.db");

bindingContract("sqlite", async () => ({ target: sqliteTarget, properties: { "sqlite.path": path } }));

describe("sqlite target", () => {
  it("a run needs a loaded table; two connections share the file", async () => {
    const properties = { "sqlite.path": path, table: "shared" };
    await expect(sqliteTarget.prepare(properties, "run")).rejects.toThrow(/run the load phase first/);
    const prepared = await sqliteTarget.prepare(properties, "load");
    expect(prepared.properties["sqlite.path"]).toBe(path);
    expect(prepared.description.journalMode).toBe("wal");
    const a = await createBinding(prepared.properties, 0);
    const b = await createBinding(prepared.properties, 1);
    await a.init?.();
    await b.init?.();
    try {
      expect(await a.insert("shared", "user1", { field0: "x" })).toBe("OK");
      expect(await b.read("shared", "user1", null)).toEqual({ status: "OK", record: { field0: "x" } });
      expect(await b.update("shared", "nobody", { field1: "y" })).toBe("NOT_FOUND");
      expect(await b.delete("shared", "user1")).toBe("OK");
      expect(await a.delete("shared", "user1")).toBe("NOT_FOUND");
    } finally {
      await a.cleanup?.();
      await b.cleanup?.();
    }
    await expect(sqliteTarget.prepare(properties, "run")).resolves.toBeDefined();
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
