/** Single-item contract: PutItem, GetItem, DeleteItem, attribute values, keys, sizes, capacity. */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect } from "vitest";
import { caseIt, createTable, expectError, expectValidation, rawRequest, tableInput, uniqueName, type Target } from "./target";
import { bytes, canonicalItem, utf8 } from "./values";

type Item = Record<string, AttributeValue>;

export function itemCases(t: Target): void {
  const c = () => t.client();
  // One table per key shape, shared by the cases of this file (each case uses its own item keys).
  const hashTable = uniqueName("it-hash");
  const rangeTable = uniqueName("it-range");
  const numTable = uniqueName("it-num");
  const binTable = uniqueName("it-bin");

  beforeAll(async () => {
    await Promise.all([
      createTable(c(), tableInput(hashTable)),
      createTable(c(), tableInput(rangeTable, ["pk", "S"], ["sk", "N"])),
      createTable(c(), tableInput(numTable, ["n", "N"])),
      createTable(c(), tableInput(binTable, ["b", "B"])),
    ]);
  });

  const put = (Item: Item, extra: Partial<PutItemCommandInput> = {}, TableName = hashTable) =>
    c().send(new PutItemCommand({ TableName, Item, ...extra }));
  const get = async (Key: Item, TableName = hashTable) =>
    (await c().send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item;

  describe("round trips", () => {
    caseIt(t, "items.roundtrip.all-types", "stores and returns every attribute type", async () => {
      const item: Item = {
        id: { S: uniqueName("all") },
        s: { S: "héllo ✓ 世界 🚀" },
        emptyS: { S: "" },
        n: { N: "42" },
        neg: { N: "-3.5" },
        digits38: { N: "12345678901234567890123456789012345678" },
        b: { B: bytes(0, 1, 2, 127, 128, 255) },
        emptyB: { B: bytes() },
        yes: { BOOL: true },
        no: { BOOL: false },
        nul: { NULL: true },
        m: { M: { a: { S: "x" }, n: { N: "1" }, inner: { M: { deep: { BOOL: true } } } } },
        emptyM: { M: {} },
        l: { L: [{ S: "a" }, { N: "2" }, { BOOL: false }, { NULL: true }, { M: { k: { S: "v" } } }, { L: [{ N: "3" }] }] },
        emptyL: { L: [] },
        ss: { SS: ["b", "a", "c"] },
        ns: { NS: ["1", "2.5", "-3"] },
        bs: { BS: [utf8("x"), bytes(0), bytes(255, 254)] },
        nested: {
          M: {
            level1: {
              M: {
                level2: {
                  L: [{ M: { tags: { SS: ["t1", "t2"] } } }, { NS: ["7", "8"] }, { BS: [bytes(9)] }, { L: [{ L: [{ S: "deep" }] }] }],
                },
              },
            },
          },
        },
      };
      await put(item);
      const got = await get({ id: item.id! });
      expect(got).toBeDefined();
      expect(canonicalItem(got!)).toEqual(canonicalItem(item));
    });

    caseIt(t, "items.roundtrip.composite-key", "stores items under hash+range keys independently", async () => {
      const pk = { S: uniqueName("pk") };
      await put({ pk, sk: { N: "1" }, v: { S: "one" } }, {}, rangeTable);
      await put({ pk, sk: { N: "2" }, v: { S: "two" } }, {}, rangeTable);
      expect(await get({ pk, sk: { N: "1" } }, rangeTable)).toEqual({ pk, sk: { N: "1" }, v: { S: "one" } });
      expect(await get({ pk, sk: { N: "2" } }, rangeTable)).toEqual({ pk, sk: { N: "2" }, v: { S: "two" } });
    });

    caseIt(t, "items.roundtrip.binary-key", "uses a binary hash key", async () => {
      const b = { B: bytes(1, 2, 3, 4, 5, 200) };
      await put({ b, v: { N: "1" } }, {}, binTable);
      const got = await get({ b: { B: bytes(1, 2, 3, 4, 5, 200) } }, binTable);
      expect(canonicalItem(got!)).toEqual(canonicalItem({ b, v: { N: "1" } }));
      expect(await get({ b: { B: bytes(1, 2, 3, 4, 5) } }, binTable)).toBeUndefined();
    });

    caseIt(t, "items.roundtrip.overwrite", "PutItem replaces the whole item", async () => {
      const id = { S: uniqueName("ow") };
      await put({ id, a: { S: "1" }, b: { S: "2" } });
      await put({ id, c: { S: "3" } });
      expect(await get({ id })).toEqual({ id, c: { S: "3" } });
    });

    caseIt(t, "items.get.missing", "GetItem of a missing item returns no Item", async () => {
      const out = await c().send(new GetItemCommand({ TableName: hashTable, Key: { id: { S: uniqueName("nope") } } }));
      expect(out.Item).toBeUndefined();
      expect(out.$metadata.httpStatusCode).toBe(200);
    });

    caseIt(t, "items.delete.round-trip", "DeleteItem removes the item; deleting a missing item succeeds", async () => {
      const id = { S: uniqueName("del") };
      await put({ id, v: { S: "x" } });
      await c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id } }));
      expect(await get({ id })).toBeUndefined();
      const again = await c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id } }));
      expect(again.Attributes).toBeUndefined();
    });
  });

  describe("numbers", () => {
    caseIt(t, "items.numbers.normalised", "returns numbers in canonical form", async () => {
      const id = { S: uniqueName("num") };
      await put({
        id,
        a: { N: "00012.3400" },
        b: { N: "1e2" },
        c: { N: "-0012.50" },
        d: { N: "0.000" },
        e: { N: "1.0E-3" },
        ns: { NS: ["01", "2.50", "3e1"] },
        l: { L: [{ N: "010" }] },
      });
      const got = await get({ id });
      expect(canonicalItem(got!)).toEqual(
        canonicalItem({
          id,
          a: { N: "12.34" },
          b: { N: "100" },
          c: { N: "-12.5" },
          d: { N: "0" },
          e: { N: "0.001" },
          ns: { NS: ["1", "2.5", "30"] },
          l: { L: [{ N: "10" }] },
        }),
      );
    });

    caseIt(t, "items.numbers.key-equivalence", "numeric keys match by value, not by spelling", async () => {
      const n = String(Math.floor(Math.random() * 1e9));
      await put({ n: { N: `${n}.50` }, v: { S: "x" } }, {}, numTable);
      expect(await get({ n: { N: `0${n}.5` } }, numTable)).toEqual({ n: { N: `${n}.5` }, v: { S: "x" } });
    });

    caseIt(t, "items.numbers.set-duplicate-by-value", "rejects a number set whose members are equal as numbers", async () => {
      await expectValidation(put({ id: { S: uniqueName("nsd") }, ns: { NS: ["1", "1.0"] } }), "Input collection contains duplicates");
    });
  });

  describe("ReturnValues", () => {
    caseIt(t, "items.return.put-all-old", "PutItem ALL_OLD returns the replaced item", async () => {
      const id = { S: uniqueName("rv") };
      const first = await put({ id, v: { S: "old" } }, { ReturnValues: "ALL_OLD" });
      expect(first.Attributes).toBeUndefined();
      const second = await put({ id, v: { S: "new" } }, { ReturnValues: "ALL_OLD" });
      expect(second.Attributes).toEqual({ id, v: { S: "old" } });
      const third = await put({ id, v: { S: "newer" } }, { ReturnValues: "NONE" });
      expect(third.Attributes).toBeUndefined();
    });

    caseIt(t, "items.return.delete-all-old", "DeleteItem ALL_OLD returns the deleted item", async () => {
      const id = { S: uniqueName("rvd") };
      await put({ id, v: { N: "5" }, s: { SS: ["x"] } });
      const out = await c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id }, ReturnValues: "ALL_OLD" }));
      expect(out.Attributes).toEqual({ id, v: { N: "5" }, s: { SS: ["x"] } });
      const none = await c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id }, ReturnValues: "ALL_OLD" }));
      expect(none.Attributes).toBeUndefined();
    });

    caseIt(t, "items.return.put-invalid", "PutItem rejects ReturnValues other than ALL_OLD/NONE", async () => {
      await expectValidation(put({ id: { S: "x" } }, { ReturnValues: "ALL_NEW" }), "ReturnValues can only be ALL_OLD or NONE");
    });

    caseIt(t, "items.return.delete-invalid", "DeleteItem rejects ReturnValues other than ALL_OLD/NONE", async () => {
      await expectValidation(
        c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id: { S: "x" } }, ReturnValues: "UPDATED_NEW" })),
        "ReturnValues can only be ALL_OLD or NONE",
      );
    });
  });

  describe("ReturnConsumedCapacity", () => {
    // Item size = attribute name lengths + value sizes. Writes cost 1 unit per started KB, reads 1 per
    // started 4 KB (half for eventually consistent reads).
    const sized = (id: string, total: number): Item => ({ id: { S: id }, d: { S: "x".repeat(total - 2 - id.length - 1) } });
    const capacity = (out: { ConsumedCapacity?: { TableName?: string; CapacityUnits?: number } }) => ({
      TableName: out.ConsumedCapacity?.TableName,
      CapacityUnits: out.ConsumedCapacity?.CapacityUnits,
    });

    caseIt(t, "items.capacity.put", "PutItem consumes one write unit per started KB", async () => {
      const id = uniqueName("cap");
      const small = await put({ id: { S: id }, v: { S: "x" } }, { ReturnConsumedCapacity: "TOTAL" });
      expect(capacity(small)).toEqual({ TableName: hashTable, CapacityUnits: 1 });
      const exact1k = await put(sized(uniqueName("cap"), 1024), { ReturnConsumedCapacity: "TOTAL" });
      expect(capacity(exact1k)).toEqual({ TableName: hashTable, CapacityUnits: 1 });
      const over1k = await put(sized(uniqueName("cap"), 1025), { ReturnConsumedCapacity: "TOTAL" });
      expect(capacity(over1k)).toEqual({ TableName: hashTable, CapacityUnits: 2 });
      const none = await put({ id: { S: id } }, { ReturnConsumedCapacity: "NONE" });
      expect(none.ConsumedCapacity).toBeUndefined();
    });

    caseIt(t, "items.capacity.put-replace", "PutItem over a larger item is charged for the larger one", async () => {
      const id = uniqueName("capr");
      const large = await put(sized(id, 9000), { ReturnConsumedCapacity: "TOTAL" });
      expect(capacity(large).CapacityUnits).toBe(9);
      const replaced = await put({ id: { S: id } }, { ReturnConsumedCapacity: "TOTAL" });
      expect(capacity(replaced).CapacityUnits).toBe(9);
    });

    caseIt(t, "items.capacity.get", "GetItem consumes read units by size and consistency", async () => {
      const smallId = uniqueName("capg");
      const largeId = uniqueName("capg");
      await put({ id: { S: smallId } });
      await put(sized(largeId, 9000));
      const read = async (id: string, ConsistentRead: boolean) =>
        capacity(
          await c().send(new GetItemCommand({ TableName: hashTable, Key: { id: { S: id } }, ConsistentRead, ReturnConsumedCapacity: "TOTAL" })),
        ).CapacityUnits;
      expect(await read(smallId, false)).toBe(0.5);
      expect(await read(smallId, true)).toBe(1);
      expect(await read(largeId, false)).toBe(1.5);
      expect(await read(largeId, true)).toBe(3);
      // A miss still costs the minimum.
      expect(await read(uniqueName("capmiss"), false)).toBe(0.5);
      expect(await read(uniqueName("capmiss"), true)).toBe(1);
    });

    caseIt(t, "items.capacity.delete", "DeleteItem is charged for the deleted item's size", async () => {
      const id = uniqueName("capd");
      await put(sized(id, 3000));
      const del = (key: string) =>
        c().send(new DeleteItemCommand({ TableName: hashTable, Key: { id: { S: key } }, ReturnConsumedCapacity: "TOTAL" }));
      expect(capacity(await del(id))).toEqual({ TableName: hashTable, CapacityUnits: 3 });
      expect(capacity(await del(id))).toEqual({ TableName: hashTable, CapacityUnits: 1 });
    });
  });

  describe("key errors", () => {
    const mismatch = "The provided key element does not match the schema";
    const getKey = (Key: Item, TableName = hashTable) => c().send(new GetItemCommand({ TableName, Key }));

    caseIt(t, "items.key.missing-attribute", "GetItem without the hash key attribute", async () => {
      await expectValidation(getKey({ other: { S: "a" } }), mismatch);
    });

    caseIt(t, "items.key.wrong-type", "GetItem with a key attribute of the wrong type", async () => {
      await expectValidation(getKey({ id: { N: "1" } }), mismatch);
    });

    caseIt(t, "items.key.extra-attribute", "GetItem with an attribute beyond the key", async () => {
      await expectValidation(getKey({ id: { S: "a" }, extra: { S: "b" } }), mismatch);
    });

    caseIt(t, "items.key.missing-range", "GetItem without the range key", async () => {
      await expectValidation(getKey({ pk: { S: "a" } }, rangeTable), mismatch);
    });

    caseIt(t, "items.key.delete-wrong-type", "DeleteItem with a key attribute of the wrong type", async () => {
      await expectValidation(c().send(new DeleteItemCommand({ TableName: rangeTable, Key: { pk: { S: "a" }, sk: { S: "1" } } })), mismatch);
    });

    caseIt(t, "items.key.get-empty-string", "GetItem with an empty string key", async () => {
      await expectValidation(
        getKey({ id: { S: "" } }),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id",
      );
    });

    caseIt(t, "items.key.put-missing", "PutItem without the key attribute", async () => {
      await expectValidation(put({ v: { S: "a" } }), "One or more parameter values were invalid: Missing the key id in the item");
    });

    caseIt(t, "items.key.put-missing-range", "PutItem without the range key attribute", async () => {
      await expectValidation(put({ pk: { S: "a" } }, {}, rangeTable), "One or more parameter values were invalid: Missing the key sk in the item");
    });

    caseIt(t, "items.key.put-wrong-type", "PutItem with a key of the wrong type", async () => {
      await expectValidation(put({ id: { N: "1" } }), "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N");
    });

    caseIt(t, "items.key.put-empty-string", "PutItem with an empty string key", async () => {
      await expectValidation(
        put({ id: { S: "" } }),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id",
      );
    });

    caseIt(t, "items.key.put-empty-binary", "PutItem with an empty binary key", async () => {
      await expectValidation(
        put({ b: { B: bytes() } }, {}, binTable),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: b",
      );
    });

    caseIt(t, "items.key.hash-too-long", "rejects a hash key over 2048 bytes", async () => {
      await put({ id: { S: "h".repeat(2048) } });
      await expectValidation(
        put({ id: { S: "h".repeat(2049) } }),
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
      );
    });

    caseIt(t, "items.key.range-too-long", "rejects a range key over 1024 bytes", async () => {
      const table = uniqueName("it-srange");
      await createTable(c(), tableInput(table, ["pk", "S"], ["sk", "S"]));
      await put({ pk: { S: "r" }, sk: { S: "r".repeat(1024) } }, {}, table);
      await expectValidation(
        put({ pk: { S: "r" }, sk: { S: "r".repeat(1025) } }, {}, table),
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
      );
    });
  });

  describe("invalid attribute values", () => {
    const bad = (v: AttributeValue) => put({ id: { S: "bad" }, a: v });

    caseIt(t, "items.av.empty-string-set", "rejects an empty SS", async () => {
      await expectValidation(bad({ SS: [] }), "One or more parameter values were invalid: An string set  may not be empty");
    });

    caseIt(t, "items.av.empty-number-set", "rejects an empty NS", async () => {
      await expectValidation(bad({ NS: [] }), "One or more parameter values were invalid: An number set  may not be empty");
    });

    caseIt(t, "items.av.empty-binary-set", "rejects an empty BS", async () => {
      await expectValidation(bad({ BS: [] }), "One or more parameter values were invalid: Binary sets should not be empty");
    });

    caseIt(t, "items.av.duplicate-string-set", "rejects duplicate SS members", async () => {
      await expectValidation(bad({ SS: ["a", "b", "a"] }), "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.");
    });

    caseIt(t, "items.av.duplicate-number-set", "rejects duplicate NS members", async () => {
      await expectValidation(bad({ NS: ["1", "2", "1"] }), "Input collection contains duplicates");
    });

    caseIt(t, "items.av.duplicate-binary-set", "rejects duplicate BS members", async () => {
      await expectValidation(
        bad({ BS: [utf8("b"), utf8("b")] }),
        "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.",
      );
    });

    caseIt(t, "items.av.nested-empty-set", "rejects an empty set nested in a map and a list", async () => {
      await expectValidation(
        bad({ M: { inner: { L: [{ S: "ok" }, { SS: [] }] } } }),
        "One or more parameter values were invalid: An string set  may not be empty",
      );
    });

    caseIt(t, "items.av.null-false", "rejects NULL: false", async () => {
      await expectValidation(bad({ NULL: false }), "One or more parameter values were invalid: Null attribute value types must have the value of true");
    });

    caseIt(t, "items.av.bad-number", "rejects a number that does not parse", async () => {
      await expectValidation(bad({ N: "12abc" }), "The parameter cannot be converted to a numeric value: 12abc");
    });

    caseIt(t, "items.av.empty-number", "rejects an empty number", async () => {
      await expectValidation(bad({ N: "" }), "The parameter cannot be converted to a numeric value");
    });

    caseIt(t, "items.av.bad-number-in-set", "rejects a number set member that does not parse", async () => {
      await expectValidation(bad({ NS: ["1", "x1"] }), "The parameter cannot be converted to a numeric value: x1");
    });

    caseIt(t, "items.av.too-many-digits", "rejects more than 38 significant digits", async () => {
      await expectValidation(bad({ N: "1234567890123456789012345678901234567891" }), "Attempting to store more than 38 significant digits in a Number");
      await expectValidation(bad({ N: "-1.23456789012345678901234567890123456789" }), "Attempting to store more than 38 significant digits in a Number");
    });

    caseIt(t, "items.av.overflow", "rejects numbers of magnitude 1e126 and above", async () => {
      await expectValidation(bad({ N: "1e126" }), "Number overflow. Attempting to store a number with magnitude larger than supported range");
      await expectValidation(bad({ N: "-1e126" }), "Number overflow. Attempting to store a number with magnitude larger than supported range");
    });

    caseIt(t, "items.av.underflow", "rejects numbers of magnitude below 1e-130", async () => {
      await expectValidation(bad({ N: "1e-131" }), "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    });

    caseIt(t, "items.av.limits-accepted", "accepts the largest and smallest magnitudes", async () => {
      const id = { S: uniqueName("lim") };
      await put({ id, big: { N: "9.9999999999999999999999999999999999999e125" }, small: { N: "1e-130" }, neg: { N: "-1e125" } });
      expect(await get({ id })).toBeDefined();
    });

    // The SDK serialises only one member of an AttributeValue, so these go out by hand.
    caseIt(t, "items.av.two-types", "rejects an AttributeValue with two types", async () => {
      const res = await rawRequest(t.endpoint(), {
        op: "PutItem",
        body: { TableName: hashTable, Item: { id: { S: "two" }, a: { S: "x", N: "1" } } },
      });
      expect({ status: res.status, body: res.json }).toEqual({
        status: 400,
        body: {
          __type: "com.amazon.coral.validate#ValidationException",
          message: "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        },
      });
    });

    caseIt(t, "items.av.empty", "rejects an AttributeValue with no type", async () => {
      const res = await rawRequest(t.endpoint(), {
        op: "PutItem",
        body: { TableName: hashTable, Item: { id: { S: "none" }, a: {} } },
      });
      expect({ status: res.status, body: res.json }).toEqual({
        status: 400,
        body: {
          __type: "com.amazon.coral.validate#ValidationException",
          message: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        },
      });
    });
  });

  describe("item size", () => {
    const item = (total: number): Item => ({ id: { S: "k" }, d: { S: "x".repeat(total - 4) } });

    caseIt(t, "items.size.at-limit", "accepts an item of exactly 400 KB", async () => {
      await put(item(400 * 1024));
      const got = await get({ id: { S: "k" } });
      expect(got?.d?.S?.length).toBe(400 * 1024 - 4);
    });

    caseIt(t, "items.size.over-limit", "rejects an item over 400 KB", async () => {
      await expectValidation(put(item(400 * 1024 + 1)), "Item size has exceeded the maximum allowed size");
    });
  });

  describe("missing table", () => {
    caseIt(t, "items.table.missing", "item operations on an unknown table answer ResourceNotFoundException", async () => {
      const TableName = uniqueName("none");
      const notFound = (p: Promise<unknown>) => expectError(p, "ResourceNotFoundException", "Requested resource not found");
      await notFound(c().send(new GetItemCommand({ TableName, Key: { id: { S: "a" } } })));
      await notFound(c().send(new PutItemCommand({ TableName, Item: { id: { S: "a" } } })));
      await notFound(c().send(new DeleteItemCommand({ TableName, Key: { id: { S: "a" } } })));
    });

    caseIt(t, "items.table.bad-name", "item operations validate the table name", async () => {
      await expectValidation(
        c().send(new GetItemCommand({ TableName: "ab", Key: { id: { S: "a" } } })),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
    });
  });
}
