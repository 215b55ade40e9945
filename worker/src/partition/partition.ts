import { DurableObject } from "cloudflare:workers";
import { gsiRangeSql, gsiScanSql, pushBounds, indexRangeSql, indexScanSql, MIGRATE_1_TO_2, MIGRATE_2_TO_3, rangeSql, SCHEMA, SCHEMA_VERSION, SQL, type ItemRow, type MetaRow, type RangeRow, type StatsRow } from "./partition-sql.js";
import { encodeCallStats, type BatchWrite, type IndexedWrite, type LsiSpec, type CallStatsWire, type PartitionReply, type PartitionRequest, type PartitionResponse, type RangeRead, type StoredItem, type TableDropped } from "./protocol.js";
import { evaluateCondition, type CompiledCondition } from "../expressions/index.js";
import type { Item } from "../model/types.js";
import { computeUpdate } from "./compute-update.js";
import { encodeScalar } from "../model/key-codec.js";
import * as txn from "./transactions.js";
import { partitionExecutor, type ClusterEnv } from "../router/cluster.js";
import { DynamoError } from "../http/errors.js";
import { toErrorData } from "../catalog/update-table.js";
import { AGAIN_MS, BACKFILL_BATCH, expiresOf, IGNORED_AFTER_S, SWEEP_BATCH } from "./ttl.js";
import * as gsi from "./gsi.js";
import { GsiFeed } from "./gsi-feed.js";
import { setInPlaceArgs, setInPlaceSql, stringSets } from "./set-in-place.js";

type PartitionEnv = ClusterEnv & { SHVM_METRICS?: string; SHVM_FAULT?: string };

/**
 * A partition of a table: one Durable Object, one SQLite database. All reads and writes go to SQLite
 * (no caches, no overlays). Each request runs synchronously to completion, so per partition the writes
 * are strictly serialised; a multi-statement write runs in one transaction (transactionSync), and the
 * runtime's output gate holds the reply until the write is durable, so an acknowledged write survives a
 * restart.
 */
export class Partition extends DurableObject<PartitionEnv> implements txn.TxnHost {
  readonly sql: SqlStorage;
  private dropped = false;
  /**
   * Whether the schema exists. A partition that was never written to stays without one, so reads of
   * it (DescribeTable's counts over 1,024 fresh partitions, a GetItem of a missing key) create no
   * tables and write no rows. (workerd still creates the empty database file when the object opens.)
   */
  private ready = false;
  /** Metrics (SHVM_METRICS not "off"): every call's reply carries CallStats. */
  private readonly metrics: boolean;
  private readonly startedAt = Date.now();
  /** The persisted restart counter as of this object's start (0 until the partition first holds data). */
  private starts = 0;
  /** Whether the clock moves during synchronous work here (locally yes; in production Workers it is frozen). */
  private readonly clockAdvances: boolean;
  /** When this object last reported its database size (Date.now(); -Infinity: never), and whether writes came since. */
  private sizeAt = -Infinity;
  private sizeStale = false;
  /** Writes waiting for the next turn (group commit, see execute). */
  private queue: { req: PartitionRequest; resolve: (r: PartitionReply<PartitionRequest>) => void; reject: (e: unknown) => void }[] = [];
  /** The table's TTL attribute as this partition was last told (SetTtl, kept in meta); null: TTL disabled. */
  private ttlAttribute: string | null = null;
  /** The rowid after which items' expiries still have to be (re)computed for ttlAttribute; null: all done. */
  private backfillFrom: number | null = null;
  /** Whether the alarm handler is running (armAlarm then keeps clear of the running alarm's own time). */
  private inAlarm = false;
  /** When the alarm this object last set fires (epoch ms); null: none set by this object since it started. */
  private alarmAt: number | null = null;
  /** The table's local secondary indexes (meta "lsis"; none for most tables). */
  private lsis: LsiSpec[] = [];
  /** Rows in txn_locks (items prepared by transactions in flight): writes look for a lock only while there are any. */
  private locks = 0;
  /** Writes run since this object started: TransactGetItems' second round checks that none came between its rounds. */
  private writeSeq = 0;
  /** Cursors of the current call, for their rowsRead / rowsWritten (metrics only). */
  private readonly cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  /** The table's GSIs as this partition feeds them: set, outbox, delivery, backfills (gsi-feed.ts). */
  private readonly feed = new GsiFeed({
    sql: this.ctx.storage.sql,
    env: this.env,
    metrics: this.env.SHVM_METRICS !== "off",
    startedAt: this.startedAt,
    ready: () => this.ready,
    dropped: () => this.dropped,
    get: (pk, sk) => this.get(pk, sk),
    atomically: (fn) => this.ctx.storage.transactionSync(fn),
    armAlarm: (at) => this.armAlarm(at),
  });

  constructor(ctx: DurableObjectState, env: PartitionEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.metrics = env.SHVM_METRICS !== "off";
    this.clockAdvances = this.metrics && clockMovesDuringWork();
    if (this.sql.exec(SQL.hasSchema).toArray().length > 0) this.open();
  }

  /** Creates or opens the schema; bumps the restart counter (metrics issue) of a partition that has data. */
  private open(): void {
    const meta = new Map<string, unknown>();
    // No meta table yet: the partition's first write creates the schema.
    if (this.sql.exec(SQL.hasSchema).toArray().length > 0) for (const row of this.sql.exec<MetaRow>(SQL.readMeta)) meta.set(row.key, row.value);
    const version = meta.get("schema_version");
    // Written by a newer engine: opening it as ours could corrupt what we do not understand.
    if (typeof version === "number" && version > SCHEMA_VERSION) {
      throw new Error(`partition schema version ${version} is newer than this engine's (${SCHEMA_VERSION}): upgrade shvm-db`);
    }
    // A database written by schema version 1 (WITHOUT ROWID items): rebuilt in one transaction, all rows kept.
    // A database written by schema version 2 gains the TTL column (3). Each in one transaction, all rows kept.
    if ((version === 1 || version === 2) && this.sql.exec(SQL.hasItems).toArray().length > 0) {
      this.ctx.storage.transactionSync(() => {
        if (version === 1) this.sql.exec(MIGRATE_1_TO_2);
        this.sql.exec(MIGRATE_2_TO_3);
        this.sql.exec(SQL.writeMeta, "schema_version", SCHEMA_VERSION);
      });
    }
    this.sql.exec(SCHEMA);
    if (version === undefined) this.sql.exec(SQL.writeMeta, "schema_version", SCHEMA_VERSION);
    this.dropped = meta.get("dropped") === 1;
    this.lsis = typeof meta.get("lsis") === "string" ? (JSON.parse(meta.get("lsis") as string) as LsiSpec[]) : [];
    this.ttlAttribute = typeof meta.get("ttl_attribute") === "string" ? (meta.get("ttl_attribute") as string) : null;
    this.backfillFrom = typeof meta.get("ttl_backfill_from") === "number" ? (meta.get("ttl_backfill_from") as number) : null;
    this.starts = Number(meta.get("starts") ?? 0) + 1;
    this.sql.exec(SQL.writeMeta, "starts", this.starts);
    this.locks = this.sql.exec<{ n: number }>(SQL.lockCount).one().n;
    this.ready = true;
    this.feed.load(meta);
    // Prepared items left by a transaction that did not finish before a restart: resolved by the alarm.
    if (this.locks > 0) this.armAlarm(Date.now() + txn.LOCK_TIMEOUT_MS);
    // Expiry is driven by the alarm; after a restart this object does not know what was set, so it sets it again.
    if (this.ttlAttribute !== null || this.backfillFrom !== null) this.armAlarm(this.backfillFrom !== null ? Date.now() : this.nextExpiryMs());
  }

  /**
   * The partition's one entry. Every call runs synchronously to completion (but Drop), so calls never interleave.
   *
   * Group commit: each acknowledged write costs a durable commit (WAL frames and an fsync — on local workerd on the
   * JavaScript thread itself), about as much as the rest of the write. So a write is not run at once but queued
   * until the next turn of the event loop (a zero timer), when every write that arrived by then runs, in arrival
   * order, in that one turn: the runtime commits them together, and its output gate holds each reply until that
   * commit is durable. Nothing is acknowledged before it is durable, and SQLite stays the only read and write path
   * (a queued write is visible to no one until it has run). Reads never wait: one that runs before a queued write
   * sees the state before it — a valid order for a write not yet acknowledged; a client's own writes are
   * acknowledged before it can read after them. Measured here (16 in flight, 8 partitions): ~70 % of writes shared
   * a commit (batches of 2–8); write throughput +4 … +57 % and server CPU per write −16 … −35 % in four same-run
   * A/B pairs against the engine before it (and the storage change); a lone client saw no difference beyond the noise.
   * (Waiting only while the partition was busy shared almost no commits: at 16 in flight over 8 partitions a
   * partition's writes rarely arrive back to back, so they must wait a turn to meet.)
   */
  execute<R extends PartitionRequest>(req: R): PartitionReply<R> | Promise<PartitionReply<R>> {
    if (req.op === "Drop") return this.drop().then((result) => ({ result: result as PartitionResponse<R> }));
    if (!WRITES.has(req.op)) return this.call(req);
    return new Promise<PartitionReply<R>>((resolve, reject) => {
      this.queue.push({ req, resolve: resolve as (r: PartitionReply<PartitionRequest>) => void, reject });
      if (this.queue.length === 1) setTimeout(() => this.runQueued(), 0);
    });
  }

  /** The queued writes, in arrival order, in this one turn (so one commit). */
  private runQueued(): void {
    const batch = this.queue;
    this.queue = [];
    for (const q of batch) {
      if (CHANGES_ITEMS.has(q.req.op)) this.writeSeq++;
      try {
        q.resolve(this.call(q.req));
      } catch (e) {
        q.reject(e);
      }
    }
  }

  private call<R extends PartitionRequest>(req: R): PartitionReply<R> {
    if (!this.metrics) return { result: this.handleThenDeliver(req) };
    this.cursors.length = 0; // a call that threw left its cursors behind
    // A frozen clock (production) would read 0: not read at all then.
    const start = this.clockAdvances ? performance.now() : 0;
    const result = this.handleThenDeliver(req);
    return { result, stats: this.callStats(this.clockAdvances ? performance.now() - start : null, req.op) };
  }

  /** handle(), then the delivery of the index changes it recorded (none when it threw: its transaction rolled back). */
  private handleThenDeliver<R extends PartitionRequest>(req: R): PartitionResponse<R> | TableDropped {
    let result: PartitionResponse<R> | TableDropped;
    this.feed.callUnits = null;
    try {
      result = this.handle(req);
    } catch (e) {
      this.feed.deliveryWanted = false;
      throw e;
    }
    this.feed.flushDelivery();
    // A write's GSI write units, for its ConsumedCapacity.
    const units = this.feed.callUnits;
    if (units && WRITES_WITH_UNITS.has(req.op) && !("error" in result) && !("conditionFailed" in result) && !("conflict" in result)) {
      (result as { indexUnits?: Record<string, number> }).indexUnits = units;
    }
    this.feed.callUnits = null;
    return result;
  }

  private handle<R extends PartitionRequest>(req: R): PartitionResponse<R> | TableDropped {
    if (this.dropped) return { dropped: true };
    // An alarm believed set but more than a second overdue was lost (see armAlarm): any request sets it again.
    if (this.alarmAt !== null && this.alarmAt < Date.now() - 1_000) this.armAlarm(this.alarmAt);
    if (!this.ready) {
      const empty = this.readOfEmpty(req);
      if (empty) return empty as PartitionResponse<R>;
      this.open();
    }
    return this.run(req) as PartitionResponse<R>;
  }

  /** This call's metrics; resets the cursor list for the next call. */
  private callStats(ms: number | null, op: PartitionRequest["op"]): CallStatsWire {
    let rowsRead = 0;
    let rowsWritten = 0;
    for (const c of this.cursors) {
      rowsRead += c.rowsRead;
      rowsWritten += c.rowsWritten;
    }
    this.cursors.length = 0;
    return encodeCallStats({
      rowsRead,
      rowsWritten,
      ms,
      databaseSize: this.sizeDue(op) ? this.reportSize() : null,
      starts: this.starts,
      startedAt: this.startedAt,
    });
  }

  /**
   * databaseSize costs about half a point read (1.7 µs against 3 µs for a one-row SELECT, measured in workerd),
   * so it is not read on every call: it is read on the object's first call, on every count (the scrape's: what
   * the endpoint shows after writes is current), and otherwise on the first call of any kind that comes at
   * least a second after the last report with writes in between — so after a burst of writes the next call,
   * even a read, reports the final size (what Analytics Engine sees in production: at most one report a second
   * per partition, never stuck at a burst's first write).
   */
  private sizeDue(op: PartitionRequest["op"]): boolean {
    if (WRITES.has(op)) this.sizeStale = true;
    if (op === "CountItems" || this.sizeAt === -Infinity) return true;
    return this.sizeStale && Date.now() - this.sizeAt >= SIZE_EVERY_MS;
  }

  private reportSize(): number {
    this.sizeAt = Date.now();
    this.sizeStale = false;
    return this.sql.databaseSize;
  }

  /** sql.exec for the item statements, keeping the cursor for the call's row counters when metrics are on. */
  private exec<T extends Record<string, SqlStorageValue>>(query: string, ...args: unknown[]): SqlStorageCursor<T> {
    const cursor = this.sql.exec<T>(query, ...args);
    if (this.metrics) this.cursors.push(cursor);
    return cursor;
  }

  /** The answer of a read (or a no-op delete) on a partition that has never stored anything. */
  private readOfEmpty(req: PartitionRequest): PartitionResponse<PartitionRequest> | undefined {
    switch (req.op) {
      case "GetItem":
        return {};
      case "DeleteItem":
        // Nothing to delete; a condition is still evaluated, against no item. The item collection is empty.
        if (req.condition && !holds(req.condition, null)) return failed(null);
        return req.collection ? { collectionSize: 0 } : {};
      case "BatchGetItem":
        return { found: req.keys.map(() => null) };
      case "Stats":
        return { items: 0, bytes: 0 };
      case "CountItems":
        return { items: 0 };
      case "SetTtl":
        // Nothing stored and nothing to expire; enabling TTL does create the schema (the attribute must be kept).
        return req.attribute === null ? {} : undefined;
      case "IndexQuery":
      case "IndexScan":
      case "GsiQuery":
      case "GsiScan":
        return { rows: [], stopped: false };
      case "GsiStats":
        return { items: 0, bytes: 0 };
      case "SetGsis":
        // Nothing stored, nothing to backfill — but the set is kept (the schema created for it), so a router with older
        // metadata cannot have this partition adopt an older set afterwards.
        return undefined;
      case "TxnRead":
        return { rows: req.keys.map(() => null), locked: req.keys.map(() => false), seq: this.seq() };
      case "TxnVerify":
        return { ok: req.seq === this.seq() };
      case "Commit":
      case "Abort":
      case "Forget":
      case "TokenEnd":
        return {};
      case "Query":
      case "Scan":
        return { rows: [], stopped: false };
      default:
        return undefined;
    }
  }

  /** Reclaims the storage, then leaves a tombstone so a stale router learns the table is gone. */
  private async drop(): Promise<Record<string, never>> {
    await this.ctx.storage.deleteAll();
    this.sql.exec(SCHEMA);
    this.sql.exec(SQL.writeMeta, "schema_version", SCHEMA_VERSION);
    this.sql.exec(SQL.writeMeta, "dropped", 1);
    this.dropped = true;
    this.ready = true;
    return {};
  }

  private run(req: PartitionRequest): PartitionResponse<PartitionRequest> {
    // Exhaustive: a request kind without a case is a compile error (the `never` at the end).
    switch (req.op) {
      case "GetItem": {
        const row = this.get(req.key.pk, req.key.sk);
        return row ? { found: row } : {};
      }
      case "PutItem": {
        const p = req.put;
        if (this.locked(p.pk, p.sk)) return conflict();
        this.adopt(req);
        if (!req.returnOld && !req.condition) {
          this.indexed(() => this.putRow(p.pk, p.sk, p.item, p.size));
          return this.withCollection(req, p.pk, {});
        }
        // Read, check, one write: atomic without a transaction of its own, as nothing runs between them.
        const old = this.get(p.pk, p.sk);
        if (req.condition && !holds(req.condition, old)) return failed(old);
        this.indexed(() => this.putRow(p.pk, p.sk, p.item, p.size, undefined, old));
        return this.withCollection(req, p.pk, old ? { old } : {});
      }
      case "DeleteItem": {
        if (this.locked(req.key.pk, req.key.sk)) return conflict();
        this.adopt(req);
        const k = req.key;
        if (req.condition) {
          const old = this.get(k.pk, k.sk);
          if (!holds(req.condition, old)) return failed(old);
          if (old) this.indexed(() => this.write(k.pk, k.sk, null, 0, undefined, old));
          return this.withCollection(req, k.pk, old ? { old } : {});
        }
        if (!req.returnOld) {
          this.indexed(() => this.write(k.pk, k.sk, null, 0));
          return this.withCollection(req, k.pk, {});
        }
        const old = this.indexed(() => {
          const row = this.exec<ItemRow>(SQL.deleteItemReturning, k.pk, k.sk).toArray()[0];
          if (row && this.lsis.length) this.sql.exec(SQL.deleteEntries, k.pk, k.sk);
          if (row && this.feed.gsis.length) this.feed.changeGsis(k.pk, k.sk, { item: row.item, size: row.size }, null);
          return row;
        });
        return this.withCollection(req, k.pk, old ? { old: { item: old.item, size: old.size } } : {});
      }
      case "UpdateItem": {
        if (this.locked(req.key.pk, req.key.sk)) return conflict();
        this.adopt(req);
        const inPlace = this.setInPlace(req);
        if (inPlace) return inPlace;
        return this.withCollection(req, req.key.pk, this.indexed(() => this.update(req)));
      }
      case "BatchGetItem": {
        // An RPC reply is limited to 32 MiB: stop once the texts read pass the caller's budget.
        const found: (StoredItem | null)[] = [];
        let bytes = 0;
        for (const k of req.keys) {
          if (bytes > req.maxBytes) break;
          const f = this.get(k.pk, k.sk);
          if (f) bytes += f.item.length;
          found.push(f);
        }
        return { found };
      }
      case "BatchWriteItem":
        this.adopt(req);
        if (this.locks > 0 && req.writes.some((w) => ("put" in w ? this.locked(w.put.pk, w.put.sk) : this.locked(w.delete.pk, w.delete.sk)))) {
          return { conflict: true };
        }
        return this.ctx.storage.transactionSync(() => {
          if (!req.returnOldSizes) {
            for (const w of req.writes) this.writeBatched(w);
            return {};
          }
          const oldSizes = req.writes.map((w) => {
            const k = "put" in w ? w.put : w.delete;
            const old = this.get(k.pk, k.sk);
            this.writeBatched(w, old);
            return old ? old.size : null;
          });
          return { oldSizes };
        });
      case "Query": {
        const where = ["pk = ?"];
        const args: Uint8Array[] = [req.pk];
        pushBounds("sk", req.range, where, args);
        if (req.after) where.push(req.forward ? "sk > ?" : "sk < ?"), args.push(req.after);
        return this.readRange(rangeSql(where, !req.forward), args, req.limit, req.maxSize);
      }
      case "IndexQuery": {
        const where: string[] = [];
        const args: unknown[] = [req.index, req.pk];
        pushBounds("e.isk", req.range, where, args);
        if (req.after) {
          const cmp = req.forward ? ">" : "<";
          where.push(`(e.isk ${cmp} ? OR (e.isk = ? AND e.sk ${cmp} ?))`), args.push(req.after.isk, req.after.isk, req.after.sk);
        }
        return this.readRange(indexRangeSql(where, !req.forward), args, req.limit, req.maxSize);
      }
      case "IndexScan": {
        const where: string[] = [];
        const args: unknown[] = [req.index];
        if (req.from) where.push("e.pk >= ?"), args.push(req.from);
        if (req.to) where.push("e.pk < ?"), args.push(req.to);
        if (req.after) {
          const a = req.after;
          where.push("(e.pk > ? OR (e.pk = ? AND (e.isk > ? OR (e.isk = ? AND e.sk > ?))))"), args.push(a.pk, a.pk, a.isk, a.isk, a.sk);
        }
        return this.readRange(indexScanSql(where), args, req.limit, req.maxSize);
      }
      case "Scan": {
        const where: string[] = [];
        const args: Uint8Array[] = [];
        if (req.from) where.push("pk >= ?"), args.push(req.from);
        if (req.to) where.push("pk < ?"), args.push(req.to);
        if (req.after) where.push("(pk > ? OR (pk = ? AND sk > ?))"), args.push(req.after.pk, req.after.pk, req.after.sk);
        return this.readRange(rangeSql(where, false), args, req.limit, req.maxSize);
      }
      case "Stats": {
        const row = this.exec<StatsRow>(SQL.stats).one();
        if (!this.lsis.length) return { items: row.items, bytes: row.bytes };
        const indexes: Record<string, { items: number; bytes: number }> = {};
        for (const r of this.exec<{ name: string; items: number; bytes: number }>(SQL.indexStats)) indexes[r.name] = { items: r.items, bytes: r.bytes };
        return { items: row.items, bytes: row.bytes, indexes };
      }
      case "CountItems": {
        const items = this.exec<StatsRow>(SQL.countItems).one().items;
        const f = this.feed;
        if (!f.gsis.length) return { items };
        return f.outboxOldestAt !== null && f.outboxPending > 0 ? { items, pending: f.outboxPending, oldestAt: f.outboxOldestAt } : { items, pending: 0 };
      }
      case "IndexApply":
        this.ctx.storage.transactionSync(() => gsi.applyChanges(this.sql, req.changes));
        return {};
      case "GsiQuery": {
        const where: string[] = [];
        const args: unknown[] = [req.pk];
        pushBounds("isk", req.range, where, args);
        if (req.after) where.push(`(isk, tpk, tsk) ${req.forward ? ">" : "<"} (?, ?, ?)`), args.push(req.after.isk, req.after.tpk, req.after.tsk);
        return this.readRange(gsiRangeSql(where, !req.forward), args, req.limit, req.maxSize);
      }
      case "GsiScan": {
        const where: string[] = [];
        const args: unknown[] = [];
        if (req.from) where.push("pk >= ?"), args.push(req.from);
        if (req.to) where.push("pk < ?"), args.push(req.to);
        if (req.after) where.push("(pk, isk, tpk, tsk) > (?, ?, ?, ?)"), args.push(req.after.pk, req.after.isk, req.after.tpk, req.after.tsk);
        return this.readRange(gsiScanSql(where), args, req.limit, req.maxSize);
      }
      case "GsiStats":
        return this.exec<StatsRow>(SQL.entryStats).one();
      case "SetGsis":
        this.feed.adoptGsis(req.gsis);
        return {
          backfilling: this.feed.backfilling(),
          pending: this.feed.outboxPending,
          oldestMs: this.feed.outboxOldestAt === null ? null : Date.now() - this.feed.outboxOldestAt,
        };
      case "SetTtl":
        return this.setTtl(req.attribute);
      case "Transact":
        this.adopt(req);
        return txn.transact(this, req.actions, req.txid, Date.now());
      case "Prepare": {
        this.adopt(req);
        const out = txn.prepare(this, req.txid, req.coordinator, req.actions, Date.now());
        if (!out.reasons) this.armAlarm(Date.now() + txn.LOCK_TIMEOUT_MS);
        return out;
      }
      case "Commit":
        txn.commit(this, req.txid);
        return {};
      case "Abort":
        txn.abort(this, req.txid);
        return {};
      case "Decide":
        return txn.decide(this, req.txid, req.decision, Date.now());
      case "Forget":
        txn.forget(this, req.txid);
        return {};
      case "TokenBegin":
        return txn.tokenBegin(this, req.token, req.digest, req.txid, req.decisionAt, Date.now());
      case "TokenEnd":
        txn.tokenEnd(this, req.token, req.committed);
        return {};
      case "TxnRead":
        return { ...txn.txnRead(this, req.keys), seq: this.seq() };
      case "TxnVerify":
        return { ok: req.seq === this.seq() };
      case "Drop":
        throw new Error("Drop is handled by execute()");
      default: {
        const unknown: never = req;
        throw new Error(`unknown partition request ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * Read, check, apply, write: atomic because the object runs one request at a time and the write is
   * one statement. Evaluation errors (a wrong operand type, a bad path) come back as data: nothing
   * was written.
   */
  private update(req: Extract<PartitionRequest, { op: "UpdateItem" }>): PartitionResponse<typeof req> {
    const old = this.get(req.key.pk, req.key.sk);
    const r = computeUpdate(req, old);
    if ("conditionFailed" in r) return failed(old);
    if ("error" in r) return r;
    if ("unchanged" in r) return { newSize: 0 };
    this.write(req.key.pk, req.key.sk, r.text, r.size, r.item, old);
    const out: PartitionResponse<typeof req> = { newSize: r.size };
    if (old) out.oldSize = old.size;
    if (old && req.returnOld) out.oldItem = old.item;
    if (req.returnNew) out.newItem = r.text;
    if (req.returnUpdated) {
      out.updatedOld = r.updatedOld;
      out.updatedNew = r.updatedNew;
    }
    return out;
  }

  /**
   * YCSB's update as one statement where nothing but the stored text and size change (set-in-place.ts); undefined when
   * the update is not of that shape or the statement matched no row (then the read-modify-write runs).
   */
  private setInPlace(req: Extract<PartitionRequest, { op: "UpdateItem" }>): PartitionResponse<typeof req> | undefined {
    if (req.condition || req.returnOld || req.returnNew || req.returnUpdated || req.oldSize || req.collection || req.indexKeys?.length) return undefined;
    if (this.lsis.length || this.feed.gsis.length) return undefined;
    const sets = stringSets(req.update);
    if (!sets || (this.ttlAttribute !== null && sets.some((s) => s.name === this.ttlAttribute))) return undefined;
    const row = this.exec<{ size: number }>(setInPlaceSql(sets.length), ...setInPlaceArgs(sets, req.key.pk, req.key.sk)).toArray()[0];
    return row ? { newSize: row.size } : undefined;
  }

  /** Reads rows in order until the range ends, `limit` rows, or `maxSize` bytes of items. */
  private readRange(sql: string, args: unknown[], limit: number, maxSize: number): RangeRead {
    const rows: StoredItem[] = [];
    let size = 0;
    // Reaching the limit ends the page either way, so no row beyond it is ever read.
    for (const row of this.exec<RangeRow>(sql, ...args)) {
      rows.push({ item: row.item, size: row.size });
      size += row.size;
      if (rows.length >= limit || size >= maxSize) {
        return { rows, stopped: true };
      }
    }
    return { rows, stopped: false };
  }

  // TxnHost (transactions.ts).
  get(pk: Uint8Array, sk: Uint8Array): StoredItem | null {
    const rows = this.exec<ItemRow>(SQL.getItem, pk, sk);
    const row = rows.next();
    return row.done ? null : { item: row.value.item, size: row.value.size };
  }

  /** `old`: the item being replaced or deleted, when the caller has read it (GSIs need it; undefined: read here). */
  write(pk: Uint8Array, sk: Uint8Array, item: Item | string | null, size: number, parsed?: Item, old?: StoredItem | null): void {
    if (item === null) {
      if (this.feed.gsis.length) this.feed.changeGsis(pk, sk, old, null);
      this.exec(SQL.deleteItem, pk, sk);
      if (this.lsis.length) this.sql.exec(SQL.deleteEntries, pk, sk);
      return;
    }
    this.putRow(pk, sk, item, size, parsed, old);
  }

  private putRow(pk: Uint8Array, sk: Uint8Array, item: Item | string, size: number, parsed?: Item, old?: StoredItem | null): void {
    // An Item object is serialised; text goes to SQLite as it is (a malformed value fails there, rolling back the batch).
    const text = typeof item === "object" && item !== null ? JSON.stringify(item) : item;
    let obj = parsed ?? (typeof item === "object" && item !== null ? item : undefined);
    if (this.feed.gsis.length) {
      obj ??= JSON.parse(text) as Item;
      this.feed.changeGsis(pk, sk, old, obj, text, size);
    }
    this.exec(SQL.putItem, pk, sk, text, size, this.expiry(obj ?? text));
    if (!this.lsis.length) return;
    // The item's index entries, replaced: one per index whose key attribute it has (a sparse index skips it).
    this.indexEntries(pk, sk, obj ?? (JSON.parse(text) as Item));
  }

  /** The index definitions a write carries: LSIs (fixed at creation) and the table's current GSI set. */
  private adopt(req: IndexedWrite): void {
    this.adoptLsis(req.lsis);
    this.feed.adoptGsis(req.gsis);
  }

  /**
   * The table's local secondary indexes, as its writes carry them (fixed at creation): kept in meta, so TTL deletions
   * and a transaction's commit maintain the entries too.
   */
  private adoptLsis(specs: LsiSpec[] | undefined): void {
    // LSIs are fixed at a table's creation, so every write of a table carries the same list: comparing lengths is enough.
    if (!specs || specs.length === this.lsis.length) return;
    this.lsis = specs;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(SQL.writeMeta, "lsis", JSON.stringify(specs));
      // Items written before this partition maintained its table's LSIs (engines before version 3's indexes, which
      // stored LSI definitions without entries): index them now, in this one transaction, so no Query misses them.
      for (const row of this.sql.exec<{ pk: ArrayBuffer; sk: ArrayBuffer; item: string }>(SQL.allItemKeys)) {
        this.indexEntries(new Uint8Array(row.pk), new Uint8Array(row.sk), JSON.parse(row.item) as Item);
      }
    });
  }

  private indexEntries(pk: Uint8Array, sk: Uint8Array, item: Item): void {
    this.sql.exec(SQL.deleteEntries, pk, sk);
    for (const l of this.lsis) {
      const v = item[l.attr] as Record<string, string> | undefined;
      const s = v?.[l.type];
      if (typeof s === "string") this.sql.exec(SQL.insertEntry, l.name, pk, encodeScalar(l.type, s), sk);
    }
  }

  /** Runs a write that touches an item and its index entries in one transaction (a plain write outside one). */
  private indexed<T>(fn: () => T): T {
    return this.lsis.length || this.feed.gsis.length ? this.ctx.storage.transactionSync(fn) : fn();
  }

  /** ReturnItemCollectionMetrics SIZE: the item collection's bytes after the write. */
  private withCollection<T extends object>(req: IndexedWrite, pk: Uint8Array, out: T): T & { collectionSize?: number } {
    if (!req.collection || "conditionFailed" in out || "error" in out) return out;
    return { ...out, collectionSize: this.sql.exec<{ bytes: number }>(SQL.collectionSize, pk).one().bytes };
  }

  transaction(fn: () => void): void {
    this.ctx.storage.transactionSync(fn);
  }

  locked(pk: Uint8Array, sk: Uint8Array): boolean {
    return this.locks > 0 && this.sql.exec(SQL.lockOf, pk, sk).toArray().length > 0;
  }

  countLocks(delta: number): void {
    this.locks += delta;
  }

  /** The write sequence TransactGetItems compares between its rounds (a restart starts a new one). */
  private seq(): string {
    return `${this.startedAt}:${this.writeSeq}`;
  }

  /**
   * Resolves transactions whose prepared items here waited longer than LOCK_TIMEOUT_MS: asks each one's coordinator
   * for its decision, proposing ABORTED (the first decision recorded there stands), and commits or aborts here.
   */
  /** Whether some stale transaction could not be resolved (the coordinator unreachable, or its table gone). */
  private async resolveStaleLocks(): Promise<boolean> {
    const stale = this.sql.exec<{ txid: string; coordinator: string }>(SQL.staleLocks, Date.now() - txn.LOCK_TIMEOUT_MS).toArray();
    let unresolved = false;
    for (const s of stale) {
      const c = JSON.parse(s.coordinator) as { tableId: string; partitions: number; index: number };
      try {
        const reply = await partitionExecutor(this.env, c.tableId, c.index, c.partitions).execute({ op: "Decide", txid: s.txid, decision: "ABORTED" });
        const decided = (reply.result as { decision?: string }).decision;
        // No decision answered (the coordinator's table was deleted): the outcome is unknown, so the locks stay.
        if (decided !== "COMMITTED" && decided !== "ABORTED") {
          console.error(`partition: transaction ${s.txid} has no reachable decision (its coordinator's table is gone); its items stay locked`);
          unresolved = true;
          continue;
        }
        this.writeSeq++;
        if (decided === "COMMITTED") txn.commit(this, s.txid);
        else txn.abort(this, s.txid);
      } catch (e) {
        console.error(`partition: could not resolve transaction ${s.txid}; trying again later`, e);
        unresolved = true;
      }
    }
    return unresolved;
  }

  /** The expiry to store with an item being written; schedules the alarm when it comes before the one set. */
  private expiry(item: Item | string): number | null {
    if (this.ttlAttribute === null) return null;
    const at = expiresOf(this.ttlAttribute, item);
    // A value more than five years in the past never expires (DynamoDB ignores it): no alarm for it.
    if (at !== null && at > Date.now() / 1000 - IGNORED_AFTER_S && (this.alarmAt === null || at * 1000 < this.alarmAt)) this.armAlarm(at * 1000);
    return at;
  }

  /** Sets the alarm for `atMs` (not before now); null: no alarm needed. */
  private armAlarm(atMs: number | null): void {
    if (atMs === null) return;
    // From inside the alarm handler, never the very time of the alarm running now: the runtime deletes an alarm that
    // still reads as its own when the handler ends, which would lose the next run.
    const at = Math.max(atMs, Date.now() + (this.inAlarm ? AGAIN_MS : 0));
    // One alarm serves TTL and stale transactions: never move it later than one already set — unless the one believed
    // set is more than a second overdue and has not run (lost): then set it again.
    if (this.alarmAt !== null && this.alarmAt <= at && this.alarmAt > Date.now() - 1_000) return;
    this.alarmAt = at;
    // Not awaited: the write is part of this turn's storage operations, so the output gate holds replies until it is durable.
    void this.ctx.storage.setAlarm(at);
  }

  /** The earliest expiry still to come into effect (epoch ms), or null when no item has one. */
  private nextExpiryMs(): number | null {
    const row = this.sql.exec<{ at: number | null }>(SQL.nextExpiry, Date.now() / 1000 - IGNORED_AFTER_S).one();
    return row.at === null ? null : row.at * 1000;
  }

  /**
   * SetTtl: the table's TTL attribute (null: disabled), pushed by the catalog to every partition. A change
   * recomputes every item's expiry, in alarm-sized batches (backfill) — until it is done, nothing expires here.
   */
  private setTtl(attribute: string | null): Record<string, never> {
    if (attribute === this.ttlAttribute) return {};
    this.ttlAttribute = attribute;
    this.backfillFrom = 0;
    if (attribute === null) this.sql.exec(SQL.deleteMeta, "ttl_attribute");
    else this.sql.exec(SQL.writeMeta, "ttl_attribute", attribute);
    this.sql.exec(SQL.writeMeta, "ttl_backfill_from", 0);
    this.armAlarm(Date.now());
    return {};
  }

  /** One bounded step of TTL work: the backfill first, then a batch of expired items; then the next alarm. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    if (!this.ready || this.dropped) return;
    this.inAlarm = true;
    try {
      await this.alarmWork();
    } finally {
      this.inAlarm = false;
    }
  }

  private async alarmWork(): Promise<void> {
    await this.feed.alarmWork();
    if (this.dropped) return;
    if (this.locks > 0) {
      const unresolved = await this.resolveStaleLocks();
      // A stale transaction committed here records its index changes like any write.
      this.feed.flushDelivery();
      const oldest = this.sql.exec<{ at: number | null }>(SQL.oldestLock).one().at;
      // After a failure, back off a whole timeout rather than ask again at once (the oldest lock is already stale).
      if (oldest !== null) this.armAlarm(unresolved ? Date.now() + txn.LOCK_TIMEOUT_MS : oldest + txn.LOCK_TIMEOUT_MS);
    }
    if (this.backfillFrom !== null) {
      this.ctx.storage.transactionSync(() => this.backfillStep());
      this.armAlarm(this.backfillFrom !== null ? Date.now() + AGAIN_MS : this.nextExpiryMs());
      return;
    }
    if (this.ttlAttribute === null) return;
    const now = Date.now() / 1000;
    const expired = this.sql.exec<{ id: number; pk: ArrayBuffer; sk: ArrayBuffer }>(SQL.expiredItems, now, now - IGNORED_AFTER_S, SWEEP_BATCH).toArray();
    if (expired.length) {
      this.ctx.storage.transactionSync(() => {
        for (const e of expired) {
          if (this.feed.gsis.length) this.feed.changeGsis(new Uint8Array(e.pk), new Uint8Array(e.sk), undefined, null);
          this.sql.exec(SQL.deleteByRowid, e.id);
          if (this.lsis.length) this.sql.exec(SQL.deleteEntries, e.pk, e.sk);
        }
      });
      this.sizeStale = true;
      this.writeSeq++;
      this.feed.flushDelivery();
    }
    this.armAlarm(expired.length === SWEEP_BATCH ? Date.now() + AGAIN_MS : this.nextExpiryMs());
  }

  /** Recomputes the expiry of the next BACKFILL_BATCH items (or clears them when TTL was disabled). */
  private backfillStep(): void {
    if (this.ttlAttribute === null) {
      // Disabled: clear what is set; done when nothing is left to clear.
      const cursor = this.sql.exec(SQL.clearExpires, BACKFILL_BATCH);
      cursor.toArray(); // run it to its end before reading its counter
      const cleared = cursor.rowsWritten;
      if (cleared < BACKFILL_BATCH) this.finishBackfill();
      return;
    }
    const rows = this.sql.exec<{ id: number; item: string }>(SQL.itemsFrom, this.backfillFrom ?? 0, BACKFILL_BATCH).toArray();
    for (const r of rows) this.sql.exec(SQL.setExpires, expiresOf(this.ttlAttribute, r.item), r.id);
    if (rows.length < BACKFILL_BATCH) this.finishBackfill();
    else {
      this.backfillFrom = rows[rows.length - 1]!.id;
      this.sql.exec(SQL.writeMeta, "ttl_backfill_from", this.backfillFrom);
    }
  }

  private finishBackfill(): void {
    this.backfillFrom = null;
    this.sql.exec(SQL.deleteMeta, "ttl_backfill_from");
  }

  /** `old`: the item it replaces, when the caller read it already (GSIs need it; undefined: read when needed). */
  private writeBatched(w: BatchWrite, old?: StoredItem | null): void {
    // A put is always a put (even of a malformed item, which SQLite then refuses and the batch rolls back).
    if ("put" in w) this.putRow(w.put.pk, w.put.sk, w.put.item, w.put.size, undefined, old);
    else this.write(w.delete.pk, w.delete.sk, null, 0, undefined, old);
  }
}

/** The writes whose replies carry their GSI write units (for ConsumedCapacity). */
const WRITES_WITH_UNITS = new Set<PartitionRequest["op"]>(["PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem"]);

/** Requests that change items: they wait for the group commit (execute) and can change the database size. */
const WRITES = new Set<PartitionRequest["op"]>([
  "PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem", "IndexApply", "SetGsis",
  "Transact", "Prepare", "Commit", "Abort", "Decide", "Forget", "TokenBegin", "TokenEnd",
]);

/** The writes TransactGetItems' write sequence counts: those that change items or their locks (not the bookkeeping). */
const CHANGES_ITEMS = new Set<PartitionRequest["op"]>(["PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem", "Transact", "Prepare", "Commit", "Abort"]);

const conflict = () => ({ error: toErrorData(new DynamoError("com.amazonaws.dynamodb.v20120810#TransactionConflictException", "Transaction is ongoing for the item")) });
/** After writes, the database size is reported again once the last report is at least this old. */
const SIZE_EVERY_MS = 1_000;

/**
 * Whether performance.now() advances during synchronous work: in production Workers the clock only moves on
 * I/O (a Spectre mitigation), so timing SQLite inside the object would read 0; locally workerd's clock moves
 * (at millisecond resolution). Spins at most ~2 ms, once per isolate.
 */

let clockChecked: boolean | undefined;
function clockMovesDuringWork(): boolean {
  // Once per isolate: every object of the isolate runs on the same clock.
  return (clockChecked ??= spinClockCheck());
}

function spinClockCheck(): boolean {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < 2_000_000; i++) {
    x += i;
    if ((i & 0x3fff) === 0 && performance.now() !== start) return true;
  }
  return x < 0; // false; `x` keeps the loop from being optimised away
}

function holds(condition: CompiledCondition, old: StoredItem | null): boolean {
  return evaluateCondition(condition, old ? (JSON.parse(old.item) as Item) : undefined);
}

function failed(old: StoredItem | null): { conditionFailed: true; old?: StoredItem } {
  return old ? { conditionFailed: true, old } : { conditionFailed: true };
}
