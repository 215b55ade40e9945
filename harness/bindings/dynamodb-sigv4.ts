/**
 * AWS Signature Version 4 for DynamoDB's JSON API (always `POST /`, no query string), on node:crypto.
 * Written out rather than taken from @smithy/signature-v4 because the load generator signs every request
 * and the SDK's signer (header normalisation, async hashing, per-call key derivation checks) costs client
 * CPU the target should get; the test checks every signature against @smithy/signature-v4's.
 *
 * When no credentials are configured, requests carry a fixed, well-formed but unverifiable header instead:
 * shvm-db checks the header's shape only (README) and dynalite ignores it.
 */
import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Credentials from the standard environment variables, or undefined when they are not both set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return env.AWS_SESSION_TOKEN ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN } : { accessKeyId, secretAccessKey };
}

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
const TARGET_PREFIX = "DynamoDB_20120810.";

/** Headers for a request without credentials: a constant SigV4-shaped Authorization and date. */
export function unsignedHeaders(operation: string): Record<string, string> {
  return {
    "content-type": JSON_CONTENT_TYPE,
    "x-amz-target": TARGET_PREFIX + operation,
    "x-amz-date": "20240101T000000Z",
    authorization:
      "AWS4-HMAC-SHA256 Credential=ycsb/20240101/us-east-1/dynamodb/aws4_request, " +
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64),
  };
}

/** `20240101T000000Z` from a Date. */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export class SigV4Signer {
  private keyDay = "";
  private key: Buffer = Buffer.alloc(0);

  constructor(
    private readonly credentials: AwsCredentials,
    private readonly region: string,
    private readonly service = "dynamodb",
  ) {}

  /** Headers for `POST /` to `host` (as in the URL: `name[:port]`, default ports omitted) with this body. */
  headers(host: string, operation: string, body: string, now: Date = new Date()): Record<string, string> {
    const date = amzDate(now);
    const day = date.slice(0, 8);
    const target = TARGET_PREFIX + operation;
    const token = this.credentials.sessionToken;
    // Canonical headers, sorted by name (x-amz-security-token sorts before x-amz-target).
    const signedHeaders = token ? "content-type;host;x-amz-date;x-amz-security-token;x-amz-target" : "content-type;host;x-amz-date;x-amz-target";
    const canonicalHeaders =
      `content-type:${JSON_CONTENT_TYPE}\nhost:${host}\nx-amz-date:${date}\n` + (token ? `x-amz-security-token:${token}\n` : "") + `x-amz-target:${target}\n`;
    const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256Hex(body)}`;
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac("sha256", this.signingKey(day)).update(stringToSign, "utf8").digest("hex");
    const out: Record<string, string> = {
      "content-type": JSON_CONTENT_TYPE,
      "x-amz-target": target,
      "x-amz-date": date,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
    if (token) out["x-amz-security-token"] = token;
    return out;
  }

  /** The derived key changes once a day; derive it once per day, not per request. */
  private signingKey(day: string): Buffer {
    if (day !== this.keyDay) {
      const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
      this.key = hmac(hmac(hmac(hmac(`AWS4${this.credentials.secretAccessKey}`, day), this.region), this.service), "aws4_request");
      this.keyDay = day;
    }
    return this.key;
  }
}
