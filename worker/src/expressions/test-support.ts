/** Test helpers for the expression tests (not used by the Worker). */
import { expect } from "vitest";
import { DynamoError } from "../http/errors.js";
import type { AttributeValue } from "../model/types.js";
import { type CompileInput, type CompiledRequest, compileRequest } from "./compile.js";

export const VALIDATION = "com.amazon.coral.validate#ValidationException";

/** Runs `f`, which must throw DynamoDB's ValidationException; returns its message. */
export function rejection(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DynamoError)) throw e;
    expect(e.type).toBe(VALIDATION);
    return e.message;
  }
  throw new Error("expected a ValidationException");
}

/** The message compileRequest throws for `input` (structured-cloned first: values are normalised in place). */
export function compileError(input: CompileInput): string {
  return rejection(() => compileRequest(structuredClone(input)));
}

export function compile(input: CompileInput): CompiledRequest {
  return compileRequest(structuredClone(input));
}

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: string | number): AttributeValue => ({ N: String(n) });
export const B = (b: string): AttributeValue => ({ B: b });
