/**
 * What a conformance case needs to know about the server it runs against, and the helpers the cases
 * share. Cases are written once (test/conformance/*.case.ts) and registered by one runner file per
 * target (test/e2e/conformance-*.test.ts), in the style of Hono's common.case.test.ts.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { expect, it, type TestFunction } from "vitest";

export type TargetName = "shvm" | "dynalite";

export interface Target {
  name: TargetName;
  /** The target's base URL; throws with the reason when the target could not be started. */
  endpoint(): string;
  /** A shared SDK client for the target (maxAttempts 1); throws like endpoint(). */
  client(): DynamoDBClient;
  /**
   * Cases this target is known to get wrong, by case id, with the reason. They are registered as
   * skipped (the reason shows in the test name) so the rest of the contract still runs.
   */
  deviations: Readonly<Record<string, string>>;
}

/**
 * `it` with a stable id, skipped (and labelled) when the target has a known deviation for it.
 * CONFORMANCE_RUN_DEVIATIONS=1 runs those too, to check that a listed deviation is still real.
 */
export function caseIt(t: Target, id: string, title: string, fn: TestFunction, timeout?: number): void {
  const reason = t.deviations[id];
  if (reason !== undefined && process.env.CONFORMANCE_RUN_DEVIATIONS !== "1") it.skip(`${title} [${id}; ${t.name} deviation: ${reason}]`, fn, timeout);
  else it(`${title} [${id}]`, fn, timeout);
}

/**
 * A table name no other test (nor a previous run on the same state) uses. Names start with a letter so
 * that lexicographic paging over a prefix is predictable.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Runs the call and returns the error it must throw (fails the test when it succeeds). */
export async function errorOf(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The call must fail with exactly this error name and message (HTTP 400 unless told). */
export async function expectError(
  call: Promise<unknown>,
  name: string,
  message: string | RegExp,
  status = 400,
): Promise<void> {
  const err = await errorOf(call);
  expect({ name: err.name, message: err.message, status: err.$metadata?.httpStatusCode }).toEqual({
    name,
    message: typeof message === "string" ? message : expect.stringMatching(message),
    status,
  });
}

export const expectValidation = (call: Promise<unknown>, message: string | RegExp) =>
  expectError(call, "ValidationException", message);

/** Polls DescribeTable until the table and all its GSIs are ACTIVE (DynamoDB and dynalite go CREATING first). */
export async function waitActive(client: DynamoDBClient, TableName: string, timeoutMs = 15_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    last = `${Table?.TableStatus} ${JSON.stringify(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexStatus) ?? [])}`;
    if (Table?.TableStatus === "ACTIVE" && (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE")) {
      return Table;
    }
    await sleep(25);
  }
  throw new Error(`table ${TableName} not ACTIVE after ${timeoutMs} ms (last: ${last})`);
}

/** Polls DescribeTable until it answers ResourceNotFoundException (a deleted table goes DELETING first). */
export async function waitGone(client: DynamoDBClient, TableName: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await client.send(new DescribeTableCommand({ TableName }));
    } catch (e) {
      if ((e as SdkError).name === "ResourceNotFoundException") return;
      throw e;
    }
    await sleep(25);
  }
  throw new Error(`table ${TableName} still exists ${timeoutMs} ms after DeleteTable`);
}

export type KeyType = "S" | "N" | "B";

/** CreateTable input for a hash-only (or hash+range) PAY_PER_REQUEST table. */
export function tableInput(
  TableName: string,
  hash: [string, KeyType] = ["id", "S"],
  range?: [string, KeyType],
): CreateTableCommandInput {
  return {
    TableName,
    AttributeDefinitions: [
      { AttributeName: hash[0], AttributeType: hash[1] },
      ...(range ? [{ AttributeName: range[0], AttributeType: range[1] }] : []),
    ],
    KeySchema: [
      { AttributeName: hash[0], KeyType: "HASH" },
      ...(range ? [{ AttributeName: range[0], KeyType: "RANGE" as const }] : []),
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/** Creates the table and waits until it is ACTIVE. */
export async function createTable(client: DynamoDBClient, input: CreateTableCommandInput): Promise<TableDescription> {
  await client.send(new CreateTableCommand(input));
  return waitActive(client, input.TableName as string);
}

/** A syntactically complete SigV4 Authorization header; neither target checks the signature itself. */
export const FAKE_AUTH =
  "AWS4-HMAC-SHA256 Credential=AKIDSHVMTEST/20260101/us-east-1/dynamodb/aws4_request, " +
  "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" +
  "0".repeat(64);

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface RawRequest {
  /** Operation name; sent as `DynamoDB_20120810.<op>` unless `target` is given. */
  op?: string;
  /** The whole X-Amz-Target value (null: header left out). */
  target?: string | null;
  /** A JSON-serialisable value, or a string sent as is. */
  body?: unknown;
  contentType?: string | null;
  /** Authorization header (null: left out). */
  authorization?: string | null;
  method?: string;
  headers?: Record<string, string>;
}

/** One HTTP request written by hand, for protocol cases the SDK would never send. */
export async function rawRequest(endpoint: string, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { "x-amz-date": "20260101T000000Z", ...req.headers };
  const target = req.target === undefined ? `DynamoDB_20120810.${req.op ?? "ListTables"}` : req.target;
  if (target !== null) headers["x-amz-target"] = target;
  const contentType = req.contentType === undefined ? "application/x-amz-json-1.0" : req.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  const auth = req.authorization === undefined ? FAKE_AUTH : req.authorization;
  if (auth !== null) headers.authorization = auth;
  const method = req.method ?? "POST";
  const body =
    method === "GET" || method === "HEAD"
      ? undefined
      : typeof req.body === "string"
        ? req.body
        : JSON.stringify(req.body ?? {});
  const res = await fetch(endpoint, { method, headers, body, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The part of an error `__type` after `#` (what SDKs turn into the exception name). */
export const shortType = (type: unknown) => String(type).split("#").pop();
