/**
 * The DynamoDB wire protocol, in the order DynamoDB checks it: method and content type, JSON body,
 * X-Amz-Target, then the Authorization header's shape. Signatures are not verified yet (a later issue);
 * any well-formed SigV4 header is accepted.
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

/** Not a DynamoDB JSON request at all: DynamoDB answers these with a bare 404. */
export class NotAnApiRequest {
  readonly contentType = "application/x-amz-json-1.0";
}

/**
 * Parses a POST. Throws DynamoError for protocol errors (rendered in `contentType`), returns
 * NotAnApiRequest for a wrong content type.
 */
export function parseApiRequest(
  headers: Headers,
  text: string,
  isOperation: (name: string) => boolean,
): ApiRequest | NotAnApiRequest | { error: DynamoError; contentType: string } {
  const rawType = headers.get("content-type") ?? "";
  const semi = rawType.indexOf(";");
  const type = (semi < 0 ? rawType : rawType.slice(0, semi)).trim().toLowerCase();
  if (text && type !== JSON_10 && type !== JSON_11 && type !== "application/json") return new NotAnApiRequest();
  const contentType = type === JSON_10 || type === JSON_11 ? type : "application/json";
  const fail = (error: DynamoError) => ({ error, contentType });

  let body: unknown;
  if (text) {
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

  // A JSON body must be an object; an empty or non-object body cannot be deserialised.
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    return fail(serializationError());
  }
  return { operation, body, contentType };
}

const WELL_FORMED =
  /^\s*AWS4-\S+ (?=(?:.*[\s,])?Credential=[^,\s])(?=(?:.*[\s,])?Signature=[^,\s])(?=(?:.*[\s,])?SignedHeaders=[^,\s])/;

function checkAuthorization(headers: Headers): DynamoError | undefined {
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
