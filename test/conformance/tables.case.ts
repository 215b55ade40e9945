/** Table lifecycle contract: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable. */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { describe, expect } from "vitest";
import {
  caseIt,
  createTable,
  expectError,
  expectValidation,
  tableInput,
  uniqueName,
  waitActive,
  waitGone,
  type Target,
} from "./target";

const provisioned = (r: number, w: number) => ({ ReadCapacityUnits: r, WriteCapacityUnits: w });

/** A well-formed CreateTable input to break one piece at a time. */
function base(TableName: string): CreateTableCommandInput {
  return {
    TableName,
    AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
    ProvisionedThroughput: provisioned(1, 1),
  };
}

export function tableCases(t: Target): void {
  const c = () => t.client();
  const nameLengthMessage = "TableName must be at least 3 characters long and at most 255 characters long";

  describe("CreateTable", () => {
    caseIt(t, "tables.create.hash-only", "creates a PROVISIONED hash-only table", async () => {
      const TableName = uniqueName("ct-hash");
      const out = await c().send(new CreateTableCommand({ ...base(TableName) }));
      const d = out.TableDescription!;
      expect(d.TableName).toBe(TableName);
      expect(["CREATING", "ACTIVE"]).toContain(d.TableStatus);
      expect(d.KeySchema).toEqual([{ AttributeName: "a", KeyType: "HASH" }]);
      expect(d.AttributeDefinitions).toEqual([{ AttributeName: "a", AttributeType: "S" }]);
      expect(d.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 1, WriteCapacityUnits: 1, NumberOfDecreasesToday: 0 });
      expect(d.ItemCount).toBe(0);
      expect(d.TableSizeBytes).toBe(0);
      const active = await waitActive(t.client(), TableName);
      expect(active.TableStatus).toBe("ACTIVE");
    });

    caseIt(t, "tables.create.hash-range-on-demand", "creates a PAY_PER_REQUEST hash+range table", async () => {
      const TableName = uniqueName("ct-range");
      const out = await c().send(new CreateTableCommand(tableInput(TableName, ["pk", "N"], ["sk", "B"])));
      const d = out.TableDescription!;
      expect(d.KeySchema).toEqual([
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ]);
      expect(d.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
      // On-demand tables still describe a throughput of zero.
      expect(d.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
      const active = await waitActive(t.client(), TableName);
      expect(active.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    });

    caseIt(t, "tables.create.indexes", "creates a table with an LSI and a GSI and describes them", async () => {
      const TableName = uniqueName("ct-idx");
      await c().send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
            { AttributeName: "lsk", AttributeType: "N" },
            { AttributeName: "gpk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: "by-lsk",
              KeySchema: [
                { AttributeName: "pk", KeyType: "HASH" },
                { AttributeName: "lsk", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["extra"] },
            },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: "by-gpk",
              KeySchema: [{ AttributeName: "gpk", KeyType: "HASH" }],
              Projection: { ProjectionType: "KEYS_ONLY" },
              ProvisionedThroughput: provisioned(2, 3),
            },
          ],
          ProvisionedThroughput: provisioned(1, 1),
        }),
      );
      const d = await waitActive(t.client(), TableName);
      expect(d.LocalSecondaryIndexes).toHaveLength(1);
      expect(d.LocalSecondaryIndexes![0]).toMatchObject({
        IndexName: "by-lsk",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["extra"] },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${d.TableArn}/index/by-lsk`,
      });
      expect(d.GlobalSecondaryIndexes).toHaveLength(1);
      expect(d.GlobalSecondaryIndexes![0]).toMatchObject({
        IndexName: "by-gpk",
        IndexStatus: "ACTIVE",
        KeySchema: [{ AttributeName: "gpk", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" },
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${d.TableArn}/index/by-gpk`,
      });
    });

    caseIt(t, "tables.create.tags", "accepts Tags", async () => {
      const TableName = uniqueName("ct-tags");
      await c().send(
        new CreateTableCommand({
          ...tableInput(TableName),
          Tags: [
            { Key: "team", Value: "storage" },
            { Key: "env", Value: "test" },
          ],
        }),
      );
      expect((await waitActive(t.client(), TableName)).TableName).toBe(TableName);
    });

    caseIt(t, "tables.create.duplicate", "answers ResourceInUseException for an existing name", async () => {
      const TableName = uniqueName("ct-dup");
      await createTable(t.client(), tableInput(TableName));
      await expect(c().send(new CreateTableCommand(tableInput(TableName)))).rejects.toMatchObject({
        name: "ResourceInUseException",
        $metadata: { httpStatusCode: 400 },
      });
    });

    caseIt(t, "tables.create.duplicate-message", "ResourceInUseException says the table already exists", async () => {
      const TableName = uniqueName("ct-dup");
      await createTable(t.client(), tableInput(TableName));
      await expectError(c().send(new CreateTableCommand(tableInput(TableName))), "ResourceInUseException", `Table already exists: ${TableName}`);
    });

    caseIt(t, "tables.create.name-short", "rejects a name shorter than 3", async () => {
      await expectValidation(c().send(new CreateTableCommand(base("ab"))), nameLengthMessage);
    });

    caseIt(t, "tables.create.name-long", "rejects a name longer than 255", async () => {
      await expectValidation(c().send(new CreateTableCommand(base("a".repeat(256)))), nameLengthMessage);
    });

    caseIt(t, "tables.create.name-chars", "rejects a name with characters outside [a-zA-Z0-9_.-]", async () => {
      await expectValidation(
        c().send(new CreateTableCommand(base("bad;name"))),
        "1 validation error detected: Value 'bad;name' at 'tableName' failed to satisfy constraint: " +
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      );
    });

    caseIt(t, "tables.create.attribute-type", "rejects an AttributeType other than S, N, B", async () => {
      await expectValidation(
        c().send(new CreateTableCommand({ ...base(uniqueName("ct-bad")), AttributeDefinitions: [{ AttributeName: "a", AttributeType: "SS" as "S" }] })),
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: " +
          "Member must satisfy enum value set: [B, N, S]",
      );
    });

    caseIt(t, "tables.create.key-undefined", "rejects a key attribute missing from AttributeDefinitions", async () => {
      await expectValidation(
        c().send(new CreateTableCommand({ ...base(uniqueName("ct-bad")), AttributeDefinitions: [{ AttributeName: "b", AttributeType: "S" }] })),
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. " +
          "Keys: [a], AttributeDefinitions: [b]",
      );
    });

    caseIt(t, "tables.create.extra-definition", "rejects AttributeDefinitions not used by any key", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: [
              { AttributeName: "a", AttributeType: "S" },
              { AttributeName: "b", AttributeType: "S" },
            ],
          }),
        ),
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      );
    });

    caseIt(t, "tables.create.more-keys-than-definitions", "rejects more key elements than definitions", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            KeySchema: [
              { AttributeName: "a", KeyType: "HASH" },
              { AttributeName: "b", KeyType: "RANGE" },
            ],
          }),
        ),
        "Invalid KeySchema: Some index key attribute have no definition",
      );
    });

    const twoDefs = [
      { AttributeName: "a", AttributeType: "S" as const },
      { AttributeName: "b", AttributeType: "S" as const },
    ];

    caseIt(t, "tables.create.first-not-hash", "rejects a KeySchema that does not start with HASH", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: twoDefs,
            KeySchema: [
              { AttributeName: "a", KeyType: "RANGE" },
              { AttributeName: "b", KeyType: "HASH" },
            ],
          }),
        ),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
      );
    });

    caseIt(t, "tables.create.second-not-range", "rejects two HASH elements", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: twoDefs,
            KeySchema: [
              { AttributeName: "a", KeyType: "HASH" },
              { AttributeName: "b", KeyType: "HASH" },
            ],
          }),
        ),
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
      );
    });

    caseIt(t, "tables.create.same-key-name", "rejects hash and range keys with the same name", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: twoDefs,
            KeySchema: [
              { AttributeName: "a", KeyType: "HASH" },
              { AttributeName: "a", KeyType: "RANGE" },
            ],
          }),
        ),
        "Both the Hash Key and the Range Key element in the KeySchema have the same name",
      );
    });

    caseIt(t, "tables.create.lsi-needs-range", "rejects an LSI on a table without a range key", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: twoDefs,
            LocalSecondaryIndexes: [
              {
                IndexName: "lsi",
                KeySchema: [
                  { AttributeName: "a", KeyType: "HASH" },
                  { AttributeName: "b", KeyType: "RANGE" },
                ],
                Projection: { ProjectionType: "ALL" },
              },
            ],
          }),
        ),
        "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
      );
    });

    caseIt(t, "tables.create.lsi-other-hash", "rejects an LSI whose hash key differs from the table's", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...base(uniqueName("ct-bad")),
            AttributeDefinitions: [...twoDefs, { AttributeName: "c", AttributeType: "S" }],
            KeySchema: [
              { AttributeName: "a", KeyType: "HASH" },
              { AttributeName: "b", KeyType: "RANGE" },
            ],
            LocalSecondaryIndexes: [
              {
                IndexName: "lsi",
                KeySchema: [
                  { AttributeName: "c", KeyType: "HASH" },
                  { AttributeName: "b", KeyType: "RANGE" },
                ],
                Projection: { ProjectionType: "ALL" },
              },
            ],
          }),
        ),
        "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi. index hash key: c, table hash key: a",
      );
    });

    caseIt(t, "tables.create.gsi-key-undefined", "rejects a GSI key missing from AttributeDefinitions", async () => {
      await expectValidation(
        c().send(
          new CreateTableCommand({
            ...tableInput(uniqueName("ct-bad")),
            GlobalSecondaryIndexes: [
              { IndexName: "gsi", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
            ],
          }),
        ),
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [g], AttributeDefinitions: [id]",
      );
    });

    caseIt(t, "tables.create.provisioned-needs-throughput", "rejects PROVISIONED without ProvisionedThroughput", async () => {
      const { ProvisionedThroughput: _, ...input } = base(uniqueName("ct-bad"));
      await expectValidation(
        c().send(new CreateTableCommand({ ...input, BillingMode: "PROVISIONED" })),
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
      );
    });

    caseIt(t, "tables.create.on-demand-no-throughput", "rejects PAY_PER_REQUEST with ProvisionedThroughput", async () => {
      await expectValidation(
        c().send(new CreateTableCommand({ ...base(uniqueName("ct-bad")), BillingMode: "PAY_PER_REQUEST" })),
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    });
  });

  describe("DescribeTable", () => {
    caseIt(t, "tables.describe.fields", "describes an ACTIVE table", async () => {
      const TableName = uniqueName("dt");
      await c().send(
        new CreateTableCommand({
          ...tableInput(TableName, ["pk", "S"], ["sk", "N"]),
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: provisioned(4, 5),
        }),
      );
      await waitActive(t.client(), TableName);
      const { Table } = await c().send(new DescribeTableCommand({ TableName }));
      expect(Table).toMatchObject({
        TableName,
        TableStatus: "ACTIVE",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
        ItemCount: expect.any(Number),
        TableSizeBytes: expect.any(Number),
        TableId: expect.any(String),
        CreationDateTime: expect.any(Date),
      });
      expect(Table!.AttributeDefinitions).toHaveLength(2);
      expect(Table!.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
        ]),
      );
      expect(Table!.TableArn).toMatch(new RegExp(`^arn:aws:dynamodb:[a-z0-9-]+:\\d{12}:table/${TableName}$`));
    });

    caseIt(t, "tables.describe.missing", "answers ResourceNotFoundException for an unknown table", async () => {
      const TableName = uniqueName("dt-none");
      await expectError(
        c().send(new DescribeTableCommand({ TableName })),
        "ResourceNotFoundException",
        `Requested resource not found: Table: ${TableName} not found`,
      );
    });
  });

  describe("ListTables", () => {
    caseIt(t, "tables.list.paging", "pages with Limit and ExclusiveStartTableName", async () => {
      const prefix = uniqueName("lt");
      const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
      // Created in reverse: the listing order must come from the names, not from creation time.
      for (const n of [...names].reverse()) await c().send(new CreateTableCommand(tableInput(n)));
      for (const n of names) await waitActive(t.client(), n);

      // `prefix` sorts just before `prefix-a`, and no other test's table name starts with `prefix`.
      const first = await c().send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: prefix }));
      expect(first.TableNames).toEqual([names[0], names[1]]);
      expect(first.LastEvaluatedTableName).toBe(names[1]);

      const second = await c().send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: first.LastEvaluatedTableName }));
      expect(second.TableNames?.[0]).toBe(names[2]);

      const all = await c().send(new ListTablesCommand({}));
      const ours = (all.TableNames ?? []).filter((n) => n.startsWith(prefix));
      // Unbounded listing is capped at 100 names; ours are all there unless 100 names sort before them.
      if ((all.TableNames ?? []).length < 100) expect(ours).toEqual(names);
    });

    caseIt(t, "tables.list.limit-high", "rejects Limit above 100", async () => {
      await expectValidation(
        c().send(new ListTablesCommand({ Limit: 101 })),
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
    });

    caseIt(t, "tables.list.limit-low", "rejects Limit below 1", async () => {
      await expectValidation(
        c().send(new ListTablesCommand({ Limit: 0 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });
  });

  describe("DeleteTable", () => {
    caseIt(t, "tables.delete.then-not-found", "a deleted table answers ResourceNotFoundException", async () => {
      const TableName = uniqueName("del");
      await createTable(t.client(), tableInput(TableName));
      await c().send(new PutItemCommand({ TableName, Item: { id: { S: "k" }, v: { S: "before" } } }));
      const out = await c().send(new DeleteTableCommand({ TableName }));
      expect(out.TableDescription?.TableName).toBe(TableName);
      expect(["DELETING", "ACTIVE"]).toContain(out.TableDescription?.TableStatus);
      await waitGone(t.client(), TableName);
      await expectError(
        c().send(new DescribeTableCommand({ TableName })),
        "ResourceNotFoundException",
        `Requested resource not found: Table: ${TableName} not found`,
      );
      await expectError(c().send(new GetItemCommand({ TableName, Key: { id: { S: "k" } } })), "ResourceNotFoundException", "Requested resource not found");
      await expectError(
        c().send(new PutItemCommand({ TableName, Item: { id: { S: "k" } } })),
        "ResourceNotFoundException",
        "Requested resource not found",
      );
      const listed = await c().send(new ListTablesCommand({ ExclusiveStartTableName: TableName.slice(0, -1), Limit: 5 }));
      expect(listed.TableNames ?? []).not.toContain(TableName);
    });

    caseIt(t, "tables.delete.recreate-empty", "a table re-created under the same name starts empty", async () => {
      const TableName = uniqueName("del-re");
      await createTable(t.client(), tableInput(TableName));
      await c().send(new PutItemCommand({ TableName, Item: { id: { S: "k" }, v: { S: "old" } } }));
      await c().send(new DeleteTableCommand({ TableName }));
      await waitGone(t.client(), TableName);
      // Same name, different key type: nothing of the old schema or data may survive.
      await createTable(t.client(), tableInput(TableName, ["id", "S"], ["n", "N"]));
      const got = await c().send(new GetItemCommand({ TableName, Key: { id: { S: "k" }, n: { N: "1" } }, ConsistentRead: true }));
      expect(got.Item).toBeUndefined();
      const { Table } = await c().send(new DescribeTableCommand({ TableName }));
      expect(Table?.KeySchema).toHaveLength(2);
      expect(Table?.ItemCount).toBe(0);
    });

    caseIt(t, "tables.delete.missing", "DeleteTable of an unknown table answers ResourceNotFoundException", async () => {
      const TableName = uniqueName("del-none");
      await expectError(
        c().send(new DeleteTableCommand({ TableName })),
        "ResourceNotFoundException",
        `Requested resource not found: Table: ${TableName} not found`,
      );
    });
  });

  describe("UpdateTable", () => {
    caseIt(t, "tables.update.throughput", "changes provisioned throughput", async () => {
      const TableName = uniqueName("ut");
      await createTable(t.client(), base(TableName));
      const out = await c().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: provisioned(2, 3) }));
      expect(out.TableDescription?.TableName).toBe(TableName);
      const d = await waitActive(t.client(), TableName);
      expect(d.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 3 });
    });

    caseIt(t, "tables.update.to-on-demand", "switches PROVISIONED to PAY_PER_REQUEST", async () => {
      const TableName = uniqueName("ut-od");
      await createTable(t.client(), base(TableName));
      await c().send(new UpdateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST" }));
      const d = await waitActive(t.client(), TableName);
      expect(d.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
      expect(d.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    });

    caseIt(t, "tables.update.to-provisioned", "switches PAY_PER_REQUEST to PROVISIONED", async () => {
      const TableName = uniqueName("ut-pr");
      await createTable(t.client(), tableInput(TableName));
      await c().send(new UpdateTableCommand({ TableName, BillingMode: "PROVISIONED", ProvisionedThroughput: provisioned(5, 6) }));
      const d = await waitActive(t.client(), TableName);
      expect(d.BillingModeSummary?.BillingMode ?? "PROVISIONED").toBe("PROVISIONED");
      expect(d.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 6 });
    });

    caseIt(t, "tables.update.on-demand-throughput", "rejects throughput on a PAY_PER_REQUEST table", async () => {
      const TableName = uniqueName("ut-bad");
      await createTable(t.client(), tableInput(TableName));
      await expectValidation(
        c().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: provisioned(2, 2) })),
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    });

    caseIt(t, "tables.update.same-throughput", "rejects a throughput equal to the current one", async () => {
      const TableName = uniqueName("ut-same");
      await createTable(t.client(), base(TableName));
      await expectValidation(
        c().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: provisioned(1, 1) })),
        "The provisioned throughput for the table will not change. The requested value equals the current value. " +
          "Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. " +
          "Current WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. " +
          "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      );
    });

    caseIt(t, "tables.update.nothing", "rejects an UpdateTable that changes nothing", async () => {
      const TableName = uniqueName("ut-none");
      await createTable(t.client(), base(TableName));
      await expectValidation(
        c().send(new UpdateTableCommand({ TableName })),
        // DynamoDB's list grows with each UpdateTable feature; this is its wording as of late 2026.
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, " +
          "ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, " +
          "OnDemandThroughput, WarmThroughput or TableClass is required",
      );
    });

    caseIt(t, "tables.update.missing", "UpdateTable of an unknown table answers ResourceNotFoundException", async () => {
      const TableName = uniqueName("ut-missing");
      await expectError(
        c().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: provisioned(2, 2) })),
        "ResourceNotFoundException",
        `Requested resource not found: Table: ${TableName} not found`,
      );
    });
  });
}
