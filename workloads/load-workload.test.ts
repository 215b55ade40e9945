import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORE_WORKLOADS, coreWorkloadPath, loadWorkload, loadWorkloadText, readWorkloadFile } from "./load-workload.js";

/** YCSB's published mixes (workloads/workloada ... workloadf). */
const PUBLISHED = {
  workloada: { read: 0.5, update: 0.5, scan: 0, insert: 0, rmw: 0, dist: "zipfian" },
  workloadb: { read: 0.95, update: 0.05, scan: 0, insert: 0, rmw: 0, dist: "zipfian" },
  workloadc: { read: 1, update: 0, scan: 0, insert: 0, rmw: 0, dist: "zipfian" },
  workloadd: { read: 0.95, update: 0, scan: 0, insert: 0.05, rmw: 0, dist: "latest" },
  workloade: { read: 0, update: 0, scan: 0.95, insert: 0.05, rmw: 0, dist: "zipfian" },
  workloadf: { read: 0.5, update: 0, scan: 0, insert: 0, rmw: 0.5, dist: "zipfian" },
} as const;

describe("core workloads A–F", () => {
  it.each(CORE_WORKLOADS)("%s has YCSB's published proportions and settings", (name) => {
    const c = loadWorkload(name);
    const want = PUBLISHED[name];
    expect(c.readproportion).toBe(want.read);
    expect(c.updateproportion).toBe(want.update);
    expect(c.scanproportion).toBe(want.scan);
    expect(c.insertproportion).toBe(want.insert);
    expect(c.readmodifywriteproportion).toBe(want.rmw);
    expect(c.requestdistribution).toBe(want.dist);
    expect(c).toMatchObject({
      recordcount: 1000,
      operationcount: 1000,
      workload: "site.ycsb.workloads.CoreWorkload",
      readallfields: true,
      fieldcount: 10,
      fieldlength: 100,
      insertorder: "hashed",
      table: "usertable",
    });
    expect(c.maxscanlength).toBe(name === "workloade" ? 100 : 1000);
    expect(c.scanlengthdistribution).toBe("uniform");
  });

  it("are plain property files readable by name, by letter, or by path", () => {
    expect(readWorkloadFile("a")).toEqual(readWorkloadFile("workloada"));
    expect(readWorkloadFile(coreWorkloadPath("workloade")).maxscanlength).toBe("100");
    expect(() => coreWorkloadPath("workloadz")).toThrow(/Unknown core workload/);
  });
});

describe("overrides and multiple files", () => {
  it("-p beats the file, later files beat earlier ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "ycsb-"));
    const extra = join(dir, "big");
    writeFileSync(extra, "recordcount=100000\noperationcount=500000\nfieldcount=4\n");
    const c = loadWorkload(["workloada", extra], ["operationcount=7", "requestdistribution=uniform"]);
    expect(c.recordcount).toBe(100000);
    expect(c.insertcount).toBe(100000);
    expect(c.operationcount).toBe(7);
    expect(c.fieldcount).toBe(4);
    expect(c.requestdistribution).toBe("uniform");
    expect(c.readproportion).toBe(0.5);
  });

  it("an override that breaks the mix is reported", () => {
    expect(() => loadWorkload("workloadb", { readproportion: "0.9" })).toThrow(/sum to 1/);
    expect(() => loadWorkload("workloadc", ["requestdistribution=pareto"])).toThrow('Unknown request distribution "pareto"');
  });

  it("loads text already in memory", () => {
    expect(loadWorkloadText("readproportion=1\nupdateproportion=0\n", ["recordcount=10"]).recordcount).toBe(10);
  });
});
