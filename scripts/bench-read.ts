/**
 * Read benchmark (npm run bench:read): Query of a 10-item range and a full paginated Scan on shvm-db,
 * each next to a raw SQLite range read of the same rows (better-sqlite3 in this process, WAL, the same
 * item JSON text) measured in the same run, reported as items per second and ratios.
 *
 * The raw SQLite floor has no network, no protocol, no Worker and no Durable Object hop: the ratio shows
 * what the whole serving stack costs on reads, not SQLite's own speed (the same SQLite engine does the
 * range read inside each partition).
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { runLoad } from "./bench/driver.js";
import { dynamoHeaders } from "./bench/dynamo-workload.js";
import { formatTable } from "./bench/report.js";
import { startTarget } from "./bench/server.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const ITEMS = arg("items", 100_000);
const PER_GROUP = 10;
const GROUPS = Math.ceil(ITEMS / PER_GROUP);
const PARTITIONS = arg("partitions", 4);
const DURATION_MS = arg("duration", 8) * 1000;
const TABLE = "reads";

const value = (i: number) => `v${i}`.padEnd(100, "x");
const itemJson = (g: number, n: number) => `{"h":{"S":"g${g}"},"n":{"N":"${n}"},"v":{"S":"${value(g * PER_GROUP + n)}"}}`;

async function call(pool: Pool, op: string, body: string): Promise<string> {
  const res = await pool.request({ path: "/", method: "POST", headers: dynamoHeaders(op, PARTITIONS), body });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${op} ${res.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

async function main(): Promise<void> {
  console.log(`read benchmark: ${ITEMS} items (${GROUPS} groups x ${PER_GROUP}), ${PARTITIONS} partition(s), ${DURATION_MS / 1000}s Query phase`);
  const server = await startTarget(join(root, "worker/src/index.ts"));
  const pool = new Pool(server.url, { connections: 8 });
  const dir = mkdtempSync(join(tmpdir(), "shvm-bench-read-"));
  try {
    await call(
      pool,
      "CreateTable",
      JSON.stringify({
        TableName: TABLE,
        AttributeDefinitions: [
          { AttributeName: "h", AttributeType: "S" },
          { AttributeName: "n", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "h", KeyType: "HASH" },
          { AttributeName: "n", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
        Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }],
      }),
    );
    // Load: 25-item batches, 8 in flight.
    const batches: string[] = [];
    for (let i = 0; i < ITEMS; i += 25) {
      const puts: string[] = [];
      for (let j = i; j < Math.min(ITEMS, i + 25); j++) puts.push(`{"PutRequest":{"Item":${itemJson(Math.floor(j / PER_GROUP), j % PER_GROUP)}}}`);
      batches.push(`{"RequestItems":{"${TABLE}":[${puts.join(",")}]}}`);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) await call(pool, "BatchWriteItem", batches[next++]!);
      }),
    );

    const db = new Database(join(dir, "raw.sqlite"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE items (h TEXT NOT NULL, n INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (h, n)) WITHOUT ROWID");
    const insert = db.prepare("INSERT INTO items VALUES (?, ?, ?)");
    db.transaction(() => {
      for (let j = 0; j < ITEMS; j++) insert.run(`g${Math.floor(j / PER_GROUP)}`, j % PER_GROUP, itemJson(Math.floor(j / PER_GROUP), j % PER_GROUP));
    })();

    // Query: engine through the shared closed-loop driver; raw SQLite in a loop here.
    const q = await runLoad({
      url: server.url,
      threads: 2,
      concurrency: 8,
      warmupMs: 1000,
      durationMs: DURATION_MS,
      workload: { module: new URL("./bench/dynamo-workload.ts", import.meta.url).href, options: { op: "query", table: TABLE, keys: GROUPS, partitions: PARTITIONS } },
      observePids: [server.pid],
    });
    const rangeStmt = db.prepare("SELECT item FROM items WHERE h = ? ORDER BY n");
    let rawQueries = 0;
    const qStart = performance.now();
    while (performance.now() - qStart < DURATION_MS) {
      for (let k = 0; k < 100; k++) rangeStmt.all(`g${Math.floor(Math.random() * GROUPS)}`);
      rawQueries += 100;
    }
    const rawQueryItemsPerSec = (rawQueries * PER_GROUP) / ((performance.now() - qStart) / 1000);

    // Scan: the whole table, page by page, one client (as an export job would).
    const sStart = performance.now();
    let scanned = 0;
    let start: string | undefined;
    let pages = 0;
    do {
      const body = JSON.parse(
        await call(pool, "Scan", `{"TableName":"${TABLE}"${start ? `,"ExclusiveStartKey":${start}` : ""}}`),
      ) as { Count: number; LastEvaluatedKey?: unknown };
      scanned += body.Count;
      pages++;
      start = body.LastEvaluatedKey ? JSON.stringify(body.LastEvaluatedKey) : undefined;
    } while (start);
    const scanSec = (performance.now() - sStart) / 1000;
    if (scanned !== ITEMS) throw new Error(`Scan returned ${scanned} items, expected ${ITEMS}`);
    const rStart = performance.now();
    let rawScanned = 0;
    for (const _row of db.prepare("SELECT item FROM items ORDER BY h, n").iterate()) rawScanned++;
    const rawScanSec = (performance.now() - rStart) / 1000;
    db.close();

    const engineQueryItems = q.opsPerSec * PER_GROUP;
    const rows = [
      ["Query (10-item range)", fmt(engineQueryItems), fmt(rawQueryItemsPerSec), pct(engineQueryItems / rawQueryItemsPerSec), `p50 ${q.p50Ms.toFixed(2)} ms, p99 ${q.p99Ms.toFixed(2)} ms, errors ${q.errors}`],
      ["Scan (whole table)", fmt(ITEMS / scanSec), fmt(rawScanned / rawScanSec), pct(ITEMS / scanSec / (rawScanned / rawScanSec)), `${pages} pages in ${scanSec.toFixed(2)} s`],
    ];
    console.log(`\n${formatTable(["read", "shvm-db items/s", "raw SQLite items/s", "shvm-db / raw", "notes"], rows)}`);
    console.log(
      "\n(raw SQLite: better-sqlite3 in this process, the same rows and item text; 2 shared cores, so the ratio is the figure to compare, not the absolute numbers)",
    );
  } finally {
    await pool.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
