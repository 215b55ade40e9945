/**
 * The binding contract every target passes (harness/binding.ts, YCSB's DB made async), as one shared vitest
 * suite. A target's test file calls
 *
 *   bindingContract("redis", async () => ({ target: redisTarget, properties: { ... } }));
 *
 * and the suite runs: prepare(properties, "load") → createBinding (from the target's bindingModule, loaded by
 * dynamic import exactly as a load-generator thread loads it) → init → the cases, in order → cleanup → close.
 * `open` returns `{ skip: reason }` when the target cannot run here (e.g. Redis not running); every case is
 * then skipped with that reason. Nothing is timed: only behaviour is asserted.
 *
 * Isolation: the suite passes a unique `table` (`contract_<time>_<random>`) unless `open` sets `table`
 * itself (a target that must reuse one table then has to reset it in prepare("load")), and every key it
 * writes carries a unique run prefix, so concurrent runs on a shared server do not collide.
 *
 * What the suite relies on from a binding (beyond the Binding interface):
 * - read with `fields: null` returns exactly the record's fields — no key attribute, no extras;
 * - a Binding must accept many concurrent calls (the load generator keeps many operations in flight per
 *   thread), which the last case checks with 100 at once;
 * - every record the suite writes has `field0 = "id:<key>"`, so scanned records are recognised whether or
 *   not the binding includes the key in them.
 *
 * Scan order: YCSB's scan returns `recordCount` records starting at `startKey`, in the store's scan order.
 * - "key" (the default: SQL, SQLite): key order; the start key's record comes first.
 * - "table": the store's own order, not the keys' (DynamoDB scans walk hash order; YCSB's DynamoDB binding
 *   reads the start key with GetItem and then scans from it as ExclusiveStartKey; YCSB's Redis binding walks
 *   a sorted set scored by a hash of the key). The suite then checks what such an order still promises: the
 *   start key's record comes first, no record twice, a limit is honoured, and the order is one stable
 *   sequence — a scan started at any record continues exactly where the longest scan went on.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import { isOk, type Binding, type BindingFactory, type FieldValues } from "../binding.js";
import type { PreparedTarget, TargetDefinition } from "../target.js";
import type { Properties } from "../../workloads/properties.js";

export interface ContractExpectations {
  /** The scan order the target promises (see the file header). Default "key". */
  scanOrder?: "key" | "table";
  /** Per-case timeout in ms (default 30 s). */
  caseTimeoutMs?: number;
  /** Timeout of prepare + createBinding + init, and of cleanup + close, in ms (default 90 s: a local shvm-db bundles and starts). */
  setupTimeoutMs?: number;
}

export type ContractOpen = () => Promise<{ target: TargetDefinition; properties: Properties } | { skip: string }>;

const FIELD_COUNT = 10;
const fieldNames = Array.from({ length: FIELD_COUNT }, (_, i) => `field${i}`);

/** Every printable ASCII character (0x20-0x7e), quotes and backslashes included. */
export const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");

/** A whole record for `key`: field0 names the key, the others are distinct per key and `tag`. */
function recordFor(key: string, tag = "v"): FieldValues {
  const r: FieldValues = { field0: `id:${key}` };
  for (let i = 1; i < FIELD_COUNT; i++) r[`field${i}`] = `${tag}${i}-${key}`;
  return r;
}

/** The key a record written by the suite stands for, or its JSON when it is not one of ours. */
function identity(record: FieldValues): string {
  const f0 = record.field0;
  return f0 !== undefined && f0.startsWith("id:") ? f0.slice(3) : `foreign:${JSON.stringify(record)}`;
}

async function loadFactory(moduleRef: string): Promise<BindingFactory> {
  const url = /^[a-z]+:/i.test(moduleRef) && !/^[a-z]:[\\/]/i.test(moduleRef) ? moduleRef : pathToFileURL(moduleRef).href;
  const mod = (await import(url)) as { createBinding?: BindingFactory };
  if (typeof mod.createBinding !== "function") throw new Error(`${moduleRef} does not export createBinding`);
  return mod.createBinding;
}

export function bindingContract(name: string, open: ContractOpen, expectations: ContractExpectations = {}): void {
  const scanOrder = expectations.scanOrder ?? "key";
  const caseTimeout = expectations.caseTimeoutMs ?? 30_000;
  const setupTimeout = expectations.setupTimeoutMs ?? 90_000;

  describe(`binding contract: ${name}`, () => {
    const run = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
    /** Keys of this run; zero-padded numbers keep key order equal to numeric order. */
    const k = (label: string) => `c${run}-${label}`;
    let skipReason: string | undefined;
    let prepared: PreparedTarget | undefined;
    let binding: Binding | undefined;
    let table = "";

    beforeAll(async () => {
      const opened = await open();
      if ("skip" in opened) {
        skipReason = opened.skip;
        console.warn(`[contract ${name}] skipped: ${skipReason}`);
        return;
      }
      const properties: Properties = { fieldcount: String(FIELD_COUNT), fieldnameprefix: "field", ...opened.properties };
      properties.table ??= `contract_${run}`;
      table = properties.table;
      prepared = await opened.target.prepare(properties, "load");
      const factory = await loadFactory(opened.target.bindingModule);
      binding = await factory(prepared.properties, 0);
      await binding.init?.();
    }, setupTimeout);

    afterAll(async () => {
      try {
        await binding?.cleanup?.();
      } finally {
        // close() must be idempotent: call it twice.
        await prepared?.close();
        await prepared?.close();
      }
    }, setupTimeout);

    /** The binding, or skips the case when the target is not available here. */
    const db = (ctx: TestContext): Binding => {
      if (skipReason !== undefined) ctx.skip(skipReason);
      if (!binding) throw new Error("the target was not prepared (see the beforeAll failure)");
      return binding;
    };

    it("prepare describes the target", (ctx) => {
      db(ctx);
      expect(prepared?.properties.table).toBe(table);
      expect(Array.isArray(prepared?.serverPids)).toBe(true);
      expect(typeof prepared?.description).toBe("object");
    });

    it("insert then read all fields returns exactly the values", async (ctx) => {
      const b = db(ctx);
      const key = k("basic");
      const values = recordFor(key);
      expect(await b.insert(table, key, values)).toBe("OK");
      const got = await b.read(table, key, null);
      expect(got.status).toBe("OK");
      expect(got.record).toEqual(values);
    }, caseTimeout);

    it("read of a missing key is NOT_FOUND", async (ctx) => {
      const b = db(ctx);
      const got = await b.read(table, k("never-written"), null);
      expect(got.status).toBe("NOT_FOUND");
    }, caseTimeout);

    it("read of a field subset returns at least those fields, with their values", async (ctx) => {
      const b = db(ctx);
      const key = k("subset");
      const values = recordFor(key);
      expect(await b.insert(table, key, values)).toBe("OK");
      const got = await b.read(table, key, ["field2", "field7"]);
      expect(got.status).toBe("OK");
      expect(got.record?.field2).toBe(values.field2);
      expect(got.record?.field7).toBe(values.field7);
      // Whatever else comes back must be the record's own values.
      for (const [f, v] of Object.entries(got.record ?? {})) if (f in values) expect(v).toBe(values[f]);
    }, caseTimeout);

    it("update of some fields keeps the others", async (ctx) => {
      const b = db(ctx);
      const key = k("update");
      const values = recordFor(key);
      expect(await b.insert(table, key, values)).toBe("OK");
      expect(await b.update(table, key, { field3: "new three", field9: "new nine" })).toBe("OK");
      const got = await b.read(table, key, null);
      expect(got.status).toBe("OK");
      expect(got.record).toEqual({ ...values, field3: "new three", field9: "new nine" });
    }, caseTimeout);

    it("insert over an existing key replaces the record", async (ctx) => {
      const b = db(ctx);
      const key = k("replace");
      expect(await b.insert(table, key, recordFor(key, "old"))).toBe("OK");
      const replacement = recordFor(key, "new");
      expect(await b.insert(table, key, replacement)).toBe("OK");
      const got = await b.read(table, key, null);
      expect(got.status).toBe("OK");
      expect(got.record).toEqual(replacement);
    }, caseTimeout);

    it("delete then read is NOT_FOUND", async (ctx) => {
      const b = db(ctx);
      const key = k("delete");
      expect(await b.insert(table, key, recordFor(key))).toBe("OK");
      expect(await b.delete(table, key)).toBe("OK");
      expect((await b.read(table, key, null)).status).toBe("NOT_FOUND");
    }, caseTimeout);

    it(`scan from a start key follows the ${scanOrder === "key" ? "key" : "table's"} order`, async (ctx) => {
      const b = db(ctx);
      const keys = Array.from({ length: 12 }, (_, i) => k(`scan${String(i).padStart(2, "0")}`));
      for (const key of keys) expect(await b.insert(table, key, recordFor(key))).toBe("OK");
      const scanIds = async (start: string, n: number, fields: readonly string[] | null = null): Promise<string[]> => {
        const r = await b.scan(table, start, n, fields);
        expect(r.status).toBe("OK");
        expect(r.records).toBeDefined();
        const ids = (r.records ?? []).map(identity);
        expect(ids.length).toBeLessThanOrEqual(n);
        expect(ids.length).toBeGreaterThanOrEqual(1);
        expect(ids[0]).toBe(start);
        expect(new Set(ids).size).toBe(ids.length);
        return ids;
      };

      // The records that follow each start key; the longest sequence is the table's order from its first key on.
      const big = 1000;
      const sequences = new Map<string, string[]>();
      for (const key of keys) sequences.set(key, await scanIds(key, big));
      const full = [...sequences.values()].reduce((a, s) => (s.length > a.length ? s : a), [] as string[]);
      const ours = full.filter((id) => keys.includes(id));
      expect(ours.length).toBe(keys.length);
      // One stable order: a scan started at any of our records continues the longest sequence exactly.
      for (const key of keys) {
        const at = full.indexOf(key);
        expect(sequences.get(key)).toEqual(full.slice(at, at + big));
      }
      // A limit is honoured and takes a prefix of the same sequence.
      const start = ours[2] as string;
      const at = full.indexOf(start);
      expect(await scanIds(start, 4)).toEqual(full.slice(at, at + 4));

      if (scanOrder === "key") {
        // Key order: our keys come out sorted, and from scan03 the next four are scan03..scan06.
        expect(ours).toEqual([...keys].sort());
        expect(await scanIds(keys[3] as string, 4)).toEqual(keys.slice(3, 7));
      }

      // A field subset still identifies the records (field0 asked for) and carries the right values.
      const subset = await b.scan(table, start, 3, ["field0", "field5"]);
      expect(subset.status).toBe("OK");
      for (const r of subset.records ?? []) {
        const id = identity(r);
        if (keys.includes(id)) expect(r.field5).toBe(recordFor(id).field5);
      }
      expect((subset.records ?? []).map(identity)).toEqual(full.slice(at, at + 3));
    }, caseTimeout * 2);

    it("values with every printable ASCII character round-trip", async (ctx) => {
      const b = db(ctx);
      const key = k("ascii");
      const tricky = [
        PRINTABLE_ASCII,
        `"quoted" and 'single' \\ back\\slash \\" \\\\`,
        `{"S":"looks like DynamoDB JSON"}`,
        "123",
        "true",
        "null",
        " leading and trailing spaces ",
        "%s %d $1 ? :v #n ${x}",
        "x".repeat(1000),
      ];
      const values: FieldValues = { field0: `id:${key}` };
      tricky.forEach((v, i) => (values[`field${i + 1}`] = v));
      expect(await b.insert(table, key, values)).toBe("OK");
      const got = await b.read(table, key, null);
      expect(got.status).toBe("OK");
      expect(got.record).toEqual(values);
      // The same through update.
      expect(await b.update(table, key, { field1: `${PRINTABLE_ASCII}${PRINTABLE_ASCII}` })).toBe("OK");
      const again = await b.read(table, key, ["field1"]);
      expect(again.record?.field1).toBe(`${PRINTABLE_ASCII}${PRINTABLE_ASCII}`);
    }, caseTimeout);

    it("100 concurrent operations on one binding all succeed", async (ctx) => {
      const b = db(ctx);
      const keys = Array.from({ length: 100 }, (_, i) => k(`conc${String(i).padStart(3, "0")}`));
      const inserts = await Promise.all(keys.map((key) => b.insert(table, key, recordFor(key))));
      expect(inserts.filter((s) => s !== "OK")).toEqual([]);
      // A mix in flight at once: reads, updates and reads of a subset.
      const mixed = await Promise.all(
        keys.map(async (key, i) => {
          if (i % 3 === 0) return (await b.update(table, key, { field4: `upd-${key}` })) === "OK";
          const r = await b.read(table, key, i % 3 === 1 ? null : ["field0"]);
          return isOk(r.status) && r.record?.field0 === `id:${key}`;
        }),
      );
      expect(mixed.filter((ok) => !ok).length).toBe(0);
      const reads = await Promise.all(keys.map((key) => b.read(table, key, null)));
      reads.forEach((r, i) => {
        const key = keys[i] as string;
        expect(r.status).toBe("OK");
        expect(r.record).toEqual(i % 3 === 0 ? { ...recordFor(key), field4: `upd-${key}` } : recordFor(key));
      });
    }, caseTimeout * 2);

    it("field names of a record are the workload's", async (ctx) => {
      const b = db(ctx);
      const got = await b.read(table, k("basic"), null);
      expect(Object.keys(got.record ?? {}).sort()).toEqual([...fieldNames].sort());
    }, caseTimeout);
  });
}
