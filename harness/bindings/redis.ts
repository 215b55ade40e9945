/**
 * Redis binding (ioredis), laid out as YCSB's Redis binding (site.ycsb.db.RedisClient) lays out records:
 *
 * - One hash per record, fields as hash fields. read: HGETALL for all fields, HMGET for a subset.
 *   update: HSET of the given fields (YCSB's HMSET; HMSET is deprecated and does the same).
 * - A sorted set holds every key for scans, scored by Java's String.hashCode of the key, as YCSB's `_indices`.
 *   scan: ZRANGEBYSCORE from the start key's score, LIMIT n, then read each record. Scans therefore walk
 *   hash order, not key order — YCSB's choice, kept so Redis scan numbers mean what they mean in YCSB.
 *
 * Where this differs from YCSB's binding, and why:
 * - Tables: YCSB ignores the table name. Here a record lives at `<table>:<key>` and the index at
 *   `_indices:<table>`, so a load can empty exactly its own table (prepare deletes that key space) and two
 *   tables never mix. The target refuses a table named `_indices`, whose keys would meet the indexes.
 * - insert: YCSB sends HMSET then ZADD (two round trips, not atomic, and fields of an earlier record under the
 *   same key survive). Here DEL + HSET + ZADD go in one MULTI/EXEC: one round trip, the record and its index
 *   entry appear together, and an insert replaces the whole record as the Binding contract says.
 * - delete: DEL + ZREM in one MULTI/EXEC (YCSB: two round trips); NOT_FOUND when neither existed.
 * - scan: the records are read in one pipeline (YCSB: one HGETALL/HMGET round trip per record); a record
 *   deleted between the index read and its own read is left out.
 * - read of a missing record answers NOT_FOUND (YCSB: ERROR), as the Binding contract asks.
 * - update of a missing record creates a partial hash that is not in the scan index — exactly YCSB's HMSET;
 *   CoreWorkload never updates a key it has not inserted.
 *
 * Connections: one connection per client thread (YCSB: one Jedis per thread). The load generator keeps
 * several operations of a thread in flight; ioredis writes each command as it comes, so they pipeline on the
 * one socket naturally. `redis.autopipelining=true` turns on ioredis's auto-pipelining (commands issued in
 * the same event-loop tick leave in one write): faster, but YCSB's Jedis has nothing like it, so it is off
 * by default. RESP2 (`protocol: 2`), as Jedis speaks.
 *
 * Properties: redis.host (127.0.0.1), redis.port (6379), redis.password, redis.timeout (connect and per
 * command, ms; 2000 as Jedis), redis.autopipelining (false).
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Binding, BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../binding.js";
import type { Properties } from "../../workloads/properties.js";
import { boolProperty, ErrorLog, intProperty, javaStringHashCode, stringProperty } from "./peer-support.js";

/** YCSB's index key name, suffixed with the table. */
export const INDEX_KEY = "_indices";

export function recordKey(table: string, key: string): string {
  return `${table}:${key}`;
}

export function indexKey(table: string): string {
  return `${INDEX_KEY}:${table}`;
}

/** The scan index score of a key (YCSB: `(double) key.hashCode()`; a 32-bit int is exact as a double). */
export function indexScore(key: string): number {
  return javaStringHashCode(key);
}

export interface RedisSettings {
  host: string;
  port: number;
  password: string | undefined;
  timeoutMs: number;
  autoPipelining: boolean;
}

export function redisSettings(properties: Readonly<Properties>): RedisSettings {
  const password = properties["redis.password"];
  return {
    host: stringProperty(properties, "redis.host", "127.0.0.1"),
    port: intProperty(properties, "redis.port", 6379, 1, 65535),
    password: password === undefined || password === "" ? undefined : password,
    timeoutMs: intProperty(properties, "redis.timeout", 2000, 1),
    autoPipelining: boolProperty(properties, "redis.autopipelining", false),
  };
}

/**
 * Options for a connection that never waits or retries on its own: connect within the timeout or fail,
 * no reconnect loop, no offline queue (a command on a dead connection fails at once), every command bounded.
 */
export function redisOptions(s: RedisSettings): RedisOptions {
  return {
    host: s.host,
    port: s.port,
    ...(s.password === undefined ? {} : { password: s.password }),
    protocol: 2,
    lazyConnect: true,
    connectTimeout: s.timeoutMs,
    commandTimeout: s.timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableAutoPipelining: s.autoPipelining,
  };
}

/** Connects (bounded by the timeout even if ioredis never settles) and returns the ready client. */
export async function connectRedis(s: RedisSettings): Promise<Redis> {
  const client = new Redis(redisOptions(s));
  // Connection errors also surface as rejected commands; the event would otherwise be logged as unhandled.
  // The first one is kept: connect() itself only says "Connection is closed.".
  let cause: unknown;
  client.on("error", (err: unknown) => (cause ??= err));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection to ${s.host}:${s.port} within ${s.timeoutMs} ms`)), s.timeoutMs + 500);
      }),
    ]);
    return client;
  } catch (err) {
    client.disconnect();
    throw cause ?? err;
  } finally {
    clearTimeout(timer);
  }
}

function statusOf(err: unknown): Status {
  return err instanceof Error && /timed out/i.test(err.message) ? "TIMEOUT" : "ERROR";
}

/** [field, value, field, value, ...] for HSET. */
function flatten(values: FieldValues): string[] {
  const out: string[] = [];
  for (const [f, v] of Object.entries(values)) out.push(f, v);
  return out;
}

/** The fields HMGET answered for, skipping the ones the hash lacks; null when it has none of them. */
function zipFields(fields: readonly string[], values: readonly (string | null)[]): FieldValues | null {
  const record: FieldValues = {};
  let found = false;
  fields.forEach((f, i) => {
    const v = values[i];
    if (v !== null && v !== undefined) {
      record[f] = v;
      found = true;
    }
  });
  return found ? record : null;
}

/** Throws the first error of an EXEC/pipeline reply, else returns the command results. */
function results(reply: [Error | null, unknown][] | null): unknown[] {
  if (reply === null) throw new Error("transaction aborted");
  return reply.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

export class RedisBinding implements Binding {
  private client: Redis | undefined;
  private readonly errors = new ErrorLog("redis");

  constructor(private readonly settings: RedisSettings) {}

  async init(): Promise<void> {
    this.client = await connectRedis(this.settings);
  }

  async cleanup(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    try {
      await Promise.race([c.quit(), new Promise((resolve) => setTimeout(resolve, this.settings.timeoutMs).unref())]);
    } catch {
      // Already closed: nothing to release.
    } finally {
      c.disconnect();
    }
  }

  private get redis(): Redis {
    if (!this.client) throw new Error("redis binding used before init() or after cleanup()");
    return this.client;
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    const redis = this.redis;
    try {
      const rk = recordKey(table, key);
      if (fields === null) {
        const record = await redis.hgetall(rk);
        return Object.keys(record).length === 0 ? { status: "NOT_FOUND" } : { status: "OK", record: { ...record } };
      }
      if (fields.length === 0) return (await redis.exists(rk)) === 0 ? { status: "NOT_FOUND" } : { status: "OK", record: {} };
      const record = zipFields(fields, await redis.hmget(rk, ...fields));
      return record === null ? { status: "NOT_FOUND" } : { status: "OK", record };
    } catch (err) {
      this.errors.note("read", err);
      return { status: statusOf(err) };
    }
  }

  async scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult> {
    const redis = this.redis;
    try {
      const keys = await redis.zrangebyscore(indexKey(table), indexScore(startKey), "+inf", "LIMIT", 0, recordCount);
      if (keys.length === 0) return { status: "OK", records: [] };
      const pipeline = redis.pipeline();
      for (const key of keys) {
        if (fields === null) pipeline.hgetall(recordKey(table, key));
        else if (fields.length > 0) pipeline.hmget(recordKey(table, key), ...fields);
        else pipeline.exists(recordKey(table, key));
      }
      const replies = results(await pipeline.exec());
      const records: FieldValues[] = [];
      for (const reply of replies) {
        if (fields === null) {
          const record = reply as Record<string, string>;
          if (Object.keys(record).length > 0) records.push({ ...record });
        } else if (fields.length > 0) {
          const record = zipFields(fields, reply as (string | null)[]);
          if (record !== null) records.push(record);
        } else if (reply === 1) {
          records.push({});
        }
      }
      return { status: "OK", records };
    } catch (err) {
      this.errors.note("scan", err);
      return { status: statusOf(err) };
    }
  }

  async update(table: string, key: string, values: FieldValues): Promise<Status> {
    const redis = this.redis;
    try {
      const flat = flatten(values);
      if (flat.length === 0) return "OK";
      await redis.hset(recordKey(table, key), ...flat);
      return "OK";
    } catch (err) {
      this.errors.note("update", err);
      return statusOf(err);
    }
  }

  async insert(table: string, key: string, values: FieldValues): Promise<Status> {
    const redis = this.redis;
    try {
      const rk = recordKey(table, key);
      const flat = flatten(values);
      const tx = redis.multi().del(rk);
      if (flat.length > 0) tx.hset(rk, ...flat);
      tx.zadd(indexKey(table), indexScore(key), key);
      results(await tx.exec());
      return "OK";
    } catch (err) {
      this.errors.note("insert", err);
      return statusOf(err);
    }
  }

  async delete(table: string, key: string): Promise<Status> {
    const redis = this.redis;
    try {
      const [deleted, unindexed] = results(await redis.multi().del(recordKey(table, key)).zrem(indexKey(table), key).exec());
      return deleted === 0 && unindexed === 0 ? "NOT_FOUND" : "OK";
    } catch (err) {
      this.errors.note("delete", err);
      return statusOf(err);
    }
  }
}

export const createBinding: BindingFactory = (properties) => new RedisBinding(redisSettings(properties));
