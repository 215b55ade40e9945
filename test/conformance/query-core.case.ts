/**
 * Query and Scan, the core contract (lead-written while the fuller suite is pending): every sort-key
 * condition, DynamoDB's orders for S (UTF-8 bytes), N and B sort keys, filters that empty a page, the
 * 1 MB page, and the key-condition errors.
 */
import { BatchWriteItemCommand, QueryCommand, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, expectValidation, uniqueName, type Target } from "./target";

type Item = Record<string, AttributeValue>;

export function queryCoreCases(t: Target): void {
  const c = () => t.client();
  const num = uniqueName("q-num");
  const str = uniqueName("q-str");
  const bin = uniqueName("q-bin");
  const table = (TableName: string, type: "S" | "N" | "B") =>
    createTable(c(), {
      TableName,
      AttributeDefinitions: [
        { AttributeName: "h", AttributeType: "S" },
        { AttributeName: "r", AttributeType: type },
      ],
      KeySchema: [
        { AttributeName: "h", KeyType: "HASH" },
        { AttributeName: "r", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
  const put = async (TableName: string, items: Item[]) => {
    for (let i = 0; i < items.length; i += 25) {
      await c().send(new BatchWriteItemCommand({ RequestItems: { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  };
  const nums = ["-1e20", "-100", "-1.5", "-0.001", "0", "0.001", "0.5", "1", "2", "10", "1e20"];
  const strs = ["", "A", "Z", "a", "aa", "ab", "b", "é", "中", "\u{1F600}"].filter((s) => s !== "");
  const bins = [[0x00], [0x01], [0x01, 0x00], [0x7f], [0x80], [0xff], [0xff, 0xff]].map((b) => new Uint8Array(b));

  beforeAll(async () => {
    await Promise.all([table(num, "N"), table(str, "S"), table(bin, "B")]);
    await put(num, nums.map((n) => ({ h: { S: "k" }, r: { N: n }, f: { N: n } })));
    await put(str, strs.map((s) => ({ h: { S: "k" }, r: { S: s } })));
    await put(bin, bins.map((b) => ({ h: { S: "k" }, r: { B: b } })));
  });

  const q = async (TableName: string, cond: string, values: Item, extra: Record<string, unknown> = {}) => {
    const out = await c().send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: `h = :h${cond ? ` AND ${cond}` : ""}`,
        ExpressionAttributeValues: { ":h": { S: "k" }, ...values },
        ConsistentRead: true,
        ...extra,
      }),
    );
    return out;
  };
  const ns = (items: Item[] | undefined) => (items ?? []).map((i) => i.r!.N);

  describe("sort-key conditions and orders", () => {
    caseIt(t, "query.order.number", "N sort keys come back in numeric order, both directions", async () => {
      const want = ["-100000000000000000000", "-100", "-1.5", "-0.001", "0", "0.001", "0.5", "1", "2", "10", "100000000000000000000"];
      expect(ns((await q(num, "", {})).Items)).toEqual(want);
      expect(ns((await q(num, "", {}, { ScanIndexForward: false })).Items)).toEqual([...want].reverse());
    });

    caseIt(t, "query.order.string", "S sort keys come back in UTF-8 byte order", async () => {
      const got = ((await q(str, "", {})).Items ?? []).map((i) => i.r!.S);
      const bytes = (s: string) => Buffer.from(s, "utf8");
      expect(got).toEqual([...strs].sort((a, b) => Buffer.compare(bytes(a), bytes(b))));
    });

    caseIt(t, "query.order.binary", "B sort keys come back in unsigned byte order", async () => {
      const got = ((await q(bin, "", {})).Items ?? []).map((i) => Array.from(i.r!.B!));
      expect(got).toEqual([[0x00], [0x01], [0x01, 0x00], [0x7f], [0x80], [0xff], [0xff, 0xff]]);
    });

    caseIt(t, "query.conditions.number", "=, <, <=, >, >=, BETWEEN on N", async () => {
      expect(ns((await q(num, "r = :v", { ":v": { N: "0.5" } })).Items)).toEqual(["0.5"]);
      expect(ns((await q(num, "r < :v", { ":v": { N: "-0.001" } })).Items)).toEqual(["-100000000000000000000", "-100", "-1.5"]);
      expect(ns((await q(num, "r <= :v", { ":v": { N: "-0.001" } })).Items)).toEqual(["-100000000000000000000", "-100", "-1.5", "-0.001"]);
      expect(ns((await q(num, "r > :v", { ":v": { N: "2" } })).Items)).toEqual(["10", "100000000000000000000"]);
      expect(ns((await q(num, "r >= :v", { ":v": { N: "2" } })).Items)).toEqual(["2", "10", "100000000000000000000"]);
      expect(ns((await q(num, "r BETWEEN :a AND :b", { ":a": { N: "-1.5" }, ":b": { N: "1" } })).Items)).toEqual(["-1.5", "-0.001", "0", "0.001", "0.5", "1"]);
    });

    caseIt(t, "query.conditions.begins-with", "begins_with on S and B", async () => {
      expect(((await q(str, "begins_with(r, :p)", { ":p": { S: "a" } })).Items ?? []).map((i) => i.r!.S)).toEqual(["a", "aa", "ab"]);
      expect(((await q(bin, "begins_with(r, :p)", { ":p": { B: new Uint8Array([0xff]) } })).Items ?? []).map((i) => Array.from(i.r!.B!))).toEqual([[0xff], [0xff, 0xff]]);
    });
  });

  describe("pages", () => {
    caseIt(t, "query.filter.empty-page", "a page whose items are all filtered out still carries LastEvaluatedKey", async () => {
      const out = await q(num, "", { ":none": { N: "12345" } }, { FilterExpression: "f = :none", Limit: 3 });
      expect(out.Items).toEqual([]);
      expect(out.Count).toBe(0);
      expect(out.ScannedCount).toBe(3);
      expect(out.LastEvaluatedKey).toEqual({ h: { S: "k" }, r: { N: "-1.5" } });
    });

    caseIt(t, "query.select.count", "Select COUNT returns counts only", async () => {
      const out = await q(num, "r > :v", { ":v": { N: "0" } }, { Select: "COUNT" });
      expect(out.Items).toBeUndefined();
      expect(out.Count).toBe(6);
      expect(out.ScannedCount).toBe(6);
    });

    caseIt(
      t,
      "query.page.one-mb",
      "without Limit, a page stops at about 1 MB and paging completes",
      async () => {
        const TableName = uniqueName("q-big");
        await table(TableName, "N");
        const big = "z".repeat(100 * 1024);
        await put(TableName, Array.from({ length: 30 }, (_, i) => ({ h: { S: "k" }, r: { N: String(i) }, v: { S: big } })));
        const first = await q(TableName, "", {});
        expect(first.Count).toBeGreaterThan(5);
        expect(first.Count).toBeLessThan(30);
        expect(first.LastEvaluatedKey).toBeDefined();
        let seen = first.Count ?? 0;
        let start = first.LastEvaluatedKey;
        while (start) {
          const next = await q(TableName, "", {}, { ExclusiveStartKey: start });
          seen += next.Count ?? 0;
          start = next.LastEvaluatedKey;
        }
        expect(seen).toBe(30);
      },
      60_000,
    );
  });

  describe("errors", () => {
    caseIt(t, "query.err.missing-hash", "a key condition without the partition key", async () => {
      await expectValidation(
        c().send(new QueryCommand({ TableName: num, KeyConditionExpression: "r = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })),
        "Query condition missed key schema element: h",
      );
    });

    caseIt(t, "query.err.all-projected", "ALL_PROJECTED_ATTRIBUTES without an index", async () => {
      await expectValidation(
        c().send(new QueryCommand({ TableName: num, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": { S: "k" } }, Select: "ALL_PROJECTED_ATTRIBUTES" })),
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
      );
    });

    caseIt(t, "query.err.no-condition", "neither KeyConditions nor KeyConditionExpression", async () => {
      await expectValidation(
        c().send(new QueryCommand({ TableName: num })),
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
      );
    });

    caseIt(t, "query.err.start-key-outside-range", "an ExclusiveStartKey outside the sort-key condition", async () => {
      await expectValidation(
        c().send(
          new QueryCommand({
            TableName: num,
            KeyConditionExpression: "h = :h AND r > :r",
            ExpressionAttributeValues: { ":h": { S: "k" }, ":r": { N: "1" } },
            ExclusiveStartKey: { h: { S: "k" }, r: { N: "-100" } },
          }),
        ),
        "The provided starting key does not match the range key predicate",
      );
    });

    caseIt(t, "scan.err.segment-without-total", "Segment without TotalSegments", async () => {
      await expectValidation(
        c().send(new ScanCommand({ TableName: num, Segment: 1 })),
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
      );
    });
  });
}
