/**
 * The DynamoDB wire protocol, in the order DynamoDB checks it: method and content type, JSON body,
 * X-Amz-Target, then the Authorization header's shape; then (auth/, where keys are configured) the signature; then
 * the body's shape.
 */
import { DynamoError, incompleteSignature, missingAuthToken, serializationError, unknownOperation } from "./errors.js";

export const JSON_10 = "application/x-amz-json-1.0";
export const JSON_11 = "application/x-amz-json-1.1";
const TARGET_PREFIX = "DynamoDB_20120810.";

export interface ApiRequest {
  operation: string;
  body: unknown;
  contentType: string;
}

/**
 * JSON nested deeper than this is refused before it is parsed (a bare SerializationException, as for a
 * body that does not parse). No valid request comes near it: DynamoDB's 32-level document limit puts the
 * deepest at about 70 JSON levels. It sits above the ~6,000 levels of a 3,000-level AttributeValue, which
 * still gets DynamoDB's nesting ValidationException from the type pass. And a body shorter than the limit
 * cannot reach it (one byte per level), so nearly every request skips the scan.
 */
export const MAX_JSON_DEPTH = 10_000;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** How much of a too-large body is read (and dropped) so its sender gets the 413 rather than a reset. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * The body, or null when it is over `max` bytes. A body of a declared length within `max` is read whole
 * (every SDK declares it: the fast path). Any other is streamed and kept only up to `max`: past it the rest
 * is read and dropped — a client still sending would otherwise see its connection reset instead of the
 * 413 — and past DRAIN_LIMIT the stream is cancelled. So memory never grows with what a client sends.
 */
export async function readBody(request: Request, max: number): Promise<ArrayBuffer | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) <= max) return request.arrayBuffer();
  if (!request.body) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total <= max) chunks.push(value);
    else if (total > DRAIN_LIMIT) {
      await reader.cancel();
      break;
    }
  }
  if (total > max) return null;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/**
 * The body as text, or null when it is not UTF-8: DynamoDB's JSON reader refuses such a body (a bare
 * SerializationException), where a lenient decoder would store U+FFFD in place of the client's bytes.
 */
export function decodeBody(bytes: ArrayBuffer | Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Whether a string starting at `from` (just past its opening quote) ends at `quote`: the quote is not escaped. */
function unescaped(text: string, from: number, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= from && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** One pass over the text: do its brackets (outside strings) nest deeper than `max`? */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump over the string: brackets inside it do not nest.
      const start = i + 1;
      let q = text.indexOf('"', start);
      while (q >= 0 && !unescaped(text, start, q)) q = text.indexOf('"', q + 1);
      if (q < 0) return false; // unterminated: JSON.parse refuses it
      i = q;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Not a DynamoDB JSON request at all: DynamoDB answers these with a bare 404. */
export class NotAnApiRequest {
  readonly contentType = "application/x-amz-json-1.0";
}

type Parsed = ApiRequest | NotAnApiRequest | { error: DynamoError; contentType: string };

/**
 * Parses a POST whose body `decodeBody` decoded (null: not UTF-8), through the checks before the signature's:
 * content type, JSON, X-Amz-Target, the Authorization header's shape. Returns the protocol error to render in
 * `contentType`, or NotAnApiRequest for a wrong content type. The body may still be a non-object: `bodyShapeError`
 * answers it after the signature is verified, in DynamoDB's order.
 */
export function parseEnvelope(headers: Headers, text: string | null, isOperation: (name: string) => boolean): Parsed {
  const rawType = headers.get("content-type") ?? "";
  const semi = rawType.indexOf(";");
  const type = (semi < 0 ? rawType : rawType.slice(0, semi)).trim().toLowerCase();
  if (text !== "" && type !== JSON_10 && type !== JSON_11 && type !== "application/json") return new NotAnApiRequest();
  const contentType = type === JSON_10 || type === JSON_11 ? type : "application/json";
  const fail = (error: DynamoError) => ({ error, contentType });

  let body: unknown;
  if (text === null) return fail(serializationError());
  if (text) {
    if (text.length > MAX_JSON_DEPTH && nestedDeeperThan(text, MAX_JSON_DEPTH)) return fail(serializationError());
    try {
      body = JSON.parse(text);
    } catch {
      return fail(serializationError());
    }
  }

  const target = headers.get("x-amz-target") ?? "";
  const operation = target.slice(TARGET_PREFIX.length);
  if (!target.startsWith(TARGET_PREFIX) || !isOperation(operation)) return fail(unknownOperation());

  const authError = checkAuthorization(headers);
  if (authError) return fail(authError);
  return { operation, body, contentType };
}

/** A JSON body must be an object; an empty or non-object body cannot be deserialised. */
export function bodyShapeError(body: unknown): DynamoError | undefined {
  return body === undefined || body === null || typeof body !== "object" || Array.isArray(body) ? serializationError() : undefined;
}

const WELL_FORMED =
  /^\s*AWS4-\S+ (?=(?:.*[\s,])?Credential=[^,\s])(?=(?:.*[\s,])?Signature=[^,\s])(?=(?:.*[\s,])?SignedHeaders=[^,\s])/;

/** The Authorization header's shape (present, SigV4, its parts and a date): DynamoDB's first two auth errors. */
export function checkAuthorization(headers: Headers): DynamoError | undefined {
  const auth = headers.get("authorization");
  if (!auth || !auth.trim().startsWith("AWS4-")) return missingAuthToken();
  // Fast path for the well-formed header every SDK sends; the exact message is built only on failure.
  if (WELL_FORMED.test(auth) && (headers.has("x-amz-date") || headers.has("date"))) return undefined;
  const params = new Map<string, string>();
  const firstSpace = auth.trim().indexOf(" ");
  for (const part of auth.trim().slice(firstSpace + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  let msg = "";
  for (const p of ["Credential", "Signature", "SignedHeaders"]) {
    if (!params.get(p)) msg += `Authorization header requires '${p}' parameter. `;
  }
  if (!headers.get("x-amz-date") && !headers.get("date")) {
    msg += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  return msg ? incompleteSignature(`${msg}Authorization=${auth}`) : undefined;
}
