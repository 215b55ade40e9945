/**
 * The canary data and the corpus of valid requests the fuzz test starts from. Each concurrent slot owns
 * its own canary items (three per table), and its requests only ever name those, so one slot's accepted
 * writes cannot be mistaken for another slot's rejected request changing data.
 */
import type { Rng } from "./prng";

export type AV = Record<string, unknown>;
export type Item = Record<string, AV>;

export interface Tables {
  /** Hash key `id` (S). */
  hash: string;
  /** Hash key `pk` (S), range key `sk` (N). */
  range: string;
  /** Hash key `id` (B). */
  binary: string;
}

export interface CanaryItem {
  table: string;
  key: Item;
  item: Item;
}

export const ITEMS_PER_TABLE = 3;

const b64 = (...bytes: number[]) => Buffer.from(bytes).toString("base64");

function body(slot: number, k: number): Item {
  return {
    n: { N: String(k * 10 + slot) },
    s: { S: `v-${slot}-${k} héllo ✓ 🚀` },
    b: { B: b64(slot, k, 0xff, 0) },
    ss: { SS: ["a", "b"] },
    ns: { NS: ["1", "2.5"] },
    bs: { BS: [b64(1), b64(2)] },
    l: { L: [{ S: "x" }, { N: "1" }, { BOOL: true }] },
    m: { M: { child: { M: { deep: { S: "d" } } }, flag: { NULL: true } } },
    bool: { BOOL: false },
    count: { N: "0" },
  };
}

/** The canary items of one slot, in a fixed order (three per table). */
export function canaryItems(tables: Tables, slot: number): CanaryItem[] {
  const out: CanaryItem[] = [];
  for (let k = 0; k < ITEMS_PER_TABLE; k++) {
    const hashKey = { id: { S: `c${slot}-${k}` } };
    out.push({ table: tables.hash, key: hashKey, item: { ...hashKey, ...body(slot, k) } });
    const rangeKey = { pk: { S: `c${slot}` }, sk: { N: String(k + 1) } };
    out.push({ table: tables.range, key: rangeKey, item: { ...rangeKey, ...body(slot, k) } });
    const binaryKey = { id: { B: b64(0xc0, slot, k) } };
    out.push({ table: tables.binary, key: binaryKey, item: { ...binaryKey, ...body(slot, k) } });
  }
  return out;
}

export interface CorpusRequest {
  op: string;
  body: Record<string, unknown>;
  /** Whether an accepted answer may have changed the slot's canary items (they are restored then). */
  write: boolean;
  /** The error DynamoDB answers to this valid request as it is (undefined: it succeeds). */
  expectError?: string;
}

const clone = <T>(v: T): T => structuredClone(v);

/** The table names and key schemas of CreateTable requests (the name is an existing table's: ResourceInUseException when valid). */
function createTable(rng: Rng, tables: Tables): Record<string, unknown> {
  const withRange = rng.chance(0.5);
  const definitions = withRange
    ? [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }]
    : [{ AttributeName: "id", AttributeType: "S" }];
  const req: Record<string, unknown> = {
    TableName: withRange ? tables.range : tables.hash,
    AttributeDefinitions: definitions,
    KeySchema: withRange
      ? [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }]
      : [{ AttributeName: "id", KeyType: "HASH" }],
  };
  if (rng.chance(0.5)) req.BillingMode = "PAY_PER_REQUEST";
  else req.ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  if (withRange && rng.chance(0.6)) {
    req.LocalSecondaryIndexes = [
      { IndexName: "by-g", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "g", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } },
    ];
  }
  if (withRange && rng.chance(0.4)) {
    const gsi: Record<string, unknown> = {
      IndexName: "gsi-g",
      KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["n"] },
    };
    if (req.ProvisionedThroughput) gsi.ProvisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
    req.GlobalSecondaryIndexes = [gsi];
  }
  // Every defined attribute must be a key of the table or of an index.
  if (req.LocalSecondaryIndexes || req.GlobalSecondaryIndexes) definitions.push({ AttributeName: "g", AttributeType: "S" });
  if (rng.chance(0.3)) req.Tags = [{ Key: "team", Value: "fuzz" }];
  return req;
}

/**
 * One valid request over the slot's canary items. Most are accepted as they are; a few are valid requests
 * DynamoDB answers with an error anyway (a failing condition, CreateTable of an existing name).
 */
export function validRequest(rng: Rng, tables: Tables, canary: readonly CanaryItem[]): CorpusRequest {
  const target = rng.pick(canary);
  const Key = clone(target.key);
  const TableName = target.table;
  const slotPk = canary.find((c) => c.table === tables.range)!.key.pk!;
  switch (rng.int(12)) {
    case 0: {
      const Item = clone(target.item);
      Item.n = { N: String(rng.int(1000) - 500) };
      const b: Record<string, unknown> = { TableName, Item };
      if (rng.chance(0.4)) b.ReturnValues = "ALL_OLD";
      if (rng.chance(0.3)) Object.assign(b, { ConditionExpression: "attribute_exists(#k)", ExpressionAttributeNames: { "#k": Object.keys(Key)[0] } });
      if (rng.chance(0.3)) b.ReturnConsumedCapacity = rng.pick(["TOTAL", "INDEXES", "NONE"]);
      return { op: "PutItem", body: b, write: true };
    }
    case 1:
    case 2: {
      const b: Record<string, unknown> = { TableName, Key, ConsistentRead: rng.chance(0.5) };
      if (rng.chance(0.5)) Object.assign(b, { ProjectionExpression: "#n, s, m.child.deep, l[0], ss", ExpressionAttributeNames: { "#n": "n" } });
      return { op: "GetItem", body: b, write: false };
    }
    case 3:
    case 4: {
      const b: Record<string, unknown> = {
        TableName,
        Key,
        UpdateExpression: "SET #c = #c + :one, s = :s, m.child.deep = :s REMOVE bool ADD ss :ss DELETE ns :ns",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" }, ":s": { S: "updated" }, ":ss": { SS: ["z"] }, ":ns": { NS: ["1"] } },
        ReturnValues: rng.pick(["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]),
      };
      if (rng.chance(0.4)) {
        b.ConditionExpression = "attribute_exists(s) AND n < :big";
        (b.ExpressionAttributeValues as Record<string, AV>)[":big"] = { N: "1e10" };
      }
      return { op: "UpdateItem", body: b, write: true };
    }
    case 5: {
      // Half of them fail their condition: a rejected write that must leave the item alone.
      const failing = rng.chance(0.5);
      const b: Record<string, unknown> = {
        TableName,
        Key,
        ConditionExpression: failing ? "attribute_not_exists(s)" : "attribute_exists(s)",
        ReturnValues: "ALL_OLD",
      };
      if (failing && rng.chance(0.5)) b.ReturnValuesOnConditionCheckFailure = "ALL_OLD";
      return { op: "DeleteItem", body: b, write: true, ...(failing ? { expectError: "ConditionalCheckFailedException" } : {}) };
    }
    case 6: {
      const b: Record<string, unknown> = {
        TableName: tables.range,
        KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ":p": clone(slotPk), ":lo": { N: "1" }, ":hi": { N: "3" } },
        ScanIndexForward: rng.chance(0.5),
        ConsistentRead: rng.chance(0.5),
      };
      if (rng.chance(0.5)) b.Limit = 1 + rng.int(3);
      if (rng.chance(0.3)) {
        b.FilterExpression = "n >= :zero";
        (b.ExpressionAttributeValues as Record<string, AV>)[":zero"] = { N: "0" };
      }
      if (rng.chance(0.3)) b.ExclusiveStartKey = { pk: clone(slotPk), sk: { N: "1" } };
      if (rng.chance(0.2)) b.Select = "COUNT";
      return { op: "Query", body: b, write: false };
    }
    case 7: {
      const b: Record<string, unknown> = { TableName, Limit: 1 + rng.int(10) };
      if (rng.chance(0.4)) Object.assign(b, { FilterExpression: "begins_with(s, :p)", ExpressionAttributeValues: { ":p": { S: "v-" } } });
      // A starting key must lie in the segment: one or the other.
      if (rng.chance(0.3)) Object.assign(b, { Segment: 0, TotalSegments: 2 });
      else if (rng.chance(0.3)) b.ExclusiveStartKey = Key;
      if (rng.chance(0.2)) b.Select = "COUNT";
      return { op: "Scan", body: b, write: false };
    }
    case 8: {
      const puts = canary.filter((c) => c.table === TableName).slice(0, 2);
      const requests: unknown[] = puts.map((c) => ({ PutRequest: { Item: clone(c.item) } }));
      const other = canary.find((c) => c.table !== TableName)!;
      if (rng.chance(0.5)) requests.push({ DeleteRequest: { Key: clone(other.key) } });
      const b: Record<string, unknown> = { RequestItems: { [TableName]: requests.slice(0, 2) } };
      if (requests.length > 2) (b.RequestItems as Record<string, unknown>)[other.table] = requests.slice(2);
      return { op: "BatchWriteItem", body: b, write: true };
    }
    case 9: {
      const RequestItems: Record<string, unknown> = {};
      for (const c of canary.slice(0, 2 + rng.int(canary.length - 1))) {
        const entry = (RequestItems[c.table] ??= { Keys: [], ConsistentRead: rng.chance(0.5) }) as { Keys: Item[] };
        entry.Keys.push(clone(c.key));
      }
      return { op: "BatchGetItem", body: { RequestItems }, write: false };
    }
    case 10:
      return { op: "CreateTable", body: createTable(rng, tables), write: false, expectError: "ResourceInUseException" };
    default:
      return rng.pick<CorpusRequest>([
        { op: "DescribeTable", body: { TableName }, write: false },
        { op: "ListTables", body: { Limit: 1 + rng.int(5) }, write: false },
        { op: "UpdateTable", body: { TableName: `${TableName}-missing`, BillingMode: "PAY_PER_REQUEST" }, write: false, expectError: "ResourceNotFoundException" },
      ]);
  }
}
