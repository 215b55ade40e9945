/**
 * Verifies AWS Signature Version 4 as DynamoDB does: the checks in DynamoDB's order, with its error types and
 * messages (dynalite records them in its index.js), then the signature itself. The canonical request, the
 * string to sign and the signing key come from @smithy/signature-v4 (the AWS SDK's own signer), so what we check is
 * exactly what the SDK signs; only the parsing of what the client sent and the comparison are ours.
 *
 * Two forms: the `Authorization` header (every SDK and the CLI), and query-string parameters (`X-Amz-Signature`,
 * a presigned URL: used for the admin pages a browser opens).
 */
import {
  ALGORITHM_IDENTIFIER,
  SignatureV4Base,
  createScope,
  getCanonicalHeaders,
  getSigningKey,
} from "@smithy/signature-v4";
import type { HeaderBag, HttpRequest, QueryParameterBag } from "@smithy/types";
import { DynamoError, incompleteSignature, invalidSignature, unrecognizedClient } from "../http/errors.js";
import { checkAuthorization } from "../http/request.js";
import { hex, hmacKey, hmacSha256, sha256Hex, WebSha256, type HmacKey } from "./web-sha256.js";

/** DynamoDB's allowed clock skew between the signature's date and its own clock. */
const SKEW_MS = 15 * 60 * 1000;
/** A presigned URL lives at most 7 days (SigV4's limit). */
const MAX_EXPIRES_S = 7 * 24 * 3600;
const SERVICE = "dynamodb";
const TERMINATOR = "aws4_request";
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const REGION = /^[a-z0-9-]+$/;

export interface SignedRequest {
  method: string;
  /** The URL's path as sent, e.g. `/`. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The URL's host, for a request without a Host header (a service binding's). */
  host?: string;
  /**
   * The client's own Accept-Encoding where a proxy rewrote the header: Cloudflare's edge replaces it (with
   * `gzip, br`) before the Worker sees it, and some SDKs sign it (aws-sdk-go-v2 signs `identity`). Deployed, the
   * Worker passes `request.cf.clientAcceptEncoding`.
   */
  acceptEncoding?: string;
  body: Uint8Array;
}

/** The secret of an access key id, or undefined for an unknown id. */
export type SecretOf = (accessKeyId: string) => string | undefined;

export interface Verified {
  accessKeyId: string;
}

/** What the client claims: from the header or the query string. */
interface Claim {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  date: string;
  /** Query-string form only: X-Amz-Expires. */
  expires?: string;
}

/** `20240101T000000Z` for a time in ms. */
export const basicDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

function parseBasicDate(s: string): number | undefined {
  const m = BASIC_DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  // Date.UTC rolls over (month 13, day 32, hour 24); a date that rolled is not a date.
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === se ? t : undefined;
}

/** The Authorization header's parameters, split as DynamoDB does (commas or spaces between `key=value`). */
function headerClaim(auth: string, headers: Headers): Claim {
  const parts = auth.trim().split(/,| /).filter(Boolean);
  const params = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    if (eq > 0) params.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return {
    algorithm: parts[0] ?? "",
    credential: params.get("Credential") ?? "",
    signedHeaders: params.get("SignedHeaders") ?? "",
    signature: params.get("Signature") ?? "",
    date: headers.get("x-amz-date") ?? headers.get("date") ?? "",
  };
}

const QUERY_PARAMS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];

function queryClaim(q: URLSearchParams): Claim | DynamoError {
  let msg = "";
  for (const p of QUERY_PARAMS) if (!q.get(p)) msg += `AWS query-string parameters must include '${p}'. `;
  if (msg) return incompleteSignature(`${msg}Re-examine the query-string parameters.`);
  return {
    algorithm: q.get("X-Amz-Algorithm")!,
    credential: q.get("X-Amz-Credential")!,
    signedHeaders: q.get("X-Amz-SignedHeaders")!,
    signature: q.get("X-Amz-Signature")!,
    date: q.get("X-Amz-Date")!,
    expires: q.get("X-Amz-Expires") ?? undefined,
  };
}

/** smithy's normalisation of a header value (getCanonicalHeaders): line breaks and runs of blanks to one space, trimmed. */
const canonicalValue = (v: string) => v.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");

/**
 * The canonical request. DynamoDB's requests (`POST /`, no query string, a handful of signed headers) are built
 * here directly: through the SDK's signer this took ~60 µs of the ~100 µs a verification cost on workerd, more than
 * the three hashes. Anything else (another path, a query string: the presigned admin URLs) goes through the SDK's
 * own canonicalisation; the unit test checks that both agree.
 */
export function canonicalRequestOf(req: SignedRequest, signed: string[], payloadHash: string): string {
  const names = [...signed].sort();
  if (req.path !== "/" || !req.query.keys().next().done) return smithyCanonicalRequest(req, names, payloadHash);
  let headers = "";
  for (const name of names) headers += `${name}:${canonicalValue(headerValue(req, name))}\n`;
  return `${req.method}\n/\n\n${headers}\n${names.join(";")}\n${payloadHash}`;
}

function headerValue(req: SignedRequest, name: string): string {
  if (name === "accept-encoding" && req.acceptEncoding !== undefined) return req.acceptEncoding;
  return req.headers.get(name) ?? (name === "host" ? req.host : undefined) ?? "";
}

/** The same through @smithy/signature-v4 (path escaping, query encoding). */
export function smithyCanonicalRequest(req: SignedRequest, names: string[], payloadHash: string): string {
  const headers: HeaderBag = {};
  for (const name of names) headers[name] = headerValue(req, name);
  const query: QueryParameterBag = {};
  for (const [k, v] of req.query) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had as string, v];
  }
  const httpRequest = { method: req.method, protocol: "https:", hostname: "", path: req.path, query, headers } as HttpRequest;
  const canonicalHeaders = getCanonicalHeaders({ headers } as HttpRequest, undefined, new Set(names));
  return canonicalizer.canonicalRequest(httpRequest, canonicalHeaders, payloadHash);
}

/** The AWS SDK's canonical request, reached through its signer's protected method. */
class Canonicalizer extends SignatureV4Base {
  constructor() {
    super({ service: SERVICE, region: "unused", credentials: { accessKeyId: "", secretAccessKey: "" }, sha256: WebSha256 });
  }
  canonicalRequest(req: HttpRequest, headers: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(req, headers, payloadHash);
  }
}
const canonicalizer = new Canonicalizer();

/**
 * Signing keys, imported for HMAC, per access key, day and region: derived once a day rather than per request
 * (four HMACs). Bounded: an isolate sees few keys and regions.
 */
const signingKeys = new Map<string, HmacKey>();
const MAX_SIGNING_KEYS = 64;

async function signingKey(accessKeyId: string, secretAccessKey: string, day: string, region: string): Promise<HmacKey> {
  const id = `${accessKeyId}\n${secretAccessKey}\n${day}\n${region}`;
  const hit = signingKeys.get(id);
  if (hit) return hit;
  const raw = await getSigningKey(WebSha256, { accessKeyId, secretAccessKey }, day, region, SERVICE);
  const key = await hmacKey(raw);
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.clear();
  signingKeys.set(id, key);
  return key;
}

/** Compares in time independent of where the strings first differ. */
export function sameString(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks one request's signature. `allowQuery` admits the query-string form (the admin pages); DynamoDB's API
 * takes the header form. Returns who signed it, or the error DynamoDB would answer.
 */
export async function verifySigV4(req: SignedRequest, secretOf: SecretOf, now: number, allowQuery = false): Promise<Verified | DynamoError> {
  const auth = req.headers.get("authorization");
  const inQuery = allowQuery && req.query.has("X-Amz-Algorithm");
  if (auth && inQuery) return invalidSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");

  let claim: Claim;
  if (inQuery) {
    const c = queryClaim(req.query);
    if (c instanceof DynamoError) return c;
    claim = c;
  } else {
    // The header's shape, with the protocol layer's own check (an API request has passed it already; an admin GET not).
    const shape = checkAuthorization(req.headers);
    if (shape) return shape;
    claim = headerClaim(auth!, req.headers);
  }

  // The date: ISO-8601 basic format (X-Amz-Date), or an HTTP date in the Date header.
  let t = parseBasicDate(claim.date);
  if (t === undefined && !inQuery && !req.headers.has("x-amz-date")) {
    const http = Date.parse(claim.date);
    if (!Number.isNaN(http)) t = http;
  }
  if (t === undefined) return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${claim.date}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  const longDate = BASIC_DATE.test(claim.date) ? claim.date : basicDate(t);
  if (inQuery) {
    const expires = Number(claim.expires ?? "900");
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_S) {
      return invalidSignature(`X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_S}, got '${claim.expires}'.`);
    }
    if (t + expires * 1000 < now) return invalidSignature(`Signature expired: ${longDate} is now earlier than ${basicDate(now - expires * 1000)} (${basicDate(now)} - ${expires} sec.)`);
  } else if (t < now - SKEW_MS) {
    return invalidSignature(`Signature expired: ${longDate} is now earlier than ${basicDate(now - SKEW_MS)} (${basicDate(now)} - 15 min.)`);
  }
  if (t > now + SKEW_MS) {
    return invalidSignature(`Signature not yet current: ${longDate} is still later than ${basicDate(now + SKEW_MS)} (${basicDate(now)} + 15 min.)`);
  }

  const signed = claim.signedHeaders.split(";").map((h) => h.trim().toLowerCase());
  if (!signed.includes("host")) return invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (claim.algorithm !== ALGORITHM_IDENTIFIER) {
    return incompleteSignature(`Unsupported AWS 'algorithm': '${claim.algorithm}' (only ${ALGORITHM_IDENTIFIER} for now). `);
  }

  const credential = claim.credential.replace(/\/+$/, "");
  const scope = credential.split("/");
  if (scope.length !== 5) {
    return incompleteSignature(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, day, region, service, terminator] = scope as [string, string, string, string, string];
  let msg = "";
  if (!REGION.test(region)) msg += `Credential should be scoped to a valid region, not '${region}'. `;
  if (service !== SERVICE) msg += `Credential should be scoped to correct service: '${SERVICE}'. `;
  if (terminator !== TERMINATOR) msg += `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `;
  if (day !== longDate.slice(0, 8)) {
    msg += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${longDate.slice(0, 8)}', from '${longDate}'.`;
  }
  if (msg) return invalidSignature(msg.trimEnd());

  const secret = secretOf(accessKeyId);
  if (secret === undefined) return unrecognizedClient();

  // The canonical request over exactly the headers the client signed, with the hash of the body as received.
  const canonicalRequest = canonicalRequestOf(req, signed, await sha256Hex(req.body));
  const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${createScope(day, region, SERVICE)}\n${await sha256Hex(canonicalRequest)}`;
  const expected = hex(await hmacSha256(await signingKey(accessKeyId, secret, day, region), stringToSign));
  if (!sameString(expected, claim.signature)) {
    return invalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
        `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
        `The String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  // Temporary credentials are not issued here: any session token is one this server does not know.
  if (req.headers.has("x-amz-security-token") || (inQuery && req.query.has("X-Amz-Security-Token"))) {
    return unrecognizedClient("The security token included in the request is invalid");
  }
  return { accessKeyId };
}
