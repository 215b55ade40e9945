/** Local secondary indexes: maintained with each write, queried in index order (dynalite implements them too). */
import {
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, expectValidation, uniqueName, type Target } from "./target";

const s = (v: string) => ({ S: v });
const n = (v: number) => ({ N: String(v) });
type Item = Record<string, AttributeValue>;

export function lsiCases(t: Target): void {
  const c = () => t.client();
  let T = "";
  beforeAll(async () => {
    T = uniqueName("lsi");
    await createTable(c(), {
      TableName: T,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "score", AttributeType: "N" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      LocalSecondaryIndexes: [
        { IndexName: "by-score", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "score", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
        { IndexName: "by-score-keys", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "score", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } },
        { IndexName: "by-score-incl", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "score", KeyType: "RANGE" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["name"] } },
      ],
      BillingMode: "PAY_PER_REQUEST",
      Tags: [{ Key: "shvm:partitions", Value: "4" }],
    });
  }, 30_000);
  const put = (Item: Item) => c().send(new PutItemCommand({ TableName: T, Item }));
  /** Every page of a Query, following LastEvaluatedKey. */
  const all = async (input: Omit<QueryCommandInput, "TableName">) => {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    let pages = 0;
    do {
      const out = await c().send(new QueryCommand({ TableName: T, ...input, ExclusiveStartKey }));
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
      pages++;
    } while (ExclusiveStartKey && pages < 100);
    return { items, pages };
  };

  describe("local secondary indexes", () => {
    caseIt(t, "lsi.order-and-paging", "orders by the index key, ties by the table's sort key; pages of 2 neither skip nor repeat", async () => {
      const scores = [5, 3, 5, 1, 5, 3, 9, 5];
      for (let i = 0; i < scores.length; i++) await put({ pk: s("order"), sk: s(`s${i}`), score: n(scores[i]!), name: s(`n${i}`), extra: s("x") });
      await put({ pk: s("order"), sk: s("no-score"), name: s("sparse") }); // no index key: not in the index
      const want = scores.map((sc, i) => ({ sc, sk: `s${i}` })).sort((a, b) => a.sc - b.sc || (a.sk < b.sk ? -1 : 1));
      const { items, pages } = await all({ IndexName: "by-score", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": s("order") }, Limit: 2 });
      expect(items.map((i) => i.sk!.S)).toEqual(want.map((w) => w.sk));
      expect(pages).toBeGreaterThanOrEqual(4);
      const back = await all({ IndexName: "by-score", KeyConditionExpression: "pk = :p AND score BETWEEN :a AND :b", ExpressionAttributeValues: { ":p": s("order"), ":a": n(3), ":b": n(5) }, ScanIndexForward: false, Limit: 3 });
      expect(back.items.map((i) => i.sk!.S)).toEqual(want.filter((w) => w.sc >= 3 && w.sc <= 5).reverse().map((w) => w.sk));
    });

    caseIt(t, "lsi.projections", "KEYS_ONLY and INCLUDE return their attributes; ALL_ATTRIBUTES fetches the rest", async () => {
      await put({ pk: s("proj"), sk: s("a"), score: n(1), name: s("alice"), extra: s("x") });
      const q = (IndexName: string, extra: Partial<QueryCommandInput> = {}) =>
        c().send(new QueryCommand({ TableName: T, IndexName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": s("proj") }, ...extra }));
      expect((await q("by-score-keys")).Items).toEqual([{ pk: s("proj"), sk: s("a"), score: n(1) }]);
      expect((await q("by-score-incl")).Items).toEqual([{ pk: s("proj"), sk: s("a"), score: n(1), name: s("alice") }]);
      expect((await q("by-score")).Items).toEqual([{ pk: s("proj"), sk: s("a"), score: n(1), name: s("alice"), extra: s("x") }]);
      expect((await q("by-score-keys", { Select: "ALL_ATTRIBUTES" })).Items).toEqual([{ pk: s("proj"), sk: s("a"), score: n(1), name: s("alice"), extra: s("x") }]);
    });

    caseIt(t, "lsi.updates-and-deletes", "an update moves an item to its new index key; removing the key or deleting the item drops it", async () => {
      await put({ pk: s("move"), sk: s("a"), score: n(10) });
      await put({ pk: s("move"), sk: s("b"), score: n(20) });
      await c().send(new UpdateItemCommand({ TableName: T, Key: { pk: s("move"), sk: s("a") }, UpdateExpression: "SET score = :v", ExpressionAttributeValues: { ":v": n(30) } }));
      const order = async () => (await all({ IndexName: "by-score", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": s("move") } })).items.map((i) => `${i.sk!.S}:${i.score!.N}`);
      expect(await order()).toEqual(["b:20", "a:30"]);
      await c().send(new UpdateItemCommand({ TableName: T, Key: { pk: s("move"), sk: s("b") }, UpdateExpression: "REMOVE score" }));
      expect(await order()).toEqual(["a:30"]);
      await c().send(new DeleteItemCommand({ TableName: T, Key: { pk: s("move"), sk: s("a") } }));
      expect(await order()).toEqual([]);
    });

    caseIt(t, "lsi.collection-metrics", "ReturnItemCollectionMetrics SIZE answers the item collection's key and size estimate", async () => {
      const out = await c().send(new PutItemCommand({ TableName: T, Item: { pk: s("icm"), sk: s("a"), score: n(1) }, ReturnItemCollectionMetrics: "SIZE" }));
      expect(out.ItemCollectionMetrics).toEqual({ ItemCollectionKey: { pk: s("icm") }, SizeEstimateRangeGB: [0, 1] });
      const del = await c().send(new DeleteItemCommand({ TableName: T, Key: { pk: s("icm"), sk: s("a") }, ReturnItemCollectionMetrics: "SIZE" }));
      expect(del.ItemCollectionMetrics).toEqual({ ItemCollectionKey: { pk: s("icm") }, SizeEstimateRangeGB: [0, 1] });
    });

    caseIt(t, "lsi.start-key-type", "an ExclusiveStartKey whose index key has the wrong type is refused", async () => {
      await expectValidation(
        c().send(
          new QueryCommand({
            TableName: T,
            IndexName: "by-score",
            KeyConditionExpression: "pk = :p",
            ExpressionAttributeValues: { ":p": s("order") },
            ExclusiveStartKey: { pk: s("order"), sk: s("s1"), score: s("not a number") },
          }),
        ),
        // As for a table key of the wrong type in a Query's ExclusiveStartKey: the key check's own message.
        "The provided key element does not match the schema",
      );
    });

    caseIt(t, "lsi.scan", "Scan of an LSI pages through exactly the items that have the index key, each key's in index order", async () => {
      for (let i = 0; i < 6; i++) await put({ pk: s(`scan-${i % 3}`), sk: s(`k${i}`), score: n(10 - i) });
      await put({ pk: s("scan-0"), sk: s("no-score") });
      const scanAll = async (extra: Record<string, unknown>) => {
        const items: Item[] = [];
        let ExclusiveStartKey: Item | undefined;
        do {
          const out = await c().send(new ScanCommand({ TableName: T, ...extra, ExclusiveStartKey }));
          items.push(...(out.Items ?? []));
          ExclusiveStartKey = out.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return items;
      };
      const viaIndex = await scanAll({ IndexName: "by-score-keys", Limit: 2 });
      const viaTable = await scanAll({ FilterExpression: "attribute_exists(score)" });
      const id = (i: Item) => `${i.pk!.S}|${i.sk!.S}`;
      expect(viaIndex.map(id).sort()).toEqual(viaTable.map(id).sort());
      expect(new Set(viaIndex.map(id)).size).toBe(viaIndex.length);
      for (const i of viaIndex) expect(Object.keys(i).sort()).toEqual(["pk", "score", "sk"]);
      // Within one partition key, index order.
      const scores = viaIndex.filter((i) => i.pk!.S === "scan-0").map((i) => Number(i.score!.N));
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
    });

    caseIt(t, "lsi.describe-counts", "DescribeTable counts each LSI's items (only those with the index key)", async () => {
      const d = (await c().send(new DescribeTableCommand({ TableName: T }))).Table!;
      const withScore = (await c().send(new ScanCommand({ TableName: T, FilterExpression: "attribute_exists(score)", Select: "COUNT" }))).Count;
      for (const l of d.LocalSecondaryIndexes ?? []) expect(l.ItemCount).toBe(withScore);
      expect(d.ItemCount).toBeGreaterThan(withScore ?? 0);
    });

    caseIt(t, "lsi.unknown-index", "a Query on an index the table does not have is refused", async () => {
      await expectValidation(
        c().send(new QueryCommand({ TableName: T, IndexName: "nope", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": s("x") } })),
        "The table does not have the specified index: nope",
      );
    });
  });
}
