/**
 * Driver of the metrics overhead benchmark (scripts/bench-metrics.ts), run inside the same workerd process as
 * two copies of the engine: `ON` (metrics on, the default) and `OFF` (SHVM_METRICS=off), each with its own
 * Durable Object namespaces and state, reached through service bindings (in-process, no sockets).
 *
 * Everything runs on workerd's one JS thread, which the C concurrent loops keep saturated, so the wall time
 * of a block of N requests is the time the engine needs for them. Blocks alternate between the two engines
 * in ABBA order (on, off, off, on, ...), so a slow stretch of this shared machine falls on both sides of a
 * pair; the Node side takes the median over pairs. The HTTP front (sockets, parsing) is outside the blocks,
 * which makes the overhead figure a little pessimistic: a real request costs that on top, with or without
 * metrics.
 */
import { createTableBody, dynamoHeaders, FIELD_COUNT, FIELD_LENGTH, getItemBody, keyName, putItemBody, randomPool, ycsbItemJson } from "./dynamo-bodies.js";
import { hex, hmacKey, hmacSha256, sha256Hex, type HmacKey } from "../../worker/src/auth/web-sha256.js";
import { basicDate } from "../../worker/src/auth/sigv4.js";

/** The access key the `--compare=auth` run configures on the ON engine (scripts/bench-metrics.ts). */
export const BENCH_KEY = { id: "BENCHKEY", secret: "bench-secret" };

/** Structural, so the root tsconfig (no Workers types) can check the file too. */
interface ServiceLike {
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ status: number; text(): Promise<string> }>;
}
interface Env {
  ON: ServiceLike;
  OFF: ServiceLike;
}

export type AbOperation = "put" | "get" | "update";
export interface AbRun {
  /** Milliseconds per block, in the order run (pairs alternate which engine goes first). */
  onMs: number[];
  offMs: number[];
  perBlock: number;
  errors: number;
  firstError?: string;
}

const TABLE = "bench";
const pool = randomPool();

function request(op: AbOperation | "create" | "describe", key: string, partitions = 1): { headers: Record<string, string>; body: string } {
  switch (op) {
    case "put":
      return { headers: dynamoHeaders("PutItem"), body: putItemBody(TABLE, ycsbItemJson(key, pool)) };
    case "get":
      return { headers: dynamoHeaders("GetItem"), body: getItemBody(TABLE, key) };
    case "update": {
      const at = Math.floor(Math.random() * (pool.length - FIELD_LENGTH));
      const body =
        `{"TableName":"${TABLE}","Key":{"pk":{"S":"${key}"}},"UpdateExpression":"SET #f = :v",` +
        `"ExpressionAttributeNames":{"#f":"field${Math.floor(Math.random() * FIELD_COUNT)}"},` +
        `"ExpressionAttributeValues":{":v":{"S":"${pool.slice(at, at + FIELD_LENGTH)}"}}}`;
      return { headers: dynamoHeaders("UpdateItem"), body };
    }
    case "create":
      return { headers: dynamoHeaders("CreateTable"), body: createTableBody(TABLE, partitions) };
    case "describe":
      return { headers: dynamoHeaders("DescribeTable"), body: `{"TableName":"${TABLE}"}` };
  }
}

const encoder = new TextEncoder();

let signingKey: { day: string; key: HmacKey } | undefined;
const SIGNED = "content-type;host;x-amz-date;x-amz-target";

/**
 * SigV4 as an SDK signs (`--compare=auth`): every request of both sides is signed, so the signing cost (this
 * thread's too) falls on both, and the difference between them is the server's verification.
 */
async function signed(headers: Record<string, string>, body: string): Promise<Record<string, string>> {
  const date = basicDate(Date.now());
  const day = date.slice(0, 8);
  if (signingKey?.day !== day) {
    let k: Uint8Array = encoder.encode(`AWS4${BENCH_KEY.secret}`);
    for (const part of [day, "us-east-1", "dynamodb", "aws4_request"]) k = await hmacSha256(await hmacKey(k), part);
    signingKey = { day, key: await hmacKey(k) };
  }
  const ct = headers["content-type"]!;
  const target = headers["x-amz-target"]!;
  const canonical = `POST\n/\n\ncontent-type:${ct}\nhost:engine\nx-amz-date:${date}\nx-amz-target:${target}\n\n${SIGNED}\n${await sha256Hex(body)}`;
  const scope = `${day}/us-east-1/dynamodb/aws4_request`;
  const signature = hex(await hmacSha256(signingKey.key, `AWS4-HMAC-SHA256\n${date}\n${scope}\n${await sha256Hex(canonical)}`));
  return { ...headers, "x-amz-date": date, authorization: `AWS4-HMAC-SHA256 Credential=${BENCH_KEY.id}/${scope}, SignedHeaders=${SIGNED}, Signature=${signature}` };
}

let signRequests = false;

/** `n` requests over `concurrency` loops; keys from `keyAt(i)`. Returns the errors seen. */
async function drive(
  engine: ServiceLike,
  op: AbOperation,
  n: number,
  concurrency: number,
  keyAt: (i: number) => string,
): Promise<{ errors: number; firstError?: string }> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async () => {
    while (next < n) {
      const i = next++;
      const r = request(op, keyAt(i));
      const headers = signRequests ? await signed(r.headers, r.body) : r.headers;
      const res = await engine.fetch("http://engine/", { method: "POST", headers, body: r.body });
      const text = await res.text();
      // Every key was loaded first: a GetItem without an Item is a wrong (and cheaper) answer.
      if (res.status !== 200 || (op === "get" && !text.includes('"Item"'))) {
        errors++;
        firstError ??= `${op}: HTTP ${res.status}: ${text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return firstError === undefined ? { errors } : { errors, firstError };
}

async function setup(env: Env, keys: number, partitions: number, concurrency: number): Promise<Response> {
  for (const engine of [env.ON, env.OFF]) {
    const c = request("create", "", partitions);
    const created = await engine.fetch("http://engine/", { method: "POST", body: c.body, headers: signRequests ? await signed(c.headers, c.body) : c.headers });
    if (created.status !== 200) return new Response(`CreateTable: ${await created.text()}`, { status: 500 });
    let active = false;
    for (let i = 0; i < 100 && !active; i++) {
      const dr = request("describe", "");
      const d = await engine.fetch("http://engine/", { method: "POST", body: dr.body, headers: signRequests ? await signed(dr.headers, dr.body) : dr.headers });
      active = (await d.text()).includes('"ACTIVE"');
      if (!active) await new Promise((r) => setTimeout(r, 50));
    }
    if (!active) return new Response("table not ACTIVE", { status: 500 });
    const loaded = await drive(engine, "put", keys, concurrency, keyName);
    if (loaded.errors) return new Response(`loading: ${loaded.firstError}`, { status: 500 });
  }
  return new Response("ok");
}

async function run(env: Env, o: { op: AbOperation; pairs: number; perBlock: number; keys: number; concurrency: number }): Promise<AbRun> {
  const out: AbRun = { onMs: [], offMs: [], perBlock: o.perBlock, errors: 0 };
  const randomKey = () => keyName(Math.floor(Math.random() * o.keys));
  for (let pair = 0; pair < o.pairs; pair++) {
    const order: ("on" | "off")[] = pair % 2 === 0 ? ["on", "off"] : ["off", "on"];
    for (const side of order) {
      const start = performance.now();
      const r = await drive(side === "on" ? env.ON : env.OFF, o.op, o.perBlock, o.concurrency, randomKey);
      (side === "on" ? out.onMs : out.offMs).push(performance.now() - start);
      out.errors += r.errors;
      if (r.firstError !== undefined) out.firstError ??= r.firstError;
    }
  }
  return out;
}

const int = (v: string | null, fallback: number) => (v === null ? fallback : Math.max(1, Math.floor(Number(v)) || fallback));

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    const q = url.searchParams;
    const partitions = int(q.get("partitions"), 1);
    const keys = int(q.get("keys"), 10_000);
    const concurrency = int(q.get("concurrency"), 16);
    signRequests = q.get("sign") === "1";
    if (url.pathname === "/") return new Response("metrics A/B driver");
    if (url.pathname === "/setup") return setup(env, keys, partitions, concurrency);
    if (url.pathname === "/run") {
      const op = q.get("op");
      if (op !== "put" && op !== "get" && op !== "update") return new Response("op must be put, get or update", { status: 400 });
      const result = await run(env, { op, pairs: int(q.get("pairs"), 20), perBlock: int(q.get("per"), 400), keys, concurrency });
      return new Response(JSON.stringify(result), { headers: { "content-type": "application/json" } });
    }
    return new Response("not found", { status: 404 });
  },
};
