/**
 * The `redis` target: a Redis server that is already running (default 127.0.0.1:6379); the harness never
 * starts one. prepare connects within redis.timeout (2 s), PINGs, and on a load phase empties this table's
 * key space (`<table>:*` and `_indices:<table>`, see harness/bindings/redis.ts) so the load starts from
 * nothing. A run phase leaves the data as the load wrote it.
 */
import type { Redis } from "ioredis";
import type { Properties } from "../../workloads/properties.js";
import { connectRedis, INDEX_KEY, indexKey, recordKey, redisSettings, type RedisSettings } from "../bindings/redis.js";
import { describeError, tableName } from "../bindings/peer-support.js";
import { TargetUnavailable, type PreparedTarget, type TargetDefinition } from "../target.js";

export const REDIS_START_HINT = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/** SCAN MATCH treats * ? [ ] and \ as pattern syntax; a table name is matched literally. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Deletes every record of `table` and its index (UNLINK: the server frees memory in the background). */
export async function clearRedisTable(redis: Redis, table: string): Promise<number> {
  let cursor = "0";
  let removed = 0;
  const match = `${globEscape(recordKey(table, ""))}*`;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== "0");
  await redis.unlink(indexKey(table));
  return removed;
}

/** A field of INFO's `key:value` lines. */
function infoField(info: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*)$`, "m").exec(info);
  return m?.[1]?.trim();
}

async function connectOrUnavailable(s: RedisSettings): Promise<Redis> {
  try {
    const redis = await connectRedis(s);
    await redis.ping();
    return redis;
  } catch (err) {
    throw new TargetUnavailable("redis", `no Redis at ${s.host}:${s.port} (${describeError(err)})`, REDIS_START_HINT);
  }
}

export const redisTarget: TargetDefinition = {
  name: "redis",
  summary: "Redis (already running, redis.host:redis.port, default 127.0.0.1:6379): a hash per record, a sorted-set index for scans, as YCSB's Redis binding",
  bindingModule: new URL("../bindings/redis.ts", import.meta.url).href,

  async prepare(properties: Readonly<Properties>, phase): Promise<PreparedTarget> {
    const settings = redisSettings(properties);
    const table = tableName(properties);
    if (table === INDEX_KEY) throw new Error(`redis: the table cannot be named "${INDEX_KEY}" (its keys would meet the scan indexes)`);
    const redis = await connectOrUnavailable(settings);
    try {
      const info = await redis.info("server");
      const removed = phase === "load" ? await clearRedisTable(redis, table) : 0;
      const pid = Number(infoField(info, "process_id"));
      const local = LOCAL_HOSTS.has(settings.host);
      return {
        properties: { ...properties, table, "redis.host": settings.host, "redis.port": String(settings.port) },
        description: {
          target: "redis",
          endpoint: `${settings.host}:${settings.port}`,
          serverVersion: infoField(info, "redis_version") ?? "unknown",
          autopipelining: settings.autoPipelining,
          layout: `hash per record at ${recordKey(table, "<key>")}, scan index ${indexKey(table)} scored by Java hashCode`,
          ...(phase === "load" ? { keysRemovedBeforeLoad: removed } : {}),
        },
        // The server's CPU is worth sampling only when it runs on this machine.
        serverPids: local && Number.isInteger(pid) && pid > 0 ? [pid] : [],
        close: async () => {},
      };
    } finally {
      redis.disconnect();
    }
  },
};
