import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkStateLayout, processStateDir, workerdConfig, defaultServeOptions } from "./serve.js";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "shvm-layout-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("serving state layout", () => {
  it("keeps one process's objects in the state folder itself, several processes' each in its own folder", () => {
    expect(processStateDir("/s", 0, 1)).toBe("/s");
    expect(processStateDir("/s", 1, 2)).toBe(join("/s", "process-1"));
  });

  it("records the process count of a multi-process folder and refuses another count later", () => {
    const d = fresh();
    checkStateLayout(d, 2);
    expect(JSON.parse(readFileSync(join(d, "processes.json"), "utf8"))).toEqual({ processes: 2 });
    checkStateLayout(d, 2);
    expect(() => checkStateLayout(d, 1)).toThrow(/written by 2 processes; start with --processes=2/);
    expect(() => checkStateLayout(d, 3)).toThrow(/--processes=2/);
  });

  it("refuses to serve a single-process folder with several processes", () => {
    const d = fresh();
    mkdirSync(join(d, "shvm-db-partition"));
    checkStateLayout(d, 1);
    expect(() => checkStateLayout(d, 2)).toThrow(/written by 1 process; start with --processes=1/);
  });

  it("declares the catalog in process 0 only, and binds each process to the others' internal sockets", () => {
    const o = { ...defaultServeOptions(), stateDir: "/s" };
    const sockets = ["/t/p0.sock", "/t/p1.sock"];
    const c0 = workerdConfig(o, "worker.js", 0, sockets);
    const c1 = workerdConfig(o, "worker.js", 1, sockets);
    expect(c0).toContain('className = "Catalog"');
    expect(c1).not.toContain('className = "Catalog"');
    expect(c0).toContain('(name = "SHVM_PEER_1", service = "peer-1")');
    expect(c0).not.toContain("SHVM_PEER_0");
    expect(c1).toContain('address = "unix:/t/p1.sock", http = (), service = (name = "main", entrypoint = "internal")');
    expect(c1).toContain(`path = "${join("/s", "process-1")}"`);
    // One process: no internal socket, no peers, the folder itself.
    const single = workerdConfig(o, "worker.js");
    expect(single).not.toContain("internal");
    expect(single).toContain('className = "Catalog"');
    expect(single).toContain('(name = "state", disk = (path = "/s", writable = true))');
  });

  it("runs a local server open unless access keys are given, and the deployed configuration never says open", () => {
    const open = workerdConfig({ ...defaultServeOptions(), stateDir: "/s", accessKeys: undefined }, "worker.js");
    expect(open).toContain('(name = "SHVM_AUTH", text = "open")');
    expect(open).not.toContain('name = "SHVM_ACCESS_KEYS"');
    const keyed = workerdConfig({ ...defaultServeOptions(), stateDir: "/s", accessKeys: "AKID1:s1" }, "worker.js");
    expect(keyed).toContain('(name = "SHVM_ACCESS_KEYS", text = "AKID1:s1")');
    // wrangler deploy ships wrangler.toml: without SHVM_AUTH there, a deployment without keys refuses (auth/access.ts).
    expect(readFileSync(join(import.meta.dirname, "..", "wrangler.toml"), "utf8")).not.toMatch(/SHVM_AUTH/);
  });
});
