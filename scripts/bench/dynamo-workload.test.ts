import { describe, expect, it } from "vitest";
import { createWorkload, getItemBody, keyName, putItemBody, randomPool, threadKeyRange, ycsbItemJson, type DynamoWorkloadOptions } from "./dynamo-workload.js";
import { sameJson } from "./dynamo-client.js";

const opts = (o: Partial<DynamoWorkloadOptions>): DynamoWorkloadOptions => ({ op: "put", table: "bench", keys: 10, partitions: 1, ...o });

describe("request bodies", () => {
  it("builds a YCSB-like PutItem: pk plus field0..field9 of 100 characters", () => {
    const body = JSON.parse(putItemBody("bench", ycsbItemJson("user7", randomPool(512)))) as { TableName: string; Item: Record<string, { S: string }> };
    expect(body.TableName).toBe("bench");
    expect(body.Item.pk).toEqual({ S: "user7" });
    for (let f = 0; f < 10; f++) expect(body.Item[`field${f}`]?.S).toMatch(/^[A-Za-z0-9]{100}$/);
    expect(Object.keys(body.Item)).toHaveLength(11);
  });

  it("builds a GetItem by pk", () => {
    expect(JSON.parse(getItemBody("bench", "user3"))).toEqual({ TableName: "bench", Key: { pk: { S: "user3" } } });
  });
});

describe("threadKeyRange", () => {
  it("splits the keyspace into contiguous slices with no gap or overlap", () => {
    const slices = [0, 1, 2].map((index) => threadKeyRange(10, { index, count: 3 }));
    expect(slices[0]?.lo).toBe(0);
    expect(slices[2]?.hi).toBe(10);
    for (let i = 1; i < 3; i++) expect(slices[i]?.lo).toBe(slices[i - 1]?.hi);
  });
});

describe("createWorkload", () => {
  const keyOf = (body: string) => (JSON.parse(body) as { Item: { pk: { S: string } } }).Item.pk.S;

  it("put: walks the thread's slice in order and wraps around", () => {
    const w = createWorkload(opts({ keys: 10 }), { index: 1, count: 2 });
    const keys = Array.from({ length: 7 }, () => keyOf(w.next()?.body ?? ""));
    expect(keys).toEqual(["user5", "user6", "user7", "user8", "user9", "user5", "user6"]);
  });

  it("put: starts at startAt and stops after limit (the unmeasured fill)", () => {
    const w = createWorkload(opts({ keys: 10, startAt: [3, 0], limit: [2, 0] }), { index: 0, count: 2 });
    expect(keyOf(w.next()?.body ?? "")).toBe("user3");
    expect(keyOf(w.next()?.body ?? "")).toBe("user4");
    expect(w.next()).toBeUndefined();
  });

  it("get: random keys inside the keyspace, and a reply without Item is an error", () => {
    const w = createWorkload(opts({ op: "get", keys: 5 }), { index: 0, count: 1 });
    for (let i = 0; i < 50; i++) {
      const req = w.next();
      const key = (JSON.parse(req?.body ?? "") as { Key: { pk: { S: string } } }).Key.pk.S;
      expect(["user0", "user1", "user2", "user3", "user4"]).toContain(key);
    }
    const req = w.next();
    expect(req?.headers["x-amz-target"]).toBe("DynamoDB_20120810.GetItem");
    expect(w.check?.(req!, '{"Item":{"pk":{"S":"user1"}}}')).toBeUndefined();
    expect(w.check?.(req!, "{}")).toMatch(/no Item/);
  });

  it("keyName matches YCSB's user<n> naming", () => {
    expect(keyName(42)).toBe("user42");
  });
});

describe("sameJson", () => {
  it("compares JSON values ignoring key order", () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: "1" }, { a: 1 })).toBe(false);
  });
});
