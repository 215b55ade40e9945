/** CreateTable (after dynalite's validations/createTable.js). */
import type { KeySchemaElement } from "../model/types.js";
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
  tagList,
} from "./common.js";
import type { CreateTableInput, GlobalSecondaryIndex, LocalSecondaryIndex } from "./inputs.js";
import { boolean, list, maxLen, minLen, notNull, oneOf, string, valueStruct, type OperationSchema } from "./schema.js";

const INVALID = "One or more parameter values were invalid: ";

export const createTable: OperationSchema<CreateTableInput> = {
  members: {
    AttributeDefinitions: attributeDefinitions(notNull),
    TableName: tableOperationName,
    BillingMode: billingMode,
    ProvisionedThroughput: provisionedThroughput(),
    KeySchema: keySchema(oneOf("HASH", "RANGE")),
    LocalSecondaryIndexes: list(
      valueStruct("LocalSecondaryIndex", {
        IndexName: indexNameField(notNull),
        KeySchema: keySchema(),
        Projection: projection,
      }),
    ),
    GlobalSecondaryIndexes: list(
      valueStruct("GlobalSecondaryIndex", {
        IndexName: indexNameField(notNull),
        KeySchema: keySchema(),
        Projection: projection,
        ProvisionedThroughput: provisionedThroughput(),
      }),
    ),
    StreamSpecification: streamSpecification,
    SSESpecification: sseSpecification,
    Tags: tagList,
    TableClass: tableClass,
    DeletionProtectionEnabled: boolean(),
  },
  custom: checkCreateTable,
};

/** Checks shared by table keys and index keys, in DynamoDB's order. */
function checkKeyTypes(schema: readonly KeySchemaElement[]): string | undefined {
  if (schema[1] && schema[0]?.AttributeName === schema[1].AttributeName) {
    return "Both the Hash Key and the Range Key element in the KeySchema have the same name";
  }
  if (schema[0]?.KeyType !== "HASH") return "Invalid KeySchema: The first KeySchemaElement is not a HASH key type";
  if (schema[1] && schema[1].KeyType !== "RANGE") {
    return "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type";
  }
  return undefined;
}

function undefinedIndexKeys(schema: readonly KeySchemaElement[], definitions: readonly string[]): string | undefined {
  const keys = schema.map((k) => k.AttributeName);
  if (keys.some((k) => !definitions.includes(k))) {
    return (
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. ` +
      `Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`
    );
  }
  return undefined;
}

function checkProjection(index: LocalSecondaryIndex | GlobalSecondaryIndex): string | undefined {
  const type = index.Projection.ProjectionType;
  if (type == null) return `${INVALID}Unknown ProjectionType: null`;
  if (index.Projection.NonKeyAttributes && type !== "INCLUDE") {
    return `${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`;
  }
  return undefined;
}

export function checkCreateTable(data: CreateTableInput): string | undefined {
  let msg: string | undefined;
  const throughput = data.ProvisionedThroughput;
  if (data.BillingMode === "PAY_PER_REQUEST") {
    if (throughput) {
      return `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`;
    }
  } else {
    if (!throughput || !throughput.ReadCapacityUnits || !throughput.WriteCapacityUnits) {
      return `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`;
    }
    if (throughput.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
      return `Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`;
    }
    if (throughput.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
      return `Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`;
    }
  }

  const definitions = data.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = data.KeySchema.map((k) => k.AttributeName);
  if (keys.length > definitions.length) return "Invalid KeySchema: Some index key attribute have no definition";
  if (keys.some((k) => !definitions.includes(k))) {
    return (
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. ` +
      `Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`
    );
  }
  if ((msg = checkKeyTypes(data.KeySchema))) return msg;

  const lsis = data.LocalSecondaryIndexes;
  const gsis = data.GlobalSecondaryIndexes;
  if (!lsis && !gsis && data.KeySchema.length !== data.AttributeDefinitions.length) {
    return (
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in ` +
      "AttributeDefinitions"
    );
  }

  const indexNames = new Set<string>();
  if (lsis) {
    const tableHash = keys[0];
    if (!lsis.length) return `${INVALID}List of LocalSecondaryIndexes is empty`;
    if (data.KeySchema.length !== 2) {
      return (
        `${INVALID}Table KeySchema does not have a range key, which is required when specifying a ` +
        "LocalSecondaryIndex"
      );
    }
    for (const index of lsis) {
      if ((msg = undefinedIndexKeys(index.KeySchema, definitions))) return msg;
      if ((msg = checkKeyTypes(index.KeySchema))) return msg;
      if (index.KeySchema.length !== 2) {
        return `${INVALID}Index KeySchema does not have a range key for index: ${index.IndexName}`;
      }
      const indexHash = index.KeySchema[0]?.AttributeName;
      if (indexHash !== tableHash) {
        return (
          `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ` +
          `${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`
        );
      }
      if ((msg = checkProjection(index))) return msg;
      if (indexNames.has(index.IndexName)) return `${INVALID}Duplicate index name: ${index.IndexName}`;
      indexNames.add(index.IndexName);
    }
    if (lsis.length > 5) return `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of 5`;
  }

  if (gsis) {
    if (!gsis.length) return `${INVALID}List of GlobalSecondaryIndexes is empty`;
    for (const index of gsis) {
      if ((msg = undefinedIndexKeys(index.KeySchema, definitions))) return msg;
      if ((msg = checkKeyTypes(index.KeySchema))) return msg;
      if ((msg = checkProjection(index))) return msg;
      if (data.BillingMode === "PAY_PER_REQUEST" && index.ProvisionedThroughput) {
        return (
          `${INVALID}ProvisionedThroughput should not be specified for index: ${index.IndexName} ` +
          "when BillingMode is PAY_PER_REQUEST"
        );
      }
      if (indexNames.has(index.IndexName)) return `${INVALID}Duplicate index name: ${index.IndexName}`;
      indexNames.add(index.IndexName);
    }
    if (gsis.length > 20) return `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of 20`;
  }
  return undefined;
}
