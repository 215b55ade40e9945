/** From a validated key (or item) to the stored key bytes and the partition that owns them. */
import { encodePartitionKey, encodeScalar, NO_SORT_KEY } from "../model/key-codec.js";
import { partitionOf } from "../model/hash.js";
import type { AttributeValue, Item, ScalarType } from "../model/types.js";
import type { StoredKey } from "../partition/protocol.js";
import type { TableMeta } from "./tables.js";

export interface RoutedKey {
  key: StoredKey;
  partition: number;
}

function scalar(v: unknown): string {
  const o = v as Record<string, string>;
  return o.S ?? o.N ?? o.B ?? "";
}

/** `item` must already have passed checkKey/checkItemKey against the table's key schema. */
export function routeKey(t: TableMeta, item: Item): RoutedKey {
  const k = t.key;
  const hashValue = scalar(item[k.hashName]);
  const pk = encodePartitionKey(k.hashType, hashValue);
  const rangeValue = k.rangeName !== undefined ? scalar(item[k.rangeName]) : undefined;
  const sk = k.rangeType !== undefined && rangeValue !== undefined ? encodeScalar(k.rangeType, rangeValue) : NO_SORT_KEY;
  return {
    key: { pk: pk.bytes, sk },
    partition: partitionOf(pk.hash, t.record.partitions),
  };
}

/** The key attributes of an item, as DynamoDB returns keys (LastEvaluatedKey). */
export function keyOf(t: TableMeta, item: Item): Item {
  const out: Item = { [t.key.hashName]: item[t.key.hashName]! };
  if (t.key.rangeName !== undefined) out[t.key.rangeName] = item[t.key.rangeName]!;
  return out;
}

/** The encoded value of a scalar AttributeValue of the given key type. */
export function encodeKeyValue(type: ScalarType, v: AttributeValue): Uint8Array {
  return encodeScalar(type, scalar(v));
}
