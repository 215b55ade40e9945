/**
 * The shared binding contract against the redis target. Skips, with the command to start Redis, when no
 * Redis answers at redis.host:redis.port (default 127.0.0.1:6379); on this machine and in CI it runs.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { bindingContract } from "../bindings/contract.case.js";
import { connectRedis, redisSettings } from "../bindings/redis.js";
import { describeError } from "../bindings/peer-support.js";
import { TargetUnavailable } from "../target.js";
import { clearRedisTable, REDIS_START_HINT, redisTarget } from "./redis.js";

const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
const base = { "redis.host": process.env.REDIS_HOST ?? "127.0.0.1", "redis.port": process.env.REDIS_PORT ?? "6379" };
const tables: string[] = [];

/** The target and properties for one suite, or why it cannot run here. */
async function open(table: string, extra: Record<string, string> = {}) {
  const properties = { ...base, ...extra, table };
  try {
    const redis = await connectRedis(redisSettings(properties));
    redis.disconnect();
  } catch (err) {
    return { skip: `Redis not reachable at ${base["redis.host"]}:${base["redis.port"]} (${describeError(err)}); start it with: ${REDIS_START_HINT}` };
  }
  tables.push(table);
  return { target: redisTarget, properties };
}

// YCSB's Redis layout scans a sorted set scored by a hash of the key: the table's order, not the keys'.
bindingContract("redis", () => open(`contract_redis_${suffix}`), { scanOrder: "table" });
bindingContract("redis (autopipelining)", () => open(`contract_redisap_${suffix}`, { "redis.autopipelining": "true" }), {
  scanOrder: "table",
});

// The suites' tables are this file's own: drop their keys when done.
afterAll(async () => {
  if (tables.length === 0) return;
  const redis = await connectRedis(redisSettings(base)).catch(() => undefined);
  if (!redis) return;
  try {
    for (const table of tables) await clearRedisTable(redis, table);
  } finally {
    redis.disconnect();
  }
});

describe("redis target", () => {
  it("prepare answers TargetUnavailable with the start command when nothing listens", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const err = await redisTarget.prepare({ "redis.port": "1" }, "load").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetUnavailable);
    expect((err as TargetUnavailable).startHint).toBe(REDIS_START_HINT);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});
