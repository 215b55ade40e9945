/** Expected messages from dynalite's test/createTable.js and validations/createTable.js. */
import { describe, expect, it } from "vitest";
import { validateRequest } from "./index.js";
import { assertType, errorOf, listed, validation } from "./test-support.js";

const op = "CreateTable";
const INVALID = "One or more parameter values were invalid: ";
const PT = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
const AB = [
  { AttributeName: "a", AttributeType: "S" },
  { AttributeName: "b", AttributeType: "S" },
];
const HASH_RANGE = [
  { KeyType: "HASH", AttributeName: "a" },
  { KeyType: "RANGE", AttributeName: "b" },
];
const index = (name: string, projection: Record<string, unknown> = { ProjectionType: "ALL" }) => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: "a", KeyType: "HASH" },
    { AttributeName: "b", KeyType: "RANGE" },
  ],
  Projection: projection,
});
const table = (extra: Record<string, unknown>) => ({
  TableName: "abc",
  AttributeDefinitions: AB,
  KeySchema: HASH_RANGE,
  ProvisionedThroughput: PT,
  ...extra,
});

describe("CreateTable serializations", () => {
  it.each([
    ["TableName", "String"],
    ["AttributeDefinitions", "List"],
    ["KeySchema", "List"],
    ["LocalSecondaryIndexes", "List"],
    ["GlobalSecondaryIndexes", "List"],
    ["ProvisionedThroughput", "FieldStruct<ProvisionedThroughput>"],
    ["ProvisionedThroughput.WriteCapacityUnits", "Long"],
    ["ProvisionedThroughput.ReadCapacityUnits", "Long"],
    ["KeySchema.0", "ValueStruct<KeySchemaElement>"],
    ["KeySchema.0.KeyType", "String"],
    ["KeySchema.0.AttributeName", "String"],
    ["AttributeDefinitions.0", "ValueStruct<AttributeDefinition>"],
    ["AttributeDefinitions.0.AttributeName", "String"],
    ["AttributeDefinitions.0.AttributeType", "String"],
    ["LocalSecondaryIndexes.0", "ValueStruct<LocalSecondaryIndex>"],
    ["LocalSecondaryIndexes.0.IndexName", "String"],
    ["LocalSecondaryIndexes.0.KeySchema", "List"],
    ["LocalSecondaryIndexes.0.Projection", "FieldStruct<Projection>"],
    ["LocalSecondaryIndexes.0.KeySchema.0", "ValueStruct<KeySchemaElement>"],
    ["LocalSecondaryIndexes.0.Projection.NonKeyAttributes", "List"],
    ["LocalSecondaryIndexes.0.Projection.ProjectionType", "String"],
    ["LocalSecondaryIndexes.0.Projection.NonKeyAttributes.0", "String"],
    ["GlobalSecondaryIndexes.0", "ValueStruct<GlobalSecondaryIndex>"],
    ["GlobalSecondaryIndexes.0.ProvisionedThroughput", "FieldStruct<ProvisionedThroughput>"],
    ["GlobalSecondaryIndexes.0.ProvisionedThroughput.ReadCapacityUnits", "Long"],
    ["BillingMode", "String"],
    ["Tags", "List"],
    ["Tags.0", "ValueStruct<Tag>"],
    ["Tags.0.Key", "String"],
  ])("%s is %s", (path, type) => assertType(op, path, type));
});

describe("CreateTable validations", () => {
  it("checks TableName first", () => {
    expect(validation(op, {})).toBe("The parameter 'TableName' is required but was not present in the request");
    for (const name of ["", "a;", "a".repeat(256)]) {
      expect(validation(op, { TableName: name })).toBe(
        "TableName must be at least 3 characters long and at most 255 characters long",
      );
    }
  });

  it("lists constraint violations", () => {
    expect(validation(op, { TableName: "abc;" })).toBe(
      "3 validation errors detected: " +
        "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; " +
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    );
    expect(validation(op, { TableName: "abc", AttributeDefinitions: [], ProvisionedThroughput: {} })).toBe(
      "3 validation errors detected: " +
        "Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    );
    expect(
      validation(op, { TableName: "abc", AttributeDefinitions: [], KeySchema: [], ProvisionedThroughput: { ReadCapacityUnits: -1, WriteCapacityUnits: -1 } }),
    ).toBe(
      "3 validation errors detected: " +
        "Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("lists key schema element problems with member paths", () => {
    const [n, errors] = listed(
      validation(op, {
        TableName: "abc",
        AttributeDefinitions: [],
        KeySchema: [{ KeyType: "HASH" }, { AttributeName: "a" }, { KeyType: "Woop", AttributeName: "a" }],
        ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1000000000001 },
      }),
    );
    expect(n).toBe(4);
    expect(errors[0]).toMatch(/^Value '\[.+\]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/);
    expect(errors.slice(1)).toEqual([
      "Value null at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be null",
      "Value null at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must not be null",
      "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
    ]);
    expect(
      validation(op, {
        TableName: "abc",
        AttributeDefinitions: [{ AttributeName: "b", AttributeType: "SS" }],
        KeySchema: [{ KeyType: "HASH", AttributeName: "a" }],
        ProvisionedThroughput: PT,
      }),
    ).toBe(
      "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: " +
        "Member must satisfy enum value set: [B, N, S]",
    );
  });

  it("reports a null list element like an empty structure (its required members are missing)", () => {
    const nullMembers = (list: string, ...members: string[]) =>
      members.map((m) => `Value null at '${list}.1.member.${m}' failed to satisfy constraint: Member must not be null`);
    expect(listed(validation(op, { TableName: "abc", AttributeDefinitions: [null], KeySchema: HASH_RANGE.slice(0, 1), BillingMode: "PAY_PER_REQUEST" }))).toEqual([
      2,
      nullMembers("attributeDefinitions", "attributeName", "attributeType"),
    ]);
    expect(listed(validation(op, { TableName: "abc", AttributeDefinitions: AB.slice(0, 1), KeySchema: [null], BillingMode: "PAY_PER_REQUEST" }))).toEqual([
      2,
      nullMembers("keySchema", "attributeName", "keyType"),
    ]);
    expect(validation(op, table({ LocalSecondaryIndexes: [null] }))).toMatch(/^\d validation errors? detected: Value null at 'localSecondaryIndexes\.1\.member\.indexName'/);
    expect(validation(op, table({ Tags: [null] }))).toMatch(/Value null at 'tags\.1\.member\.key'/);
  });
  it("checks billing mode and throughput", () => {
    const base = { TableName: "abc", AttributeDefinitions: [], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }] };
    expect(validation(op, { ...base, ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: -1 } })).toBe(
      "1 validation error detected: Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: " +
        "Member must have value greater than or equal to 1",
    );
    expect(validation(op, base)).toBe(
      `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
    );
    expect(validation(op, { ...base, BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: PT })).toBe(
      `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
    );
    expect(validation(op, { ...base, ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1000000000001 } })).toBe(
      "Given value 1000000000001 for ReadCapacityUnits is out of bounds",
    );
    expect(validation(op, { ...base, ProvisionedThroughput: { ReadCapacityUnits: 1000000000000, WriteCapacityUnits: 1000000000001 } })).toBe(
      "Given value 1000000000001 for WriteCapacityUnits is out of bounds",
    );
    expect(validation(op, { ...base, BillingMode: "ON_DEMAND" })).toBe(
      "1 validation error detected: Value 'ON_DEMAND' at 'billingMode' failed to satisfy constraint: " +
        "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
    );
  });

  it("checks key schema against attribute definitions", () => {
    const t = (defs: unknown[], keys: unknown[]) => validation(op, { TableName: "abc", AttributeDefinitions: defs, KeySchema: keys, ProvisionedThroughput: PT });
    const hashA = { KeyType: "HASH", AttributeName: "a" };
    expect(t([], [hashA, hashA])).toBe("Invalid KeySchema: Some index key attribute have no definition");
    expect(t([{ AttributeName: "b", AttributeType: "S" }], [hashA, hashA])).toBe("Invalid KeySchema: Some index key attribute have no definition");
    expect(t([{ AttributeName: "b", AttributeType: "S" }], [hashA])).toBe(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]`,
    );
    expect(t(AB, [hashA, hashA])).toBe("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    expect(t(AB, [hashA, { KeyType: "HASH", AttributeName: "b" }])).toBe("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    expect(t(AB, [{ KeyType: "RANGE", AttributeName: "a" }, { KeyType: "HASH", AttributeName: "b" }])).toBe(
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    );
    expect(t([...AB, { AttributeName: "c", AttributeType: "S" }], HASH_RANGE)).toBe(
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
    expect(t(AB, [hashA])).toBe(
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
  });

  it("checks local secondary indexes", () => {
    expect(validation(op, table({ KeySchema: [HASH_RANGE[0]], LocalSecondaryIndexes: [] }))).toBe(
      `${INVALID}List of LocalSecondaryIndexes is empty`,
    );
    const [n, errors] = listed(validation(op, table({ LocalSecondaryIndexes: [{}, {}, {}, {}, {}, {}, {}, {}, {}] })));
    expect(n).toBe(10);
    expect(errors[0]).toBe("Value null at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must not be null");
    expect(errors[9]).toBe("Value null at 'localSecondaryIndexes.4.member.indexName' failed to satisfy constraint: Member must not be null");
    const name = "a".repeat(256);
    expect(
      validation(op, table({
        KeySchema: [HASH_RANGE[0]],
        LocalSecondaryIndexes: [
          { IndexName: "h;", KeySchema: [], Projection: {} },
          { IndexName: name, KeySchema: [{ AttributeName: "a", KeyType: "HASH" }], Projection: {} },
        ],
      })),
    ).toBe(
      "4 validation errors detected: " +
        "Value 'h;' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'h;' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value '[]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${name}' at 'localSecondaryIndexes.2.member.indexName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    );
    const lsi = (keys: unknown[], projection: Record<string, unknown> = {}) => ({ IndexName: "abc", KeySchema: keys, Projection: projection });
    const k = (name: string, type: string) => ({ AttributeName: name, KeyType: type });
    expect(validation(op, table({ KeySchema: [HASH_RANGE[0]], LocalSecondaryIndexes: [lsi([k("c", "RANGE")])] }))).toBe(
      `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("c", "RANGE"), k("d", "RANGE")])] }))).toBe(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [c, d], AttributeDefinitions: [a, b]`,
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("a", "RANGE")])] }))).toBe(
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("a", "HASH"), k("a", "HASH")])] }))).toBe(
      "Both the Hash Key and the Range Key element in the KeySchema have the same name",
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("a", "HASH"), k("b", "HASH")])] }))).toBe(
      "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("b", "HASH")])] }))).toBe(
      `${INVALID}Index KeySchema does not have a range key for index: abc`,
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("b", "HASH"), k("a", "RANGE")])] }))).toBe(
      `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: abc. index hash key: b, table hash key: a`,
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [lsi([k("a", "HASH"), k("b", "RANGE")])] }))).toBe(
      `${INVALID}Unknown ProjectionType: null`,
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [index("abc", { NonKeyAttributes: [], ProjectionType: "abc" })] }))).toBe(
      "2 validation errors detected: " +
        "Value 'abc' at 'localSecondaryIndexes.1.member.projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]; " +
        "Value '[]' at 'localSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validation(op, table({ LocalSecondaryIndexes: [index("abc", { NonKeyAttributes: ["a"] })] }))).toBe(
      `${INVALID}Unknown ProjectionType: null`,
    );
    for (const type of ["ALL", "KEYS_ONLY"]) {
      expect(validation(op, table({ LocalSecondaryIndexes: [index("abc", { ProjectionType: type, NonKeyAttributes: ["a"] })] }))).toBe(
        `${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`,
      );
    }
    expect(validation(op, table({ LocalSecondaryIndexes: [index("abc"), index("abc")] }))).toBe(`${INVALID}Duplicate index name: abc`);
    const six = ["abc", "abd", "abe", "abf", "abg", "abh"].map((name) => index(name));
    expect(validation(op, table({ LocalSecondaryIndexes: six }))).toBe(
      `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of 5`,
    );
    expect(errorOf(op, table({ LocalSecondaryIndexes: six.slice(0, 5) }))).toBeUndefined();
  });

  it("checks global secondary indexes", () => {
    const gsi = (name: string, extra: Record<string, unknown> = {}) => ({ ...index(name), ProvisionedThroughput: PT, ...extra });
    expect(validation(op, table({ KeySchema: [HASH_RANGE[0]], GlobalSecondaryIndexes: [] }))).toBe(
      `${INVALID}List of GlobalSecondaryIndexes is empty`,
    );
    const name = "a".repeat(256);
    const [n, errors] = listed(
      validation(op, table({
        KeySchema: [HASH_RANGE[0]],
        GlobalSecondaryIndexes: [
          { IndexName: "h;", KeySchema: [], Projection: {}, ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } },
          { IndexName: name, KeySchema: [{ AttributeName: "a", KeyType: "HASH" }], Projection: {}, ProvisionedThroughput: {} },
        ],
      })),
    );
    expect(n).toBe(8);
    expect(errors).toContain(
      "Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(errors).toContain(
      "Value null at 'globalSecondaryIndexes.2.member.provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must not be null",
    );
    expect(
      validation(op, table({ KeySchema: [HASH_RANGE[0]], GlobalSecondaryIndexes: [gsi("abc", { KeySchema: [{ AttributeName: "c", KeyType: "RANGE" }] })] })),
    ).toBe(`${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [c], AttributeDefinitions: [a, b]`);
    expect(validation(op, table({ GlobalSecondaryIndexes: [gsi("abc", { KeySchema: [{ AttributeName: "b", KeyType: "HASH" }], Projection: {} })] }))).toBe(
      `${INVALID}Unknown ProjectionType: null`,
    );
    expect(
      validation(op, table({ BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: undefined, GlobalSecondaryIndexes: [gsi("abc")] })),
    ).toBe(`${INVALID}ProvisionedThroughput should not be specified for index: abc when BillingMode is PAY_PER_REQUEST`);
    expect(validation(op, table({ GlobalSecondaryIndexes: [gsi("abc"), gsi("abc")] }))).toBe(`${INVALID}Duplicate index name: abc`);
    expect(validation(op, table({ LocalSecondaryIndexes: [index("abc")], GlobalSecondaryIndexes: [gsi("abc")] }))).toBe(
      `${INVALID}Duplicate index name: abc`,
    );
    const many = Array.from({ length: 21 }, (_, i) => gsi(`abc${i}`));
    expect(validation(op, table({ GlobalSecondaryIndexes: many }))).toBe(
      `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of 20`,
    );
    expect(errorOf(op, table({ GlobalSecondaryIndexes: many.slice(0, 20) }))).toBeUndefined();
  });

  it("checks tags", () => {
    expect(validation(op, table({ Tags: [{ Value: "x" }, { Key: "", Value: "v".repeat(257) }] }))).toBe(
      "3 validation errors detected: " +
        "Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${"v".repeat(257)}' at 'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  it("returns the cleaned input", () => {
    const input = validateRequest(op, {
      ...table({ BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: null }),
      Whatever: true,
      KeySchema: [{ KeyType: "HASH", AttributeName: "a", Extra: 1 }, { KeyType: "RANGE", AttributeName: "b" }],
    });
    expect(input).toEqual({
      TableName: "abc",
      AttributeDefinitions: AB,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "a", KeyType: "HASH" },
        { AttributeName: "b", KeyType: "RANGE" },
      ],
    });
  });
});
