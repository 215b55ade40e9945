/** UpdateTable (after dynalite's validations/updateTable.js, plus BillingMode). */
import {
  MAX_CAPACITY_UNITS,
  attributeDefinitions,
  billingMode,
  indexNameField,
  keySchema,
  projection,
  provisionedThroughput,
  sseSpecification,
  streamSpecification,
  tableClass,
  tableOperationName,
} from "./common.js";
import type { UpdateTableInput } from "./inputs.js";
import { boolean, fieldStruct, list, notNull, valueStruct, type OperationSchema } from "./schema.js";

const INVALID = "One or more parameter values were invalid: ";

export const updateTable: OperationSchema<UpdateTableInput> = {
  members: {
    TableName: tableOperationName,
    ProvisionedThroughput: provisionedThroughput(),
    GlobalSecondaryIndexUpdates: list(
      valueStruct("GlobalSecondaryIndexUpdate", {
        Update: fieldStruct("UpdateGlobalSecondaryIndexAction", {
          IndexName: indexNameField(notNull),
          ProvisionedThroughput: provisionedThroughput(notNull),
        }),
        Create: fieldStruct("CreateGlobalSecondaryIndexAction", {
          Projection: projection,
          IndexName: indexNameField(notNull),
          // Optional since on-demand tables exist (dynalite still requires it).
          ProvisionedThroughput: provisionedThroughput(),
          KeySchema: keySchema(),
        }),
        Delete: fieldStruct("DeleteGlobalSecondaryIndexAction", {
          IndexName: indexNameField(notNull),
        }),
      }),
    ),
    AttributeDefinitions: attributeDefinitions(),
    BillingMode: billingMode,
    StreamSpecification: streamSpecification,
    SSESpecification: sseSpecification,
    TableClass: tableClass,
    DeletionProtectionEnabled: boolean(),
  },
  custom: checkUpdateTable,
};

/** DynamoDB's current wording (2026); dynalite records an older, shorter list. */
export const NOTHING_TO_UPDATE =
  "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required";

export function checkUpdateTable(data: UpdateTableInput): string | undefined {
  const updates = data.GlobalSecondaryIndexUpdates;
  if (
    !data.ProvisionedThroughput &&
    !data.StreamSpecification &&
    (!updates || !updates.length) &&
    !data.SSESpecification &&
    // Not in dynalite's list (nor in DynamoDB's message), but DynamoDB accepts these alone.
    !data.BillingMode &&
    !data.TableClass &&
    data.DeletionProtectionEnabled == null
  ) {
    return NOTHING_TO_UPDATE;
  }

  const throughput = data.ProvisionedThroughput;
  if (throughput) {
    if (data.BillingMode === "PAY_PER_REQUEST") {
      return `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`;
    }
    if (throughput.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
      return `Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`;
    }
    if (throughput.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
      return `Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`;
    }
  }

  if (updates) {
    const seen = new Set<string>();
    for (const update of updates) {
      if (!update.Update && !update.Create && !update.Delete) {
        return (
          `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, ` +
          "GlobalSecondaryIndexUpdate.Delete must not be null"
        );
      }
      const name = (update.Update?.IndexName || update.Create?.IndexName || update.Delete?.IndexName) as string;
      if (seen.has(name)) {
        return `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: ${name}`;
      }
      seen.add(name);
      if (update.Update) {
        const t = update.Update.ProvisionedThroughput;
        if (t.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
          return `Given value ${t.ReadCapacityUnits} for ReadCapacityUnits is out of bounds for index ${update.Update.IndexName}`;
        }
        if (t.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
          return `Given value ${t.WriteCapacityUnits} for WriteCapacityUnits is out of bounds for index ${update.Update.IndexName}`;
        }
      }
    }
  }
  return undefined;
}
