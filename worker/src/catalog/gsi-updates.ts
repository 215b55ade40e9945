/**
 * UpdateTable's GlobalSecondaryIndexUpdates on a live table: Create (the index starts CREATING and backfilling; the
 * catalog's alarm tells every base partition and marks it ACTIVE once all have indexed their items), Delete (DELETING
 * until every base partition has stopped feeding it; then its partitions are dropped) and Update (its throughput).
 * Applied inside the catalog, so two updates cannot interleave. Like DynamoDB, one index at a time is created or
 * deleted per table.
 */
import { DynamoError, validationError } from "../http/errors.js";
import type { AttributeDefinition, KeySchemaElement } from "../model/types.js";
import { partitionCount } from "./partition-count.js";
import { tableArn, type GsiRecord, type TableDescription } from "./table-description.js";

const INVALID = "One or more parameter values were invalid: ";

export interface GsiUpdateLike {
  Create?: {
    IndexName: string;
    KeySchema: KeySchemaElement[];
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
    ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  };
  Delete?: { IndexName: string };
  Update?: { IndexName: string; ProvisionedThroughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } };
}

const limitExceeded = (message: string) => new DynamoError("com.amazonaws.dynamodb.v20120810#LimitExceededException", message);

/**
 * Applies the updates to `d` (a copy the caller stores) and `records` (returned: the index records after the update).
 * `tags` decide the new index's partition count as they decide a table's.
 */
export function applyGsiUpdates(
  d: TableDescription,
  records: readonly GsiRecord[],
  updates: readonly GsiUpdateLike[],
  definitions: readonly AttributeDefinition[] | undefined,
  tags: readonly { Key: string; Value: string }[],
  now: number,
): GsiRecord[] {
  // A re-created index replaces its tombstone.
  const created = new Set(updates.flatMap((u) => (u.Create ? [u.Create.IndexName] : [])));
  const out = records.filter((r) => !(r.status === "DELETED" && created.has(r.name))).map((r) => ({ ...r }));
  const online = updates.filter((u) => u.Create || u.Delete);
  if (online.length > 1 || (online.length === 1 && out.some((r) => r.status === "CREATING" || r.status === "DELETING"))) {
    throw limitExceeded("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  }
  const onDemand = d.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST";
  // A generation newer than any this table has had (tombstones keep deleted indexes' ones): base partitions adopt newer sets only.
  const gen = Math.max(1, ...records.map((r) => r.gen)) + 1;
  for (const u of updates) {
    if (u.Create) {
      const c = u.Create;
      const exists = (d.GlobalSecondaryIndexes ?? []).some((g) => g.IndexName === c.IndexName) || (d.LocalSecondaryIndexes ?? []).some((l) => l.IndexName === c.IndexName);
      if (exists) throw validationError(`${INVALID}Attempting to create an index which already exists`);
      if ((d.GlobalSecondaryIndexes ?? []).length >= 20) throw limitExceeded("Subscriber limit exceeded: GlobalSecondaryIndex count exceeds the per-table limit of 20");
      const merged = [...d.AttributeDefinitions];
      for (const a of definitions ?? []) {
        const had = merged.find((m) => m.AttributeName === a.AttributeName);
        if (had && had.AttributeType !== a.AttributeType) {
          throw validationError(`${INVALID}Cannot change the type of an existing attribute: ${a.AttributeName}`);
        }
        if (!had) merged.push({ AttributeName: a.AttributeName, AttributeType: a.AttributeType });
      }
      const keys = c.KeySchema.map((k) => k.AttributeName);
      const missing = keys.filter((k) => !merged.some((m) => m.AttributeName === k));
      if (missing.length) {
        throw validationError(
          `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${merged.map((m) => m.AttributeName).join(", ")}]`,
        );
      }
      if (!onDemand && !c.ProvisionedThroughput) throw validationError(`${INVALID}ProvisionedThroughput should not be null for index: ${c.IndexName}`);
      if (onDemand && c.ProvisionedThroughput) {
        throw validationError(`${INVALID}ProvisionedThroughput should not be specified for index: ${c.IndexName} when BillingMode is PAY_PER_REQUEST`);
      }
      d.AttributeDefinitions = merged;
      const projection: { ProjectionType: string; NonKeyAttributes?: string[] } = { ProjectionType: c.Projection.ProjectionType ?? "ALL" };
      if (c.Projection.NonKeyAttributes) projection.NonKeyAttributes = c.Projection.NonKeyAttributes;
      (d.GlobalSecondaryIndexes ??= []).push({
        IndexName: c.IndexName,
        KeySchema: c.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
        Projection: projection,
        IndexStatus: "CREATING",
        Backfilling: true,
        ProvisionedThroughput: onDemand || !c.ProvisionedThroughput
          ? { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 }
          : { NumberOfDecreasesToday: 0, ReadCapacityUnits: c.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: c.ProvisionedThroughput.WriteCapacityUnits },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${tableArn(d.TableName)}/index/${c.IndexName}`,
      });
      out.push({
        name: c.IndexName,
        id: crypto.randomUUID(),
        partitions: partitionCount({ BillingMode: onDemand ? "PAY_PER_REQUEST" : "PROVISIONED", ProvisionedThroughput: c.ProvisionedThroughput, Tags: [...tags] }),
        status: "CREATING",
        gen,
      });
    } else if (u.Delete) {
      const name = u.Delete.IndexName;
      const g = (d.GlobalSecondaryIndexes ?? []).find((x) => x.IndexName === name);
      const r = out.find((x) => x.name === name && x.status !== "DELETED");
      if (!g || !r) throw new DynamoError("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", `Requested resource not found: Index: ${name} not found in Table: ${d.TableName}`);
      g.IndexStatus = "DELETING";
      delete g.Backfilling;
      r.status = "DELETING";
      r.gen = gen;
    } else if (u.Update) {
      const name = u.Update.IndexName;
      const g = (d.GlobalSecondaryIndexes ?? []).find((x) => x.IndexName === name);
      if (!g) throw new DynamoError("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", `Requested resource not found: Index: ${name} not found in Table: ${d.TableName}`);
      if (onDemand) throw validationError(`${INVALID}ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`);
      const t = u.Update.ProvisionedThroughput;
      const cur = g.ProvisionedThroughput ?? { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
      const down = t.ReadCapacityUnits < cur.ReadCapacityUnits || t.WriteCapacityUnits < cur.WriteCapacityUnits;
      const up = t.ReadCapacityUnits > cur.ReadCapacityUnits || t.WriteCapacityUnits > cur.WriteCapacityUnits;
      g.ProvisionedThroughput = { ...cur, ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits, NumberOfDecreasesToday: cur.NumberOfDecreasesToday + (down ? 1 : 0) };
      if (up) g.ProvisionedThroughput.LastIncreaseDateTime = now;
      if (down) g.ProvisionedThroughput.LastDecreaseDateTime = now;
    }
  }
  return out;
}
