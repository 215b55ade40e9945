/** Expected messages from dynalite's test/updateTable.js and validations/updateTable.js. */
import { describe, expect, it } from "vitest";
import { assertType, errorOf, validation } from "./test-support.js";

const op = "UpdateTable";
const INVALID = "One or more parameter values were invalid: ";

describe("UpdateTable serializations", () => {
  it.each([
    ["TableName", "String"],
    ["ProvisionedThroughput", "FieldStruct<ProvisionedThroughput>"],
    ["ProvisionedThroughput.WriteCapacityUnits", "Long"],
    ["ProvisionedThroughput.ReadCapacityUnits", "Long"],
    ["GlobalSecondaryIndexUpdates", "List"],
    ["GlobalSecondaryIndexUpdates.0", "ValueStruct<GlobalSecondaryIndexUpdate>"],
    ["GlobalSecondaryIndexUpdates.0.Update", "FieldStruct<UpdateGlobalSecondaryIndexAction>"],
    ["GlobalSecondaryIndexUpdates.0.Update.IndexName", "String"],
    ["GlobalSecondaryIndexUpdates.0.Update.ProvisionedThroughput", "FieldStruct<ProvisionedThroughput>"],
    ["GlobalSecondaryIndexUpdates.0.Update.ProvisionedThroughput.WriteCapacityUnits", "Long"],
    ["BillingMode", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("UpdateTable validations", () => {
  it("checks TableName first", () => {
    expect(validation(op, {})).toBe("The parameter 'TableName' is required but was not present in the request");
    expect(validation(op, { TableName: "a;" })).toBe("TableName must be at least 3 characters long and at most 255 characters long");
    expect(validation(op, { TableName: "abc;" })).toBe(
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it("checks throughput", () => {
    expect(validation(op, { TableName: "abc", ProvisionedThroughput: {} })).toBe(
      "2 validation errors detected: " +
        "Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null",
    );
    expect(validation(op, { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: -1 } })).toBe(
      "1 validation error detected: Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: " +
        "Member must have value greater than or equal to 1",
    );
    expect(
      validation(op, { TableName: "abc", ProvisionedThroughput: { WriteCapacityUnits: 1000000000001, ReadCapacityUnits: 1000000000001 } }),
    ).toBe("Given value 1000000000001 for ReadCapacityUnits is out of bounds");
    expect(
      validation(op, { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: 1000000000000, WriteCapacityUnits: 1000000000001 } }),
    ).toBe("Given value 1000000000001 for WriteCapacityUnits is out of bounds");
    expect(
      validation(op, { TableName: "abc", BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
    ).toBe(`${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
    expect(errorOf(op, { TableName: "abc", BillingMode: "PAY_PER_REQUEST" })).toBeUndefined();
  });

  it("requires something to update", () => {
    // DynamoDB's current wording (dynalite records an older, shorter list).
    const message =
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required";
    expect(validation(op, { TableName: "abc" })).toBe(message);
    expect(validation(op, { TableName: "abc", GlobalSecondaryIndexUpdates: [] })).toBe(message);
  });

  it("checks global secondary index updates", () => {
    expect(validation(op, { TableName: "abc", GlobalSecondaryIndexUpdates: [{ Update: {} }] })).toBe(
      "2 validation errors detected: " +
        "Value null at 'globalSecondaryIndexUpdates.1.member.update.indexName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput' failed to satisfy constraint: Member must not be null",
    );
    expect(
      validation(op, {
        TableName: "abc",
        GlobalSecondaryIndexUpdates: [
          { Update: { IndexName: "a", ProvisionedThroughput: {} } },
          { Update: { IndexName: "abc;", ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 0 } } },
        ],
      }),
    ).toBe(
      "5 validation errors detected: " +
        "Value 'a' at 'globalSecondaryIndexUpdates.1.member.update.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value 'abc;' at 'globalSecondaryIndexUpdates.2.member.update.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '0' at 'globalSecondaryIndexUpdates.2.member.update.provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const big = (r: number, w: number) => ({
      TableName: "abc",
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "abc", ProvisionedThroughput: { ReadCapacityUnits: r, WriteCapacityUnits: w } } }],
    });
    expect(validation(op, big(1000000000001, 1000000000001))).toBe("Given value 1000000000001 for ReadCapacityUnits is out of bounds for index abc");
    expect(validation(op, big(1000000000000, 1000000000001))).toBe("Given value 1000000000001 for WriteCapacityUnits is out of bounds for index abc");
    const neither =
      `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, ` +
      "GlobalSecondaryIndexUpdate.Delete must not be null";
    expect(validation(op, { TableName: "abc", GlobalSecondaryIndexUpdates: [{}] })).toBe(neither);
    expect(validation(op, { TableName: "abc", GlobalSecondaryIndexUpdates: [{}, {}, {}, {}, {}, {}] })).toBe(neither);
    expect(
      validation(op, { TableName: "abc", GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "abc" } }, { Delete: { IndexName: "abc" } }] }),
    ).toBe(`${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: abc`);
  });
});
