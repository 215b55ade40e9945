/**
 * The shared binding contract against the shvm target, which starts its own local shvm-db (workerd) over a
 * temporary state folder, plus what the target promises: a load is there for a later run (a second server
 * on the same state folder), a run needs a loaded table, close() stops workerd, and a given endpoint that
 * does not answer is TargetUnavailable.
 *
 * shvm-db scans walk hash order (README: a Scan is one ordered walk over (hash, key)): "table" order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bindingContract } from "../bindings/contract.case.js";
import { createBinding } from "../bindings/dynamodb.js";
import { TargetUnavailable } from "../target.js";
import { freePort, processAlive } from "./local-server.js";
import { shvmPartitions, shvmTarget } from "./shvm.js";

const dir = mkdtempSync(join(tmpdir(), "shvm-target-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

bindingContract(
  "shvm (local shvm-db, YCSB's calls)",
  async () => ({ target: shvmTarget, properties: { "shvm.stateDir": join(dir, "contract"), "shvm.partitions": "4" } }),
  { scanOrder: "table" },
);

describe("shvm target", () => {
  it("a load is there for a later run on the same state; a run needs a loaded table; close stops workerd", async () => {
    const properties = { "shvm.stateDir": join(dir, "persist"), table: "persisted", "dynamodb.api": "expressions" };
    const load = await shvmTarget.prepare(properties, "load");
    const pid = load.serverPids[0] as number;
    try {
      expect(load.description.tableCreated).toBe(true);
      expect(load.description["tag shvm:partitions"]).toBe("8");
      const b = await createBinding(load.properties, 0);
      expect(await b.insert("persisted", "user1", { field0: "kept" })).toBe("OK");
      expect(await b.update("persisted", "user1", { field1: "also" })).toBe("OK");
      await b.cleanup?.();
    } finally {
      await load.close();
      await load.close();
    }
    expect(processAlive(pid)).toBe(false);

    const run = await shvmTarget.prepare(properties, "run");
    try {
      const b = await createBinding(run.properties, 0);
      expect(await b.read("persisted", "user1", null)).toEqual({ status: "OK", record: { field0: "kept", field1: "also" } });
      await b.cleanup?.();
      await expect(shvmTarget.prepare({ "shvm.endpoint": run.properties["dynamodb.endpoint"] as string, table: "never_loaded" }, "run")).rejects.toThrow(
        /run the load phase first/,
      );
    } finally {
      await run.close();
    }
  }, 120_000);

  it("a given endpoint that does not answer is TargetUnavailable", async () => {
    const port = await freePort();
    const failure = await shvmTarget.prepare({ "shvm.endpoint": `http://127.0.0.1:${port}` }, "load").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TargetUnavailable);
    expect((failure as TargetUnavailable).startHint).toMatch(/npm start/);
  }, 30_000);

  it("shvm.partitions defaults to 8 and must be 1 to 1024", () => {
    expect(shvmPartitions({})).toBe(8);
    expect(shvmPartitions({ "shvm.partitions": "1024" })).toBe(1024);
    expect(() => shvmPartitions({ "shvm.partitions": "0" })).toThrow();
    expect(() => shvmPartitions({ "shvm.partitions": "1025" })).toThrow();
  });
});
