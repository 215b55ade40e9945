/**
 * A base partition's side of its table's global secondary indexes (partition/gsi.ts has the entries and the rules):
 * the GSI set it maintains, the outbox bookkeeping, delivery (timer, alarm, backoff), and backfills. The Partition
 * calls it from its write paths, its alarm and the GSI requests; it holds no items itself — SQLite, through the host,
 * is the only read and write path.
 */
import type { Item } from "../model/types.js";
import { partitionExecutor, type ClusterEnv } from "../router/cluster.js";
import { recordCall } from "../metrics/record.js";
import type { Env } from "../router/env.js";
import type { TableMeta } from "../router/tables.js";
import * as gsi from "./gsi.js";
import { SQL } from "./partition-sql.js";
import type { GsiSet, GsiSpec, PartitionReply, StoredItem } from "./protocol.js";

export type DeliveryOutcome = "done" | "more" | "failed" | "held" | "busy";
/** A GSI backfill in progress: walking the items after rowid `from`, then waiting until its outbox rows up to `untilSeq` are delivered. */
type Backfill = { from: number } | { untilSeq: number };

/** What the feed needs of its partition. */
export interface GsiFeedHost {
  readonly sql: SqlStorage;
  readonly env: ClusterEnv & { SHVM_FAULT?: string };
  readonly metrics: boolean;
  readonly startedAt: number;
  ready(): boolean;
  dropped(): boolean;
  get(pk: Uint8Array, sk: Uint8Array): StoredItem | null;
  atomically<T>(fn: () => T): T;
  /** Sets the partition's one alarm no later than `atMs` (it never moves an alarm later). */
  armAlarm(atMs: number): void;
}

export class GsiFeed {
  /** The table's global secondary indexes as last adopted (meta "gsis"), and that set's generation. */
  gsis: GsiSpec[] = [];
  private gsiGen = 0;
  /** GSIs this partition is backfilling (added to a table that had items here), by index name (meta "gsi_backfill"). */
  gsiBackfill: Record<string, Backfill> = {};
  /** Outbox rows not yet delivered, and the time the oldest was recorded (epoch ms; null: none). */
  outboxPending = 0;
  outboxOldestAt: number | null = null;
  /** Consecutive failed delivery rounds (the retry backs off). */
  private deliveryFailures = 0;
  /** A delivery is running (one at a time: two could send one partition's changes out of order), or its timer is set. */
  private deliveryRunning = false;
  private deliveryTimer = false;
  /** The current call recorded index changes: delivery is scheduled when it returns (flushDelivery). */
  deliveryWanted = false;
  /** The current call's GSI write units by index (null: none recorded). */
  callUnits: Record<string, number> | null = null;
  /** Per index partition set (GSI table id): the metrics identity its IndexApply calls are recorded under. */
  private readonly gsiMeta = new Map<string, TableMeta>();

  constructor(private readonly host: GsiFeedHost) {}

  /** The state a restart finds: the set adopted (meta "gsis"), the backfills (meta "gsi_backfill"), the outbox. */
  load(meta: Map<string, unknown>): void {
    if (typeof meta.get("gsis") === "string") {
      const set = JSON.parse(meta.get("gsis") as string) as GsiSet;
      this.gsis = set.specs;
      this.gsiGen = set.gen;
    }
    if (typeof meta.get("gsi_backfill") === "string") this.gsiBackfill = JSON.parse(meta.get("gsi_backfill") as string) as Record<string, Backfill>;
    const outbox = this.host.sql.exec<{ n: number; oldest: number | null }>(SQL.outboxState).one();
    this.outboxPending = outbox.n;
    this.outboxOldestAt = outbox.oldest;
    // Index changes recorded before a restart and not yet delivered (or a backfill under way): the alarm goes on.
    if (this.outboxPending > 0 || this.backfilling()) this.host.armAlarm(Date.now());
  }

  backfilling(): boolean {
    return Object.keys(this.gsiBackfill).length > 0;
  }

  /** The alarm's GSI work: a backfill step (at delivery's pace), a delivery, and what comes after. */
  async alarmWork(): Promise<void> {
    if (this.outboxPending === 0 && !this.backfilling()) {
      this.deliveryFailures = 0;
      return;
    }
    // A backfill step only while no delivery runs and the outbox is short: the walk goes at delivery's pace, so the
    // outbox never holds more than a round or so of the backfill (not a copy of the partition).
    if (this.backfilling() && !this.deliveryRunning && this.outboxPending < gsi.DELIVERY_BATCH) this.gsiBackfillStep();
    const outcome = await this.runDelivery();
    if (this.host.dropped()) return;
    this.afterDelivery(outcome);
    // A backfill goes on in alarm-sized steps (writes run between them).
    if (outcome !== "failed" && outcome !== "held" && this.backfilling()) this.host.armAlarm(Date.now());
  }

  /**
   * Records the GSI changes of writing `next` (null: deleting) over `old` (undefined: read it now, before the write) in
   * the outbox, in the caller's transaction, and has the alarm deliver them.
   */
  changeGsis(pk: Uint8Array, sk: Uint8Array, old: StoredItem | null | undefined, next: Item | null, nextText?: string, nextSize?: number): void {
    const before = old === undefined ? this.host.get(pk, sk) : old;
    const now = Date.now();
    const was = before ? { item: JSON.parse(before.item) as Item, text: before.item, size: before.size } : null;
    const n = gsi.recordChanges(this.host.sql, this.gsis, pk, sk, was, next ? { item: next, text: nextText, size: nextSize } : null, now, (this.callUnits ??= {}));
    if (n === 0) return;
    this.outboxPending += n;
    this.outboxOldestAt ??= now;
    // Scheduled once the write's transaction has committed (call(), the TTL sweep): a rolled-back write has nothing to send.
    this.deliveryWanted = true;
  }

  /** After a call or a sweep that recorded index changes (outside its transaction, in the same turn: one commit). */
  flushDelivery(): void {
    if (!this.deliveryWanted) return;
    this.deliveryWanted = false;
    this.scheduleDelivery();
  }

  /**
   * After a write recorded index changes: delivery soon, by a timer (DELIVERY_DELAY_MS, so the writes of a few turns
   * share one IndexApply per index partition), with the alarm set a little later as the guarantee — it survives a crash
   * and runs the delivery again if the timer's did not finish. While deliveries fail, the alarm's backoff decides.
   */
  private scheduleDelivery(): void {
    // While deliveries fail, the alarm's backoff retries (never pulled earlier by writes, never left unset).
    if (this.deliveryFailures > 0) return this.host.armAlarm(Date.now() + this.backoffMs());
    this.host.armAlarm(Date.now() + gsi.SAFETY_ALARM_MS);
    if (this.deliveryTimer) return;
    this.deliveryTimer = true;
    setTimeout(() => {
      this.deliveryTimer = false;
      void this.runDelivery().then((outcome) => this.afterDelivery(outcome));
    }, gsi.DELIVERY_DELAY_MS);
  }

  private backoffMs(): number {
    return Math.min(gsi.RETRY_MAX_MS, gsi.RETRY_MS * 2 ** Math.max(0, this.deliveryFailures - 1));
  }

  /** Runs a delivery unless one is running (that one reads the outbox until it is empty, so it takes the new rows too). */
  private async runDelivery(): Promise<DeliveryOutcome> {
    if (this.deliveryRunning || !this.host.ready() || this.host.dropped()) return "busy";
    this.deliveryRunning = true;
    try {
      return await this.deliverOutbox();
    } catch (e) {
      console.error("partition: GSI delivery failed", e);
      return "failed";
    } finally {
      this.deliveryRunning = false;
    }
  }

  /** What comes after a delivery: the backoff after a failure, another round soon when rows are left. */
  private afterDelivery(outcome: DeliveryOutcome): void {
    if (this.host.dropped()) return;
    switch (outcome) {
      case "failed":
        this.deliveryFailures++;
        this.host.armAlarm(Date.now() + this.backoffMs());
        return;
      case "held":
        // Tests only (SHVM_FAULT=gsi-hold): the alarm stays set, nothing is delivered.
        this.host.armAlarm(Date.now() + gsi.SAFETY_ALARM_MS);
        return;
      case "busy":
        // Another delivery is running; the alarm looks again later in case it stops short.
        if (this.outboxPending > 0) this.host.armAlarm(Date.now() + gsi.SAFETY_ALARM_MS);
        return;
      case "more":
        this.deliveryFailures = 0;
        this.scheduleDelivery();
        return;
      case "done":
        this.deliveryFailures = 0;
    }
  }

  /**
   * Adopts a GSI set newer than this partition's: an index that went is forgotten with its undelivered changes; one that
   * came to a partition holding items is backfilled by the alarm (every item's entry recorded in the outbox, in batches,
   * while writes go on — each write records its own changes from now on, so nothing is missed).
   */
  adoptGsis(set: GsiSet | undefined): void {
    if (!set || set.gen <= this.gsiGen) return;
    const id = (g: GsiSpec) => `${g.name}\u0000${g.tableId}`;
    const had = new Set(this.gsis.map(id));
    const has = new Set(set.specs.map(id));
    const backfill: Record<string, Backfill> = { ...this.gsiBackfill };
    const outbox = this.host.atomically(() => {
      for (const g of this.gsis) {
        if (has.has(id(g))) continue;
        this.host.sql.exec(SQL.outboxDropIndex, g.name);
        delete backfill[g.name];
      }
      const added = set.specs.filter((g) => !had.has(id(g)));
      if (added.length && this.host.sql.exec(SQL.hasAnyItem).toArray().length > 0) for (const g of added) backfill[g.name] = { from: 0 };
      this.host.sql.exec(SQL.writeMeta, "gsis", JSON.stringify(set));
      this.host.sql.exec(SQL.writeMeta, "gsi_backfill", JSON.stringify(backfill));
      return this.host.sql.exec<{ n: number; oldest: number | null }>(SQL.outboxState).one();
    });
    this.gsis = set.specs;
    this.gsiGen = set.gen;
    this.gsiBackfill = backfill;
    this.outboxPending = outbox.n;
    this.outboxOldestAt = outbox.oldest;
    // Nothing left to retry (the failing index's rows went with it): the next write schedules as usual.
    if (outbox.n === 0) this.deliveryFailures = 0;
    if (Object.keys(this.gsiBackfill).length) this.host.armAlarm(Date.now());
  }

  /** One step of each GSI backfill: the next items' entries into the outbox; a walk that ended waits for its delivery. */
  private gsiBackfillStep(): void {
    const now = Date.now();
    // The next state is built aside and kept only once the transaction has committed: a rollback leaves the walk where it was.
    const next: Record<string, Backfill> = { ...this.gsiBackfill };
    let recorded = 0;
    this.host.atomically(() => {
      for (const [name, state] of Object.entries(next)) {
        const spec = this.gsis.find((g) => g.name === name);
        if (!spec) {
          delete next[name];
          continue;
        }
        if ("untilSeq" in state) {
          if (this.host.sql.exec(SQL.outboxPendingUpTo, name, state.untilSeq).toArray().length === 0) delete next[name];
          continue;
        }
        // Up to BACKFILL_STEP items and BACKFILL_BYTES of their text (at least one item).
        let bytes = 0;
        let last: number | null = null;
        let count = 0;
        for (const r of this.host.sql.exec<{ id: number; pk: ArrayBuffer; sk: ArrayBuffer; item: string; size: number }>(SQL.itemKeysFrom, state.from, gsi.BACKFILL_STEP)) {
          recorded += gsi.recordChanges(this.host.sql, [spec], new Uint8Array(r.pk), new Uint8Array(r.sk), null, { item: JSON.parse(r.item) as Item, text: r.item, size: r.size }, now);
          last = r.id;
          count++;
          bytes += r.item.length;
          if (bytes >= gsi.BACKFILL_BYTES) break;
        }
        const walked = count === gsi.BACKFILL_STEP || bytes >= gsi.BACKFILL_BYTES;
        next[name] = walked && last !== null ? { from: last } : { untilSeq: this.host.sql.exec<{ seq: number | null }>(SQL.outboxLastSeq).one().seq ?? 0 };
      }
      this.host.sql.exec(SQL.writeMeta, "gsi_backfill", JSON.stringify(next));
    });
    this.gsiBackfill = next;
    this.outboxPending += recorded;
    if (recorded) this.outboxOldestAt ??= now;
  }

  /**
   * Delivers the outbox: rounds of up to DELIVERY_BATCH rows, each round's changes sent to their index partitions at
   * once (one IndexApply per partition, in outbox order) and deleted once acknowledged. "failed": a delivery failed (its
   * rows stay, ahead of anything later for that partition); "more": the time budget ran out with rows left.
   */
  private async deliverOutbox(): Promise<DeliveryOutcome> {
    // Tests only: nothing is delivered, but the alarm stays set, as if the process had died before each delivery
    // (test/e2e/gsi.test.ts): what a restart finds is the alarm the writes set.
    if (this.host.env.SHVM_FAULT === "gsi-hold") return "held";
    const until = Date.now() + 1_000;
    // The outbox itself says when it is empty (the counter is for metrics and scheduling: adopting a set may change it).
    while (!this.host.dropped()) {
      const rows = this.outboxBatch();
      if (!rows.length) {
        this.outboxPending = 0;
        this.outboxOldestAt = null;
        this.deliveryFailures = 0;
        break;
      }
      const { deliveries, orphans } = gsi.groupDeliveries(rows, this.gsis);
      const results = await Promise.allSettled(deliveries.map((d) => this.deliver(d)));
      if (this.host.dropped()) return "done";
      const done = [...orphans];
      let failed = false;
      results.forEach((r, i) => {
        if (r.status === "fulfilled") done.push(...deliveries[i]!.seqs);
        else {
          failed = true;
          console.error(`partition: delivering ${deliveries[i]!.changes.length} changes to index ${deliveries[i]!.spec.name} partition ${deliveries[i]!.target} failed; retrying`, r.reason);
        }
      });
      if (done.length) {
        // Rows an adopted set removed meanwhile are not deleted twice: the counter goes down by what this delete removed.
        const del = this.host.sql.exec(SQL.outboxDelete, JSON.stringify(done));
        del.toArray();
        this.outboxPending = Math.max(0, this.outboxPending - del.rowsWritten);
      }
      this.outboxOldestAt = this.host.sql.exec<{ at: number | null }>(SQL.outboxOldest).toArray()[0]?.at ?? null;
      if (this.outboxOldestAt === null) this.outboxPending = 0;
      if (failed) return "failed";
      if (Date.now() > until) return this.outboxPending === 0 ? "done" : "more";
    }
    return "done";
  }

  /** The outbox's first rows in order, up to DELIVERY_BATCH rows and DELIVERY_BYTES of item text (at least one row). */
  private outboxBatch(): gsi.OutboxRow[] {
    const rows: gsi.OutboxRow[] = [];
    let bytes = 0;
    for (const r of this.host.sql.exec<gsi.OutboxRow>(SQL.outboxBatch, gsi.DELIVERY_BATCH)) {
      if (rows.length > 0 && bytes + (r.item?.length ?? 0) > gsi.DELIVERY_BYTES) break;
      rows.push(r);
      bytes += r.item?.length ?? 0;
    }
    return rows;
  }

  /** One IndexApply; recorded in the metrics under the index (its partitions are series like a table's). */
  private async deliver(d: gsi.Delivery): Promise<void> {
    const req = { op: "IndexApply" as const, changes: d.changes };
    const start = performance.now();
    let reply: PartitionReply<typeof req> | undefined;
    let thrown: unknown;
    try {
      // Tests only: every delivery fails for the first <ms> of this object's life (test/e2e/gsi.test.ts).
      const failFor = this.host.env.SHVM_FAULT?.startsWith("gsi-fail-for:") ? Number(this.host.env.SHVM_FAULT.slice("gsi-fail-for:".length)) : 0;
      if (Date.now() - this.host.startedAt < failFor) throw new Error("injected delivery failure (SHVM_FAULT)");
      // A dropped index partition (the index or its table was deleted) has nothing to keep: delivered.
      reply = (await partitionExecutor(this.host.env, d.spec.tableId, d.target, d.spec.partitions).execute(req)) as PartitionReply<typeof req>;
    } catch (e) {
      thrown = e;
    }
    if (this.host.metrics) {
      try {
        let meta = this.gsiMeta.get(d.spec.tableId);
        if (!meta) {
          meta = { record: { name: d.spec.label, id: d.spec.tableId, partitions: d.spec.partitions }, series: [] } as unknown as TableMeta;
          this.gsiMeta.set(d.spec.tableId, meta);
        }
        recordCall(this.host.env as unknown as Env, meta, d.target, req, reply, performance.now() - start, thrown);
      } catch (e) {
        console.error("partition: recording an IndexApply in the metrics failed", e);
      }
    }
    if (thrown !== undefined) throw thrown;
  }
}
