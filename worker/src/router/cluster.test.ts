import { describe, expect, it } from "vitest";
import { decode, encode, ownerOf } from "./cluster.js";

describe("cluster (multi-process local serving)", () => {
  it("gives every process one contiguous range of a table's partitions, and all of a small table to process 0", () => {
    expect(Array.from({ length: 8 }, (_, i) => ownerOf(i, 8, 2))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from({ length: 5 }, (_, i) => ownerOf(i, 5, 3))).toEqual([0, 0, 1, 1, 2]);
    expect(ownerOf(0, 1, 4)).toBe(0);
    for (let p = 1; p <= 64; p++) for (let i = 0; i < p; i++) expect(ownerOf(i, p, 3)).toBeLessThan(3);
    expect(ownerOf(5, 8, 1)).toBe(0);
  });

  it("carries byte arrays through its JSON both ways, and nothing else changes", () => {
    const req = { op: "GetItem", key: { pk: new Uint8Array([0, 1, 255, 128]), sk: new Uint8Array([]) }, n: [1, "a", null, { $u8: 3 }] };
    const back = decode(encode(req)) as typeof req;
    expect(back.key.pk).toBeInstanceOf(Uint8Array);
    expect([...back.key.pk]).toEqual([0, 1, 255, 128]);
    expect(back.key.sk).toBeInstanceOf(Uint8Array);
    expect(back.key.sk.length).toBe(0);
    // An object that only looks like the tag (not a string payload) stays an object.
    expect(back.n).toEqual([1, "a", null, { $u8: 3 }]);
  });

  it("keeps a request's own keys that start with $ (attribute names may), even one spelled like the byte tag", () => {
    const update = { setTypes: { $u8: "S", $$x: "N", plain: "BOOL" }, values: { ":v": { M: { $u8: { S: "A==" } } } } };
    expect(decode(encode(update))).toEqual(update);
  });
});
