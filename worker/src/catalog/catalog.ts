import { DurableObject } from "cloudflare:workers";
import { DynamoError } from "../http/errors.js";
import { partitionExecutor, type ClusterEnv } from "../router/cluster.js";
import { SCHEMA, SQL, type DoomedRow, type TableRow, type TtlRow } from "./catalog-sql.js";
import { isDeleting, type TableDescription } from "./table-description.js";
import { addTags, removeTags, type Tag } from "./tags.js";
import { applyTableUpdate, toErrorData, type ErrorData, type UpdateTableLike } from "./update-table.js";

export interface TableRecord {
  name: string;
  id: string;
  partitions: number;
  description: TableDescription;
  tags: Tag[];
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
    if (this.sql.exec<DoomedRow>(SQL.firstDoomed).toArray().length === 0 && this.sql.exec<TtlRow>(SQL.pendingTtl).toArray().length === 0) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  getTable(name: string): TableRecord | null {
    const row = this.sql.exec<TableRow>(SQL.getTable, name).toArray()[0];
    return row ? toRecord(row) : null;
  }

  /** Inserts the table unless the name is taken (DynamoDB's ResourceInUseException). */
  createTable(t: TableRecord): CatalogResult<TableRecord> {
    if (this.getTable(t.name)) {
      return { error: { type: "com.amazonaws.dynamodb.v20120810#ResourceInUseException", message: `Table already exists: ${t.name}` } };
    }
    this.sql.exec(SQL.insertTable, t.name, t.id, t.partitions, JSON.stringify(t.description), JSON.stringify(t.tags));
    return { ok: t };
  }

  updateTable(name: string, update: UpdateTableLike, now: number): CatalogResult<TableRecord> | null {
    const t = this.getTable(name);
    if (!t) return null;
    if (isDeleting(t)) return { error: beingDeleted(name) };
    try {
      t.description = applyTableUpdate(t.description, update, now);
    } catch (e) {
      if (e instanceof DynamoError) return { error: toErrorData(e) };
      throw e;
    }
    this.sql.exec(SQL.updateDescription, JSON.stringify(t.description), name);
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
    const pending = this.sql.exec<DoomedRow>(SQL.firstDoomed).toArray().length > 0 || this.sql.exec<TtlRow>(SQL.pendingTtl).toArray().length > 0;
    if (pending) await this.ctx.storage.setAlarm(Date.now() + (failed ? RETRY_MS : 0));
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
