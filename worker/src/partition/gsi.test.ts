import { describe, expect, it } from "vitest";
import { entryOf, groupDeliveries, type OutboxRow } from "./gsi.js";
import type { GsiSpec } from "./protocol.js";

const spec = (over: Partial<GsiSpec> = {}): GsiSpec => ({
  name: "by-g",
  label: "t/index/by-g",
  tableId: "gsi-id",
  partitions: 4,
  hash: { attr: "g", type: "S" },
  range: { attr: "n", type: "N" },
  projection: "ALL",
  ...over,
});

describe("entryOf", () => {
  it("skips items without the index key, with an empty one, or with one of another type (sparse)", () => {
    expect(entryOf(spec(), { pk: { S: "a" } }, undefined)).toBeNull();
    expect(entryOf(spec(), { pk: { S: "a" }, g: { S: "x" } }, undefined)).toBeNull(); // no range attribute
    expect(entryOf(spec(), { pk: { S: "a" }, g: { S: "" }, n: { N: "1" } }, undefined)).toBeNull();
    expect(entryOf(spec(), { pk: { S: "a" }, g: { N: "1" }, n: { N: "1" } }, undefined)).toBeNull();
    expect(entryOf(spec(), null, undefined)).toBeNull();
  });

  it("keeps the stored text for ALL and only the kept attributes otherwise", () => {
    const item = { pk: { S: "a" }, g: { S: "x" }, n: { N: "2" }, other: { S: "o" } };
    const text = JSON.stringify(item);
    expect(entryOf(spec(), item, text)!.item).toBe(text);
    const keys = entryOf(spec({ projection: "KEYS_ONLY", keep: ["pk", "g", "n"] }), item, text)!;
    expect(JSON.parse(keys.item)).toEqual({ pk: { S: "a" }, g: { S: "x" }, n: { N: "2" } });
    expect(keys.size).toBeLessThan(entryOf(spec(), item, text)!.size);
  });

  it("an ALL entry takes the item's known size; a projected one is measured", () => {
    const item = { pk: { S: "a" }, g: { S: "x" }, n: { N: "2" }, other: { S: "o" } };
    expect(entryOf(spec(), item, JSON.stringify(item), 1234)!.size).toBe(1234);
    expect(entryOf(spec({ projection: "KEYS_ONLY", keep: ["pk", "g", "n"] }), item, JSON.stringify(item), 1234)!.size).toBeLessThan(100);
  });

  it("routes by the hash of the index partition key: equal keys, one partition", () => {
    const a = entryOf(spec(), { pk: { S: "a" }, g: { S: "same" }, n: { N: "1" } }, undefined)!;
    const b = entryOf(spec(), { pk: { S: "b" }, g: { S: "same" }, n: { N: "9" } }, undefined)!;
    expect(a.target).toBe(b.target);
    expect(a.pk).toEqual(b.pk);
    expect(a.target).toBeGreaterThanOrEqual(0);
    expect(a.target).toBeLessThan(4);
  });
});

describe("groupDeliveries", () => {
  const row = (seq: number, index: string, target: number, put: boolean): OutboxRow => ({
    seq,
    index_name: index,
    target,
    tpk: new Uint8Array([seq]).buffer,
    tsk: new ArrayBuffer(0),
    pk: put ? new Uint8Array([1]).buffer : null,
    isk: put ? new ArrayBuffer(0) : null,
    item: put ? "{}" : null,
    size: put ? 2 : null,
  });

  it("groups by index partition keeping outbox order, and sets aside rows of indexes no longer in the set", () => {
    const rows = [row(1, "by-g", 2, true), row(2, "by-g", 0, false), row(3, "gone", 1, true), row(4, "by-g", 2, false), row(5, "by-g", 0, true)];
    const { deliveries, orphans } = groupDeliveries(rows, [spec()]);
    expect(orphans).toEqual([3]);
    expect(deliveries.map((d) => [d.target, d.seqs])).toEqual([
      [2, [1, 4]],
      [0, [2, 5]],
    ]);
    const two = deliveries.find((d) => d.target === 2)!;
    expect(two.changes[0]!.put).toBeDefined();
    expect(two.changes[1]!.put).toBeUndefined(); // a delete
  });
});
