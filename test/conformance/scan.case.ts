/**
 * Scan, the full contract: a whole-table scan visits every item exactly once, for tables spread over 1, 3
 * and 16 shvm-db partitions (the shvm:partitions tag; other targets ignore it) and several Limits;
 * parallel scan segments are disjoint and cover the table; filters, Select, projections, the legacy
 * ScanFilter, the 1 MB page and the parameter errors.
 */
import { DeleteItemCommand, ScanCommand, type AttributeValue, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { checkPages, duplicates, idOf, putAll, scanAll, type Item } from "./read-support";
import { caseIt, createTable, expectValidation, tableInput, uniqueName, type Target } from "./target";

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string | number): AttributeValue => ({ N: String(n) });
const KEYS = ["h", "r"];

/** 40 partition keys with 2 sort keys each. */
const ITEMS: Item[] = Array.from({ length: 80 }, (_, n) => {
  const i = Math.floor(n / 2);
  return { h: S(`k${i}`), r: N(n % 2), f: N(i % 4), tag: S(i % 2 === 0 ? "even" : "odd"), m: { M: { i: N(i) } } };
});
const ALL_IDS = ITEMS.map((i) => idOf(i, KEYS)).sort();

export function scanCases(t: Target): void {
  const c = () => t.client();
  const byPartitions: Record<number, string> = { 1: uniqueName("sc-p1"), 3: uniqueName("sc-p3"), 16: uniqueName("sc-p16") };
  const main = byPartitions[3]!;
  const tagged = (TableName: string, partitions: number) => ({
    ...tableInput(TableName, ["h", "S"], ["r", "N"]),
    Tags: [{ Key: "shvm:partitions", Value: String(partitions) }],
  });

  beforeAll(async () => {
    await Promise.all(Object.entries(byPartitions).map(([p, name]) => createTable(c(), tagged(name, Number(p)))));
    await Promise.all(Object.values(byPartitions).map((name) => putAll(c(), name, ITEMS)));
  });

  /** The items are all there, once each, and within a partition key the sort keys come in order. */
  const expectWhole = (items: Item[]) => {
    const ids = items.map((i) => idOf(i, KEYS));
    expect(duplicates(ids)).toEqual([]);
    expect([...ids].sort()).toEqual(ALL_IDS);
    const lastR = new Map<string, number>();
    for (const i of items) {
      const h = i.h!.S!;
      const r = Number(i.r!.N);
      expect(r, `sort order within ${h}`).toBeGreaterThan(lastR.get(h) ?? -Infinity);
      lastR.set(h, r);
    }
  };

  for (const [p, TableName] of Object.entries(byPartitions)) {
    describe(`${p} partition(s)`, () => {
      for (const limit of [1, 7, 100, undefined]) {
        caseIt(t, `scan.all.p${p}.limit-${limit ?? "none"}`, `Limit ${limit ?? "none"}: the pages visit every item exactly once`, async () => {
          const { pages, items } = await scanAll(c(), { TableName, Limit: limit }, 200);
          expectWhole(items);
          checkPages(pages, KEYS, limit);
          for (const pg of pages) {
            if (pg.LastEvaluatedKey) expect(pg.LastEvaluatedKey).toEqual({ h: pg.Items!.at(-1)!.h, r: pg.Items!.at(-1)!.r });
          }
          expect(pages.reduce((n, pg) => n + (pg.ScannedCount ?? 0), 0)).toBe(ITEMS.length);
          expect(pages.at(-1)!.LastEvaluatedKey).toBeUndefined();
          if (limit === 100 || limit === undefined) expect(pages.length).toBe(1);
        });
      }

      for (const total of [1, 4, 7]) {
        caseIt(t, `scan.parallel.p${p}.total-${total}`, `TotalSegments ${total}: segments are disjoint and together cover the table`, async () => {
          const segments = await Promise.all(
            Array.from({ length: total }, (_, Segment) => scanAll(c(), { TableName, Segment, TotalSegments: total, Limit: 5 }, 200)),
          );
          const all = segments.flatMap((s) => s.items);
          expectWhole(all);
          for (const s of segments) checkPages(s.pages, KEYS, 5);
          // Every item of a partition key lands in the same segment.
          const segOf = new Map<string, number>();
          segments.forEach((s, i) =>
            s.items.forEach((it) => {
              expect(segOf.get(it.h!.S!) ?? i, `segment of ${it.h!.S}`).toBe(i);
              segOf.set(it.h!.S!, i);
            }),
          );
        });
      }
    });
  }

  describe("filters, Select and projections", () => {
    const ids = (items: Item[]) => items.map((i) => idOf(i, KEYS)).sort();
    const want = (pred: (i: Item) => boolean) => ids(ITEMS.filter(pred));

    caseIt(t, "scan.filter.expression", "FilterExpression after Limit: Count vs ScannedCount, the union of pages is the filtered set", async () => {
      const { pages, items } = await scanAll(c(), {
        TableName: main,
        FilterExpression: "f = :z AND m.i >= :lo",
        ExpressionAttributeValues: { ":z": N(1), ":lo": N(10) },
        Limit: 10,
      });
      expect(ids(items)).toEqual(want((i) => i.f!.N === "1" && Number(i.m!.M!.i!.N) >= 10));
      expect(pages.reduce((n, p) => n + (p.ScannedCount ?? 0), 0)).toBe(ITEMS.length);
      for (const p of pages) expect(p.Count).toBeLessThanOrEqual(p.ScannedCount!);
      expect(pages.slice(0, -1).every((p) => p.ScannedCount === 10 && p.LastEvaluatedKey !== undefined)).toBe(true);
    });

    caseIt(t, "scan.filter.key-attributes", "a Scan filter may test key attributes", async () => {
      const { items } = await scanAll(c(), {
        TableName: main,
        FilterExpression: "begins_with(h, :p) AND r = :one",
        ExpressionAttributeValues: { ":p": S("k1"), ":one": N(1) },
      });
      expect(ids(items)).toEqual(want((i) => i.h!.S!.startsWith("k1") && i.r!.N === "1"));
    });

    caseIt(t, "scan.filter.nothing-matches", "pages whose items are all filtered out still carry LastEvaluatedKey", async () => {
      const { pages, items } = await scanAll(c(), { TableName: main, FilterExpression: "f = :x", ExpressionAttributeValues: { ":x": N(99) }, Limit: 30 });
      expect(items).toEqual([]);
      expect(pages.map((p) => p.ScannedCount)).toEqual([30, 30, 20]);
      expect(pages.map((p) => p.LastEvaluatedKey !== undefined)).toEqual([true, true, false]);
    });

    caseIt(t, "scan.filter.legacy", "ScanFilter, conditions ANDed by default", async () => {
      const and = await scanAll(c(), {
        TableName: main,
        ScanFilter: { f: { ComparisonOperator: "EQ", AttributeValueList: [N(2)] }, r: { ComparisonOperator: "GT", AttributeValueList: [N(0)] } },
      });
      expect(ids(and.items)).toEqual(want((i) => i.f!.N === "2" && i.r!.N === "1"));
    });

    caseIt(t, "scan.filter.legacy-or", "ScanFilter with ConditionalOperator OR, and AttributesToGet", async () => {
      const or = await scanAll(c(), {
        TableName: main,
        ScanFilter: {
          f: { ComparisonOperator: "IN", AttributeValueList: [N(3), N(4)] },
          h: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("k2")] },
        },
        ConditionalOperator: "OR",
        AttributesToGet: ["h", "r", "f"],
      });
      expect(ids(or.items)).toEqual(want((i) => i.f!.N === "3" || i.h!.S!.startsWith("k2")));
      for (const i of or.items) expect(Object.keys(i).sort()).toEqual(["f", "h", "r"]);
    });

    caseIt(t, "scan.select.count", "Select COUNT: counts only, with and without a filter, paging with Limit", async () => {
      const all = await c().send(new ScanCommand({ TableName: main, Select: "COUNT" }));
      expect({ Items: all.Items, Count: all.Count, ScannedCount: all.ScannedCount, LastEvaluatedKey: all.LastEvaluatedKey }).toEqual({
        Items: undefined,
        Count: 80,
        ScannedCount: 80,
        LastEvaluatedKey: undefined,
      });
      const filtered = await c().send(new ScanCommand({ TableName: main, Select: "COUNT", FilterExpression: "tag = :t", ExpressionAttributeValues: { ":t": S("odd") } }));
      expect({ Count: filtered.Count, ScannedCount: filtered.ScannedCount }).toEqual({ Count: 40, ScannedCount: 80 });
      const paged = await scanAll(c(), { TableName: main, Select: "COUNT", Limit: 25 });
      expect(paged.pages.map((p) => p.Count)).toEqual([25, 25, 25, 5]);
      expect(paged.pages.every((p) => p.Items === undefined)).toBe(true);
    });

    caseIt(t, "scan.projection", "ProjectionExpression (with names and nested paths) and Select SPECIFIC_ATTRIBUTES", async () => {
      const { items, pages } = await scanAll(c(), {
        TableName: main,
        ProjectionExpression: "#t, m.i",
        ExpressionAttributeNames: { "#t": "tag" },
        Select: "SPECIFIC_ATTRIBUTES",
        Limit: 50,
      });
      expect(items.length).toBe(80);
      for (const i of items) expect(Object.keys(i).sort()).toEqual(["m", "tag"]);
      // The LastEvaluatedKey still holds the whole key.
      expect(Object.keys(pages[0]!.LastEvaluatedKey ?? {}).sort()).toEqual(KEYS);
      const sortedProjected = items.map((i) => `${i.tag!.S}:${i.m!.M!.i!.N}`).sort();
      expect(sortedProjected).toEqual(ITEMS.map((i) => `${i.tag!.S}:${i.m!.M!.i!.N}`).sort());
    });

    caseIt(t, "scan.consistent-read", "ConsistentRead true and false are accepted", async () => {
      for (const ConsistentRead of [true, false]) {
        const out = await c().send(new ScanCommand({ TableName: main, ConsistentRead, Select: "COUNT" }));
        expect(out.Count).toBe(80);
      }
    });

    caseIt(t, "scan.start-key-deleted-item", "paging continues when the item named by LastEvaluatedKey was deleted meanwhile", async () => {
      const TableName = uniqueName("sc-del");
      await createTable(c(), tagged(TableName, 3));
      await putAll(c(), TableName, ITEMS);
      const seen: Item[] = [];
      let start: Item | undefined;
      let deleted = 0;
      do {
        const out = await c().send(new ScanCommand({ TableName, Limit: 9, ExclusiveStartKey: start }));
        seen.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
        if (start) {
          await c().send(new DeleteItemCommand({ TableName, Key: start }));
          deleted++;
        }
      } while (start);
      expect(deleted).toBeGreaterThan(5);
      expectWhole(seen);
    });
  });

  describe("1 MB pages", () => {
    caseIt(
      t,
      "scan.page.one-mb",
      "30 items of 100 KB: no page holds much over 1 MB, and paging visits each item exactly once",
      async () => {
        const TableName = uniqueName("sc-big");
        await createTable(c(), tagged(TableName, 3));
        const big = "y".repeat(100 * 1024);
        const items = Array.from({ length: 30 }, (_, i) => ({ h: S(`b${i % 5}`), r: N(i), v: S(big) }));
        await putAll(c(), TableName, items);
        const { pages, items: got } = await scanAll(c(), { TableName });
        expect(pages.length).toBeGreaterThanOrEqual(3);
        for (const p of pages) expect(p.Count).toBeLessThanOrEqual(11);
        const ids = got.map((i) => idOf(i, KEYS));
        expect(duplicates(ids)).toEqual([]);
        expect(ids.sort()).toEqual(items.map((i) => idOf(i, KEYS)).sort());
      },
      60_000,
    );
  });

  describe("errors", () => {
    const send = (input: Partial<ScanCommandInput>) => c().send(new ScanCommand({ TableName: main, ...input }));

    caseIt(t, "scan.err.segment-needs-total", "Segment without TotalSegments", async () => {
      await expectValidation(
        send({ Segment: 2 }),
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
      );
    });

    caseIt(t, "scan.err.total-needs-segment", "TotalSegments without Segment", async () => {
      await expectValidation(
        send({ TotalSegments: 4 }),
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
      );
    });

    caseIt(t, "scan.err.segment-too-big", "Segment >= TotalSegments", async () => {
      await expectValidation(
        send({ Segment: 4, TotalSegments: 4 }),
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
      );
      await expectValidation(
        send({ Segment: 9, TotalSegments: 1 }),
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 9 is not less than TotalSegments: 1",
      );
    });

    caseIt(t, "scan.err.total-segments-max", "TotalSegments over 1000000", async () => {
      await expectValidation(
        send({ Segment: 0, TotalSegments: 1_000_001 }),
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000",
      );
    });

    caseIt(t, "scan.err.total-segments-max-ok", "TotalSegments 1000000 is accepted", async () => {
      const out = await send({ Segment: 999_999, TotalSegments: 1_000_000 });
      expect(out.Count).toBeLessThanOrEqual(80);
    });

    caseIt(t, "scan.err.start-key-schema", "ExclusiveStartKey that does not match the key schema", async () => {
      const msg = "The provided starting key is invalid: The provided key element does not match the schema";
      await expectValidation(send({ ExclusiveStartKey: { h: S("k1") } }), msg);
      await expectValidation(send({ ExclusiveStartKey: { h: S("k1"), r: S("0") } }), msg);
      await expectValidation(send({ ExclusiveStartKey: { h: S("k1"), x: N(0) } }), msg);
    });

    caseIt(t, "scan.err.start-key-other-segment", "an ExclusiveStartKey from another segment", async () => {
      const first = await send({ Segment: 0, TotalSegments: 2, Limit: 1 });
      expect(first.LastEvaluatedKey).toBeDefined();
      await expectValidation(
        send({ Segment: 1, TotalSegments: 2, ExclusiveStartKey: first.LastEvaluatedKey }),
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 1",
      );
    });

    caseIt(t, "scan.err.all-projected", "Select ALL_PROJECTED_ATTRIBUTES without IndexName", async () => {
      await expectValidation(send({ Select: "ALL_PROJECTED_ATTRIBUTES" }), "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    });

    caseIt(t, "scan.err.limit-zero", "Limit 0 fails the Limit constraint", async () => {
      await expectValidation(
        send({ Limit: 0 }),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });
  });
}
