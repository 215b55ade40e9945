/**
 * The ceiling: the least a DynamoDB-ish PutItem/GetItem can cost on this platform (workerd + one
 * SQLite Durable Object per partition), to compare the real engine against. Same export names as
 * worker/src/index.ts (Catalog, Partition, default fetch) so serve.ts's workerd config fits both, and
 * it accepts the engine's request bodies so one driver runs against both.
 *
 * Per request it does only what any server must: read the body, JSON.parse it, pick the key, one RPC to
 * the key's Partition, exactly one SQLite statement there, a small JSON reply. No validation, no
 * request ids, no CRC header, no catalog lookup. Partition count P comes from the text binding
 * SHVM_BENCH_PARTITIONS (set by the benchmark's target, harness/targets/bench-servers.ts; default 1); the key's
 * FNV-1a hash picks one of P.
 */
import { DurableObject } from "cloudflare:workers";

interface PartitionRpc {
  put(pk: string, item: string): Promise<void>;
  get(pk: string): Promise<string | null>;
}

/** Structural on purpose: the same file is also type-checked (by the root tsconfig) without Workers types. */
interface DurableObjectIdLike {
  toString(): string;
}
interface Env {
  SHVM_BENCH_PARTITIONS?: string;
  PARTITION: { idFromName(name: string): DurableObjectIdLike; get(id: DurableObjectIdLike): PartitionRpc };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Keys are stored as bytes, like the engine's encoded keys (the table's primary key is a BLOB). */
const keyBytes = (pk: string): ArrayBuffer => encoder.encode(pk).buffer as ArrayBuffer;

export class Partition extends DurableObject<Env> {
  constructor(ctx: ConstructorParameters<typeof DurableObject<Env>>[0], env: Env) {
    super(ctx, env);
    // Once per object instance, not per request.
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS items (pk BLOB PRIMARY KEY, item TEXT NOT NULL) WITHOUT ROWID");
  }

  put(pk: string, item: string): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO items (pk, item) VALUES (?, ?)", keyBytes(pk), item);
  }

  get(pk: string): string | null {
    const rows = this.ctx.storage.sql.exec<{ item: string }>("SELECT item FROM items WHERE pk = ?", keyBytes(pk)).toArray();
    return rows[0]?.item ?? null;
  }
}

/** Present only so the export names match the engine; the ceiling has no catalog. */
export class Catalog extends DurableObject<Env> {}

/** idFromName hashes the name (SHA-256), so the P ids are computed once per isolate, not per request. */
const ids = new Map<string, DurableObjectIdLike>();

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function partitionFor(env: Env, pk: string, partitions: number): PartitionRpc {
  const name = partitions <= 1 ? "p0" : `p${fnv1a(pk) % partitions}`;
  let id = ids.get(name);
  if (!id) ids.set(name, (id = env.PARTITION.idFromName(name)));
  return env.PARTITION.get(id);
}

function partitionCount(env: Env): number {
  const n = Math.floor(Number(env.SHVM_BENCH_PARTITIONS ?? 1));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

const JSON_HEADERS = { "content-type": "application/x-amz-json-1.0" };
const reply = (body: string, status = 200): Response => new Response(body, { status, headers: JSON_HEADERS });
const error = (type: string, message: string): Response =>
  reply(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }), 400);

interface KeyHolder {
  Item?: { pk?: { S?: unknown } };
  Key?: { pk?: { S?: unknown } };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST") return new Response("shvm-db ceiling\n");
    const target = request.headers.get("x-amz-target");
    let body: KeyHolder;
    try {
      // Not request.text(): on a non-text Content-Type workerd logs a console warning for every call.
      body = JSON.parse(decoder.decode(await request.arrayBuffer())) as KeyHolder;
    } catch {
      return error("SerializationException", "Start of structure or map found where not expected");
    }
    if (target === "DynamoDB_20120810.PutItem") {
      const pk = body.Item?.pk?.S;
      if (typeof pk !== "string") return error("ValidationException", "ceiling: Item.pk.S is required");
      await partitionFor(env, pk, partitionCount(env)).put(pk, JSON.stringify(body.Item));
      return reply("{}");
    }
    if (target === "DynamoDB_20120810.GetItem") {
      const pk = body.Key?.pk?.S;
      if (typeof pk !== "string") return error("ValidationException", "ceiling: Key.pk.S is required");
      const item = await partitionFor(env, pk, partitionCount(env)).get(pk);
      return reply(item === null ? "{}" : `{"Item":${item}}`);
    }
    return error("UnknownOperationException", `ceiling: ${target ?? "no target"} is not supported`);
  },
};
