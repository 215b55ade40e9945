/**
 * The DynamoDB binding's settings, read from the workload properties (names listed in dynamodb.ts), and
 * the small property parsers the DynamoDB-API targets share. Malformed values are errors, never defaults.
 */
import { readFileSync } from "node:fs";
import { parseProperties, type Properties } from "../../workloads/properties.js";
import type { DynamoApi } from "./dynamodb-requests.js";
import { credentialsFromEnv, type AwsCredentials } from "./dynamodb-sigv4.js";

export interface DynamoBindingOptions {
  endpoint: string;
  primaryKey: string;
  consistentReads: boolean;
  connectMax: number;
  region: string;
  api: DynamoApi;
  requestTimeoutMs: number;
  debug: boolean;
  credentials?: AwsCredentials;
}

export const DEFAULT_PRIMARY_KEY = "ycsb_key";

export function boolProperty(properties: Readonly<Properties>, name: string, fallback: boolean): boolean {
  const v = properties[name];
  if (v === undefined || v === "") return fallback;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new Error(`${name} must be true or false, got "${v}"`);
}

export function intProperty(properties: Readonly<Properties>, name: string, fallback: number, allowZero = false): number {
  const v = properties[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${v}"`);
  return n;
}

/** The binding's settings from the workload properties; throws on a malformed value. */
export function dynamoOptions(properties: Readonly<Properties>, env: NodeJS.ProcessEnv = process.env): DynamoBindingOptions {
  const endpoint = properties["dynamodb.endpoint"];
  if (!endpoint) throw new Error("dynamodb.endpoint is not set (the shvm and dynamodb targets set it in prepare)");
  try {
    new URL(endpoint);
  } catch {
    throw new Error(`dynamodb.endpoint is not a URL: "${endpoint}"`);
  }
  const api = properties["dynamodb.api"] || "legacy";
  if (api !== "legacy" && api !== "expressions") throw new Error(`dynamodb.api must be legacy or expressions, got "${api}"`);
  const keyType = properties["dynamodb.primaryKeyType"];
  if (keyType && keyType.trim().toUpperCase() !== "HASH")
    throw new Error(`dynamodb.primaryKeyType=${keyType} is not supported: the binding uses a hash key only (YCSB's default, HASH)`);
  const credentialsFile = properties["dynamodb.awsCredentialsFile"];
  const credentials = credentialsFile ? credentialsFromFile(credentialsFile) : credentialsFromEnv(env);
  return {
    endpoint: endpoint.replace(/\/+$/, ""),
    primaryKey: properties["dynamodb.primaryKey"] || DEFAULT_PRIMARY_KEY,
    consistentReads: boolProperty(properties, "dynamodb.consistentReads", false),
    connectMax: intProperty(properties, "dynamodb.connectMax", 50),
    region: properties["dynamodb.region"] || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
    api,
    requestTimeoutMs: intProperty(properties, "dynamodb.requestTimeoutMs", 10_000),
    debug: boolProperty(properties, "dynamodb.debug", false),
    ...(credentials ? { credentials } : {}),
  };
}


/** YCSB's `dynamodb.awsCredentialsFile`: a properties file with `accessKey` and `secretKey` (the AWS SDK's PropertiesCredentials). */
export function credentialsFromFile(path: string): AwsCredentials {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`dynamodb.awsCredentialsFile ${path} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const p = parseProperties(text);
  if (!p.accessKey || !p.secretKey) throw new Error(`dynamodb.awsCredentialsFile ${path} must set accessKey and secretKey`);
  return { accessKeyId: p.accessKey, secretAccessKey: p.secretKey };
}
