import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, decodeBody, nestedDeeperThan, parseEnvelope, readBody } from "./request.js";

const headers = (extra: Record<string, string> = {}) =>
  new Headers({
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.ListTables",
    "x-amz-date": "20260101T000000Z",
    authorization: "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
    ...extra,
  });
const parse = (text: string | null) => parseEnvelope(headers(), text, (op) => op === "ListTables");
const errorType = (r: ReturnType<typeof parse>) => ("error" in r ? r.error.type.split("#")[1] : "ok");

describe("nestedDeeperThan", () => {
  it("counts brackets outside strings only", () => {
    expect(nestedDeeperThan("[[[]]]", 3)).toBe(false);
    expect(nestedDeeperThan("[[[[]]]]", 3)).toBe(true);
    expect(nestedDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(nestedDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(nestedDeeperThan(`["${"[".repeat(50)}"]`, 3)).toBe(false);
    // Escaped quotes do not end a string; an escaped backslash before a quote does.
    expect(nestedDeeperThan(`["\\"[[[[", 1]`, 3)).toBe(false);
    expect(nestedDeeperThan(`["\\\\", [[[1]]]]`, 3)).toBe(true);
    expect(nestedDeeperThan(`["\\\\\\"[[[["]`, 3)).toBe(false);
  });
  it("stops at the first level past the limit", () => {
    expect(nestedDeeperThan("[".repeat(5) + "garbage", 4)).toBe(true);
  });
});

describe("parseEnvelope", () => {
  it("refuses JSON nested past MAX_JSON_DEPTH before parsing it, and parses it up to there", () => {
    const at = (n: string) => `{"Limit":1,"x":${n}}`;
    expect(errorType(parse(at("[".repeat(MAX_JSON_DEPTH - 1) + "]".repeat(MAX_JSON_DEPTH - 1))))).toBe("ok");
    expect(errorType(parse(at("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH))))).toBe("SerializationException");
    expect(errorType(parse("[".repeat(100_000) + "]".repeat(100_000)))).toBe("SerializationException");
    const r = parse(at("[".repeat(100_000) + "]".repeat(100_000)));
    expect("error" in r && r.error.toBody()).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
  });
  it("answers a body that is not UTF-8 with a bare SerializationException, after the content type check", () => {
    const r = parse(null);
    expect("error" in r && r.error.toBody()).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
    const plain = parseEnvelope(headers({ "content-type": "text/plain" }), null, () => true);
    expect("error" in plain).toBe(false); // NotAnApiRequest: DynamoDB's 404
  });
});

describe("decodeBody", () => {
  it("decodes UTF-8 and refuses anything else", () => {
    expect(decodeBody(new TextEncoder().encode('{"s":"é🚀"}'))).toBe('{"s":"é🚀"}');
    for (const bad of [[0xff], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(decodeBody(Uint8Array.from([0x22, ...bad, 0x22])), bad.join(",")).toBeNull();
    }
  });
});

describe("readBody", () => {
  const MAX = 1000;
  const chunked = (sizes: number[]) => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of sizes) c.enqueue(new Uint8Array(n).fill(0x20));
        c.close();
      },
    });
    return new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
  };
  const declared = (n: number) => new Request("http://x/", { method: "POST", body: "x".repeat(n), headers: { "content-length": String(n) } });
  it("reads a body of declared length whole", async () => {
    expect((await readBody(declared(MAX), MAX))?.byteLength).toBe(MAX);
  });
  it("counts a streamed body as it arrives and refuses it past the limit", async () => {
    expect((await readBody(chunked([400, 600]), MAX))?.byteLength).toBe(1000);
    expect(new Uint8Array((await readBody(chunked([3, 2]), MAX)) as ArrayBuffer)).toEqual(new Uint8Array(5).fill(0x20));
    expect(await readBody(chunked([400, 601]), MAX)).toBeNull();
    expect(await readBody(chunked([MAX * 10]), MAX)).toBeNull();
  });
  it("refuses a declared length over the limit", async () => {
    expect(await readBody(declared(MAX + 1), MAX)).toBeNull();
  });
});
