/**
 * The part of prepare() the two DynamoDB-API targets (shvm, dynamodb) share: check that the endpoint
 * answers like DynamoDB, then make the YCSB table ready for the phase — load: create it if missing (or
 * drop and re-create it when asked), run: require it — and hand the bindings their properties.
 */
import { DynamoAdmin, type TableSpec } from "../bindings/dynamodb-admin.js";
import { boolProperty, dynamoOptions, intProperty } from "../bindings/dynamodb-options.js";
import { TargetUnavailable, type Phase, type PreparedTarget } from "../target.js";
import type { Properties } from "../../workloads/properties.js";

export interface DynamoTableRequest {
  target: string;
  endpoint: string;
  properties: Readonly<Properties>;
  phase: Phase;
  /** Whether the target started the server itself (then an unreachable server is a failure, not "unavailable"). */
  startedLocally: boolean;
  /** How to start the server, for TargetUnavailable. */
  startHint: string;
  /** Property that overrides re-creating the table on load (default: re-create only a server started here). */
  recreateProperty: string;
  billing: Pick<TableSpec, "billingMode" | "readCapacity" | "writeCapacity" | "tags" | "gsis">;
}

export interface DynamoTableReady {
  properties: Properties;
  description: Record<string, string | number | boolean>;
}

export async function prepareDynamoTable(r: DynamoTableRequest): Promise<DynamoTableReady> {
  const properties: Properties = { ...r.properties, "dynamodb.endpoint": r.endpoint };
  properties.table ||= "usertable";
  const table = properties.table;
  const options = dynamoOptions(properties);
  const admin = new DynamoAdmin({
    endpoint: options.endpoint,
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  try {
    const unreachable = await admin.probe();
    if (unreachable !== undefined) {
      if (r.startedLocally) throw new Error(`${r.target}: the server started here does not answer: ${unreachable}`);
      throw new TargetUnavailable(r.target, `${options.endpoint} does not answer like DynamoDB (${unreachable})`, r.startHint);
    }
    const description: Record<string, string | number | boolean> = {
      endpoint: options.endpoint,
      table,
      primaryKey: options.primaryKey,
      api: options.api,
      consistentReads: options.consistentReads,
      signed: options.credentials !== undefined,
    };
    if (r.phase === "load") {
      const recreate = boolProperty(properties, r.recreateProperty, r.startedLocally);
      // dynamodb.gsis = N: the table gets N GSIs, on field0 … field<N-1> (the lab's view of index write costs and lag).
      const gsiCount = intProperty(properties, "dynamodb.gsis", 0, true);
      const gsis = r.billing.gsis ?? Array.from({ length: gsiCount }, (_, i) => `field${i}`);
      const { created } = await admin.ensureTable({ table, primaryKey: options.primaryKey, recreate, ...r.billing, gsis });
      if (gsis.length) description.gsis = gsis.map((a) => `by-${a}`).join(",") + (created ? "" : " (not applied: the table existed)");
      description.tableCreated = created;
      description.billingMode = r.billing.billingMode;
      for (const [k, v] of Object.entries(r.billing.tags ?? {})) description[`tag ${k}`] = created ? v : `${v} (not applied: the table existed)`;
    } else {
      // DescribeTable's ItemCount is not reported: DynamoDB refreshes it only every few hours, dynalite not at all.
      await admin.requireTable(table, options.primaryKey);
    }
    return { properties, description };
  } finally {
    await admin.close();
  }
}

/** A server a DynamoDB-API target started itself, as prepareDynamoTarget needs it. */
export interface LocalDynamoServer {
  endpoint: string;
  /** The server's processes (shvm-db may run several), for the CPU figures. */
  pids: number[];
  /** The run description's `server` entry. */
  describe: string;
  stop(): Promise<void>;
}

/**
 * A DynamoDB-API target's whole prepare(): the given endpoint, or a server started by `start` when none is
 * given; then the table (prepareDynamoTable). The started server is stopped when that fails, or by close().
 */
export async function prepareDynamoTarget(
  given: string | undefined,
  start: () => Promise<LocalDynamoServer>,
  r: Omit<DynamoTableRequest, "endpoint" | "startedLocally">,
): Promise<PreparedTarget> {
  const local = given ? undefined : await start();
  const endpoint = (given || (local as LocalDynamoServer).endpoint).replace(/\/+$/, "");
  try {
    const ready = await prepareDynamoTable({ ...r, endpoint, startedLocally: local !== undefined });
    const description = { ...ready.description, server: local ? local.describe : "given endpoint" };
    let closed = false;
    return {
      properties: ready.properties,
      description,
      serverPids: local?.pids ?? [],
      async close() {
        if (closed) return;
        closed = true;
        await local?.stop();
      },
    };
  } catch (e) {
    await local?.stop();
    throw e;
  }
}
