import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRINTABLE_ASCII } from "./contract.case.js";
import { dynamoOptions } from "./dynamodb-options.js";
import {
  deleteItemBody,
  errorStatus,
  errorType,
  getItemBody,
  itemToRecord,
  keyJson,
  putItemBody,
  q,
  scanBody,
  updateItemBody,
  type BodyContext,
} from "./dynamodb-requests.js";

const legacy: BodyContext = { pkJson: q("ycsb_key"), api: "legacy", consistentRead: false };
const expressions: BodyContext = { pkJson: q("ycsb_key"), api: "expressions", consistentRead: true };
const T = q("usertable");
const parse = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe("DynamoDB request bodies", () => {
  it("GetItem: YCSB's AttributesToGet, or a ProjectionExpression with placeholders", () => {
    expect(parse(getItemBody(legacy, T, "user1", null))).toEqual({ TableName: "usertable", Key: { ycsb_key: { S: "user1" } } });
    expect(parse(getItemBody(legacy, T, "user1", ["field1", "field2"]))).toEqual({
      TableName: "usertable",
      Key: { ycsb_key: { S: "user1" } },
      AttributesToGet: ["field1", "field2"],
    });
    expect(parse(getItemBody(expressions, T, "user1", ["field1", "size"]))).toEqual({
      TableName: "usertable",
      Key: { ycsb_key: { S: "user1" } },
      ConsistentRead: true,
      ProjectionExpression: "#f0,#f1",
      ExpressionAttributeNames: { "#f0": "field1", "#f1": "size" },
    });
    // No fields wanted: DynamoDB refuses an empty projection, so only the key is asked for.
    expect(parse(getItemBody(legacy, T, "u", [])).AttributesToGet).toEqual(["ycsb_key"]);
  });

  it("PutItem: the key plus every field as S, any character escaped", () => {
    const values = { field0: PRINTABLE_ASCII, field1: 'a"b\\c', field2: "\u00e9\u2713" };
    expect(parse(putItemBody(legacy, T, 'k"1', values))).toEqual({
      TableName: "usertable",
      Item: { ycsb_key: { S: 'k"1' }, field0: { S: PRINTABLE_ASCII }, field1: { S: 'a"b\\c' }, field2: { S: "\u00e9\u2713" } },
    });
  });

  it("UpdateItem: AttributeUpdates with Action PUT, or SET with placeholders", () => {
    expect(parse(updateItemBody(legacy, T, "u", { field3: "x", field9: "y" }))).toEqual({
      TableName: "usertable",
      Key: { ycsb_key: { S: "u" } },
      AttributeUpdates: { field3: { Action: "PUT", Value: { S: "x" } }, field9: { Action: "PUT", Value: { S: "y" } } },
    });
    expect(parse(updateItemBody(expressions, T, "u", { field3: "x", field9: "y" }))).toEqual({
      TableName: "usertable",
      Key: { ycsb_key: { S: "u" } },
      UpdateExpression: "SET #f0 = :v0, #f1 = :v1",
      ExpressionAttributeNames: { "#f0": "field3", "#f1": "field9" },
      ExpressionAttributeValues: { ":v0": { S: "x" }, ":v1": { S: "y" } },
    });
    expect(parse(updateItemBody(expressions, T, "u", {}))).toEqual({ TableName: "usertable", Key: { ycsb_key: { S: "u" } } });
  });

  it("DeleteItem and Scan", () => {
    expect(parse(deleteItemBody(legacy, T, "u"))).toEqual({ TableName: "usertable", Key: { ycsb_key: { S: "u" } } });
    expect(parse(scanBody(legacy, T, 7, keyJson(legacy, "u"), ["field0"]))).toEqual({
      TableName: "usertable",
      Limit: 7,
      ExclusiveStartKey: { ycsb_key: { S: "u" } },
      AttributesToGet: ["field0"],
    });
  });

  it("an item becomes a record without the key attribute", () => {
    expect(itemToRecord({ ycsb_key: { S: "u" }, field0: { S: "a" }, n: { N: "1" } }, "ycsb_key")).toEqual({ field0: "a", n: '{"N":"1"}' });
  });
});

describe("DynamoDB error replies", () => {
  it("names the error type and maps it to a Status", () => {
    expect(errorType('{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"x"}')).toBe(
      "ProvisionedThroughputExceededException",
    );
    expect(errorType("not json")).toBe("");
    expect(errorStatus(400, "ProvisionedThroughputExceededException")).toBe("SERVICE_UNAVAILABLE");
    expect(errorStatus(400, "ThrottlingException")).toBe("SERVICE_UNAVAILABLE");
    expect(errorStatus(503, "")).toBe("SERVICE_UNAVAILABLE");
    expect(errorStatus(500, "InternalServerError")).toBe("ERROR");
    expect(errorStatus(400, "ValidationException")).toBe("BAD_REQUEST");
    expect(errorStatus(400, "UnrecognizedClientException")).toBe("FORBIDDEN");
    expect(errorStatus(400, "ResourceNotFoundException")).toBe("ERROR");
  });
});

describe("binding properties", () => {
  it("reads YCSB's names with YCSB's defaults", () => {
    const o = dynamoOptions({ "dynamodb.endpoint": "http://127.0.0.1:1/" }, {});
    expect(o).toEqual({
      endpoint: "http://127.0.0.1:1",
      primaryKey: "ycsb_key",
      consistentReads: false,
      connectMax: 50,
      region: "us-east-1",
      api: "legacy",
      requestTimeoutMs: 10_000,
      debug: false,
    });
    const p = dynamoOptions(
      { "dynamodb.endpoint": "https://x", "dynamodb.consistentReads": "TRUE", "dynamodb.api": "expressions", "dynamodb.primaryKey": "pk" },
      { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" },
    );
    expect([p.consistentReads, p.api, p.primaryKey, p.region, p.credentials?.accessKeyId]).toEqual([true, "expressions", "pk", "eu-west-1", "a"]);
  });

  it("rejects malformed values instead of guessing", () => {
    expect(() => dynamoOptions({}, {})).toThrow(/dynamodb.endpoint/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "nope" }, {})).toThrow(/not a URL/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.api": "partiql" }, {})).toThrow(/dynamodb.api/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.consistentReads": "yes" }, {})).toThrow(/true or false/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.connectMax": "0" }, {})).toThrow(/positive integer/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.primaryKeyType": "HASH_AND_RANGE" }, {})).toThrow(/not supported/);
    expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.awsCredentialsFile": "/nonexistent/creds" }, {})).toThrow(/cannot be read/);
  });

  it("takes credentials from YCSB's credentials file before the environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "shvm-creds-"));
    try {
      const file = join(dir, "AWSCredentials.properties");
      writeFileSync(file, "# YCSB's format\naccessKey = AKIDFILE\nsecretKey = s3cret\n");
      const o = dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.awsCredentialsFile": file }, { AWS_ACCESS_KEY_ID: "env", AWS_SECRET_ACCESS_KEY: "env" });
      expect(o.credentials).toEqual({ accessKeyId: "AKIDFILE", secretAccessKey: "s3cret" });
      writeFileSync(file, "accessKey=only\n");
      expect(() => dynamoOptions({ "dynamodb.endpoint": "http://x", "dynamodb.awsCredentialsFile": file }, {})).toThrow(/accessKey and secretKey/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
