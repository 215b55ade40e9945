/**
 * Table management for the DynamoDB-API targets (run once in prepare, outside the measured load):
 * probe the endpoint, create the YCSB table if missing (hash key only, string), optionally drop and
 * re-create it, wait for ACTIVE, and check that an existing table has the key the binding will use.
 * Every wait is bounded.
 */
import { DynamoHttp } from "./dynamodb-http.js";
import { errorType, q } from "./dynamodb-requests.js";
import type { AwsCredentials } from "./dynamodb-sigv4.js";

export interface AdminOptions {
  endpoint: string;
  region: string;
  credentials?: AwsCredentials;
  /** Bound on each call. */
  timeoutMs?: number;
}

export interface TableSpec {
  table: string;
  primaryKey: string;
  billingMode: "PAY_PER_REQUEST" | "PROVISIONED";
  /** Used when billingMode is PROVISIONED. */
  readCapacity?: number;
  writeCapacity?: number;
  tags?: Record<string, string>;
  /** Attributes (strings) each indexed by a global secondary index `by-<attribute>` (HASH key, projection ALL). */
  gsis?: string[];
  /** Delete the table first when it exists (a load that starts from nothing). */
  recreate?: boolean;
  /** Bound on waiting for ACTIVE / for a deletion to finish (default 60 s). */
  waitMs?: number;
}

export interface TableState {
  status: string;
  keySchema: { AttributeName: string; KeyType: string }[];
}

export class DynamoAdmin {
  private readonly http: DynamoHttp;

  constructor(options: AdminOptions) {
    this.http = new DynamoHttp({
      endpoint: options.endpoint,
      region: options.region,
      connections: 2,
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Undefined when the endpoint answers like DynamoDB; otherwise why it does not (unreachable, not DynamoDB). */
  async probe(): Promise<string | undefined> {
    const r = await this.http.call("ListTables", '{"Limit":1}');
    if (!r.ok) return r.error;
    if (r.status === 200 && r.body.includes('"TableNames"')) return undefined;
    return `ListTables answered HTTP ${r.status}: ${r.body.slice(0, 200)}`;
  }

  /** The table's status and key schema, or undefined when it does not exist. */
  async describe(table: string): Promise<TableState | undefined> {
    const body = await this.call("DescribeTable", `{"TableName":${q(table)}}`, ["ResourceNotFoundException"]);
    if (body === undefined) return undefined;
    const t = (JSON.parse(body) as { Table?: { TableStatus?: string; KeySchema?: TableState["keySchema"] } }).Table;
    return { status: t?.TableStatus ?? "UNKNOWN", keySchema: t?.KeySchema ?? [] };
  }

  /** Makes sure the table exists (re-created when asked) and is ACTIVE; returns whether it was created now. */
  async ensureTable(spec: TableSpec): Promise<{ created: boolean }> {
    const waitMs = spec.waitMs ?? 60_000;
    let current = await this.describe(spec.table);
    if (current && spec.recreate) {
      await this.waitWhile(spec.table, waitMs, (s) => s !== undefined && s.status !== "ACTIVE", "settle before it is deleted");
      await this.call("DeleteTable", `{"TableName":${q(spec.table)}}`, ["ResourceNotFoundException"]);
      await this.waitWhile(spec.table, waitMs, (s) => s !== undefined, "be deleted");
      current = undefined;
    }
    let created = false;
    if (!current) {
      // Someone else creating it at the same moment (ResourceInUseException) is as good as creating it.
      await this.call("CreateTable", createTableBody(spec), ["ResourceInUseException"]);
      created = true;
    }
    const state = await this.waitWhile(spec.table, waitMs, (s) => s === undefined || s.status !== "ACTIVE", "become ACTIVE");
    checkKeySchema(spec.table, spec.primaryKey, state);
    return { created };
  }

  /** For a run phase: the table must already exist with the expected key; waits while it is not ACTIVE yet. */
  async requireTable(table: string, primaryKey: string, waitMs = 60_000): Promise<TableState> {
    const state = await this.describe(table);
    if (!state) throw new Error(`table ${table} does not exist: run the load phase first`);
    const active = await this.waitWhile(table, waitMs, (s) => s !== undefined && s.status !== "ACTIVE", "become ACTIVE");
    if (!active) throw new Error(`table ${table} was deleted while waiting for it`);
    checkKeySchema(table, primaryKey, active);
    return active;
  }

  private async waitWhile(
    table: string,
    waitMs: number,
    pending: (s: TableState | undefined) => boolean,
    what: string,
  ): Promise<TableState | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const s = await this.describe(table);
      if (!pending(s)) return s;
      if (Date.now() > deadline) throw new Error(`table ${table} did not ${what} within ${waitMs} ms (status ${s?.status ?? "missing"})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The reply body of a 200; undefined for one of the `tolerated` error types; throws otherwise. */
  private async call(operation: string, body: string, tolerated: string[] = []): Promise<string | undefined> {
    const r = await this.http.call(operation, body);
    if (!r.ok) throw new Error(`${operation} failed: ${r.error}`);
    if (r.status === 200) return r.body;
    if (tolerated.includes(errorType(r.body))) return undefined;
    throw new Error(`${operation} failed: HTTP ${r.status}: ${r.body.slice(0, 500)}`);
  }
}

export function createTableBody(spec: TableSpec): string {
  const body: Record<string, unknown> = {
    TableName: spec.table,
    AttributeDefinitions: [{ AttributeName: spec.primaryKey, AttributeType: "S" }],
    KeySchema: [{ AttributeName: spec.primaryKey, KeyType: "HASH" }],
    BillingMode: spec.billingMode,
  };
  if (spec.billingMode === "PROVISIONED")
    body.ProvisionedThroughput = { ReadCapacityUnits: spec.readCapacity ?? 5, WriteCapacityUnits: spec.writeCapacity ?? 5 };
  if (spec.gsis?.length) {
    (body.AttributeDefinitions as unknown[]).push(...spec.gsis.map((a) => ({ AttributeName: a, AttributeType: "S" })));
    body.GlobalSecondaryIndexes = spec.gsis.map((a) => ({
      IndexName: `by-${a}`,
      KeySchema: [{ AttributeName: a, KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
      ...(spec.billingMode === "PROVISIONED" ? { ProvisionedThroughput: { ReadCapacityUnits: spec.readCapacity ?? 5, WriteCapacityUnits: spec.writeCapacity ?? 5 } } : {}),
    }));
  }
  const tags = Object.entries(spec.tags ?? {});
  if (tags.length > 0) body.Tags = tags.map(([Key, Value]) => ({ Key, Value }));
  return JSON.stringify(body);
}

function checkKeySchema(table: string, primaryKey: string, state: TableState | undefined): void {
  const hash = state?.keySchema.find((k) => k.KeyType === "HASH");
  if (!state || hash?.AttributeName !== primaryKey || state.keySchema.length !== 1)
    throw new Error(
      `table ${table} exists with key schema ${JSON.stringify(state?.keySchema)}, but the binding uses a hash key "${primaryKey}" only: ` +
        "set dynamodb.primaryKey to match, or use another table",
    );
}
