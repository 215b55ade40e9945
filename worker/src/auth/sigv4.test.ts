import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import { basicDate, canonicalRequestOf, smithyCanonicalRequest, verifySigV4, type SignedRequest } from "./sigv4.js";
import { WebSha256 } from "./web-sha256.js";

const KEY = { accessKeyId: "AKIDTEST", secretAccessKey: "s3cret/with+chars" };
const secretOf = (id: string) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined);
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const HOST = "127.0.0.1:8787";
const BODY = JSON.stringify({ TableName: "t", Key: { pk: { S: "a" } } });

/** A request as the AWS SDK sends it, signed by the SDK's own signer (@smithy/signature-v4). */
function signed(opts: { at?: number; body?: string; secret?: string; headers?: Record<string, string>; signHeaders?: Record<string, string> } = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({ credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: opts.secret ?? KEY.secretAccessKey }, region: "us-east-1", service: "dynamodb", sha256: WebSha256 });
  const body = opts.body ?? BODY;
  const headers = { host: HOST, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem", ...opts.signHeaders };
  return signer
    .sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 8787, path: "/", query: {}, body, headers }, { signingDate: new Date(opts.at ?? NOW) })
    .then((out) => request({ ...(out.headers as Record<string, string>), ...opts.headers }, body));
}

function request(headers: Record<string, string>, body = BODY, path = "/", query = new URLSearchParams()): SignedRequest {
  return { method: "POST", path, query, headers: new Headers(headers), body: new TextEncoder().encode(body) };
}

async function error(req: SignedRequest, at = NOW, allowQuery = false): Promise<{ type: string; message: string }> {
  const r = await verifySigV4(req, secretOf, at, allowQuery);
  if (!(r instanceof DynamoError)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return { type: r.type.split("#")[1]!, message: r.message };
}

/** The request with its Authorization header's `Credential=...` replaced. */
async function withCredential(credential: string): Promise<SignedRequest> {
  const req = await signed();
  req.headers.set("authorization", req.headers.get("authorization")!.replace(/Credential=[^,]+/, `Credential=${credential}`));
  return req;
}

describe("SigV4 verification", () => {
  it("admits a correctly signed request and says who signed it", async () => {
    expect(await verifySigV4(await signed(), secretOf, NOW)).toEqual({ accessKeyId: "AKIDTEST" });
    // Within DynamoDB's 15 minutes of skew either way.
    expect(await verifySigV4(await signed({ at: NOW - 14 * 60_000 }), secretOf, NOW)).toEqual({ accessKeyId: "AKIDTEST" });
    expect(await verifySigV4(await signed({ at: NOW + 14 * 60_000 }), secretOf, NOW)).toEqual({ accessKeyId: "AKIDTEST" });
  });

  it("admits what the AWS SDK's own signer signs, with more headers signed than the SDK's defaults", async () => {
    const signer = new SignatureV4({ credentials: KEY, region: "eu-west-1", service: "dynamodb", sha256: WebSha256 });
    const out = await signer.sign(
      { method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 8787, path: "/", query: {}, body: BODY, headers: { host: HOST, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem", "user-agent": "test/1" } },
      { signingDate: new Date(NOW), signableHeaders: new Set(["user-agent"]) },
    );
    expect(out.headers.authorization).toContain("user-agent");
    expect(await verifySigV4(request(out.headers as Record<string, string>), secretOf, NOW)).toEqual({ accessKeyId: "AKIDTEST" });
  });

  it("rejects a wrong secret, a changed body and a changed signed header with DynamoDB's mismatch message", async () => {
    const mismatch = /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/\n/;
    for (const req of [
      await signed({ secret: "wrong" }),
      request({ ...Object.fromEntries((await signed()).headers) }, BODY.replace('"a"', '"b"')),
      request({ ...Object.fromEntries((await signed()).headers), "x-amz-target": "DynamoDB_20120810.DeleteItem" }),
    ]) {
      const e = await error(req);
      expect(e.type).toBe("InvalidSignatureException");
      expect(e.message).toMatch(mismatch);
    }
  });

  it("does not take the client's word for the payload hash", async () => {
    // The SDK's signer signs x-amz-content-sha256 (the body's real hash) by default: admitted.
    const req = await signed();
    expect(req.headers.get("x-amz-content-sha256")).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifySigV4(req, secretOf, NOW)).toEqual({ accessKeyId: "AKIDTEST" });
    // A signature over a made-up payload hash (smithy signs the header's value when one is given) does not cover
    // the body that came: refused, however well the rest is signed.
    const lying = await signed({ signHeaders: { "x-amz-content-sha256": "0".repeat(64) } });
    expect(lying.headers.get("authorization")).toContain("x-amz-content-sha256");
    expect((await error(lying)).type).toBe("InvalidSignatureException");
  });

  it("answers an unknown access key with UnrecognizedClientException, and a session token too", async () => {
    expect(await error(await withCredential(`NOSUCHKEY/${basicDate(NOW).slice(0, 8)}/us-east-1/dynamodb/aws4_request`))).toEqual({
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    const signer = new SignatureV4({ credentials: { ...KEY, sessionToken: "tok" }, region: "us-east-1", service: "dynamodb", sha256: WebSha256 });
    const out = await signer.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 8787, path: "/", query: {}, body: BODY, headers: { host: HOST } }, { signingDate: new Date(NOW) });
    expect(await error(request(out.headers as Record<string, string>))).toEqual({
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid",
    });
  });

  it("checks the clock skew with DynamoDB's messages", async () => {
    expect(await error(await signed({ at: NOW - 16 * 60_000 }))).toEqual({
      type: "InvalidSignatureException",
      message: "Signature expired: 20261203T114400Z is now earlier than 20261203T114500Z (20261203T120000Z - 15 min.)",
    });
    expect(await error(await signed({ at: NOW + 16 * 60_000 }))).toEqual({
      type: "InvalidSignatureException",
      message: "Signature not yet current: 20261203T121600Z is still later than 20261203T121500Z (20261203T120000Z + 15 min.)",
    });
  });

  it("checks the header's parts in DynamoDB's order", async () => {
    expect(await error(request({ host: HOST }))).toEqual({ type: "MissingAuthenticationTokenException", message: "Request is missing Authentication Token" });
    const incomplete = await error(request({ host: HOST, authorization: "AWS4-HMAC-SHA256 Credential=a" }));
    expect(incomplete).toEqual({
      type: "IncompleteSignatureException",
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=a",
    });
    const base = Object.fromEntries((await signed()).headers);
    expect(await error(request({ ...base, "x-amz-date": "2026-12-03" }))).toEqual({
      type: "IncompleteSignatureException",
      message: "Date must be in ISO-8601 'basic format'. Got '2026-12-03'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
    expect(await error(request({ ...base, authorization: base.authorization!.replace(/SignedHeaders=[^,]+/, "SignedHeaders=content-type;x-amz-date") }))).toEqual({
      type: "InvalidSignatureException",
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
    expect(await error(request({ ...base, authorization: base.authorization!.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA25") }))).toEqual({
      type: "IncompleteSignatureException",
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ",
    });
    expect(await error(await withCredential("a/b/c/d"))).toEqual({
      type: "IncompleteSignatureException",
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    });
    expect(await error(await withCredential("AKIDTEST/20261202/US_EAST/s3/aws5_request"))).toEqual({
      type: "InvalidSignatureException",
      message:
        "Credential should be scoped to a valid region, not 'US_EAST'. Credential should be scoped to correct service: 'dynamodb'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261202' != '20261203', from '20261203T120000Z'.",
    });
  });

  it("admits a presigned URL only where the query-string form is allowed, and until it expires", async () => {
    const signer = new SignatureV4({ credentials: KEY, region: "us-east-1", service: "dynamodb", sha256: WebSha256 });
    const pre = await signer.presign(
      { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 8787, path: "/_shvm/dashboard", query: {}, headers: { host: HOST } },
      { signingDate: new Date(NOW), expiresIn: 600 },
    );
    const query = new URLSearchParams(pre.query as Record<string, string>);
    const get = (q: URLSearchParams, headers: Record<string, string> = { host: HOST }): SignedRequest => ({ method: "GET", path: "/_shvm/dashboard", query: q, headers: new Headers(headers), body: new Uint8Array(0) });
    expect(await verifySigV4(get(query), secretOf, NOW + 60_000, true)).toEqual({ accessKeyId: "AKIDTEST" });
    expect((await error(get(query), NOW + 60_000, false)).type).toBe("MissingAuthenticationTokenException");
    expect(await error(get(query), NOW + 601_000, true)).toEqual({
      type: "InvalidSignatureException",
      message: "Signature expired: 20261203T120000Z is now earlier than 20261203T120001Z (20261203T121001Z - 600 sec.)",
    });
    const otherPath = { ...get(query), path: "/_shvm/metrics" };
    expect((await error(otherPath, NOW, true)).message).toMatch(/^The request signature we calculated does not match/);
    expect((await error(get(query, { host: HOST, authorization: "AWS4-HMAC-SHA256 x" }), NOW, true)).message).toBe(
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
    // A session token in the query string is refused as in the header.
    const withToken = await signer.presign(
      { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 8787, path: "/_shvm/dashboard", query: { "X-Amz-Security-Token": "tok" }, headers: { host: HOST } },
      { signingDate: new Date(NOW), expiresIn: 600 },
    );
    expect(await error(get(new URLSearchParams(withToken.query as Record<string, string>)), NOW, true)).toEqual({
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid",
    });
    query.delete("X-Amz-Credential");
    expect(await error(get(query), NOW, true)).toEqual({
      type: "IncompleteSignatureException",
      message: "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters.",
    });
  });

  it("builds DynamoDB's canonical request exactly as the AWS SDK's signer does", () => {
    const cases: Record<string, string>[] = [
      { host: HOST, "content-type": "application/x-amz-json-1.0", "x-amz-date": "20261203T120000Z", "x-amz-target": "DynamoDB_20120810.GetItem" },
      { host: HOST, "x-amz-date": "20261203T120000Z", "user-agent": "  aws-sdk-js/3   ua/2.1 \t os/linux  ", "x-amz-security-token": "a b" },
      { host: "dynamodb.us-east-1.amazonaws.com", "x-amz-date": "20261203T120000Z", "x-amz-content-sha256": "ab", "content-length": "17" },
    ];
    for (const h of cases) {
      const names = Object.keys(h).reverse();
      const req = request(h);
      expect(canonicalRequestOf(req, names, "ph")).toBe(smithyCanonicalRequest(req, [...names].sort(), "ph"));
    }
  });

  it("refuses dates that are not dates", async () => {
    const base = Object.fromEntries((await signed()).headers);
    for (const d of ["20261303T120000Z", "20261232T120000Z", "20261203T250000Z", "20261203T120060Z"]) {
      expect((await error(request({ ...base, "x-amz-date": d }))).message).toMatch(/^Date must be in ISO-8601 'basic format'/);
    }
  });
});
