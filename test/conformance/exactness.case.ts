/**
 * Issue 14's last exactness cases, as DynamoDB answers them (sources: worker/src/validation/exactness.test.ts).
 * Every request here fails validation before any table is looked up, so no table is created.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { describe } from "vitest";
import { caseIt, expectValidation, uniqueName, type Target } from "./target";

const PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function exactnessCases(t: Target): void {
  const c = () => t.client();
  const absent = uniqueName("ex-absent");
  const key = (i: number) => ({ id: { S: `k${i}` } });

  describe("batch request bounds", () => {
    caseIt(t, "exact.batch-get.empty", "BatchGetItem with an empty RequestItems", async () => {
      await expectValidation(c().send(new BatchGetItemCommand({ RequestItems: {} })), "The requestItems parameter is required for BatchGetItem");
    });
    caseIt(t, "exact.batch-write.empty", "BatchWriteItem with an empty RequestItems", async () => {
      await expectValidation(c().send(new BatchWriteItemCommand({ RequestItems: {} })), "The requestItems parameter is required for BatchWriteItem");
    });
    caseIt(t, "exact.batch-get.keys-one-table", "BatchGetItem with 101 keys for one table names the member path", async () => {
      const Keys = Array.from({ length: 101 }, (_, i) => key(i));
      await expectValidation(
        c().send(new BatchGetItemCommand({ RequestItems: { [absent]: { Keys } } })),
        `1 validation error detected: Value at 'RequestItems.${absent}.member.Keys' failed to satisfy constraint: ` +
          "Member must have length less than or equal to 100",
      );
    });
    caseIt(t, "exact.batch-write.requests-one-table", "BatchWriteItem with 26 requests for one table", async () => {
      const requests = Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: key(i) } }));
      await expectValidation(
        c().send(new BatchWriteItemCommand({ RequestItems: { [absent]: requests } })),
        new RegExp(
          "^1 validation error detected: Value '.+' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: " +
            "\\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$",
          "s",
        ),
      );
    });
  });

  describe("CreateTable", () => {
    const input = (TableName: string, keys = 1): CreateTableCommandInput => ({
      TableName,
      AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }],
      KeySchema: [
        { AttributeName: "a", KeyType: "HASH" },
        { AttributeName: "b", KeyType: "RANGE" },
        { AttributeName: "c", KeyType: "RANGE" },
      ].slice(0, keys) as CreateTableCommandInput["KeySchema"],
      BillingMode: "PAY_PER_REQUEST",
    });
    caseIt(t, "exact.create.short-name", "a name shorter than 3 characters", async () => {
      for (const name of ["ab", "a;"]) {
        await expectValidation(
          c().send(new CreateTableCommand(input(name))),
          "TableName must be at least 3 characters long and at most 255 characters long",
        );
      }
    });
    caseIt(t, "exact.create.pattern", "a name outside the pattern", async () => {
      await expectValidation(
        c().send(new CreateTableCommand(input("abc;"))),
        `1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
      );
    });
    caseIt(t, "exact.create.key-schema-3", "three KeySchema elements", async () => {
      await expectValidation(
        c().send(new CreateTableCommand(input(uniqueName("ex-ks"), 3))),
        /^1 validation error detected: Value '\[.+\]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/,
      );
    });
  });

  describe("Limit 0", () => {
    const LIMIT = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1";
    caseIt(t, "exact.limit-zero.query", "Query", async () => {
      await expectValidation(
        c().send(
          new QueryCommand({ TableName: absent, Limit: 0, KeyConditionExpression: "id = :v", ExpressionAttributeValues: { ":v": { S: "a" } } }),
        ),
        LIMIT,
      );
    });
    caseIt(t, "exact.limit-zero.scan", "Scan", async () => {
      await expectValidation(c().send(new ScanCommand({ TableName: absent, Limit: 0 })), LIMIT);
    });
  });

  describe("item operations' TableName", () => {
    caseIt(t, "exact.put.empty-name", "PutItem with an empty TableName is one error", async () => {
      await expectValidation(
        c().send(new PutItemCommand({ TableName: "", Item: key(1) })),
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });
    caseIt(t, "exact.update.short-bad-name", "UpdateItem with 'x!' lists the length before the pattern", async () => {
      await expectValidation(
        c().send(new UpdateItemCommand({ TableName: "x!", Key: key(1) })),
        "2 validation errors detected: " +
          "Value 'x!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
          `Value 'x!' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
      );
    });
    caseIt(t, "exact.put.long-name", "PutItem with a 256-character TableName", async () => {
      const name = "a".repeat(256);
      await expectValidation(
        c().send(new PutItemCommand({ TableName: name, Item: key(1) })),
        new RegExp(`^1 validation error detected: Value '${esc(name)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255$`),
      );
    });
  });
}
