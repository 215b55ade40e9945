/**
 * The `shvm` target: shvm-db through its DynamoDB API, driven by the DynamoDB binding.
 *
 * - `shvm.endpoint` set (the CLI's --endpoint): that server is used as it is; load creates the table if it is
 *   missing (it is not re-created unless `shvm.recreateTable=true`, so an existing table keeps its partition
 *   count).
 * - Not set: a local shvm-db is started (scripts/serve.ts: bundle + workerd) on a free port, with the
 *   embedded default configuration (the one `npm start` serves) but over the harness's own state folder,
 *   .shvm/ycsb-state (`shvm.stateDir` overrides), so `ycsb load` and a later `ycsb run` see the same data. It
 *   is deliberately not `npm start`'s .shvm/state ($SHVM_STATE_DIR is `npm start`'s and is not read here):
 *   load drops and re-creates usertable, which must not happen to the data of someone's local server, and two
 *   workerd processes must not share one state. Load drops and re-creates the table (so `shvm.partitions`
 *   always holds; `shvm.recreateTable=false` keeps it). close() stops workerd (SIGTERM, SIGKILL after 10 s).
 *
 * Properties:
 *   shvm.endpoint        URL of a running shvm-db (default: start one)
 *   shvm.partitions      partitions of a table created here, sent as the tag shvm:partitions (default 8:
 *                        a small table spread over a few single-writer partitions; README "Partitions")
 *   shvm.stateDir        state folder of a locally started server (default .shvm/ycsb-state; .shvm/ycsb-state-<N>p with
 *                        N processes: a state folder is always served by the process count that wrote it)
 *   shvm.processes       workerd processes of a locally started server (default 1; scripts/serve.ts)
 *   shvm.startTimeoutMs  bound on a local server's start (default 60000)
 *   shvm.recreateTable   true|false: drop and re-create the table on load (default: true for a local server)
 *   table                YCSB's table name (default usertable)
 *   dynamodb.*           the binding's own properties (harness/bindings/dynamodb.ts); dynamodb.endpoint is set here
 *
 * The prepared target also reads the server's per-partition counters (`partitionMetrics`: GET
 * /_shvm/metrics?format=json, the run's table only) for the report's heatmap. Admin paths follow the API's
 * access rule, so with credentials the scrape is signed as a presigned URL (scripts/admin-url.ts, the same
 * signature a browser opening the dashboard uses); a server that hides or refuses them only costs warnings.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { presignedAdminUrl } from "../../scripts/admin-url.js";
import { defaultServeOptions, MAX_PROCESSES, prepare as prepareServe, startWorkerd } from "../../scripts/serve.js";
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot.js";
import { dynamoOptions, intProperty } from "../bindings/dynamodb-options.js";
import type { PartitionMetricsSample, PartitionMetricsSource, Phase, PreparedTarget, TargetDefinition } from "../target.js";
import type { Properties } from "../../workloads/properties.js";
import { prepareDynamoTarget, type LocalDynamoServer } from "./dynamo-table.js";
import { freePort, LocalServer, modulePath } from "./local-server.js";

export const DEFAULT_SHVM_PARTITIONS = 8;
const HOST = "127.0.0.1";

/** The harness's own state folder for a server it starts: .shvm/ycsb-state in the repository, never `npm start`'s. */
export const DEFAULT_SHVM_STATE_DIR = fileURLToPath(new URL("../../.shvm/ycsb-state", import.meta.url));

/** The state folder of a locally started server: `shvm.stateDir`, else DEFAULT_SHVM_STATE_DIR (-<N>p with N processes). */
export function shvmStateDir(properties: Readonly<Properties>): string {
  const given = properties["shvm.stateDir"];
  const processes = shvmProcesses(properties);
  return given ? resolve(given) : processes > 1 ? `${DEFAULT_SHVM_STATE_DIR}-${processes}p` : DEFAULT_SHVM_STATE_DIR;
}

export function shvmProcesses(properties: Readonly<Properties>): number {
  const n = intProperty(properties, "shvm.processes", 1);
  if (n < 1 || n > MAX_PROCESSES) throw new Error(`shvm.processes must be 1 to ${MAX_PROCESSES}, got ${n}`);
  return n;
}

export function shvmPartitions(properties: Readonly<Properties>): number {
  const p = intProperty(properties, "shvm.partitions", DEFAULT_SHVM_PARTITIONS);
  if (p > 1024) throw new Error(`shvm.partitions must be 1 to 1024, got ${p}`);
  return p;
}

export interface StartedWorkerd {
  endpoint: string;
  stateDir: string;
  server: LocalServer;
  stop(): Promise<void>;
}

export interface LocalWorkerdOptions {
  /** How the server is named in messages. */
  name: string;
  /** Its state folder, kept; without one a fresh temporary folder, removed on stop. */
  stateDir?: string;
  /** The Worker entry to bundle (default: the engine). */
  entry?: string;
  vars?: Record<string, string>;
  processes?: number;
  timeoutMs: number;
  /** Ready on any HTTP answer to GET / (a Worker that is not the engine); else only on 200. */
  anyAnswer?: boolean;
}

/**
 * Bundles a Worker (the engine unless told) and starts workerd on a free port; waits (bounded) until GET / answers.
 * The build folder is its own per start: concurrent runs (and `npm start`, which uses .shvm/build) must not share one.
 */
export async function startLocalWorkerd(o: LocalWorkerdOptions): Promise<StartedWorkerd> {
  const tempDir = mkdtempSync(join(tmpdir(), "shvm-local-"));
  const stateDir = o.stateDir ?? join(tempDir, "state");
  let server: LocalServer | undefined;
  const stop = async () => {
    try {
      await server?.stop();
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  };
  try {
    const port = await freePort(HOST);
    const options = {
      ...defaultServeOptions(),
      stateDir,
      port,
      host: HOST,
      fresh: o.stateDir === undefined,
      buildDir: join(tempDir, "build"),
      processes: o.processes ?? 1,
      ...(o.vars ? { vars: o.vars } : {}),
    };
    server = LocalServer.adopt(`${o.name} (workerd)`, await startWorkerd(await prepareServe(options, o.entry), "pipe"));
    const endpoint = `http://${HOST}:${port}`;
    await server.waitReady(async () => {
      const res = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      return o.anyAnswer || res.status === 200 ? undefined : `GET / answered ${res.status}: ${body.slice(0, 200)}`;
    }, o.timeoutMs);
    return { endpoint, stateDir, server, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function prepare(properties: Readonly<Properties>, phase: Phase): Promise<PreparedTarget> {
  const partitions = shvmPartitions(properties);
  const startLocal = async (): Promise<LocalDynamoServer> => {
    const local = await startLocalWorkerd({
      name: "shvm-db",
      stateDir: shvmStateDir(properties),
      timeoutMs: intProperty(properties, "shvm.startTimeoutMs", 60_000),
      processes: shvmProcesses(properties),
    });
    return { endpoint: local.endpoint, pids: local.server.pids, describe: `local workerd (${local.server.pids.length} process${local.server.pids.length > 1 ? "es" : ""}), state in ${local.stateDir}`, stop: local.stop };
  };
  const prepared = await prepareDynamoTarget(properties["shvm.endpoint"], startLocal, {
    target: "shvm",
    properties,
    phase,
    startHint: "npm start (or leave out --endpoint: the harness then starts a local shvm-db itself)",
    recreateProperty: "shvm.recreateTable",
    billing: { billingMode: "PAY_PER_REQUEST", tags: { "shvm:partitions": String(partitions) } },
  });
  return { ...prepared, partitionMetrics: shvmMetricsSource(prepared.properties) };
}

const METRICS_PATH = "/_shvm/metrics?format=json";
/** A presigned scrape URL lives this long: one is signed per scrape, so only clock skew has to fit in it. */
const PRESIGN_SECONDS = 60;

/** The run's table's partitions in one snapshot, as the results file keeps them. */
export function tableSample(snapshot: MetricsSnapshot, table: string, at: number): PartitionMetricsSample {
  return {
    at,
    serverStartedAt: snapshot.startedAt,
    partitions: snapshot.partitions
      .filter((p) => p.table === table)
      .map((p) => ({
        tableId: p.tableId,
        partition: p.partition,
        operations: Object.values(p.operations).reduce((a, b) => a + b, 0),
        rowsRead: p.rowsRead,
        rowsWritten: p.rowsWritten,
        storageBytes: p.storageBytes,
        walBytes: p.walBytes,
        items: p.items,
        ...(p.gsiPending != null ? { gsiPending: p.gsiPending, gsiLagMs: p.gsiLagMs ?? null } : {}),
      }))
      .sort((a, b) => a.partition - b.partition || a.tableId.localeCompare(b.tableId)),
  };
}

/** Scrapes of the metrics endpoint of the server the bindings talk to (properties as prepare hands them on). */
export function shvmMetricsSource(properties: Readonly<Properties>): PartitionMetricsSource {
  const options = dynamoOptions(properties);
  const table = properties.table || "usertable";
  const credentials = options.credentials;
  const url = async (): Promise<string> => {
    if (!credentials) return `${options.endpoint}${METRICS_PATH}`;
    // shvm-db refuses session tokens in presigned URLs; the scrape is then skipped with this warning.
    if (credentials.sessionToken) throw new Error("cannot sign the metrics scrape: temporary credentials (a session token) are not accepted in a presigned admin URL");
    return presignedAdminUrl(options.endpoint, METRICS_PATH, credentials, PRESIGN_SECONDS, options.region);
  };
  return {
    table,
    source: `GET ${options.endpoint}${METRICS_PATH}${credentials ? " (presigned)" : ""}`,
    async sample(signal) {
      const res = await fetch(await url(), { signal });
      if (res.status !== 200) throw new Error(`GET ${METRICS_PATH} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const snapshot = (await res.json()) as MetricsSnapshot;
      return tableSample(snapshot, table, Date.now());
    },
  };
}

export const shvmTarget: TargetDefinition = {
  name: "shvm",
  summary: "shvm-db through its DynamoDB API (a local workerd on .shvm/ycsb-state unless --endpoint / shvm.endpoint is given)",
  bindingModule: modulePath(import.meta.url, "../bindings/dynamodb"),
  prepare,
};
