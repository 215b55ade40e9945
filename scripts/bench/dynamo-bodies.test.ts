import { describe, expect, it } from "vitest";
import { getItemBody, putItemBody, randomPool, ycsbItemJson } from "./dynamo-bodies.js";

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
