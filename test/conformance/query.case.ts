/**
 * Query, the full contract (query-core.case.ts keeps the lead's core cases): every sort-key condition on
 * S, N and B keys against DynamoDB's orders (S by UTF-8 bytes, N by value including exponents, B by
 * unsigned bytes), both directions, Limit paging that visits every item exactly once, filters applied
 * after Limit, Select, projections, the legacy parameters, ConsistentRead, the 1 MB page and the errors.
 */
import { PutItemCommand, QueryCommand, type AttributeValue, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { checkPages, compareBytes, compareKey, duplicates, idOf, keyString, putAll, queryAll, type Item } from "./read-support";
import { caseIt, createTable, expectError, expectValidation, tableInput, uniqueName, type KeyType, type Target } from "./target";

// Chosen so that UTF-16 order (JavaScript's default) and UTF-8 byte order disagree: U+FFFD sorts
// after U+1F600 in UTF-16 code units but before it in UTF-8 bytes; "B" < "a" < "é" < "中".
const STRS = ["a", "aa", "ab", "abé", "b", "B", "Z", "0", "~", "é", "ÿ", "\u0100", "中", "中文", "\uFFFD", "\u{1F600}", "\u{1F600}x"];
const NUMS = ["-1e20", "-100", "-1.5", "-1", "-0.5", "-1e-5", "0", "1e-5", "0.001", "0.5", "1", "1.5", "2", "10", "99.99", "1e20"];
const BINS = [[0x00], [0x00, 0x00], [0x01], [0x7f], [0x80], [0x80, 0x01], [0xfe], [0xff], [0xff, 0x00], [0xff, 0xff]].map((b) => new Uint8Array(b));

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const B = (b: number[] | Uint8Array): AttributeValue => ({ B: new Uint8Array(b) });

export function queryCases(t: Target): void {
  const c = () => t.client();
  const tables = { S: uniqueName("qc-s"), N: uniqueName("qc-n"), B: uniqueName("qc-b") } as const;
  const hashOnly = uniqueName("qc-h");
  const paging = uniqueName("qc-p");
  const values: Record<KeyType, AttributeValue[]> = { S: STRS.map(S), N: NUMS.map(N), B: BINS.map(B) };
  const PAGING_COUNT = 50;
  const pagingItem = (i: number): Item => ({
    h: S("p"),
    r: N(String(i)),
    f: N(String(i % 5)),
    tag: S(i % 2 === 0 ? "even" : "odd"),
    m: { M: { a: N(String(i)), b: S("x") } },
  });

  beforeAll(async () => {
    await Promise.all([
      ...(["S", "N", "B"] as const).map((k) => createTable(c(), tableInput(tables[k], ["h", "S"], ["r", k]))),
      createTable(c(), tableInput(hashOnly, ["h", "S"])),
      createTable(c(), tableInput(paging, ["h", "S"], ["r", "N"])),
    ]);
    await Promise.all([
      ...(["S", "N", "B"] as const).map((k) =>
        putAll(c(), tables[k], [
          ...values[k].map((r, i) => ({ h: S("k"), r, i: N(String(i)) })),
          // Neighbouring partitions with the same sort keys: a Query must never leak them.
          ...values[k].map((r) => ({ h: S("j"), r })),
          ...values[k].map((r) => ({ h: S("kk"), r })),
        ]),
      ),
      putAll(c(), hashOnly, [{ h: S("k"), v: N("1") }]),
      putAll(c(), paging, Array.from({ length: PAGING_COUNT }, (_, i) => pagingItem(i))),
    ]);
  });

  /** A Query on h = "k" of the table for `type`, with an optional sort-key condition. */
  const q = (type: KeyType, cond: string, vals: Item = {}, extra: Partial<QueryCommandInput> = {}) =>
    queryAll(c(), {
      TableName: tables[type],
      KeyConditionExpression: `h = :h${cond ? ` AND ${cond}` : ""}`,
      ExpressionAttributeValues: { ":h": S("k"), ...vals },
      ...extra,
    });
  const keysOf = (items: Item[]) => items.map((i) => keyString(i.r));
  const sorted = (type: KeyType) => [...values[type]].sort(compareKey);
  const expectKeys = async (type: KeyType, cond: string, vals: Item, pred: (v: AttributeValue) => boolean) => {
    const { items } = await q(type, cond, vals);
    expect(keysOf(items), `${type}: ${cond}`).toEqual(keysOf(sorted(type).filter(pred).map((r) => ({ r }))));
    for (const i of items) expect(i.h).toEqual(S("k"));
  };

  describe("sort orders", () => {
    for (const type of ["S", "N", "B"] as const) {
      caseIt(t, `query.sort.${type.toLowerCase()}-both-directions`, `${type} sort keys in DynamoDB's order, forward and with ScanIndexForward false`, async () => {
        const want = keysOf(sorted(type).map((r) => ({ r })));
        expect(keysOf((await q(type, "")).items)).toEqual(want);
        expect(keysOf((await q(type, "", {}, { ScanIndexForward: false })).items)).toEqual([...want].reverse());
      });
    }

    caseIt(t, "query.sort.values-round-trip", "sort key values come back as stored (S and B exactly, N by value)", async () => {
      for (const type of ["S", "N", "B"] as const) {
        const got = (await q(type, "")).items;
        expect(new Set(got.map((i) => keyString(i.r)))).toEqual(new Set(values[type].map(keyString)));
      }
      const s = (await q("S", "")).items.map((i) => i.r!.S);
      // Exact code points, not a normalised or UTF-16-mangled form.
      expect(s).toContain("\u{1F600}x");
      expect(s).toContain("\uFFFD");
    });
  });

  describe("sort-key conditions", () => {
    const pivots: Record<KeyType, AttributeValue> = { S: S("b"), N: N("0.5"), B: B([0x80]) };
    const ops: [string, string, (x: number) => boolean][] = [
      ["eq", "=", (x) => x === 0],
      ["lt", "<", (x) => x < 0],
      ["le", "<=", (x) => x <= 0],
      ["gt", ">", (x) => x > 0],
      ["ge", ">=", (x) => x >= 0],
    ];
    for (const [id, op, test] of ops) {
      caseIt(t, `query.cond.${id}`, `r ${op} :v on S, N and B sort keys`, async () => {
        for (const type of ["S", "N", "B"] as const) {
          await expectKeys(type, `r ${op} :v`, { ":v": pivots[type] }, (v) => test(compareKey(v, pivots[type])));
        }
        // A value between stored keys: = finds nothing, the others still split the range there.
        const between: Record<KeyType, AttributeValue> = { S: S("ac"), N: N("0.75"), B: B([0x80, 0x00]) };
        for (const type of ["S", "N", "B"] as const) {
          await expectKeys(type, `r ${op} :v`, { ":v": between[type] }, (v) => test(compareKey(v, between[type])));
        }
      });
    }

    caseIt(t, "query.cond.multibyte-pivots", "comparisons against multi-byte UTF-8 values follow byte order", async () => {
      for (const p of ["é", "\u0100", "\uFFFD", "\u{1F600}"]) {
        await expectKeys("S", "r < :v", { ":v": S(p) }, (v) => compareKey(v, S(p)) < 0);
        await expectKeys("S", "r >= :v", { ":v": S(p) }, (v) => compareKey(v, S(p)) >= 0);
      }
    });

    caseIt(t, "query.cond.number-exponents", "N comparisons across exponents and signs (1e-5, 1e20, -1e20)", async () => {
      for (const p of ["1e-5", "-1e-5", "1E20", "-1e20", "0.00001", "1e-6", "-0"]) {
        await expectKeys("N", "r <= :v", { ":v": N(p) }, (v) => Number(v.N) <= Number(p));
        await expectKeys("N", "r > :v", { ":v": N(p) }, (v) => Number(v.N) > Number(p));
      }
      await expectKeys("N", "r = :v", { ":v": N("1E-5") }, (v) => Number(v.N) === 1e-5);
      await expectKeys("N", "r = :v", { ":v": N("100000000000000000000") }, (v) => Number(v.N) === 1e20);
    });

    caseIt(t, "query.cond.between", "BETWEEN on S, N and B (inclusive bounds; reversed with ScanIndexForward false)", async () => {
      const bounds: Record<KeyType, [AttributeValue, AttributeValue]> = {
        S: [S("B"), S("é")],
        N: [N("-1.5"), N("1e-5")],
        B: [B([0x01]), B([0xff])],
      };
      for (const type of ["S", "N", "B"] as const) {
        const [lo, hi] = bounds[type];
        const pred = (v: AttributeValue) => compareKey(v, lo) >= 0 && compareKey(v, hi) <= 0;
        await expectKeys(type, "r BETWEEN :a AND :b", { ":a": lo, ":b": hi }, pred);
        const back = await q(type, "r BETWEEN :a AND :b", { ":a": lo, ":b": hi }, { ScanIndexForward: false });
        expect(keysOf(back.items)).toEqual(keysOf(sorted(type).filter(pred).map((r) => ({ r }))).reverse());
      }
      // Equal bounds select the one key.
      await expectKeys("N", "r BETWEEN :a AND :a", { ":a": N("2") }, (v) => Number(v.N) === 2);
    });

    caseIt(t, "query.cond.begins-with", "begins_with on S (including multi-byte prefixes) and B", async () => {
      for (const p of ["a", "ab", "中", "\u{1F600}", "zzz"]) {
        await expectKeys("S", "begins_with(r, :p)", { ":p": S(p) }, (v) => v.S!.startsWith(p));
      }
      for (const p of [[0xff], [0x80], [0x00], [0x00, 0x00], [0x42]]) {
        const pre = new Uint8Array(p);
        await expectKeys("B", "begins_with(r, :p)", { ":p": B(pre) }, (v) => v.B!.length >= pre.length && compareBytes(v.B!.subarray(0, pre.length), pre) === 0);
      }
      // Descending as well.
      const back = await q("S", "begins_with(r, :p)", { ":p": S("a") }, { ScanIndexForward: false });
      expect(back.items.map((i) => i.r!.S)).toEqual(["abé", "ab", "aa", "a"]);
    });

    caseIt(t, "query.cond.names-and-order", "placeholders for key names, and conditions written value-first or sort-key-first", async () => {
      const out = await c().send(
        new QueryCommand({
          TableName: tables.N,
          KeyConditionExpression: "#r >= :v AND :h = #h",
          ExpressionAttributeNames: { "#h": "h", "#r": "r" },
          ExpressionAttributeValues: { ":h": S("k"), ":v": N("10") },
        }),
      );
      expect(keysOf(out.Items ?? [])).toEqual(["N:10", "N:99.99", "N:100000000000000000000"]);
      const reversed = await c().send(
        new QueryCommand({
          TableName: tables.N,
          KeyConditionExpression: ":v > r AND h = :h",
          ExpressionAttributeValues: { ":h": S("k"), ":v": N("-1") },
        }),
      );
      expect(keysOf(reversed.Items ?? [])).toEqual(["N:-100000000000000000000", "N:-100", "N:-1.5"]);
    });

    caseIt(t, "query.cond.no-match", "a partition key with no items answers an empty page without LastEvaluatedKey", async () => {
      const out = await c().send(new QueryCommand({ TableName: tables.S, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("none") } }));
      expect({ Items: out.Items, Count: out.Count, ScannedCount: out.ScannedCount, LastEvaluatedKey: out.LastEvaluatedKey }).toEqual({
        Items: [],
        Count: 0,
        ScannedCount: 0,
        LastEvaluatedKey: undefined,
      });
    });

    caseIt(t, "query.cond.hash-only-table", "Query on a table without a sort key returns the one item", async () => {
      const out = await c().send(new QueryCommand({ TableName: hashOnly, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") } }));
      expect(out.Items).toEqual([{ h: S("k"), v: N("1") }]);
      expect(out.LastEvaluatedKey).toBeUndefined();
    });
  });

  describe("paging", () => {
    const pq = (extra: Partial<QueryCommandInput> = {}, vals: Item = {}) =>
      queryAll(c(), { TableName: paging, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("p"), ...vals }, ...extra });
    const rs = (items: Item[]) => items.map((i) => Number(i.r!.N));
    const all = Array.from({ length: PAGING_COUNT }, (_, i) => i);

    for (const limit of [1, 7, 100]) {
      for (const forward of [true, false]) {
        caseIt(t, `query.page.limit-${limit}-${forward ? "fwd" : "back"}`, `Limit ${limit}${forward ? "" : ", descending"}: pages visit every item exactly once, in order`, async () => {
          const { pages, items } = await pq({ Limit: limit, ScanIndexForward: forward });
          expect(duplicates(items.map((i) => idOf(i, ["h", "r"])))).toEqual([]);
          expect(rs(items)).toEqual(forward ? all : [...all].reverse());
          checkPages(pages, ["h", "r"], limit);
          for (const p of pages) {
            // LastEvaluatedKey is the key of the page's last item.
            if (p.LastEvaluatedKey) expect(p.LastEvaluatedKey).toEqual({ h: S("p"), r: p.Items!.at(-1)!.r });
          }
          expect(pages.length).toBe(limit >= PAGING_COUNT ? 1 : Math.ceil(PAGING_COUNT / limit) + (PAGING_COUNT % limit === 0 ? 1 : 0));
          expect(items).toEqual((forward ? all : [...all].reverse()).map(pagingItem));
        });
      }
    }

    caseIt(t, "query.page.limit-exact", "a page that stops at Limit carries LastEvaluatedKey even when nothing follows", async () => {
      const { pages } = await pq({ Limit: PAGING_COUNT });
      expect(pages.map((p) => p.Count)).toEqual([PAGING_COUNT, 0]);
      expect(pages[0]!.LastEvaluatedKey).toEqual({ h: S("p"), r: N(String(PAGING_COUNT - 1)) });
      expect(pages[1]!.LastEvaluatedKey).toBeUndefined();
    });

    caseIt(t, "query.page.start-key-with-condition", "ExclusiveStartKey inside a sort-key range continues that range", async () => {
      const first = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditionExpression: "h = :h AND r BETWEEN :a AND :b",
          ExpressionAttributeValues: { ":h": S("p"), ":a": N("10"), ":b": N("19") },
          Limit: 4,
        }),
      );
      expect(rs(first.Items ?? [])).toEqual([10, 11, 12, 13]);
      const rest = await queryAll(c(), {
        TableName: paging,
        KeyConditionExpression: "h = :h AND r BETWEEN :a AND :b",
        ExpressionAttributeValues: { ":h": S("p"), ":a": N("10"), ":b": N("19") },
        ExclusiveStartKey: first.LastEvaluatedKey,
      });
      expect(rs(rest.items)).toEqual([14, 15, 16, 17, 18, 19]);
    });

    caseIt(t, "query.page.start-key-deleted-item", "ExclusiveStartKey need not name an existing item: paging resumes after that key", async () => {
      const out = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditionExpression: "h = :h",
          ExpressionAttributeValues: { ":h": S("p") },
          ExclusiveStartKey: { h: S("p"), r: N("41.5") },
        }),
      );
      expect(rs(out.Items ?? [])).toEqual([42, 43, 44, 45, 46, 47, 48, 49]);
      const back = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditionExpression: "h = :h",
          ExpressionAttributeValues: { ":h": S("p") },
          ExclusiveStartKey: { h: S("p"), r: N("2.5") },
          ScanIndexForward: false,
        }),
      );
      expect(rs(back.Items ?? [])).toEqual([2, 1, 0]);
    });
  });

  describe("filters", () => {
    const pq = (extra: Partial<QueryCommandInput>, vals: Item = {}) =>
      queryAll(c(), { TableName: paging, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("p"), ...vals }, ...extra });
    const rs = (items: Item[]) => items.map((i) => Number(i.r!.N));

    caseIt(t, "query.filter.after-limit", "FilterExpression applies after Limit: Count counts matches, ScannedCount the items read", async () => {
      const out = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditionExpression: "h = :h",
          FilterExpression: "f = :z",
          ExpressionAttributeValues: { ":h": S("p"), ":z": N("0") },
          Limit: 10,
        }),
      );
      expect(rs(out.Items ?? [])).toEqual([0, 5]);
      expect({ Count: out.Count, ScannedCount: out.ScannedCount, LastEvaluatedKey: out.LastEvaluatedKey }).toEqual({
        Count: 2,
        ScannedCount: 10,
        LastEvaluatedKey: { h: S("p"), r: N("9") },
      });
    });

    caseIt(t, "query.filter.paged", "paging with a filter: the union of pages is the filtered set, ScannedCount sums to all items", async () => {
      const { pages, items } = await pq({ FilterExpression: "f = :z AND tag = :t", Limit: 7 }, { ":z": N("0"), ":t": S("even") });
      expect(rs(items)).toEqual([0, 10, 20, 30, 40]);
      expect(pages.reduce((n, p) => n + (p.ScannedCount ?? 0), 0)).toBe(PAGING_COUNT);
      expect(pages.reduce((n, p) => n + (p.Count ?? 0), 0)).toBe(5);
      checkPages(pages, ["h", "r"], 7);
    });

    caseIt(t, "query.filter.all-filtered-pages", "pages whose items are all filtered out still carry LastEvaluatedKey until the end", async () => {
      const { pages, items } = await pq({ FilterExpression: "f = :none", Limit: 7 }, { ":none": N("99") });
      expect(items).toEqual([]);
      expect(pages.length).toBe(8);
      expect(pages.map((p) => p.ScannedCount)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
      expect(pages.map((p) => p.Count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(pages.slice(0, 7).map((p) => p.LastEvaluatedKey)).toEqual([6, 13, 20, 27, 34, 41, 48].map((r) => ({ h: S("p"), r: N(String(r)) })));
    });

    caseIt(t, "query.filter.functions", "FilterExpression with functions, nested paths and OR", async () => {
      const { items } = await pq(
        { FilterExpression: "(m.a < :n AND begins_with(tag, :o)) OR attribute_not_exists(m.b)" },
        { ":n": N("10"), ":o": S("od") },
      );
      expect(rs(items)).toEqual([1, 3, 5, 7, 9]);
    });

    caseIt(t, "query.filter.key-attribute", "FilterExpression on a key attribute is a ValidationException", async () => {
      await expectValidation(
        c().send(
          new QueryCommand({
            TableName: paging,
            KeyConditionExpression: "h = :h",
            FilterExpression: "r > :v",
            ExpressionAttributeValues: { ":h": S("p"), ":v": N("1") },
          }),
        ),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: r",
      );
    });
  });

  describe("Select and projections", () => {
    const base = { TableName: paging, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("p") } };

    caseIt(t, "query.select.count", "Select COUNT: counts (after the filter) and no Items; Limit still pages", async () => {
      const out = await c().send(new QueryCommand({ ...base, Select: "COUNT", FilterExpression: "f = :z", ExpressionAttributeValues: { ":h": S("p"), ":z": N("1") } }));
      expect(out.Items).toBeUndefined();
      expect({ Count: out.Count, ScannedCount: out.ScannedCount, LastEvaluatedKey: out.LastEvaluatedKey }).toEqual({ Count: 10, ScannedCount: 50, LastEvaluatedKey: undefined });
      const limited = await c().send(new QueryCommand({ ...base, Select: "COUNT", Limit: 7 }));
      expect(limited.Items).toBeUndefined();
      expect({ Count: limited.Count, ScannedCount: limited.ScannedCount, LastEvaluatedKey: limited.LastEvaluatedKey }).toEqual({
        Count: 7,
        ScannedCount: 7,
        LastEvaluatedKey: { h: S("p"), r: N("6") },
      });
    });

    caseIt(t, "query.select.all-attributes", "Select ALL_ATTRIBUTES returns whole items", async () => {
      const out = await c().send(new QueryCommand({ ...base, Select: "ALL_ATTRIBUTES", Limit: 3 }));
      expect(out.Items).toEqual([0, 1, 2].map(pagingItem));
    });

    caseIt(t, "query.select.specific-attributes", "Select SPECIFIC_ATTRIBUTES with ProjectionExpression; LastEvaluatedKey keeps the whole key", async () => {
      const out = await c().send(
        new QueryCommand({
          ...base,
          Select: "SPECIFIC_ATTRIBUTES",
          ProjectionExpression: "m.a, #t, nothing",
          ExpressionAttributeNames: { "#t": "tag" },
          Limit: 2,
        }),
      );
      expect(out.Items).toEqual([
        { m: { M: { a: N("0") } }, tag: S("even") },
        { m: { M: { a: N("1") } }, tag: S("odd") },
      ]);
      expect(out.LastEvaluatedKey).toEqual({ h: S("p"), r: N("1") });
    });

    caseIt(t, "query.select.projection-default", "ProjectionExpression without Select; a projection that matches nothing gives empty items", async () => {
      const out = await c().send(new QueryCommand({ ...base, ProjectionExpression: "r, f", Limit: 2 }));
      expect(out.Items).toEqual([
        { r: N("0"), f: N("0") },
        { r: N("1"), f: N("1") },
      ]);
      const none = await c().send(new QueryCommand({ ...base, ProjectionExpression: "nope", Limit: 2 }));
      expect(none.Items).toEqual([{}, {}]);
      expect(none.Count).toBe(2);
    });

    caseIt(t, "query.select.specific-without-projection", "Select SPECIFIC_ATTRIBUTES without a projection is a ValidationException", async () => {
      await expectValidation(
        c().send(new QueryCommand({ ...base, Select: "SPECIFIC_ATTRIBUTES" })),
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
      );
    });

    caseIt(t, "query.select.all-with-projection", "Select ALL_ATTRIBUTES with ProjectionExpression is a ValidationException", async () => {
      await expectValidation(
        c().send(new QueryCommand({ ...base, Select: "ALL_ATTRIBUTES", ProjectionExpression: "f" })),
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
      );
    });

    caseIt(t, "query.select.all-projected-no-index", "Select ALL_PROJECTED_ATTRIBUTES without IndexName is a ValidationException", async () => {
      await expectValidation(
        c().send(new QueryCommand({ ...base, Select: "ALL_PROJECTED_ATTRIBUTES", Limit: 1 })),
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
      );
    });
  });

  describe("legacy parameters and ConsistentRead", () => {
    const rs = (items: Item[] | undefined) => (items ?? []).map((i) => Number(i.r!.N));

    caseIt(t, "query.legacy.key-conditions", "KeyConditions with EQ and each sort-key operator", async () => {
      const run = async (op: string, list: AttributeValue[]) =>
        rs(
          (
            await c().send(
              new QueryCommand({
                TableName: paging,
                KeyConditions: { h: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] }, r: { ComparisonOperator: op as "EQ", AttributeValueList: list } },
              }),
            )
          ).Items,
        );
      expect(await run("EQ", [N("3")])).toEqual([3]);
      expect(await run("LT", [N("3")])).toEqual([0, 1, 2]);
      expect(await run("LE", [N("3")])).toEqual([0, 1, 2, 3]);
      expect(await run("GT", [N("46")])).toEqual([47, 48, 49]);
      expect(await run("GE", [N("46")])).toEqual([46, 47, 48, 49]);
      expect(await run("BETWEEN", [N("20"), N("23")])).toEqual([20, 21, 22, 23]);
      const s = await c().send(
        new QueryCommand({
          TableName: tables.S,
          KeyConditions: { h: { ComparisonOperator: "EQ", AttributeValueList: [S("k")] }, r: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("中")] } },
        }),
      );
      expect((s.Items ?? []).map((i) => i.r!.S)).toEqual(["中", "中文"]);
      const hashOnlyCond = await c().send(new QueryCommand({ TableName: paging, KeyConditions: { h: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] } }, Limit: 2 }));
      expect(rs(hashOnlyCond.Items)).toEqual([0, 1]);
    });

    caseIt(t, "query.legacy.query-filter", "QueryFilter (AND by default) and AttributesToGet", async () => {
      const hashCond = { h: { ComparisonOperator: "EQ" as const, AttributeValueList: [S("p")] } };
      const and = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditions: { ...hashCond, r: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("10"), N("29")] } },
          QueryFilter: { f: { ComparisonOperator: "EQ", AttributeValueList: [N("0")] }, tag: { ComparisonOperator: "EQ", AttributeValueList: [S("even")] } },
        }),
      );
      expect(rs(and.Items)).toEqual([10, 20]);
      expect({ Count: and.Count, ScannedCount: and.ScannedCount }).toEqual({ Count: 2, ScannedCount: 20 });
    });

    caseIt(t, "query.legacy.query-filter-or", "QueryFilter with ConditionalOperator OR, and AttributesToGet", async () => {
      const hashCond = { h: { ComparisonOperator: "EQ" as const, AttributeValueList: [S("p")] } };
      const or = await c().send(
        new QueryCommand({
          TableName: paging,
          KeyConditions: { ...hashCond, r: { ComparisonOperator: "LT", AttributeValueList: [N("10")] } },
          QueryFilter: { f: { ComparisonOperator: "EQ", AttributeValueList: [N("4")] }, tag: { ComparisonOperator: "EQ", AttributeValueList: [S("even")] } },
          ConditionalOperator: "OR",
          AttributesToGet: ["r", "tag"],
        }),
      );
      expect(or.Items).toEqual([0, 2, 4, 6, 8, 9].map((r) => ({ r: N(String(r)), tag: S(r % 2 === 0 ? "even" : "odd") })));
    });

    caseIt(t, "query.legacy.query-filter-key", "QueryFilter on a key attribute is a ValidationException", async () => {
      await expectValidation(
        c().send(
          new QueryCommand({
            TableName: paging,
            KeyConditions: { h: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] } },
            QueryFilter: { r: { ComparisonOperator: "GT", AttributeValueList: [N("1")] } },
          }),
        ),
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: r",
      );
    });

    caseIt(t, "query.consistent-read", "ConsistentRead true sees a write acknowledged just before; false is accepted", async () => {
      const h = S(`cr-${Date.now()}`);
      await c().send(new PutItemCommand({ TableName: paging, Item: { h, r: N("1"), v: S("fresh") } }));
      const strong = await c().send(new QueryCommand({ TableName: paging, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": h }, ConsistentRead: true }));
      expect(strong.Items).toEqual([{ h, r: N("1"), v: S("fresh") }]);
      const eventual = await c().send(new QueryCommand({ TableName: paging, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": h }, ConsistentRead: false }));
      expect(eventual.Count).toBeLessThanOrEqual(1);
    });
  });

  describe("1 MB pages", () => {
    caseIt(
      t,
      "query.page.one-mb-bounded",
      "~30 items of 100 KB: a page holds about 1 MB, and paging visits each item exactly once",
      async () => {
        const TableName = uniqueName("qc-big");
        await createTable(c(), tableInput(TableName, ["h", "S"], ["r", "N"]));
        const big = "z".repeat(100 * 1024);
        await putAll(c(), TableName, Array.from({ length: 30 }, (_, i) => ({ h: S("k"), r: N(String(i)), v: S(big) })));
        const { pages, items } = await queryAll(c(), { TableName, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") } });
        // 1 MB / ~100 KB: DynamoDB stops at (or just past) the 1 MB mark, so ~10 items per page.
        expect(pages[0]!.Count).toBeGreaterThanOrEqual(9);
        expect(pages[0]!.Count).toBeLessThanOrEqual(11);
        expect(pages[0]!.LastEvaluatedKey).toEqual({ h: S("k"), r: pages[0]!.Items!.at(-1)!.r });
        const bytes = JSON.stringify(pages[0]!.Items).length;
        expect(bytes).toBeLessThan(1024 * 1024 + 110 * 1024);
        expect(pages.length).toBeGreaterThanOrEqual(3);
        expect(items.map((i) => Number(i.r!.N))).toEqual(Array.from({ length: 30 }, (_, i) => i));
        // Counting reads the same pages without returning the data.
        const counted = await queryAll(c(), { TableName, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") }, Select: "COUNT" });
        expect(counted.pages.reduce((n, p) => n + (p.Count ?? 0), 0)).toBe(30);
        expect(counted.pages.length).toBeGreaterThanOrEqual(3);
      },
      60_000,
    );
  });

  describe("errors", () => {
    const send = (input: Partial<QueryCommandInput>) => c().send(new QueryCommand({ TableName: tables.S, ...input } as QueryCommandInput));
    const kce = (table: string, KeyConditionExpression: string, vals: Item) => send({ TableName: table, KeyConditionExpression, ExpressionAttributeValues: Object.keys(vals).length > 0 ? vals : undefined });

    caseIt(t, "query.err.missing-partition-condition", "a key condition without the partition key names the missing element", async () => {
      await expectValidation(kce(tables.S, "r = :v", { ":v": S("a") }), "Query condition missed key schema element: h");
      await expectValidation(kce(hashOnly, "v = :v", { ":v": N("1") }), "Query condition missed key schema element: h");
    });

    caseIt(t, "query.err.non-key-attribute", "a key condition on a non-key attribute", async () => {
      await expectValidation(kce(tables.S, "h = :h AND f = :f", { ":h": S("k"), ":f": S("x") }), "Query condition missed key schema element: r");
      await expectValidation(kce(hashOnly, "h = :h AND v = :v", { ":h": S("k"), ":v": N("1") }), "Query key condition not supported");
    });

    caseIt(t, "query.err.or", "OR, NOT, <> and IN are not allowed in a key condition", async () => {
      await expectValidation(kce(tables.S, "h = :h OR r = :v", { ":h": S("k"), ":v": S("a") }), "Invalid operator used in KeyConditionExpression: OR");
      await expectValidation(kce(tables.S, "h = :h AND NOT r = :v", { ":h": S("k"), ":v": S("a") }), "Invalid operator used in KeyConditionExpression: NOT");
      await expectValidation(kce(tables.S, "h = :h AND r <> :v", { ":h": S("k"), ":v": S("a") }), "Invalid operator used in KeyConditionExpression: <>");
      await expectValidation(kce(tables.S, "h = :h AND r IN (:v)", { ":h": S("k"), ":v": S("a") }), "Invalid operator used in KeyConditionExpression: IN");
    });

    caseIt(t, "query.err.partition-key-function", "a function or range operator on the partition key", async () => {
      await expectValidation(kce(tables.S, "begins_with(h, :h)", { ":h": S("k") }), "Query key condition not supported");
      await expectValidation(kce(tables.S, "h < :h", { ":h": S("k") }), "Query key condition not supported");
      await expectValidation(kce(tables.S, "h BETWEEN :a AND :b", { ":a": S("a"), ":b": S("z") }), "Query key condition not supported");
      await expectValidation(kce(tables.S, "attribute_exists(h)", {}), "Invalid operator used in KeyConditionExpression: attribute_exists");
      await expectValidation(kce(tables.S, "h = :h AND contains(r, :v)", { ":h": S("k"), ":v": S("a") }), "Invalid operator used in KeyConditionExpression: contains");
      await expectValidation(kce(tables.S, "size(h) = :n", { ":n": N("1") }), "KeyConditionExpressions cannot contain nested operations");
    });

    caseIt(t, "query.err.value-type", "a key condition value of the wrong type", async () => {
      const msg = "One or more parameter values were invalid: Condition parameter type does not match schema type";
      await expectValidation(kce(tables.S, "h = :h", { ":h": N("1") }), msg);
      await expectValidation(kce(tables.N, "h = :h AND r > :v", { ":h": S("k"), ":v": S("1") }), msg);
      await expectValidation(kce(tables.B, "h = :h AND begins_with(r, :v)", { ":h": S("k"), ":v": S("a") }), msg);
    });

    caseIt(t, "query.err.begins-with-number", "begins_with on a N sort key", async () => {
      await expectValidation(kce(tables.N, "h = :h AND begins_with(r, :v)", { ":h": S("k"), ":v": N("1") }), "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    });

    caseIt(t, "query.err.two-conditions-on-key", "two conditions on the same key attribute", async () => {
      await expectValidation(
        kce(tables.N, "h = :h AND r > :a AND r < :b", { ":h": S("k"), ":a": N("1"), ":b": N("2") }),
        "KeyConditionExpressions must only contain one condition per key",
      );
    });

    caseIt(t, "query.err.start-key-schema", "ExclusiveStartKey that does not match the key schema", async () => {
      const q0 = { TableName: tables.N, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") } };
      await expectValidation(send({ ...q0, ExclusiveStartKey: { h: S("k") } }), "The provided starting key is invalid");
      await expectValidation(send({ ...q0, ExclusiveStartKey: { h: S("k"), r: S("1") } }), "The provided key element does not match the schema");
      await expectValidation(send({ ...q0, ExclusiveStartKey: { h: S("k"), x: N("1") } }), "The provided starting key is invalid");
      await expectValidation(send({ ...q0, ExclusiveStartKey: { h: S("k"), r: N("1"), x: N("1") } }), "The provided starting key is invalid");
    });

    caseIt(t, "query.err.start-key-outside", "ExclusiveStartKey of another partition key", async () => {
      await expectValidation(
        send({ TableName: tables.N, KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") }, ExclusiveStartKey: { h: S("j"), r: N("1") } }),
        "The provided starting key is outside query boundaries based on provided conditions",
      );
    });

    caseIt(t, "query.err.limit-zero", "Limit 0 fails the Limit constraint", async () => {
      await expectValidation(
        send({ KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") }, Limit: 0 }),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    caseIt(t, "query.err.unknown-table", "Query of a missing table is ResourceNotFoundException", async () => {
      await expectError(
        send({ TableName: uniqueName("qc-missing"), KeyConditionExpression: "h = :h", ExpressionAttributeValues: { ":h": S("k") } }),
        "ResourceNotFoundException",
        "Requested resource not found",
      );
    });

    caseIt(t, "query.err.both-styles", "KeyConditionExpression together with KeyConditions", async () => {
      await expectValidation(
        send({
          KeyConditionExpression: "h = :h",
          ExpressionAttributeValues: { ":h": S("k") },
          KeyConditions: { h: { ComparisonOperator: "EQ", AttributeValueList: [S("k")] } },
        }),
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}",
      );
    });
  });
}
