/**
 * Read benchmark (npm run bench:read): Query of a 10-item range and a full paginated Scan on shvm-db, each next
 * to a raw SQLite range read of the same rows (better-sqlite3 in this process, WAL, the same item JSON text)
 * measured in the same run, reported as items per second and ratios.
 *
 * The HTTP side runs on the harness's runner (harness/cli/run-one.ts, the single-operation binding
 * harness/bindings/dynamo-ops.ts) and writes a harness results file per phase: the Query phase is closed loop
 * (2 threads × 8, a warm-up, --duration), each read a Query of one hash key that must return its 10 items; the
 * Scan phase is one client scanning the whole table page by page, each scan one measured operation, as an export
 * job would. The items are loaded first with BatchWriteItem (setup, not measured).
 *
 * The raw SQLite floor has no network, no protocol, no Worker and no Durable Object hop: the ratio shows what the
 * whole serving stack costs on reads, not SQLite's own speed (the same SQLite engine does the range read inside
 * each partition).
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOne } from "../harness/cli/run-one.js";
import { DynamoHttp } from "../harness/bindings/dynamodb-http.js";
import { buildKeyName } from "../harness/generators/key-name.js";
import { readEnvironment } from "../harness/results/environment.js";
import { fileTimestamp, RESULTS_DIR } from "../harness/results/result-file.js";
import { engineBenchTarget } from "../harness/targets/bench-servers.js";
import type { RunSettings } from "../harness/runner/run-phase.js";
import type { Properties } from "../workloads/properties.js";
import { formatTable } from "./bench/report.js";

const arg = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const ITEMS = arg("items", 100_000);
const PER_GROUP = 10;
const GROUPS = Math.ceil(ITEMS / PER_GROUP);
const PARTITIONS = arg("partitions", 4);
const DURATION_S = arg("duration", 8);
/** Whole-table scans measured (one client, one after the other). */
const SCANS = 2;
const TABLE = "reads";

const value = (i: number) => `v${i}`.padEnd(100, "x");
/** The group's hash key is the CoreWorkload's key of record g, so the harness's reads pick groups as it picks records. */
const groupKey = (g: number) => buildKeyName(g, "hashed", 1);
const itemJson = (g: number, n: number) => `{"h":{"S":"${groupKey(g)}"},"n":{"N":"${n}"},"v":{"S":"${value(g * PER_GROUP + n)}"}}`;

async function call(http: DynamoHttp, op: string, body: string): Promise<string> {
  const r = await http.call(op, body);
  if (!r.ok) throw new Error(`${op}: ${r.error}`);
  if (r.status !== 200) throw new Error(`${op} ${r.status}: ${r.body.slice(0, 300)}`);
  return r.body;
}

async function load(http: DynamoHttp): Promise<void> {
  const table = {
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
  };
  await call(http, "CreateTable", JSON.stringify(table));
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
      while (next < batches.length) {
        const reply = JSON.parse(await call(http, "BatchWriteItem", batches[next++]!)) as { UnprocessedItems?: Record<string, unknown[]> };
        if (Object.values(reply.UnprocessedItems ?? {}).some((u) => u.length > 0)) throw new Error("BatchWriteItem left items unprocessed");
      }
    }),
  );
}

async function main(): Promise<void> {
  console.log(`read benchmark: ${ITEMS} items (${GROUPS} groups x ${PER_GROUP}), ${PARTITIONS} partition(s), ${DURATION_S}s Query phase (harness runner)`);
  const base: Properties = {
    table: TABLE,
    recordcount: String(GROUPS),
    operationcount: "0",
    "dynamodb.primaryKey": "h",
    "bench.createTable": "false",
    "harness.metricsIntervalMs": "0",
  };
  const prepared = await engineBenchTarget.prepare(base, "run");
  const http = new DynamoHttp({ endpoint: prepared.properties["dynamodb.endpoint"]!, region: "us-east-1", connections: 8, timeoutMs: 30_000 });
  const dir = mkdtempSync(join(tmpdir(), "shvm-bench-read-"));
  const outDir = join(RESULTS_DIR, `${fileTimestamp()}-bench-read`);
  const environment = readEnvironment();
  const phase = (name: string, properties: Properties, settings: RunSettings) =>
    runOne({ target: engineBenchTarget, prepared, properties: { ...prepared.properties, ...properties }, phase: "run", workloadName: name, workloadFiles: [], settings, environment, dir: outDir });
  try {
    await load(http);

    const db = new Database(join(dir, "raw.sqlite"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE items (h TEXT NOT NULL, n INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (h, n)) WITHOUT ROWID");
    const insert = db.prepare("INSERT INTO items VALUES (?, ?, ?)");
    db.transaction(() => {
      for (let j = 0; j < ITEMS; j++) insert.run(groupKey(Math.floor(j / PER_GROUP)), j % PER_GROUP, itemJson(Math.floor(j / PER_GROUP), j % PER_GROUP));
    })();

    // Query: every read a Query of one group, which must return its 10 items.
    const none = { updateproportion: "0", insertproportion: "0", scanproportion: "0", readmodifywriteproportion: "0", readproportion: "0" };
    const seed = () => Math.floor(Math.random() * 2 ** 31);
    const q = await phase(
      "dynamo-query",
      { ...none, readproportion: "1", requestdistribution: "uniform", maxexecutiontime: String(DURATION_S), "dynamoops.read": "query", "dynamoops.expectItems": String(PER_GROUP) },
      { threads: 2, concurrency: 8, targetRate: null, warmupSeconds: 1, maxExecutionTime: DURATION_S, seed: seed() },
    );
    const read = q.result.operations.READ;
    const queryFailed = q.result.operations["READ-FAILED"]?.operations ?? 0;
    const groups = [...Array(GROUPS).keys()].map(groupKey);
    const rangeStmt = db.prepare("SELECT item FROM items WHERE h = ? ORDER BY n");
    let rawQueries = 0;
    const qStart = performance.now();
    while (performance.now() - qStart < DURATION_S * 1000) {
      for (let k = 0; k < 100; k++) rangeStmt.all(groups[Math.floor(Math.random() * GROUPS)]);
      rawQueries += 100;
    }
    const rawQueryItemsPerSec = (rawQueries * PER_GROUP) / ((performance.now() - qStart) / 1000);

    // Scan: the whole table, page by page, one client; each whole scan one measured operation.
    const s = await phase(
      "dynamo-table-scan",
      { ...none, scanproportion: "1", operationcount: String(SCANS), "dynamoops.scan": "table", "dynamoops.expectItems": String(ITEMS) },
      { threads: 1, concurrency: 1, targetRate: null, warmupSeconds: 0, maxExecutionTime: null, seed: seed() },
    );
    const scan = s.result.operations.SCAN;
    if (!scan || scan.operations !== SCANS) throw new Error(`Scan did not return ${ITEMS} items every time (${s.path})`);
    const scanSec = scan.averageLatencyUs / 1e6;
    const rStart = performance.now();
    let rawScanned = 0;
    for (const _row of db.prepare("SELECT item FROM items ORDER BY h, n").iterate()) rawScanned++;
    const rawScanSec = (performance.now() - rStart) / 1000;
    db.close();

    const engineQueryItems = (read?.throughput ?? 0) * PER_GROUP;
    const ms = (us: number | undefined) => ((us ?? 0) / 1000).toFixed(2);
    const rows = [
      ["Query (10-item range)", fmt(engineQueryItems), fmt(rawQueryItemsPerSec), pct(engineQueryItems / rawQueryItemsPerSec), `p50 ${ms(read?.p50LatencyUs)} ms, p99 ${ms(read?.p99LatencyUs)} ms, errors ${queryFailed}`],
      ["Scan (whole table)", fmt(ITEMS / scanSec), fmt(rawScanned / rawScanSec), pct(ITEMS / scanSec / (rawScanned / rawScanSec)), `${SCANS} scans, ${scanSec.toFixed(2)} s each on average`],
    ];
    console.log(`\n${formatTable(["read", "shvm-db items/s", "raw SQLite items/s", "shvm-db / raw", "notes"], rows)}`);
    console.log(
      "\n(raw SQLite: better-sqlite3 in this process, the same rows and item text; 2 shared cores, so the ratio is the figure to compare, not the absolute numbers)",
    );
    console.log(`results: ${q.path}, ${s.path}`);
    if (queryFailed > 0) process.exitCode = 1;
  } finally {
    await http.close();
    await prepared.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
