/**
 * shvm-db's Worker: speaks the DynamoDB JSON API on `POST /`, routes each item request by the hash of
 * its partition key to a partition Durable Object, and keeps table metadata in a catalog Durable Object.
 */
import { actions } from "./actions/index.js";
import { DynamoError, internalError } from "./http/errors.js";
import { NotAnApiRequest, parseApiRequest } from "./http/request.js";
import { errorResponse, jsonResponse } from "./http/response.js";
import type { Env } from "./router/env.js";
import { isOperation, validateRequest, type OperationName } from "./validation/index.js";

export { Catalog } from "./catalog/catalog.js";
export { Partition } from "./partition/partition.js";

const notFound = () =>
  new Response("<UnknownOperationException/>\n", { status: 404, headers: { "x-amz-crc32": "3552371480" } });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method === "GET") {
      const url = new URL(request.url);
      if (url.pathname === "/") return new Response(`healthy: ${url.host} `, { headers: { "content-type": "text/plain" } });
      return notFound();
    }
    if (request.method !== "POST") return notFound();

    const parsed = parseApiRequest(request.headers, await request.text(), isOperation);
    if (parsed instanceof NotAnApiRequest) return notFound();
    if ("error" in parsed) return errorResponse(parsed.error, parsed.contentType);

    try {
      const op = parsed.operation as OperationName;
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
