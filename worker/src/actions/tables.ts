/** The table operations: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable. */
import { registry as metricsRegistry } from "../metrics/registry.js";
import { partitionCount } from "../catalog/partition-count.js";
import { describeNewTable, isDeleting, type TableDescription } from "../catalog/table-description.js";
import type { TableRecord } from "../catalog/catalog.js";
import { DynamoError, tableNotFound } from "../http/errors.js";
import type {
  CreateTableInput,
  DeleteTableInput,
  DescribeTableInput,
  ListTablesInput,
  UpdateTableInput,
} from "../validation/inputs.js";
import type { Env } from "../router/env.js";
import {
  callPartition,
  catalog,
  forgetTable,
  rememberTable,
  retryIfStale,
  tableForDescribe,
  unwrap,
  type TableMeta,
} from "../router/tables.js";
import { mapLimited } from "../router/fan-out.js";
import { broadcastForget } from "../router/cluster.js";

const now = () => Date.now() / 1000;

export async function createTable(env: Env, input: CreateTableInput): Promise<string> {
  const partitions = partitionCount(input);
  const id = crypto.randomUUID();
  const record: TableRecord = {
    name: input.TableName,
    id,
    partitions,
    description: describeNewTable(input, id, now()),
    tags: input.Tags ?? [],
  };
  // Each GSI gets partitions of its own, counted from its own throughput as a table's are (or the table's tag).
  if (input.GlobalSecondaryIndexes?.length) {
    record.gsis = input.GlobalSecondaryIndexes.map((g) => ({
      name: g.IndexName,
      id: crypto.randomUUID(),
      partitions: partitionCount({ BillingMode: input.BillingMode, ProvisionedThroughput: g.ProvisionedThroughput, Tags: input.Tags }),
      status: "ACTIVE" as const,
      gen: 1,
    }));
  }
  unwrap(await catalog(env).createTable(record));
  rememberTable(record);
  return JSON.stringify({ TableDescription: record.description });
}

/**
 * ItemCount and TableSizeBytes, summed over the partitions at describe time (DynamoDB refreshes them
 * about every six hours; ours are current).
 */
async function withCounts(env: Env, t: TableMeta): Promise<TableDescription> {
  const indexes = Array.from({ length: t.record.partitions }, (_, i) => i);
  const stats = await mapLimited(indexes, (i) => callPartition(env, t, i, { op: "Stats" }));
  const d = structuredClone(t.record.description);
  d.ItemCount = stats.reduce((n, s) => n + s.items, 0);
  d.TableSizeBytes = stats.reduce((n, s) => n + s.bytes, 0);
  // Local secondary indexes: entries counted in each partition (IndexSizeBytes: the indexed items' sizes, so an upper
  // bound for KEYS_ONLY and INCLUDE projections, which DynamoDB sizes by the projected attributes).
  for (const l of d.LocalSecondaryIndexes ?? []) {
    l.ItemCount = stats.reduce((n, s) => n + (s.indexes?.[l.IndexName]?.items ?? 0), 0);
    l.IndexSizeBytes = stats.reduce((n, s) => n + (s.indexes?.[l.IndexName]?.bytes ?? 0), 0);
  }
  // Global secondary indexes: the entries in their own partitions (what has been delivered so far: eventually
  // consistent, like the index). IndexSizeBytes: the projected items plus DynamoDB's 100 bytes per index entry.
  for (const g of t.gsis) {
    const parts = Array.from({ length: g.spec.partitions }, (_, i) => i);
    const counts = await mapLimited(parts, (i) => callPartition(env, g.meta, i, { op: "GsiStats" }));
    const out = d.GlobalSecondaryIndexes?.find((x) => x.IndexName === g.spec.name);
    if (!out) continue;
    out.ItemCount = counts.reduce((n, s) => n + s.items, 0);
    out.IndexSizeBytes = counts.reduce((n, s) => n + s.bytes, 0) + 100 * out.ItemCount;
  }
  return d;
}

export async function describeTable(env: Env, input: DescribeTableInput): Promise<string> {
  return retryIfStale([input.TableName], async () => {
    const t = await tableForDescribe(env, input.TableName);
    // Being deleted: its partitions are going (or gone); the description is what DeleteTable answered.
    if (isDeleting(t.record)) return JSON.stringify({ Table: t.record.description });
    return JSON.stringify({ Table: await withCounts(env, t) });
  }).catch((e: unknown) => {
    // A second `dropped` answer: the table is gone; DescribeTable names it.
    if (e instanceof DynamoError && e.type.endsWith("ResourceNotFoundException")) throw tableNotFound(input.TableName);
    throw e;
  });
}

export async function listTables(env: Env, input: ListTablesInput): Promise<string> {
  const limit = input.Limit ?? 100;
  const names = await catalog(env).listTables(input.ExclusiveStartTableName ?? "", limit + 1);
  const page = names.slice(0, limit);
  const out: { TableNames: string[]; LastEvaluatedTableName?: string } = { TableNames: page };
  if (names.length > limit) out.LastEvaluatedTableName = page[page.length - 1]!;
  return JSON.stringify(out);
}

export async function deleteTable(env: Env, input: DeleteTableInput): Promise<string> {
  forgetTable(input.TableName);
  const result = await catalog(env).deleteTable(input.TableName);
  if (!result) throw tableNotFound(input.TableName);
  const record = unwrap(result) as TableRecord;
  // Its metrics go with it (a re-created table has a new id and starts from zero).
  metricsRegistry.forgetTable(record.id);
  // The other processes of a multi-process local server forget it before the answer (they would serve it from cache).
  await broadcastForget(env, input.TableName, record.id);
  return JSON.stringify({ TableDescription: record.description });
}

export async function updateTable(env: Env, input: UpdateTableInput): Promise<string> {
  forgetTable(input.TableName);
  const result = await catalog(env).updateTable(input.TableName, input, now());
  if (!result) throw tableNotFound(input.TableName);
  const record = unwrap(result) as TableRecord;
  await broadcastForget(env, input.TableName);
  const t = rememberTable(record);
  return JSON.stringify({ TableDescription: await retryIfStale([input.TableName], () => withCounts(env, t)) });
}
