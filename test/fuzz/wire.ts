/**
 * Raw HTTP for the fuzz test (the SDK refuses to send most of its inputs), and the judgement of each
 * answer: a well-formed DynamoDB error, a well-formed 200, or neither.
 */
import { Readable } from "node:stream";
import CRC32 from "crc-32";
import { Agent, request } from "undici";
import { FAKE_AUTH } from "../conformance/target";

export const JSON_10 = "application/x-amz-json-1.0";
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** A request that has not answered in this long counts as a hang. */
export const HANG_MS = 10_000;

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Sent in 1 MB chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

async function* inChunks(body: Uint8Array): AsyncGenerator<Buffer> {
  for (let at = 0; at < body.length; at += 1024 * 1024) yield Buffer.from(body.subarray(at, at + 1024 * 1024));
}

export type WireAnswer =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: "hang" }
  | { kind: "dropped"; error: string };

export function apiRequest(op: string, body: Uint8Array | string, contentType = JSON_10): WireRequest {
  return {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-amz-target": `DynamoDB_20120810.${op}`,
      "x-amz-date": "20260101T000000Z",
      authorization: FAKE_AUTH,
    },
    body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
  };
}

/** One connection pool for the run, closed by the caller: keep-alive like an SDK, no pool shared with other files. */
export function makeAgent(): Agent {
  return new Agent({ connections: 16, keepAliveTimeout: 5_000, headersTimeout: HANG_MS, bodyTimeout: HANG_MS });
}

export async function send(agent: Agent, endpoint: string, req: WireRequest): Promise<WireAnswer> {
  const signal = AbortSignal.timeout(HANG_MS);
  try {
    const res = await request(endpoint, {
      dispatcher: agent,
      method: req.method as "POST",
      headers: req.headers,
      body: req.method === "GET" || req.method === "HEAD" ? null : req.chunked ? Readable.from(inChunks(req.body)) : Buffer.from(req.body),
      signal,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
    return { kind: "answer", status: res.statusCode, headers, body };
  } catch (e) {
    const name = (e as { name?: string; code?: string }).name;
    const code = (e as { code?: string }).code;
    if (signal.aborted || name === "TimeoutError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return { kind: "hang" };
    }
    return { kind: "dropped", error: `${name ?? "Error"} ${code ?? ""} ${(e as Error).message}`.trim() };
  }
}

export type Verdict =
  | { kind: "accepted"; json: Record<string, unknown> }
  | { kind: "rejected"; status: number; type: string; message: string | undefined }
  | { kind: "bad"; reason: string };

const ERROR_TYPE = /^(com\.amazon\.coral\.(service|validate)|com\.amazonaws\.dynamodb\.v20120810)#[A-Za-z]+$/;
// DynamoDB sends these without any message.
const BARE_TYPES = new Set(["UnknownOperationException", "SerializationException"]);
const NOT_AN_API_REQUEST = "<UnknownOperationException/>\n";

/** The content type DynamoDB answers in: the request's JSON 1.0 / 1.1 type, or application/json. */
function answerType(req: WireRequest): string {
  const raw = req.headers["content-type"] ?? "";
  const t = raw.split(";")[0]!.trim().toLowerCase();
  return t === JSON_10 || t === "application/x-amz-json-1.1" ? t : "application/json";
}

/** Not DynamoDB JSON at all (a non-POST, or a body in a non-JSON content type): DynamoDB answers a bare 404. */
function isNotApi(req: WireRequest): boolean {
  if (req.method !== "POST") return true;
  const t = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return req.body.length > 0 && t !== JSON_10 && t !== "application/x-amz-json-1.1" && t !== "application/json";
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Judges one answer to `req`: what DynamoDB could have sent, or why not. */
export function judge(req: WireRequest, answer: WireAnswer): Verdict {
  if (answer.kind === "hang") return { kind: "bad", reason: `no answer within ${HANG_MS} ms` };
  if (answer.kind === "dropped") return { kind: "bad", reason: `connection failed: ${answer.error}` };
  const { status, headers, body } = answer;
  if (status >= 500) return { kind: "bad", reason: `${status}: ${body.toString("utf8", 0, 300)}` };
  if (status === 413) {
    return req.body.length > MAX_BODY_BYTES
      ? { kind: "rejected", status, type: "RequestEntityTooLarge", message: undefined }
      : { kind: "bad", reason: `413 for a body of ${req.body.length} bytes` };
  }
  // GET / is DynamoDB's health check ("healthy: <host>"), whatever else the request carries: no operation ran.
  if (req.method === "GET" && status === 200) {
    return body.toString("utf8").startsWith("healthy: ")
      ? { kind: "rejected", status, type: "HealthCheck", message: undefined }
      : { kind: "bad", reason: `GET answered 200 with ${body.toString("utf8", 0, 100)}` };
  }
  if (status === 404) {
    return isNotApi(req) && body.toString("utf8") === NOT_AN_API_REQUEST
      ? { kind: "rejected", status, type: "UnknownOperationException", message: undefined }
      : { kind: "bad", reason: `404 for a DynamoDB request: ${body.toString("utf8", 0, 200)}` };
  }
  if (isNotApi(req)) return { kind: "bad", reason: `${status} for a request DynamoDB answers with 404` };
  if (status !== 200 && status !== 400) return { kind: "bad", reason: `unexpected status ${status}` };

  const json = parseObject(body);
  if (!json) return { kind: "bad", reason: `${status} body is not a JSON object: ${body.toString("utf8", 0, 200)}` };
  if (headers["content-type"] !== answerType(req)) return { kind: "bad", reason: `content-type ${headers["content-type"]}` };
  if (headers["x-amz-crc32"] !== String(CRC32.buf(body) >>> 0)) return { kind: "bad", reason: "x-amz-crc32 does not match the body" };
  if (!headers["x-amzn-requestid"]) return { kind: "bad", reason: "no x-amzn-RequestId" };
  if (status === 200) return { kind: "accepted", json };

  const type = json.__type;
  if (typeof type !== "string" || !ERROR_TYPE.test(type)) return { kind: "bad", reason: `400 without a DynamoDB __type: ${body.toString("utf8", 0, 200)}` };
  const short = type.slice(type.indexOf("#") + 1);
  const key = short === "SerializationException" ? "Message" : "message";
  const message = json[key];
  if (message !== undefined && typeof message !== "string") return { kind: "bad", reason: `${key} is not a string` };
  if (message === undefined && !BARE_TYPES.has(short)) return { kind: "bad", reason: `${short} without a message` };
  return { kind: "rejected", status, type: short, message };
}
