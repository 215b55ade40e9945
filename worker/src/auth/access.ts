/**
 * Who may use this server. Three modes, chosen from the Worker's environment:
 * - keys: `SHVM_ACCESS_KEYS=id:secret[,id:secret...]` (deployed: a wrangler secret; `npm start`: the environment
 *   variable). Every API request must carry a valid SigV4 signature by one of them; so must the admin paths.
 * - open: no keys and `SHVM_AUTH=open`, which only the local launchers set (`npm start`, `npm run dev`, the
 *   tests), like DynamoDB Local: any well-formed Authorization header is accepted. `npm start` says so loudly.
 * - refuse: neither (a deployment nobody configured): nothing is served, so a forgotten secret cannot mean a
 *   database open to the internet.
 */
import { DynamoError, unrecognizedClient } from "../http/errors.js";
import { parseAccessKeys } from "./access-keys.js";
import { hex, hmacKey, hmacSha256 } from "./web-sha256.js";
import { sameString, verifySigV4, type SignedRequest } from "./sigv4.js";

export interface AuthEnv {
  SHVM_ACCESS_KEYS?: string;
  SHVM_AUTH?: string;
}

export type AuthMode =
  | { kind: "keys"; secrets: Map<string, string> }
  | { kind: "open" }
  | { kind: "refuse"; reason: string };

let cached: { text: string | undefined; open: string | undefined; mode: AuthMode } | undefined;

export function authMode(env: AuthEnv): AuthMode {
  if (cached && cached.text === env.SHVM_ACCESS_KEYS && cached.open === env.SHVM_AUTH) return cached.mode;
  let mode: AuthMode;
  if (env.SHVM_ACCESS_KEYS !== undefined && env.SHVM_ACCESS_KEYS.trim() !== "") {
    try {
      mode = { kind: "keys", secrets: parseAccessKeys(env.SHVM_ACCESS_KEYS) };
    } catch (e) {
      // The detail goes to the operator's log only; clients learn that the keys are misconfigured, nothing more.
      console.error(`shvm-db: SHVM_ACCESS_KEYS is malformed (${(e as Error).message}); refusing every request`);
      mode = { kind: "refuse", reason: "its access keys (SHVM_ACCESS_KEYS) are malformed; the server log says how" };
    }
  } else if (env.SHVM_AUTH === "open") {
    mode = { kind: "open" };
    console.warn("shvm-db: serving WITHOUT authentication (SHVM_AUTH=open, no SHVM_ACCESS_KEYS): anyone who can reach this port can read and write every table");
  } else {
    mode = { kind: "refuse", reason: "no access keys are configured (set SHVM_ACCESS_KEYS, e.g. `wrangler secret put SHVM_ACCESS_KEYS`, or SHVM_AUTH=open for an open local server)" };
  }
  cached = { text: env.SHVM_ACCESS_KEYS, open: env.SHVM_AUTH, mode };
  return mode;
}

const refused = (reason: string) => unrecognizedClient(`The security token included in the request is invalid. shvm-db serves no data: ${reason}.`);

/** What the verifier reads of a request: `body` as received, Host and Accept-Encoding as the client sent them. */
export function signedRequestOf(request: Request, url: URL, body: Uint8Array): SignedRequest {
  // Accept-Encoding: deployed, Cloudflare's edge rewrites the header and keeps the client's in request.cf.
  const acceptEncoding = request.cf?.clientAcceptEncoding as string | undefined;
  return { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, host: url.host, acceptEncoding, body };
}

/** An API request (`POST /`): undefined when it may proceed. The open mode does nothing more (no await, no URL). */
export function authorizeApi(env: AuthEnv, request: Request, body: ArrayBuffer): DynamoError | undefined | Promise<DynamoError | undefined> {
  const mode = authMode(env);
  if (mode.kind === "open") return undefined;
  if (mode.kind === "refuse") return refused(mode.reason);
  const req = signedRequestOf(request, new URL(request.url), new Uint8Array(body));
  return verifySigV4(req, (id) => mode.secrets.get(id), Date.now()).then((r) => (r instanceof DynamoError ? r : undefined));
}

/** The admin session cookie: set when a presigned admin URL is opened, so the page's own fetches need no signature. */
export const SESSION_COOKIE = "shvm_admin";
const SESSION_S = 12 * 3600;

async function sessionMac(secret: string, id: string, expires: number): Promise<string> {
  const key = await hmacKey(new TextEncoder().encode(secret));
  return hex(await hmacSha256(key, `shvm-admin-session\n${id}\n${expires}`));
}

async function validSession(cookieHeader: string | null, secrets: Map<string, string>, now: number): Promise<boolean> {
  const m = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]+)\\.(\\d+)\\.([0-9a-f]{64})`));
  if (!m) return false;
  const [, id, exp, mac] = m as unknown as [string, string, string, string];
  const secret = secrets.get(id);
  if (secret === undefined || Number(exp) * 1000 < now) return false;
  return sameString(await sessionMac(secret, id, Number(exp)), mac);
}

export type AdminAccess = { ok: true; setCookie?: string } | { ok: false; error: DynamoError };

/**
 * An admin request (`GET /_shvm/...`). With keys: a SigV4 signature (header, or a presigned URL's query string), or
 * the session cookie a presigned URL handed out (also when the URL it came with has expired since: a reload of the
 * page). Open: allowed. Refuse: refused.
 */
export async function authorizeAdmin(env: AuthEnv, req: SignedRequest): Promise<AdminAccess> {
  const mode = authMode(env);
  if (mode.kind === "open") return { ok: true };
  if (mode.kind === "refuse") return { ok: false, error: refused(mode.reason) };
  const now = Date.now();
  const hasSignature = req.headers.has("authorization") || req.query.has("X-Amz-Algorithm");
  const session = () => validSession(req.headers.get("cookie"), mode.secrets, now);
  if (!hasSignature && (await session())) return { ok: true };
  const r = await verifySigV4(req, (id) => mode.secrets.get(id), now, true);
  if (r instanceof DynamoError) return (await session()) ? { ok: true } : { ok: false, error: r };
  if (!req.query.has("X-Amz-Algorithm")) return { ok: true };
  const expires = Math.floor(now / 1000) + SESSION_S;
  const mac = await sessionMac(mode.secrets.get(r.accessKeyId)!, r.accessKeyId, expires);
  return { ok: true, setCookie: `${SESSION_COOKIE}=${r.accessKeyId}.${expires}.${mac}; Path=/_shvm; HttpOnly; SameSite=Strict; Max-Age=${SESSION_S}` };
}
