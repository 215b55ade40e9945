/**
 * SHA-256 and HMAC-SHA-256 on WebCrypto, in the shape @smithy/signature-v4 takes (`new Hash(secret?)`, `update`,
 * `digest`). The Worker has no node:crypto (no nodejs_compat); WebCrypto is what Workers offer, and the same code
 * runs in Node's unit tests.
 */
import type { Checksum, SourceData } from "@smithy/types";

const encoder = new TextEncoder();

/** An imported HMAC key (named by its source: this module is also compiled with Node's types, which lack `CryptoKey`). */
export type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

function bytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export class WebSha256 implements Checksum {
  private chunks: Uint8Array[] = [];

  constructor(private readonly secret?: SourceData) {}

  update(data: Uint8Array): void {
    this.chunks.push(data);
  }

  async digest(): Promise<Uint8Array> {
    const data = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks);
    if (this.secret === undefined) return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
    return hmacSha256(await hmacKey(bytes(this.secret)), data);
  }

  reset(): void {
    this.chunks = [];
  }
}

export const hmacKey = (secret: Uint8Array): Promise<HmacKey> =>
  crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

export async function hmacSha256(key: HmacKey, data: Uint8Array | string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof data === "string" ? encoder.encode(data) : data));
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data)));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!]!;
  return s;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
