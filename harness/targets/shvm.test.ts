/**
 * Where a shvm-db the harness starts itself keeps its data: its own folder, never the one `npm start` serves
 * (a load drops and re-creates usertable there). The server itself is covered by shvm.contract.test.ts.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultServeOptions } from "../../scripts/serve.js";
import { DEFAULT_SHVM_STATE_DIR, shvmStateDir } from "./shvm.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("shvm target state folder", () => {
  it("defaults to .shvm/ycsb-state, not npm start's .shvm/state", () => {
    expect(DEFAULT_SHVM_STATE_DIR).toBe(join(root, ".shvm", "ycsb-state"));
    expect(shvmStateDir({})).toBe(DEFAULT_SHVM_STATE_DIR);
    expect(shvmStateDir({})).not.toBe(join(root, ".shvm", "state"));
    expect(shvmStateDir({})).not.toBe(defaultServeOptions().stateDir);
  });

  it("shvm.stateDir overrides it (resolved to an absolute path)", () => {
    expect(shvmStateDir({ "shvm.stateDir": "/tmp/elsewhere" })).toBe("/tmp/elsewhere");
    expect(shvmStateDir({ "shvm.stateDir": "rel/dir" })).toBe(resolve("rel/dir"));
  });
});
