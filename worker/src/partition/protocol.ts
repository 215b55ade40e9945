/**
 * The one entry of a partition: `execute(request)`. The router has already validated and encoded
 * everything (keys as order-preserving bytes, items as normalised JSON text with their sizes), so the
 * Durable Object — the single writer and the scarce resource — does SQLite work and little else.
 */

export interface StoredKey {
  pk: Uint8Array;
  sk: Uint8Array;
}

export interface EncodedItem extends StoredKey {
  /** The item as DynamoDB JSON text. */
  item: string;
  size: number;
}

export type PartitionRequest =
  | { op: "GetItem"; key: StoredKey }
  | { op: "PutItem"; put: EncodedItem; returnOld: boolean }
  | { op: "DeleteItem"; key: StoredKey; returnOld: boolean }
  | { op: "BatchGetItem"; keys: StoredKey[] }
  | { op: "BatchWriteItem"; writes: BatchWrite[]; returnOldSizes: boolean }
  | { op: "Stats" }
  | { op: "Drop" };

export type BatchWrite = { put: EncodedItem } | { delete: StoredKey };

export interface StoredItem {
  item: string;
  size: number;
}

export interface PartitionResponses {
  GetItem: { found?: StoredItem };
  PutItem: { old?: StoredItem };
  DeleteItem: { old?: StoredItem };
  BatchGetItem: { found: (StoredItem | null)[] };
  /** Per write, the size of the item it replaced or deleted (null: there was none); when asked for. */
  BatchWriteItem: { oldSizes?: (number | null)[] };
  Stats: { items: number; bytes: number };
  Drop: Record<string, never>;
}

export type PartitionResponse<R extends PartitionRequest> = PartitionResponses[R["op"]];

/**
 * Answered instead of a result when the partition's table was deleted: a router holding stale table
 * metadata (another isolate deleted and maybe re-created the table) drops its cache entry and retries.
 */
export interface TableDropped {
  dropped: true;
}
