/**
 * The TableDescription DynamoDB returns, built once at CreateTable and kept in the catalog. Counts
 * (ItemCount, TableSizeBytes) are filled in at describe time from the partitions.
 */
import type { AttributeDefinition, KeyInfo, KeySchemaElement, ScalarType } from "../model/types.js";
import type { IndexKeyInfo } from "../validation/key.js";
import type { GsiSet, GsiSpec } from "../partition/protocol.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";

interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

interface Projection {
  ProjectionType?: string;
  NonKeyAttributes?: string[];
}

interface IndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: Throughput;
}

export interface CreateTableLike {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: string;
  ProvisionedThroughput?: Throughput;
  LocalSecondaryIndexes?: IndexInput[];
  GlobalSecondaryIndexes?: IndexInput[];
  DeletionProtectionEnabled?: boolean;
  TableClass?: string;
}

export interface ProvisionedThroughputDescription extends Throughput {
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export interface TableDescription {
  AttributeDefinitions: AttributeDefinition[];
  TableName: string;
  KeySchema: KeySchemaElement[];
  TableStatus: string;
  CreationDateTime: number;
  ProvisionedThroughput: ProvisionedThroughputDescription;
  TableSizeBytes: number;
  ItemCount: number;
  TableArn: string;
  TableId: string;
  BillingModeSummary?: { BillingMode: string; LastUpdateToPayPerRequestDateTime?: number };
  LocalSecondaryIndexes?: IndexDescription[];
  GlobalSecondaryIndexes?: IndexDescription[];
  TableClassSummary?: { TableClass: string };
  DeletionProtectionEnabled: boolean;
}

export interface IndexDescription {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  IndexStatus?: string;
  /** A GSI added by UpdateTable, while its existing items are being indexed (absent for indexes created with the table). */
  Backfilling?: boolean;
  ProvisionedThroughput?: ProvisionedThroughputDescription;
  IndexSizeBytes: number;
  ItemCount: number;
  IndexArn: string;
}

export const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

const zeroThroughput = (): ProvisionedThroughputDescription => ({
  NumberOfDecreasesToday: 0,
  ReadCapacityUnits: 0,
  WriteCapacityUnits: 0,
});

const throughput = (t: Throughput | undefined, onDemand: boolean): ProvisionedThroughputDescription =>
  onDemand || !t
    ? zeroThroughput()
    : { NumberOfDecreasesToday: 0, ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits };

function projection(p: Projection): Projection {
  const out: Projection = { ProjectionType: p.ProjectionType ?? "ALL" };
  if (p.NonKeyAttributes) out.NonKeyAttributes = p.NonKeyAttributes;
  return out;
}

export function describeNewTable(input: CreateTableLike, tableId: string, now: number): TableDescription {
  const onDemand = input.BillingMode === "PAY_PER_REQUEST";
  const arn = tableArn(input.TableName);
  const d: TableDescription = {
    AttributeDefinitions: input.AttributeDefinitions.map((a) => ({ AttributeName: a.AttributeName, AttributeType: a.AttributeType })),
    TableName: input.TableName,
    KeySchema: input.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    TableStatus: "ACTIVE",
    CreationDateTime: now,
    ProvisionedThroughput: throughput(input.ProvisionedThroughput, onDemand),
    TableSizeBytes: 0,
    ItemCount: 0,
    TableArn: arn,
    TableId: tableId,
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
  };
  if (onDemand) d.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: now };
  if (input.TableClass) d.TableClassSummary = { TableClass: input.TableClass };
  if (input.LocalSecondaryIndexes?.length) {
    d.LocalSecondaryIndexes = input.LocalSecondaryIndexes.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      Projection: projection(i.Projection),
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${arn}/index/${i.IndexName}`,
    }));
  }
  if (input.GlobalSecondaryIndexes?.length) {
    d.GlobalSecondaryIndexes = input.GlobalSecondaryIndexes.map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      Projection: projection(i.Projection),
      IndexStatus: "ACTIVE",
      ProvisionedThroughput: throughput(i.ProvisionedThroughput, onDemand),
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${arn}/index/${i.IndexName}`,
    }));
  }
  return d;
}

/** The primary key of a table, with each key attribute's type. */
export function keyInfo(d: Pick<TableDescription, "KeySchema" | "AttributeDefinitions">): KeyInfo {
  const typeOf = (name: string) =>
    d.AttributeDefinitions.find((a) => a.AttributeName === name)!.AttributeType as ScalarType;
  const hash = d.KeySchema.find((k) => k.KeyType === "HASH")!;
  const range = d.KeySchema.find((k) => k.KeyType === "RANGE");
  const info: KeyInfo = { hashName: hash.AttributeName, hashType: typeOf(hash.AttributeName) };
  if (range) {
    info.rangeName = range.AttributeName;
    info.rangeType = typeOf(range.AttributeName);
  }
  return info;
}

/**
 * The key attributes of the table's secondary indexes that an item must type-check against when it
 * carries them: every GSI key attribute first, then each LSI's range attribute (DynamoDB's order).
 */
export function indexKeyInfo(d: Pick<TableDescription, "AttributeDefinitions" | "GlobalSecondaryIndexes" | "LocalSecondaryIndexes">): IndexKeyInfo[] {
  const typeOf = (name: string) =>
    d.AttributeDefinitions.find((a) => a.AttributeName === name)!.AttributeType as ScalarType;
  const out: IndexKeyInfo[] = [];
  for (const g of d.GlobalSecondaryIndexes ?? []) {
    for (const k of g.KeySchema) out.push({ indexName: g.IndexName, attributeName: k.AttributeName, attributeType: typeOf(k.AttributeName) });
  }
  for (const l of d.LocalSecondaryIndexes ?? []) {
    for (const k of l.KeySchema) {
      if (k.KeyType === "RANGE") out.push({ indexName: l.IndexName, attributeName: k.AttributeName, attributeType: typeOf(k.AttributeName) });
    }
  }
  return out;
}

/** A local secondary index as the router and partitions use it: its name, range key and projection. */
export interface LsiInfo {
  name: string;
  attr: string;
  type: ScalarType;
  projection: "ALL" | "KEYS_ONLY" | "INCLUDE";
  nonKey: string[];
}

export function lsiInfo(d: Pick<TableDescription, "AttributeDefinitions" | "LocalSecondaryIndexes">): LsiInfo[] {
  return (d.LocalSecondaryIndexes ?? []).map((l) => {
    const range = l.KeySchema.find((k) => k.KeyType === "RANGE")!.AttributeName;
    return {
      name: l.IndexName,
      attr: range,
      type: d.AttributeDefinitions.find((a) => a.AttributeName === range)!.AttributeType as ScalarType,
      projection: (l.Projection.ProjectionType ?? "ALL") as LsiInfo["projection"],
      nonKey: l.Projection.NonKeyAttributes ?? [],
    };
  });
}

/** A table whose DeleteTable was accepted and whose partitions are not all dropped yet (catalog.ts). */
export const isDeleting = (t: { description: TableDescription }): boolean => t.description.TableStatus === "DELETING";

/** A global secondary index as the catalog keeps it beside the description: its partitions and its life cycle. */
export interface GsiRecord {
  name: string;
  /** The index's own id: its partitions are Durable Objects named `<id>/<i>` (a re-created index gets a new one). */
  id: string;
  partitions: number;
  /**
   * CREATING (backfilling), ACTIVE, DELETING (the base partitions are being told; then its partitions are dropped),
   * DELETED (a tombstone: it keeps the generation, so a set without the index stays newer than any set with it).
   */
  status: "CREATING" | "ACTIVE" | "DELETING" | "DELETED";
  /** The table's index-set generation when this index was last created or deleted (base partitions adopt newer sets only). */
  gen: number;
}

/**
 * What the table's base partitions maintain: every index not being deleted, with its key, its projection and where its
 * entries go. `gen` is the newest change of any index (a deleted one's too), so a set without a deleted index is newer
 * than every set that had it.
 */
export function gsiSet(
  d: Pick<TableDescription, "TableName" | "KeySchema" | "AttributeDefinitions" | "GlobalSecondaryIndexes">,
  records: readonly GsiRecord[],
): GsiSet | undefined {
  if (!records.length) return undefined;
  const typeOf = (name: string) => d.AttributeDefinitions.find((a) => a.AttributeName === name)!.AttributeType as "S" | "N" | "B";
  const tableKey = d.KeySchema.map((k) => k.AttributeName);
  const specs: GsiSpec[] = [];
  for (const r of records) {
    if (r.status === "DELETING" || r.status === "DELETED") continue;
    const g = d.GlobalSecondaryIndexes?.find((x) => x.IndexName === r.name);
    if (!g) continue;
    const hash = g.KeySchema.find((k) => k.KeyType === "HASH")!.AttributeName;
    const range = g.KeySchema.find((k) => k.KeyType === "RANGE")?.AttributeName;
    const projection = (g.Projection.ProjectionType ?? "ALL") as GsiSpec["projection"];
    const spec: GsiSpec = { name: r.name, label: `${d.TableName}/index/${r.name}`, tableId: r.id, partitions: r.partitions, hash: { attr: hash, type: typeOf(hash) }, projection };
    if (range !== undefined) spec.range = { attr: range, type: typeOf(range) };
    if (projection !== "ALL") spec.keep = [...new Set([...tableKey, hash, ...(range !== undefined ? [range] : []), ...(projection === "INCLUDE" ? (g.Projection.NonKeyAttributes ?? []) : [])])];
    specs.push(spec);
  }
  return { gen: Math.max(...records.map((r) => r.gen)), specs };
}
