/**
 * The one entry of a partition: `execute(request)`. The router has already validated and encoded
 * everything (keys as order-preserving bytes, items as normalised JSON text with their sizes), so the
 * Durable Object — the single writer and the scarce resource — does SQLite work and little else.
 */

import type { CompiledAttributeUpdates, CompiledCondition, CompiledUpdate } from "../expressions/index.js";
import type { Item, KeyInfo } from "../model/types.js";
import type { IndexKeyInfo } from "../validation/key.js";
import type { ErrorData } from "../catalog/update-table.js";

export interface StoredKey {
  pk: Uint8Array;
  sk: Uint8Array;
}

export interface EncodedItem extends StoredKey {
  /** The item as DynamoDB JSON text. */
  item: string;
  size: number;
}

/** A local secondary index as a partition maintains it: the entry's sort key is the item's `attr` encoded as `type`. */
export interface LsiSpec {
  name: string;
  attr: string;
  type: "S" | "N" | "B";
}

/**
 * Sent with every write of a table that has local secondary indexes (they are fixed at creation, so any write
 * carries the same list): the partition keeps them and maintains their entries in each write's transaction.
 * `collection`: ReturnItemCollectionMetrics SIZE — answer the item collection's size after the write.
 */
export interface IndexedWrite {
  lsis?: LsiSpec[];
  collection?: boolean;
  /** The table's global secondary indexes (tables with any): the partition records their changes in its outbox. */
  gsis?: GsiSet;
}

/**
 * A table's global secondary indexes as its base partitions maintain them (partition/gsi.ts). `gen` orders the sets:
 * indexes are created and deleted on a live table (UpdateTable), so a partition adopts a set only when it is newer than
 * its own — a router with stale metadata cannot bring a deleted index back.
 */
export interface GsiSet {
  gen: number;
  specs: GsiSpec[];
}

/** One global secondary index: where its entries live, its key and its projection. */
export interface GsiSpec {
  name: string;
  /** What the index's partitions are called in the metrics: `<table>/index/<name>`. */
  label: string;
  /** The index's own partitions: Durable Objects named after `tableId` (router/tables.ts gsiTableId). */
  tableId: string;
  partitions: number;
  hash: { attr: string; type: "S" | "N" | "B" };
  range?: { attr: string; type: "S" | "N" | "B" };
  projection: "ALL" | "KEYS_ONLY" | "INCLUDE";
  /** KEYS_ONLY / INCLUDE: the attributes an entry keeps (table key, index key, the included ones). */
  keep?: string[];
}

/**
 * One change for a GSI partition: the index entry of the base item (tpk, tsk) becomes `put`, or goes (no `put`).
 * Each change is the entry's whole new state, so applying a prefix of a partition's changes again is harmless.
 */
export interface GsiChange {
  tpk: Uint8Array;
  tsk: Uint8Array;
  put?: { pk: Uint8Array; isk: Uint8Array; item: string; size: number };
}

/** Write units per global secondary index (each entry put or deleted: its size in 1 KB units, at least one). */
export type IndexUnits = Record<string, number>;

/** Where a GSI read resumes: after this entry, in (pk, isk, tpk, tsk) order. */
export interface GsiPosition {
  pk: Uint8Array;
  isk: Uint8Array;
  tpk: Uint8Array;
  tsk: Uint8Array;
}

/** What an update does (UpdateItem, and a transaction's Update action): compute-update.ts applies it. */
export interface UpdateSpec {
  /** The key attributes, for creating the item when it does not exist. */
  keyItem: Item;
  /** With `indexKeys`: the updated item's secondary-index key attributes must keep their types. */
  keyInfo: KeyInfo;
  indexKeys?: IndexKeyInfo[];
  update: CompiledUpdate | CompiledAttributeUpdates;
  condition?: CompiledCondition;
}

export type PartitionRequest =
  | { op: "GetItem"; key: StoredKey }
  | ({ op: "PutItem"; put: EncodedItem; returnOld: boolean; condition?: CompiledCondition } & IndexedWrite)
  | ({ op: "DeleteItem"; key: StoredKey; returnOld: boolean; condition?: CompiledCondition } & IndexedWrite)
  | ({
      op: "UpdateItem";
      key: StoredKey;
      returnOld: boolean;
      returnNew: boolean;
      returnUpdated: boolean;
      /** The caller needs the item's size before the update (ReturnConsumedCapacity). */
      oldSize?: boolean;
    } & UpdateSpec & IndexedWrite)
  /** Reads keys in order until their JSON text passes `maxBytes`; `found` is then shorter than `keys`. */
  | { op: "BatchGetItem"; keys: StoredKey[]; maxBytes: number }
  | ({ op: "BatchWriteItem"; writes: BatchWrite[]; returnOldSizes: boolean } & IndexedWrite)
  /** A Scan of a local secondary index: its entries in (pk, index key, table sort key) order within a hash slice. */
  | {
      op: "IndexScan";
      index: string;
      from?: Uint8Array;
      to?: Uint8Array;
      after?: { pk: Uint8Array; isk: Uint8Array; sk: Uint8Array };
      limit: number;
      maxSize: number;
    }
  /** A Query on a local secondary index: entries of one partition key in (index key, table sort key) order. */
  | {
      op: "IndexQuery";
      index: string;
      pk: Uint8Array;
      range: SortRange;
      forward: boolean;
      /** Exclusive start: the last entry of the previous page. */
      after?: { isk: Uint8Array; sk: Uint8Array };
      limit: number;
      maxSize: number;
    }
  | {
      /** Items of one partition key in sort-key order, within bounds, after `after`. */
      op: "Query";
      pk: Uint8Array;
      range: SortRange;
      forward: boolean;
      /** Exclusive start: the encoded sort key of the last item of the previous page. */
      after?: Uint8Array;
      limit: number;
      /** Stop once the DynamoDB sizes of the items read reach this (1 MB pages). */
      maxSize: number;
    }
  | {
      /** Items in (pk, sk) order — hash order, then key order — within a slice of the hash space. */
      op: "Scan";
      /** Inclusive lower bound on pk (8 hash bytes of a segment's start). */
      from?: Uint8Array;
      /** Exclusive upper bound on pk (8 hash bytes of a segment's end). */
      to?: Uint8Array;
      after?: StoredKey;
      limit: number;
      maxSize: number;
    }
  /** At a GSI partition: apply a base partition's changes, in order (partition/gsi.ts). */
  | { op: "IndexApply"; changes: GsiChange[] }
  /** At a GSI partition: entries of one index partition key in (isk, tpk, tsk) order. */
  | {
      op: "GsiQuery";
      pk: Uint8Array;
      range: SortRange;
      forward: boolean;
      after?: GsiPosition;
      limit: number;
      maxSize: number;
    }
  /** At a GSI partition: entries in (pk, isk, tpk, tsk) order within a slice of the index's hash space. */
  | { op: "GsiScan"; from?: Uint8Array; to?: Uint8Array; after?: GsiPosition; limit: number; maxSize: number }
  /** At a GSI partition: its entries and their sizes (DescribeTable). */
  | { op: "GsiStats" }
  /**
   * At a base partition, from the catalog: the table's GSI set (adopted if newer); answers whether the backfill of an
   * index it added is still running, and the outbox (pending changes and the age of the oldest).
   */
  | { op: "SetGsis"; gsis: GsiSet }
  | { op: "Stats" }
  /** The item count alone, for the metrics endpoint: reads the primary-key b-tree, not the items' overflow pages. */
  | { op: "CountItems" }
  /** The table's TTL attribute (null: TTL disabled), from the catalog; the partition recomputes its items' expiries. */
  | { op: "SetTtl"; attribute: string | null }
  | { op: "Drop" }
  /** A whole transaction whose items are all in this partition: one SQLite transaction. */
  /** `txid` (with a ClientRequestToken): the commit also records COMMITTED for it, unless ABORTED was recorded first. */
  | ({ op: "Transact"; actions: TxnAction[]; txid?: string } & IndexedWrite)
  /** Phase one of a transaction spanning partitions: check, stage and lock this partition's items. */
  | ({ op: "Prepare"; txid: string; coordinator: TxnCoordinator; actions: TxnAction[] } & IndexedWrite)
  | { op: "Commit"; txid: string }
  | { op: "Abort"; txid: string }
  /** At the coordinator: record the decision unless one is recorded; answers the recorded one. */
  | { op: "Decide"; txid: string; decision: TxnDecision }
  | { op: "Forget"; txid: string }
  /** At the coordinator: ClientRequestToken bookkeeping (10 minutes). */
  /**
   * Takes the token for transaction `txid`, whose decision will be kept at `decisionAt` (the coordinator of a
   * transaction spanning partitions, or the one partition of a one-partition transaction).
   */
  | { op: "TokenBegin"; token: string; digest: string; txid: string; decisionAt: TxnCoordinator }
  /** The token's transaction ended: committed (kept "done" for the window) or definitely not (the token is free). */
  | { op: "TokenEnd"; token: string; committed: boolean }
  /** TransactGetItems: read with versions, then check nothing changed. */
  | { op: "TxnRead"; keys: StoredKey[] }
  | { op: "TxnVerify"; seq: string };

/** One action of a transaction as a partition runs it (the router has compiled and routed it). */
export type TxnAction =
  | { kind: "Check"; key: StoredKey; condition: CompiledCondition; returnOld: boolean }
  | { kind: "Put"; put: EncodedItem; condition?: CompiledCondition; returnOld: boolean }
  | { kind: "Delete"; key: StoredKey; condition?: CompiledCondition; returnOld: boolean }
  | ({ kind: "Update"; key: StoredKey; returnOld: boolean } & UpdateSpec);

/** A CancellationReason as DynamoDB sends it, but with the item as JSON text (the router parses it). */
export interface TxnReason {
  Code: "None" | "ConditionalCheckFailed" | "ValidationError" | "TransactionConflict";
  Message?: string;
  item?: string;
}

/** Where a spanning transaction's decision is kept: a partition of one of its tables. */
export interface TxnCoordinator {
  tableId: string;
  partitions: number;
  index: number;
}

export type TxnDecision = "COMMITTED" | "ABORTED";

export type BatchWrite = { put: EncodedItem } | { delete: StoredKey };

/** Bounds on the encoded sort key; a missing bound is open. */
export interface SortRange {
  lo?: Uint8Array;
  loInclusive?: boolean;
  hi?: Uint8Array;
  hiInclusive?: boolean;
}

/**
 * Rows read in order. `stopped`: the read ended on the limit or the size budget, not at the end of the
 * range (the caller returns LastEvaluatedKey, built from the last row's item).
 */
export interface RangeRead {
  rows: StoredItem[];
  stopped: boolean;
}

export interface StoredItem {
  item: string;
  size: number;
}

export interface PartitionResponses {
  GetItem: { found?: StoredItem };
  /** `collectionSize`: the item collection's bytes after the write (asked with `collection`). */
  /** `indexUnits`: the write units of the GSI changes the write recorded, by index (tables with GSIs; capacity). */
  PutItem: ({ old?: StoredItem; collectionSize?: number; indexUnits?: IndexUnits }) | ConditionFailed | { error: ErrorData };
  DeleteItem: ({ old?: StoredItem; collectionSize?: number; indexUnits?: IndexUnits }) | ConditionFailed | { error: ErrorData };
  UpdateItem:
    | {
        /** Size of the item before the update (capacity); absent when the update created the item. */
        oldSize?: number;
        /** The item before (ReturnValues ALL_OLD), as JSON text. */
        oldItem?: string;
        /** The item after (ReturnValues ALL_NEW), as JSON text. */
        newItem?: string;
        newSize: number;
        updatedOld?: Item;
        updatedNew?: Item;
        collectionSize?: number;
        indexUnits?: IndexUnits;
      }
    | ConditionFailed
    | { error: ErrorData };
  BatchGetItem: { found: (StoredItem | null)[] };
  /** Per write, the size of the item it replaced or deleted (null: there was none); when asked for. */
  /** `conflict`: an item is locked by a transaction in progress; nothing of this share was written. */
  BatchWriteItem: { oldSizes?: (number | null)[]; conflict?: true; indexUnits?: IndexUnits };
  Query: RangeRead;
  IndexQuery: RangeRead;
  IndexScan: RangeRead;
  Scan: RangeRead;
  IndexApply: Record<string, never>;
  GsiQuery: RangeRead;
  GsiScan: RangeRead;
  GsiStats: { items: number; bytes: number };
  SetGsis: { backfilling: boolean; pending: number; oldestMs: number | null };
  /** `indexes`: per local secondary index, its entries and the sizes of their items (tables with LSIs only). */
  Stats: { items: number; bytes: number; indexes?: Record<string, { items: number; bytes: number }> };
  /** `pending` / `oldestAt`: the GSI outbox's changes not yet delivered and the oldest one's time (epoch ms). */
  CountItems: { items: number; pending?: number; oldestAt?: number };
  SetTtl: Record<string, never>;
  /** `reasons` (one per action, in order) when the transaction is cancelled; nothing was written then. */
  Transact: { reasons?: TxnReason[] };
  Prepare: { reasons?: TxnReason[] };
  Commit: Record<string, never>;
  Abort: Record<string, never>;
  Decide: { decision: TxnDecision };
  Forget: Record<string, never>;
  /**
   * `stale`: a token still pending past the lock timeout (its router died or lost the answer): the caller asks
   * `decisionAt` for the decision of `txid` (proposing ABORTED) and ends the token accordingly.
   */
  TokenBegin: { state: "new" | "done" | "in-progress" | "mismatch" } | { state: "stale"; txid: string; decisionAt: TxnCoordinator };
  TokenEnd: Record<string, never>;
  /** `seq`: the partition's write sequence at the read (object start and writes since). */
  TxnRead: { rows: (StoredItem | null)[]; locked: boolean[]; seq: string };
  TxnVerify: { ok: boolean };
  Drop: Record<string, never>;
}

export type PartitionResponse<R extends PartitionRequest> = PartitionResponses[R["op"]];

/**
 * What `execute` answers: the result, plus the partition's own view of the call when metrics are on
 * (SHVM_METRICS is not "off"). The router turns `stats` into per-partition metrics (worker/src/metrics).
 */
export interface PartitionReply<R extends PartitionRequest> {
  result: PartitionResponse<R> | TableDropped;
  stats?: CallStatsWire;
}

/**
 * CallStats as they cross the RPC: six numbers in a fixed order, null as -1 — an array of numbers
 * serialises faster than an object with named fields, and it rides on every call.
 */
export type CallStatsWire = [rowsRead: number, rowsWritten: number, ms: number, databaseSize: number, starts: number, startedAt: number];

export function encodeCallStats(s: CallStats): CallStatsWire {
  return [s.rowsRead, s.rowsWritten, s.ms ?? -1, s.databaseSize ?? -1, s.starts, s.startedAt];
}

export function decodeCallStats(w: CallStatsWire): CallStats {
  return { rowsRead: w[0], rowsWritten: w[1], ms: w[2] < 0 ? null : w[2], databaseSize: w[3] < 0 ? null : w[3], starts: w[4], startedAt: w[5] };
}

export interface CallStats {
  /** The SQLite cursors' rowsRead / rowsWritten, summed over the statements of this call. */
  rowsRead: number;
  rowsWritten: number;
  /**
   * Milliseconds the object spent on this call (SQLite and the work around it), by the runtime's clock;
   * null when that clock does not advance during synchronous work (production Workers) — never a frozen 0.
   */
  ms: number | null;
  /**
   * `ctx.storage.sql.databaseSize` after the call; null when not read this time: reads, and writes within a
   * second of the last report (partition.ts sizeDue). Always present on a count (CountItems) and a first call.
   */
  databaseSize: number | null;
  /** Times this partition's object was constructed with data (persisted in its meta table); 0 before its first write. */
  starts: number;
  /** Epoch ms of this object's construction. */
  startedAt: number;
}

/** The condition evaluated false: nothing was written. `old` is the current item, when there is one. */
export interface ConditionFailed {
  conditionFailed: true;
  old?: StoredItem;
}

/**
 * Answered instead of a result when the partition's table was deleted: a router holding stale table
 * metadata (another isolate deleted and maybe re-created the table) drops its cache entry and retries.
 */
export interface TableDropped {
  dropped: true;
}
