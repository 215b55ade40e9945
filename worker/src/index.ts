/**
 * shvm-db's Worker: speaks the DynamoDB JSON API on `POST /`, routes each item request by the hash of
 * its partition key to a partition Durable Object, and keeps table metadata in a catalog Durable Object.
 */
import { actions } from "./actions/index.js";
import { DynamoError, internalError, validationError } from "./http/errors.js";
import { isDynamoOperation } from "./http/operations.js";
import { NotAnApiRequest, bodyShapeError, decodeBody, parseEnvelope, readBody } from "./http/request.js";
import { errorResponse, jsonResponse } from "./http/response.js";
import { adminEnabled, type Env } from "./router/env.js";
import { authorizeAdmin, authorizeApi, signedRequestOf } from "./auth/access.js";
import { POINTS_PER_REQUEST } from "./metrics/analytics.js";
import { METRICS_PATH, metricsResponse } from "./metrics/endpoint.js";
import { DASHBOARD_PATH, dashboardResponse } from "./dashboard/index.js";
import { isOperation, validateRequest, type OperationName } from "./validation/index.js";

export { Catalog } from "./catalog/catalog.js";
export { Partition } from "./partition/partition.js";
// Answers the other processes of a multi-process local server (router/cluster.ts); not on the public socket.
export { internal } from "./internal.js";

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

/** The URL's path and its own parameters (e.g. `?table=`), the presigning `X-Amz-*` ones left out. */
function withoutSignature(url: URL): string {
  const q = new URLSearchParams([...url.searchParams].filter(([k]) => !k.startsWith("X-Amz-")));
  const rest = q.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}
const tooLarge = () => new Response(null, { status: 413 });

const notFound = () =>
  new Response("<UnknownOperationException/>\n", { status: 404, headers: { "x-amz-crc32": "3552371480" } });


function notSupported(operation: string): DynamoError {
  return validationError(`shvm-db does not support ${operation} yet`);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method === "GET") {
      const url = new URL(request.url);
      if (url.pathname === "/") return new Response(`healthy: ${url.host} `, { headers: { "content-type": "text/plain" } });
      // Admin paths, outside DynamoDB's POST / surface (router/env.ts says where they are on), behind the API's access rule.
      const metrics = url.pathname === METRICS_PATH;
      if ((metrics || url.pathname === DASHBOARD_PATH || url.pathname.startsWith(`${DASHBOARD_PATH}/`)) && adminEnabled(env)) {
        const access = await authorizeAdmin(env, signedRequestOf(request, url, EMPTY));
        if (!access.ok) return errorResponse(access.error, "application/x-amz-json-1.0");
        const cookie = access.setCookie && (url.protocol === "https:" ? `${access.setCookie}; Secure` : access.setCookie);
        // A presigned dashboard URL: on to the page without the signature (out of the address bar and history; a
        // reload then rides on the cookie, however short the URL's own expiry).
        if (cookie && !metrics) return new Response(null, { status: 303, headers: { location: withoutSignature(url), "set-cookie": cookie } });
        const res = metrics ? await metricsResponse(env, url) : dashboardResponse(request, url.pathname);
        if (cookie) res.headers.append("set-cookie", cookie);
        return res;
      }
      return notFound();
    }
    if (request.method !== "POST") {
      // Its body is read (and dropped) first: answering under a client still sending resets its connection.
      await readBody(request, 0);
      return notFound();
    }
    // Analytics Engine takes 250 points per invocation: this request's budget (only where it is bound).
    if (env.METRICS) env = Object.create(env, { aePoints: { value: { left: POINTS_PER_REQUEST } } }) as Env;

    // DynamoDB takes requests up to 16 MB; a larger body is refused before it is parsed (413, as dynalite),
    // and is not kept in memory while it is read (readBody).
    const bytes = await readBody(request, MAX_REQUEST_BYTES);
    if (bytes === null) return tooLarge();
    // Decoded by hand: Request.text() warns about the application/x-amz-json content type (and would not refuse invalid UTF-8).
    const text = decodeBody(bytes);
    const parsed = parseEnvelope(request.headers, text, isDynamoOperation);
    if (parsed instanceof NotAnApiRequest) return notFound();
    if ("error" in parsed) return errorResponse(parsed.error, parsed.contentType);
    // Signed by a configured access key (or the server runs open, or refuses everything): auth/access.ts.
    const denied = authorizeApi(env, request, bytes);
    const deniedBy = denied instanceof Promise ? await denied : denied;
    if (deniedBy) return errorResponse(deniedBy, parsed.contentType);
    const shapeError = bodyShapeError(parsed.body);
    if (shapeError) return errorResponse(shapeError, parsed.contentType);

    try {
      // Every validated operation has an action (the actions table is typed over OperationName).
      if (!isOperation(parsed.operation)) throw notSupported(parsed.operation);
      const op = parsed.operation;
      const input = validateRequest(op, parsed.body);
      const body = await (actions[op] as (env: Env, input: unknown) => Promise<string>)(env, input);
      return jsonResponse(body, parsed.contentType);
    } catch (e) {
      if (e instanceof DynamoError) return errorResponse(e, parsed.contentType);
      console.error("internal error", e);
      return errorResponse(internalError(), parsed.contentType);
    }
  },
} satisfies ExportedHandler<Env>;
