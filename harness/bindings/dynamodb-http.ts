/**
 * The HTTP side of the DynamoDB binding: one keep-alive undici Pool per binding (= per load-generator
 * thread), `POST /` with a DynamoDB JSON body, signed with SigV4 when credentials are configured. A call
 * never throws for a target failure: it resolves to the reply or to the network error, and the caller maps
 * either to a Status.
 */
import { Pool } from "undici";
import { SigV4Signer, unsignedHeaders, type AwsCredentials } from "./dynamodb-sigv4.js";

export interface DynamoHttpOptions {
  endpoint: string;
  region: string;
  /** Sign with these; without, a fixed SigV4-shaped header is sent (enough for shvm-db and dynalite). */
  credentials?: AwsCredentials;
  /** Most connections the pool opens (YCSB's dynamodb.connectMax). */
  connections: number;
  /** Bound on connecting, on waiting for the reply's headers, and on its body. */
  timeoutMs: number;
}

export type HttpOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; timeout: boolean; error: string };

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export class DynamoHttp {
  private readonly pool: Pool;
  private readonly signer: SigV4Signer | undefined;
  private readonly host: string;
  private readonly path: string;

  constructor(readonly options: DynamoHttpOptions) {
    const url = new URL(options.endpoint);
    this.host = url.host;
    this.path = url.pathname || "/";
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // keepAliveTimeout stays undici's default (4 s), below common server idle timeouts (5 s): a request
      // sent on a connection the server is just closing would fail and count as an error.
    });
    this.signer = options.credentials ? new SigV4Signer(options.credentials, options.region) : undefined;
  }

  async call(operation: string, body: string): Promise<HttpOutcome> {
    const headers = this.signer ? this.signer.headers(this.host, operation, body) : this.unsigned(operation);
    try {
      const res = await this.pool.request({ path: this.path, method: "POST", headers, body });
      return { ok: true, status: res.statusCode, body: await res.body.text() };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const message = e instanceof Error ? `${e.message}${typeof code === "string" ? ` (${code})` : ""}` : String(e);
      return { ok: false, timeout: typeof code === "string" && TIMEOUT_CODES.has(code), error: message };
    }
  }

  /** Unsigned headers never change: one object per operation, reused (undici does not modify it). */
  private readonly unsignedByOperation = new Map<string, Record<string, string>>();
  private unsigned(operation: string): Record<string, string> {
    let h = this.unsignedByOperation.get(operation);
    if (h === undefined) this.unsignedByOperation.set(operation, (h = unsignedHeaders(operation)));
    return h;
  }

  /** Closes idle connections and waits (bounded) for the ones in use. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)));
    try {
      await Promise.race([this.pool.close(), bound]);
    } finally {
      clearTimeout(timer);
      // A pool still busy after the bound is cut off; destroying an already closed pool is harmless.
      if (!this.pool.destroyed) await this.pool.destroy().catch(() => undefined);
    }
  }
}
