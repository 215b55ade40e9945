import { DurableObject } from "cloudflare:workers";
import { DynamoError } from "../http/errors.js";
import { partitionExecutor, type ClusterEnv } from "../router/cluster.js";
import { SCHEMA, SQL, type DoomedRow, type GsiRow, type TableRow, type TtlRow } from "./catalog-sql.js";
import { gsiSet, isDeleting, type GsiRecord, type TableDescription } from "./table-description.js";
import { applyGsiUpdates, type GsiUpdateLike } from "./gsi-updates.js";
import { addTags, removeTags, type Tag } from "./tags.js";
import { applyTableUpdate, toErrorData, type ErrorData, type UpdateTableLike } from "./update-table.js";

export interface TableRecord {
  name: string;
  id: string;
  partitions: number;
  description: TableDescription;
  tags: Tag[];
  /** Its global secondary indexes' records (none: absent). */
  gsis?: GsiRecord[];
}

export type CatalogResult<T> = { ok: T } | { error: ErrorData };

/** DescribeTimeToLive's TimeToLiveDescription. */
export interface TtlDescription {
  TimeToLiveStatus: "ENABLING" | "ENABLED" | "DISABLING" | "DISABLED";
  AttributeName?: string;
}

type CatalogEnv = ClusterEnv;

/** Partitions reclaimed per alarm run: keeps one alarm short even for a 1024-partition table. */
const DROPS_PER_ALARM = 64;
/** How long a deleted table whose partition drops failed waits before they are tried again. */
const RETRY_MS = 5_000;
/** How often the catalog asks base partitions how a GSI backfill goes. */
const BACKFILL_POLL_MS = 100;

/**
 * The table catalog: one Durable Object (named "catalog") holding every table's metadata in SQLite.
 * Routers cache what it returns; partitions never call it.
 */
export class Catalog extends DurableObject<CatalogEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: CatalogEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    // Partitions still to drop but no alarm to drop them (a setAlarm that failed after its transaction): re-arm,
    // or the names stay DELETING for good.
    void ctx.blockConcurrencyWhile(() => this.ensureAlarm());
  }

  private async ensureAlarm(delayMs = 0): Promise<void> {
    if (!this.pending()) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  private pending(): boolean {
    return (
      this.sql.exec<DoomedRow>(SQL.firstDoomed).toArray().length > 0 ||
      this.sql.exec<TtlRow>(SQL.pendingTtl).toArray().length > 0 ||
      this.sql.exec<GsiRow>(SQL.pendingGsis).toArray().length > 0
    );
  }

  getTable(name: string): TableRecord | null {
    const row = this.sql.exec<TableRow>(SQL.getTable, name).toArray()[0];
    return row ? this.withGsis(toRecord(row)) : null;
  }

  private withGsis(t: TableRecord): TableRecord {
    const rows = this.sql.exec<GsiRow>(SQL.gsisOf, t.id).toArray();
    if (rows.length) t.gsis = rows.map((r) => ({ name: r.name, id: r.id, partitions: r.partitions, status: r.status, gen: r.gen }));
    return t;
  }

  private putGsis(tableId: string, records: readonly GsiRecord[]): void {
    for (const r of records) this.sql.exec(SQL.putGsi, tableId, r.name, r.id, r.partitions, r.status, r.gen);
  }

  /** Inserts the table unless the name is taken (DynamoDB's ResourceInUseException). */
  createTable(t: TableRecord): CatalogResult<TableRecord> {
    if (this.getTable(t.name)) {
      return { error: { type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException", message: `Table already exists: ${t.name}` } };
    }
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(SQL.insertTable, t.name, t.id, t.partitions, JSON.stringify(t.description), JSON.stringify(t.tags));
      this.putGsis(t.id, t.gsis ?? []);
    });
    return { ok: t };
  }

  async updateTable(
    name: string,
    update: UpdateTableLike & { GlobalSecondaryIndexUpdates?: GsiUpdateLike[]; AttributeDefinitions?: { AttributeName: string; AttributeType: string }[] },
    now: number,
  ): Promise<CatalogResult<TableRecord> | null> {
    const t = this.getTable(name);
    if (!t) return null;
    if (isDeleting(t)) return { error: beingDeleted(name) };
    const indexUpdates = update.GlobalSecondaryIndexUpdates ?? [];
    try {
      // Index updates alone leave the table's own settings as they are (applyTableUpdate would find nothing to do).
      if (!indexUpdates.length || update.BillingMode !== undefined || update.ProvisionedThroughput || update.DeletionProtectionEnabled !== undefined) {
        t.description = applyTableUpdate(t.description, update, now);
      }
      if (indexUpdates.length) {
        const d = structuredClone(t.description);
        t.gsis = applyGsiUpdates(d, t.gsis ?? [], indexUpdates, update.AttributeDefinitions as never, t.tags, now);
        t.description = d;
      }
    } catch (e) {
      if (e instanceof DynamoError) return { error: toErrorData(e) };
      throw e;
    }
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(SQL.updateDescription, JSON.stringify(t.description), name);
      if (indexUpdates.length) this.putGsis(t.id, t.gsis ?? []);
    });
    if (t.gsis?.some((g) => g.status === "CREATING" || g.status === "DELETING")) await this.ctx.storage.setAlarm(Date.now());
    return { ok: t };
  }

  /** TagResource (`add`) or UntagResource (`remove`) on a live table; null when there is no such table. */
  retagTable(name: string, change: { add: Tag[] } | { remove: string[] }): CatalogResult<TableRecord> | null {
    const t = this.getTable(name);
    if (!t) return null;
    if (isDeleting(t)) return { error: beingDeleted(name) };
    const next = "add" in change ? addTags(t.tags, change.add, t.partitions) : removeTags(t.tags, change.remove);
    if ("error" in next) return next;
    t.tags = next.tags;
    this.sql.exec(SQL.updateTags, JSON.stringify(t.tags), name);
    return { ok: t };
  }

  /** DescribeTimeToLive; null when there is no such table. */
  describeTtl(name: string): TtlDescription | null {
    const t = this.getTable(name);
    if (!t) return null;
    const row = this.sql.exec<TtlRow>(SQL.getTtl, t.id).toArray()[0];
    return row ? { TimeToLiveStatus: row.status, AttributeName: row.attribute } : { TimeToLiveStatus: "DISABLED" };
  }

  /**
   * UpdateTimeToLive: ENABLING or DISABLING until the alarm has told every partition (then ENABLED, or no row). Like
   * DynamoDB, enabling an enabled table (whatever the attribute) or disabling a disabled one is refused, and so is a
   * change while the last one is still being applied (DynamoDB's window is an hour; here it lasts until every
   * partition has the change).
   */
  async updateTtl(name: string, spec: { Enabled: boolean; AttributeName: string }): Promise<CatalogResult<TtlDescription> | null> {
    const t = this.getTable(name);
    if (!t) return null;
    if (isDeleting(t)) return { error: beingDeleted(name) };
    const row = this.sql.exec<TtlRow>(SQL.getTtl, t.id).toArray()[0];
    const invalid = (message: string): { error: ErrorData } => ({ error: { type: "com.amazon.coral.validate#ValidationException", message } });
    if (row && row.status !== "ENABLED") return invalid("Time to live has been modified multiple times within a fixed interval");
    if (spec.Enabled && row) return invalid("TimeToLive is already enabled");
    if (!spec.Enabled && !row) return invalid("TimeToLive is already disabled");
    const status = spec.Enabled ? "ENABLING" : "DISABLING";
    // Disabling keeps the attribute that was enabled (DescribeTimeToLive shows it while DISABLING).
    this.sql.exec(SQL.putTtl, t.id, spec.Enabled ? spec.AttributeName : row!.attribute, status, t.partitions);
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: { TimeToLiveStatus: status, AttributeName: spec.Enabled ? spec.AttributeName : row!.attribute } };
  }

  /**
   * Marks the table DELETING and reclaims its partitions in the background (alarm); the name stays taken until every
   * partition is dropped. Why: a router in another isolate may still hold the table's metadata (router/tables.ts
   * caches it for seconds) and write to a partition; once dropped, a partition answers `dropped` and the router looks
   * again. Were the name free earlier, a table re-created under it could lose writes to the old one's partitions.
   * A table already DELETING answers as it is (DynamoDB: "no error is returned").
   */
  async deleteTable(name: string): Promise<CatalogResult<TableRecord> | null> {
    const t = this.getTable(name);
    if (!t) return null;
    if (isDeleting(t)) {
      await this.ensureAlarm();
      return { ok: t };
    }
    if (t.description.DeletionProtectionEnabled) {
      return {
        error: {
          type: "com.amazon.coral.validate#ValidationException",
          message: "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        },
      };
    }
    t.description = { ...t.description, TableStatus: "DELETING" };
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(SQL.updateDescription, JSON.stringify(t.description), name);
      this.sql.exec(SQL.insertDoomed, t.id, t.partitions);
      this.sql.exec(SQL.deleteTtl, t.id);
      // Its indexes' partitions go with it.
      for (const g of t.gsis ?? []) if (g.status !== "DELETED") this.sql.exec(SQL.insertDoomed, g.id, g.partitions);
      this.sql.exec(SQL.deleteTableGsis, t.id);
    });
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: t };
  }

  listTables(exclusiveStart: string, limit: number): string[] {
    return this.sql
      .exec<{ name: string }>(SQL.listTables, exclusiveStart, limit)
      .toArray()
      .map((r) => r.name);
  }

  /**
   * Drops up to DROPS_PER_ALARM partitions of every deleted table, then runs again while any are left. A table whose
   * drops fail (a partition that cannot be reached now) is tried again RETRY_MS later and does not hold up the
   * others; the failure is caught, so the runtime's own alarm retries (a handful) are never what keeps it going.
   */
  override async alarm(): Promise<void> {
    let failed = false;
    for (const d of this.sql.exec<DoomedRow>(SQL.allDoomed).toArray()) {
      try {
        await this.dropSome(d);
      } catch (e) {
        failed = true;
        console.error(`catalog: dropping partitions of deleted table ${d.id} failed; trying again in ${RETRY_MS} ms`, e);
      }
    }
    for (const row of this.sql.exec<TtlRow>(SQL.pendingTtl).toArray()) {
      try {
        await this.tellSome(row);
      } catch (e) {
        failed = true;
        console.error(`catalog: telling partitions of table ${row.id} its TTL failed; trying again in ${RETRY_MS} ms`, e);
      }
    }
    let waiting = false;
    for (const row of this.sql.exec<GsiRow>(SQL.pendingGsis).toArray()) {
      try {
        if (!(await this.progressGsi(row))) waiting = true;
      } catch (e) {
        failed = true;
        console.error(`catalog: telling partitions of table ${row.table_id} about index ${row.name} failed; trying again in ${RETRY_MS} ms`, e);
      }
    }
    // A backfill still running is asked again shortly (it moves on by itself; the catalog only watches).
    if (this.pending()) await this.ctx.storage.setAlarm(Date.now() + (failed ? RETRY_MS : waiting ? BACKFILL_POLL_MS : 0));
  }

  /**
   * Moves an index being created or deleted along: tells up to DROPS_PER_ALARM base partitions from `next` the table's
   * current GSI set (SetGsis; a partition adopts it once, then answers how its backfill goes), and advances `next` past
   * the partitions that have nothing left to backfill. Once every partition is past: a CREATING index is ACTIVE; a
   * DELETING one is fed by no partition any more, so it leaves the description and its partitions are dropped.
   * Returns false when it is waiting for a backfill.
   */
  private async progressGsi(row: GsiRow): Promise<boolean> {
    const table = this.sql.exec<TableRow>(SQL.tableById, row.table_id).toArray()[0];
    if (!table) {
      this.sql.exec(SQL.deleteGsi, row.table_id, row.name);
      return true;
    }
    const t = this.withGsis(toRecord(table));
    const set = gsiSet(t.description, t.gsis ?? []) ?? { gen: row.gen, specs: [] };
    const end = Math.min(t.partitions, row.next + DROPS_PER_ALARM);
    const calls: Promise<{ result: unknown }>[] = [];
    for (let i = row.next; i < end; i++) calls.push(partitionExecutor(this.env, t.id, i, t.partitions).execute({ op: "SetGsis", gsis: set }));
    const replies = await Promise.all(calls);
    let next = row.next;
    for (const r of replies) {
      const res = r.result as { backfilling?: boolean; dropped?: true };
      if (res.backfilling === true) break;
      next++;
    }
    // The row may have changed while the calls ran (the table deleted, the index re-created): only the same one advances.
    const now = this.sql.exec<GsiRow>(SQL.gsisOf, row.table_id).toArray().find((g) => g.name === row.name);
    if (!now || now.gen !== row.gen || now.status !== row.status) return true;
    if (next < t.partitions) {
      this.sql.exec(SQL.advanceGsi, next, row.table_id, row.name, row.gen);
      // The whole chunk is past: go on at once; else a partition is backfilling: ask again shortly.
      return next === end;
    }
    this.ctx.storage.transactionSync(() => {
      // Read again: an UpdateTable may have changed the description while the calls ran; only this index's status changes.
      const fresh = this.sql.exec<TableRow>(SQL.tableById, row.table_id).toArray()[0];
      if (!fresh) return;
      const d = JSON.parse(fresh.description) as TableDescription;
      if (row.status === "CREATING") {
        const g = d.GlobalSecondaryIndexes?.find((x) => x.IndexName === row.name);
        if (g) {
          g.IndexStatus = "ACTIVE";
          g.Backfilling = false;
        }
        this.sql.exec(SQL.settleGsi, row.table_id, row.name, row.gen);
      } else {
        d.GlobalSecondaryIndexes = d.GlobalSecondaryIndexes?.filter((x) => x.IndexName !== row.name);
        if (!d.GlobalSecondaryIndexes?.length) delete d.GlobalSecondaryIndexes;
        this.sql.exec(SQL.buryGsi, row.table_id, row.name, row.gen);
        this.sql.exec(SQL.insertDoomed, row.id, row.partitions);
      }
      this.sql.exec(SQL.updateDescription, JSON.stringify(d), fresh.name);
    });
    return true;
  }

  /** Tells up to DROPS_PER_ALARM partitions a table's TTL attribute (null when disabling); settles it after the last. */
  private async tellSome(row: TtlRow): Promise<void> {
    const end = Math.min(row.partitions, row.next + DROPS_PER_ALARM);
    const attribute = row.status === "DISABLING" ? null : row.attribute;
    const calls: Promise<unknown>[] = [];
    for (let i = row.next; i < end; i++) calls.push(partitionExecutor(this.env, row.id, i, row.partitions).execute({ op: "SetTtl", attribute }));
    await Promise.all(calls);
    // The row may have changed while the calls ran (a DeleteTable): only a row still as it was advances.
    const now = this.sql.exec<TtlRow>(SQL.getTtl, row.id).toArray()[0];
    if (!now || now.status !== row.status || now.next !== row.next) return;
    if (end < row.partitions) this.sql.exec(SQL.advanceTtl, end, row.id);
    else if (row.status === "ENABLING") this.sql.exec(SQL.settleTtl, row.id);
    else this.sql.exec(SQL.deleteTtl, row.id);
  }

  private async dropSome(d: DoomedRow): Promise<void> {
    const end = Math.min(d.partitions, d.next + DROPS_PER_ALARM);
    const drops: Promise<unknown>[] = [];
    for (let i = d.next; i < end; i++) {
      // Through the owner: on a multi-process local server only the process owning a partition may open it.
      drops.push(partitionExecutor(this.env, d.id, i, d.partitions).execute({ op: "Drop" }));
    }
    await Promise.all(drops);
    if (end >= d.partitions) {
      // Every partition answers `dropped` now: the name may go (and be taken again).
      this.ctx.storage.transactionSync(() => {
        this.sql.exec(SQL.deleteDoomed, d.id);
        this.sql.exec(SQL.deleteDeletedTable, d.id);
      });
    } else this.sql.exec(SQL.advanceDoomed, end, d.id);
  }
}

const beingDeleted = (name: string): ErrorData => ({
  type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException",
  message: `Attempt to change a resource which is still in use: Table is being deleted: ${name}`,
});

function toRecord(row: TableRow): TableRecord {
  return {
    name: row.name,
    id: row.id,
    partitions: row.partitions,
    description: JSON.parse(row.description) as TableDescription,
    tags: JSON.parse(row.tags) as TableRecord["tags"],
  };
}
