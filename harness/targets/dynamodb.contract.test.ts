/**
 * The shared binding contract against the dynamodb target on a dynalite child process (the target starts
 * it: no endpoint given), with both call styles, plus what the target promises: LevelDB-backed dynalite
 * keeps a loaded table for a later run, a run needs a loaded table, an unreachable endpoint is
 * TargetUnavailable, and close() leaves no process behind.
 *
 * dynalite scans walk its LevelDB key order, not the items' key order: the contract checks "table" order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bindingContract } from "../bindings/contract.case.js";
import { createBinding } from "../bindings/dynamodb.js";
import { TargetUnavailable } from "../target.js";
import { dynamodbTarget } from "./dynamodb.js";
import { freePort, processAlive } from "./local-server.js";

const dir = mkdtempSync(join(tmpdir(), "shvm-dynalite-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

bindingContract("dynamodb (dynalite, YCSB's calls)", async () => ({ target: dynamodbTarget, properties: { "dynamodb.dynalite.path": "memory" } }), {
  scanOrder: "table",
});
bindingContract(
  "dynamodb (dynalite on LevelDB, expression calls)",
  async () => ({ target: dynamodbTarget, properties: { "dynamodb.dynalite.path": join(dir, "contract"), "dynamodb.api": "expressions" } }),
  { scanOrder: "table" },
);

describe("dynamodb target", () => {
  it("a load on LevelDB-backed dynalite is there for a later run; a run needs a loaded table", async () => {
    const properties = { "dynamodb.dynalite.path": join(dir, "persist"), table: "persisted" };
    const load = await dynamodbTarget.prepare(properties, "load");
    const pid = load.serverPids[0] as number;
    try {
      expect(load.description.tableCreated).toBe(true);
      const b = await createBinding(load.properties, 0);
      expect(await b.insert("persisted", "user1", { field0: "kept" })).toBe("OK");
      await b.cleanup?.();
    } finally {
      await load.close();
    }
    expect(processAlive(pid)).toBe(false);

    const run = await dynamodbTarget.prepare(properties, "run");
    try {
      const b = await createBinding(run.properties, 0);
      expect(await b.read("persisted", "user1", null)).toEqual({ status: "OK", record: { field0: "kept" } });
      await b.cleanup?.();
    } finally {
      await run.close();
    }
    await expect(dynamodbTarget.prepare({ ...properties, table: "never_loaded" }, "run")).rejects.toThrow(/run the load phase first/);
  }, 60_000);

  it("an endpoint that does not answer is TargetUnavailable", async () => {
    const port = await freePort();
    const failure = await dynamodbTarget.prepare({ "dynamodb.endpoint": `http://127.0.0.1:${port}` }, "load").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TargetUnavailable);
    expect((failure as TargetUnavailable).startHint).toMatch(/endpoint/);
  }, 30_000);

  it("a table with another key is refused rather than written with the wrong key", async () => {
    const properties = { "dynamodb.dynalite.path": "memory", table: "keyed" };
    const load = await dynamodbTarget.prepare(properties, "load");
    try {
      const endpoint = load.properties["dynamodb.endpoint"] as string;
      await expect(dynamodbTarget.prepare({ "dynamodb.endpoint": endpoint, table: "keyed", "dynamodb.primaryKey": "pk" }, "load")).rejects.toThrow(
        /key schema/,
      );
    } finally {
      await load.close();
    }
  }, 30_000);
});
