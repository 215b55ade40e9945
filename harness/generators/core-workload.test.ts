import { describe, expect, it } from "vitest";
import { loadWorkload } from "../../workloads/load-workload.js";
import { CoreWorkload, type Operation, type OperationType } from "./core-workload.js";
import { fnvhash64Mod } from "./fnvhash64.js";
import { buildKeyName } from "./key-name.js";
import { createRng, threadRng } from "./rng.js";
import { histogram } from "./test-support.js";

function workload(name: string, overrides: string[] = []): CoreWorkload {
  return new CoreWorkload(loadWorkload(name, overrides));
}

/** Runs `count` operations, acknowledging each transaction insert at once (as a client would after the DB answered). */
function run(w: CoreWorkload, count: number, seed = 1): Operation[] {
  const rng = createRng(seed);
  const ops: Operation[] = [];
  for (let i = 0; i < count; i++) {
    const op = w.nextOperation(rng);
    if (op.type === "insert" && op.acknowledge) w.acknowledgeInsert(op.keynum);
    ops.push(op);
  }
  return ops;
}

function mix(ops: readonly Operation[]): Record<OperationType, number> {
  const out: Record<OperationType, number> = { read: 0, update: 0, insert: 0, scan: 0, readmodifywrite: 0 };
  for (const op of ops) out[op.type] += 1 / ops.length;
  return out;
}

describe("CoreWorkload load phase", () => {
  it("inserts records insertstart.. with every field filled", () => {
    const w = workload("workloada", ["insertstart=500", "insertcount=500"]);
    const rng = createRng(1);
    const first = w.nextInsert(rng);
    const second = w.nextInsert(rng);
    expect(first).toMatchObject({ type: "insert", table: "usertable", keynum: 500, key: buildKeyName(500, "hashed", 1), acknowledge: false });
    expect(second.keynum).toBe(501);
    expect(Object.keys(first.values)).toEqual(w.fieldnames);
    expect(w.fieldnames).toEqual(["field0", "field1", "field2", "field3", "field4", "field5", "field6", "field7", "field8", "field9"]);
    for (const v of Object.values(first.values)) expect(v).toHaveLength(100);
  });

  it("builds ordered, zero-padded keys and a custom field prefix", () => {
    const w = workload("workloadc", ["insertorder=ordered", "zeropadding=6", "fieldnameprefix=f", "fieldcount=3"]);
    const op = w.nextInsert(createRng(1));
    expect(op.key).toBe("user000000");
    expect(Object.keys(op.values)).toEqual(["f0", "f1", "f2"]);
  });
});

describe("CoreWorkload run phase", () => {
  const PUBLISHED: Record<string, Partial<Record<OperationType, number>>> = {
    workloada: { read: 0.5, update: 0.5 },
    workloadb: { read: 0.95, update: 0.05 },
    workloadc: { read: 1 },
    workloadd: { read: 0.95, insert: 0.05 },
    workloade: { scan: 0.95, insert: 0.05 },
    workloadf: { read: 0.5, readmodifywrite: 0.5 },
  };

  it.each(Object.keys(PUBLISHED))("%s produces the published operation mix over readable keys", (name) => {
    const w = workload(name, ["operationcount=10000"]);
    const ops = run(w, 10_000);
    const got = mix(ops);
    const want = PUBLISHED[name] as Partial<Record<OperationType, number>>;
    for (const t of ["read", "update", "insert", "scan", "readmodifywrite"] as const) {
      expect(Math.abs(got[t] - (want[t] ?? 0))).toBeLessThan(0.015);
    }
    // Non-insert operations only touch records that exist (0 .. highest acknowledged).
    let beyond = 0;
    let inserted = 1000;
    for (const op of ops) {
      if (op.type === "insert") inserted++;
      else if (op.keynum < 0 || op.keynum >= inserted) beyond++;
    }
    expect(beyond).toBe(0);
  });

  it("workload D inserts from recordcount on and reads favour the newest acknowledged record", () => {
    const w = workload("workloadd");
    const rng = createRng(3);
    let insert: Operation | undefined;
    while (insert === undefined) {
      const op = w.nextOperation(rng);
      if (op.type === "insert") insert = op;
      else expect(op.keynum).toBeLessThanOrEqual(999);
    }
    expect(insert).toMatchObject({ keynum: 1000, key: buildKeyName(1000, "hashed", 1), acknowledge: true });
    expect(Object.keys(insert.type === "insert" ? insert.values : {})).toHaveLength(10);
    // Not acknowledged yet: no reader may choose it.
    const before: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const op = w.nextOperation(rng);
      if (op.type === "insert") w.acknowledgeInsert(op.keynum);
      else before.push(op.keynum);
    }
    expect(Math.max(...before)).toBe(999);
    expect(w.maxReadableKeynum).toBe(999);
    w.acknowledgeInsert(insert.keynum);
    expect(w.maxReadableKeynum).toBeGreaterThan(1000);
    // Age of each read record relative to the newest readable one at that moment: age 0 is the most popular.
    const ages: number[] = [];
    const rng2 = createRng(4);
    for (let i = 0; i < 5000; i++) {
      const newest = w.maxReadableKeynum;
      const op = w.nextOperation(rng2);
      if (op.type === "insert") w.acknowledgeInsert(op.keynum);
      else ages.push(newest - op.keynum);
    }
    const byAge = [...histogram(ages).entries()].sort((x, y) => y[1] - x[1]).map(([age]) => age);
    expect(byAge.slice(0, 2)).toEqual([0, 1]);
    expect(Math.min(...ages)).toBe(0);
  });

  it("zipfian requests hit fnvhash64(0) mod the sized key space hardest", () => {
    const w = workload("workloadc");
    const counts = histogram(run(w, 20_000).map((op) => op.keynum));
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    // Key space [0, insertcount + expected inserts] (YCSB's inclusive bound: 1001 items here); draws past 999 are redrawn.
    const expected = [0, 1, 2, 3].map((r) => fnvhash64Mod(r, 1001)).filter((k) => k <= 999);
    expect(ranked[0]).toBe(expected[0]);
  });

  it("workload E scans from a chosen key for 1..maxscanlength records", () => {
    const scans = run(workload("workloade"), 3000).filter((op) => op.type === "scan");
    const lengths = scans.map((op) => (op.type === "scan" ? op.recordCount : -1));
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBe(100);
    const first = scans[0];
    expect(first?.type === "scan" && first.startKey === first.key && first.fields === null).toBe(true);
  });

  it("field selection follows readallfields/writeallfields", () => {
    const all = run(workload("workloadf", ["writeallfields=true"]), 200);
    for (const op of all) {
      if (op.type === "readmodifywrite") {
        expect(op.fields).toBeNull();
        expect(Object.keys(op.values)).toHaveLength(10);
      }
    }
    const one = run(workload("workloada", ["readallfields=false"]), 200);
    for (const op of one) {
      if (op.type === "read") expect(op.fields).toHaveLength(1);
      if (op.type === "update") expect(Object.keys(op.values)).toHaveLength(1);
    }
  });

  it("uniform, sequential, hotspot and exponential key choosers stay within the loaded records", () => {
    for (const dist of ["uniform", "sequential", "hotspot", "exponential"]) {
      const keys = run(workload("workloadb", [`requestdistribution=${dist}`]), 2000).map((op) => op.keynum);
      expect(Math.min(...keys)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...keys)).toBeLessThanOrEqual(999);
    }
    const seq = run(workload("workloadc", ["requestdistribution=sequential"]), 3).map((op) => op.keynum);
    expect(seq).toEqual([0, 1, 2]);
    const hot = run(workload("workloadc", ["requestdistribution=hotspot"]), 5000).map((op) => op.keynum);
    expect(Math.abs(hot.filter((k) => k < 200).length / 5000 - 0.8)).toBeLessThan(0.03);
  });

  it("is reproducible per seed, and thread streams differ", () => {
    const a = run(workload("workloada"), 50, 9);
    const b = run(workload("workloada"), 50, 9);
    expect(a).toEqual(b);
    const w = workload("workloada");
    const t0 = w.forThread(threadRng(9, 0));
    const t1 = w.forThread(threadRng(9, 1));
    const k0 = Array.from({ length: 20 }, () => t0.nextOperation().key);
    const k1 = Array.from({ length: 20 }, () => t1.nextOperation().key);
    expect(k0).not.toEqual(k1);
  });

  it("dataintegrity writes deterministic values and verifies reads", () => {
    const w = workload("workloada", ["dataintegrity=true", "fieldlength=40"]);
    const rng = createRng(2);
    const ins = w.nextInsert(rng);
    const again = new CoreWorkload(w.config).nextInsert(createRng(99));
    expect(again.values).toEqual(ins.values); // no randomness in the values
    expect(w.verifyRow(ins.key, ins.values)).toBe("OK");
    expect(w.verifyRow(ins.key, { ...ins.values, field3: "x".repeat(40) })).toBe("UNEXPECTED_STATE");
    expect(w.verifyRow(ins.key, {})).toBe("ERROR");
    const read = run(w, 20).find((op) => op.type === "read");
    expect(read?.type === "read" ? read.fields : null).toEqual(w.fieldnames);
  });
});
