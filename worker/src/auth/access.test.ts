import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import { authMode, authorizeAdmin, authorizeApi } from "./access.js";
import { parseAccessKeys } from "./access-keys.js";
import type { SignedRequest } from "./sigv4.js";

const unsigned = (): SignedRequest => ({ method: "POST", path: "/", query: new URLSearchParams(), headers: new Headers({ host: "h" }), body: new Uint8Array(0) });

describe("access modes", () => {
  it("refuses everything when nothing is configured (a deployment nobody set up), saying why", async () => {
    const env = {};
    expect(authMode(env).kind).toBe("refuse");
    const e = authorizeApi(env, unsigned);
    expect(e).toBeInstanceOf(DynamoError);
    expect((e as DynamoError).type).toBe("com.amazon.coral.service#UnrecognizedClientException");
    expect((e as DynamoError).message).toMatch(/no access keys are configured .*SHVM_ACCESS_KEYS/);
    const admin = await authorizeAdmin(env, { ...unsigned(), method: "GET" });
    expect(admin.ok).toBe(false);
  });

  it("refuses everything when the keys are malformed, without echoing a secret", () => {
    const env = { SHVM_ACCESS_KEYS: "AKID1:topsecret,broken" };
    const mode = authMode(env);
    expect(mode).toEqual({ kind: "refuse", reason: "SHVM_ACCESS_KEYS is malformed (entry 2 (broken): the secret is missing (id:secret))" });
    expect(JSON.stringify(mode)).not.toContain("topsecret");
  });

  it("runs open only when told to, and keys win over the open switch", async () => {
    expect(authorizeApi({ SHVM_AUTH: "open" }, unsigned)).toBeUndefined();
    expect(authMode({ SHVM_AUTH: "yes" }).kind).toBe("refuse");
    const withKeys = { SHVM_AUTH: "open", SHVM_ACCESS_KEYS: "AKID1:s1" };
    expect(authMode(withKeys).kind).toBe("keys");
    const e = await authorizeApi(withKeys, unsigned);
    expect((e as DynamoError).type).toBe("com.amazon.coral.service#MissingAuthenticationTokenException");
  });

});

describe("SHVM_ACCESS_KEYS", () => {
  it("parses id:secret pairs (secrets may hold any character but the comma)", () => {
    expect([...parseAccessKeys(" AKID1:a/b+c=:d , AKID2:x ")]).toEqual([["AKID1", "a/b+c=:d"], ["AKID2", "x"]]);
  });
  it("names what is wrong", () => {
    expect(() => parseAccessKeys("")).toThrow("entry 1: the access key id must be 1-128 of [A-Za-z0-9_-]");
    expect(() => parseAccessKeys("A:1,A:2")).toThrow("entry 2: the access key id A appears twice");
    expect(() => parseAccessKeys("bad id:1")).toThrow("entry 1: the access key id must be");
  });
});
