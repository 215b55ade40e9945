import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import { authMode, authorizeAdmin, authorizeApi } from "./access.js";
import { parseAccessKeys } from "./access-keys.js";
import type { SignedRequest } from "./sigv4.js";

/** A POST / with no Authorization header, and its body. */
const post = (): [Request, ArrayBuffer] => [new Request("http://h/", { method: "POST", headers: { host: "h" } }), new ArrayBuffer(0)];
const unsigned = (): SignedRequest => ({ method: "POST", path: "/", query: new URLSearchParams(), headers: new Headers({ host: "h" }), body: new Uint8Array(0) });

describe("access modes", () => {
  it("refuses everything when nothing is configured (a deployment nobody set up), saying why", async () => {
    const env = {};
    expect(authMode(env).kind).toBe("refuse");
    const e = authorizeApi(env, ...post());
    expect(e).toBeInstanceOf(DynamoError);
    expect((e as DynamoError).type).toBe("com.amazon.coral.service#UnrecognizedClientException");
    expect((e as DynamoError).message).toMatch(/no access keys are configured .*SHVM_ACCESS_KEYS/);
    const admin = await authorizeAdmin(env, { ...unsigned(), method: "GET" });
    expect(admin.ok).toBe(false);
  });

  it("refuses everything when the keys are malformed, telling clients nothing of the keys", () => {
    // Someone pasted the secret alone, without "id:".
    const env = { SHVM_ACCESS_KEYS: "AKID1:topsecret,0123456789abcdefSECRET" };
    const mode = authMode(env);
    expect(mode.kind).toBe("refuse");
    expect(JSON.stringify(mode)).not.toMatch(/topsecret|0123456789abcdefSECRET/);
    const e = authorizeApi(env, ...post()) as DynamoError;
    expect(e.message).toBe(
      "The security token included in the request is invalid. shvm-db serves no data: its access keys (SHVM_ACCESS_KEYS) are malformed; the server log says how.",
    );
  });

  it("runs open only when told to, and keys win over the open switch", async () => {
    expect(authorizeApi({ SHVM_AUTH: "open" }, ...post())).toBeUndefined();
    expect(authMode({ SHVM_AUTH: "yes" }).kind).toBe("refuse");
    const withKeys = { SHVM_AUTH: "open", SHVM_ACCESS_KEYS: "AKID1:s1" };
    expect(authMode(withKeys).kind).toBe("keys");
    const e = await authorizeApi(withKeys, ...post());
    expect((e as DynamoError).type).toBe("com.amazon.coral.service#MissingAuthenticationTokenException");
  });

});

describe("SHVM_ACCESS_KEYS", () => {
  it("parses id:secret pairs (secrets may hold any character but the comma)", () => {
    expect([...parseAccessKeys(" AKID1:a/b+c=:d , AKID2:x ")]).toEqual([["AKID1", "a/b+c=:d"], ["AKID2", "x"]]);
  });
  it("names what is wrong by position, never by content", () => {
    expect(() => parseAccessKeys("")).toThrow("entry 1: expected id:secret (no ':' in it)");
    expect(() => parseAccessKeys("A:1,mysecret")).toThrow("entry 2: expected id:secret (no ':' in it)");
    expect(() => parseAccessKeys("A:1,A:2")).toThrow("entry 2: its access key id appears in an earlier entry too");
    expect(() => parseAccessKeys("bad id:1")).toThrow("entry 1: the access key id must be 1-128 of [A-Za-z0-9_-]");
    expect(() => parseAccessKeys("A:")).toThrow("entry 1: the secret after ':' is empty");
  });
});
