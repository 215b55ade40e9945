import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { amzDate, credentialsFromEnv, SigV4Signer, unsignedHeaders, type AwsCredentials } from "./dynamodb-sigv4.js";

type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (d: Bytes): Buffer | string =>
  typeof d === "string" ? d : d instanceof ArrayBuffer ? Buffer.from(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** The SDK signer's hash interface over node:crypto (the SDK's own hash package is not a top-level dependency). */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: Bytes) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: Bytes): void {
    this.h.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}

async function sdkAuthorization(creds: AwsCredentials, region: string, host: string, headers: Record<string, string>, body: string, now: Date) {
  const signer = new SignatureV4({ credentials: creds, region, service: "dynamodb", sha256: NodeSha256, applyChecksum: false });
  const [hostname, port] = host.split(":");
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: hostname as string,
      ...(port ? { port: Number(port) } : {}),
      path: "/",
      query: {},
      headers: { ...headers, host },
      body,
    },
    { signingDate: now },
  );
  return signed.headers;
}

describe("SigV4 signing", () => {
  const now = new Date("2026-03-04T05:06:07.890Z");
  const cases: { creds: AwsCredentials; host: string; body: string }[] = [
    { creds: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }, host: "dynamodb.us-east-1.amazonaws.com", body: '{"TableName":"usertable"}' },
    { creds: { accessKeyId: "local", secretAccessKey: "local" }, host: "127.0.0.1:8787", body: '{"TableName":"t","Item":{"k":{"S":"é \\"q\\" ✓"}}}' },
    { creds: { accessKeyId: "ASIA1", secretAccessKey: "s3cr3t", sessionToken: "token/with+chars=" }, host: "localhost:4567", body: "" },
  ];

  for (const [i, c] of cases.entries()) {
    it(`matches @smithy/signature-v4 (case ${i})`, async () => {
      const mine = new SigV4Signer(c.creds, "eu-west-2").headers(c.host, "PutItem", c.body, now);
      const { authorization, ...unsigned } = mine;
      const theirs = await sdkAuthorization(c.creds, "eu-west-2", c.host, unsigned, c.body, now);
      expect(authorization).toBe(theirs.authorization);
      expect(mine["x-amz-date"]).toBe("20260304T050607Z");
      if (c.creds.sessionToken) expect(mine["x-amz-security-token"]).toBe(c.creds.sessionToken);
    });
  }

  it("keeps signing correctly across a day boundary (the derived key is per day)", async () => {
    const creds = { accessKeyId: "A", secretAccessKey: "B" };
    const signer = new SigV4Signer(creds, "us-east-1");
    for (const day of [new Date("2026-01-01T23:59:59Z"), new Date("2026-01-02T00:00:01Z")]) {
      const { authorization, ...rest } = signer.headers("h:1", "GetItem", "{}", day);
      expect(authorization).toBe((await sdkAuthorization(creds, "us-east-1", "h:1", rest, "{}", day)).authorization);
    }
  });

  it("formats x-amz-date and reads credentials from the environment", () => {
    expect(amzDate(new Date("2024-01-02T03:04:05.678Z"))).toBe("20240102T030405Z");
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "a" })).toBeUndefined();
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" })).toEqual({ accessKeyId: "a", secretAccessKey: "b" });
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b", AWS_SESSION_TOKEN: "t" })?.sessionToken).toBe("t");
  });

  it("sends a well-formed SigV4 header without credentials", () => {
    const h = unsignedHeaders("Scan");
    expect(h["x-amz-target"]).toBe("DynamoDB_20120810.Scan");
    expect(h.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/dynamodb\/aws4_request, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/);
  });
});
