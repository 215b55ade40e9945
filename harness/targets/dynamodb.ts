/**
 * The `dynamodb` target: any DynamoDB endpoint, driven by the DynamoDB binding (the same calls as YCSB's).
 *
 * - `dynamodb.endpoint` set (the CLI's --endpoint; e.g. https://dynamodb.us-east-1.amazonaws.com with
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION in the environment): used as it is; load creates
 *   the table if missing and never deletes one unless `dynamodb.recreateTable=true`.
 * - Not set: dynalite (an open-source DynamoDB emulator, the local stand-in for DynamoDB) is started as a
 *   separate child process on a free port, so it does not share the generator's process or event loop.
 *   Its data lives in LevelDB under .shvm/dynalite (`dynamodb.dynalite.path`; `memory` keeps it in memory),
 *   so a `ycsb load` and a later `ycsb run` see the same data; load drops and re-creates the table
 *   (`dynamodb.recreateTable=false` keeps it). close() stops dynalite. With `memory`, the data lives only
 *   as long as one prepared target: load and run must then share it (as `npm run lab` does).
 *
 * Properties:
 *   dynamodb.endpoint         URL (default: start dynalite)
 *   dynamodb.billingMode      PAY_PER_REQUEST (default) | PROVISIONED, for a table created here
 *   dynamodb.readCapacity     RCU when PROVISIONED (default 5)
 *   dynamodb.writeCapacity    WCU when PROVISIONED (default 5)
 *   dynamodb.recreateTable    true|false: drop and re-create the table on load (default: true for dynalite started here)
 *   dynamodb.dynalite.path    LevelDB folder of a dynalite started here (default .shvm/dynalite), or `memory`
 *   dynamodb.startTimeoutMs   bound on dynalite's start (default 15000)
 *   table                     YCSB's table name (default usertable)
 *   dynamodb.*                the binding's own properties (harness/bindings/dynamodb.ts)
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { intProperty } from "../bindings/dynamodb-options.js";
import { TargetUnavailable, type Phase, type PreparedTarget, type TargetDefinition } from "../target.js";
import type { Properties } from "../../workloads/properties.js";
import { prepareDynamoTarget, type LocalDynamoServer } from "./dynamo-table.js";
import { freePort, LocalServer, modulePath } from "./local-server.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const DYNALITE_HINT = "npm ci (dynalite is a dependency), or pass --endpoint for another DynamoDB endpoint";

export const DEFAULT_DYNALITE_PATH = join(root, ".shvm", "dynalite");

interface StartedDynalite {
  endpoint: string;
  path: string;
  server: LocalServer;
}

function dynaliteCli(): string {
  try {
    return join(dirname(require.resolve("dynalite/package.json")), "cli.js");
  } catch (e) {
    throw new TargetUnavailable("dynamodb", `dynalite is not installed (${e instanceof Error ? e.message : String(e)})`, DYNALITE_HINT);
  }
}

/** Starts `node dynalite/cli.js` on a free port; waits (bounded) until ListTables answers. */
export async function startDynalite(path: string, timeoutMs: number): Promise<StartedDynalite> {
  const port = await freePort();
  // Short state transitions: a table is ACTIVE (or gone) almost at once, as prepare waits for either anyway.
  const args = [dynaliteCli(), "--port", String(port), "--createTableMs", "20", "--deleteTableMs", "20", "--updateTableMs", "20"];
  if (path !== "memory") {
    mkdirSync(path, { recursive: true });
    args.push("--path", path);
  }
  const server = LocalServer.spawn("dynalite", process.execPath, args);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await server.waitReady(async () => {
      const res = await fetch(`${endpoint}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          "x-amz-date": "20240101T000000Z",
          authorization: "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: "{}",
        signal: AbortSignal.timeout(2_000),
      });
      const body = await res.text();
      return res.status === 200 ? undefined : `ListTables answered ${res.status}: ${body.slice(0, 200)}`;
    }, timeoutMs);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { endpoint, path, server };
}

function billing(properties: Readonly<Properties>) {
  const mode = properties["dynamodb.billingMode"] || "PAY_PER_REQUEST";
  if (mode !== "PAY_PER_REQUEST" && mode !== "PROVISIONED") throw new Error(`dynamodb.billingMode must be PAY_PER_REQUEST or PROVISIONED, got "${mode}"`);
  if (mode === "PAY_PER_REQUEST") return { billingMode: mode } as const;
  return {
    billingMode: mode,
    readCapacity: intProperty(properties, "dynamodb.readCapacity", 5),
    writeCapacity: intProperty(properties, "dynamodb.writeCapacity", 5),
  } as const;
}

async function prepare(properties: Readonly<Properties>, phase: Phase): Promise<PreparedTarget> {
  const tableBilling = billing(properties);
  const startLocal = async (): Promise<LocalDynamoServer> => {
    const path = properties["dynamodb.dynalite.path"] || DEFAULT_DYNALITE_PATH;
    const local = await startDynalite(path === "memory" ? path : resolve(path), intProperty(properties, "dynamodb.startTimeoutMs", 15_000));
    return {
      endpoint: local.endpoint,
      pids: local.server.pids,
      describe: `local dynalite (separate process), data ${local.path === "memory" ? "in memory" : `in ${local.path}`}`,
      stop: () => local.server.stop(),
    };
  };
  return prepareDynamoTarget(properties["dynamodb.endpoint"], startLocal, {
    target: "dynamodb",
    properties,
    phase,
    startHint: "check the endpoint URL and the AWS_* credentials, or leave out --endpoint to use a local dynalite",
    recreateProperty: "dynamodb.recreateTable",
    billing: tableBilling,
  });
}

export const dynamodbTarget: TargetDefinition = {
  name: "dynamodb",
  summary: "any DynamoDB endpoint (--endpoint + AWS_* credentials); without one, a local dynalite as DynamoDB's stand-in",
  bindingModule: modulePath(import.meta.url, "../bindings/dynamodb"),
  prepare,
};
