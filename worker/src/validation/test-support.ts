/**
 * Test helpers for the validation tests (not used by the Worker): run validateRequest and read the
 * error DynamoDB would send, and dynalite's table of wrong-JSON-type cases per wire type.
 */
import { expect } from "vitest";
import { DynamoError } from "../http/errors.js";
import { validateRequest } from "./index.js";
import type { ValidatedOperationName } from "./inputs.js";

export const VALIDATION = "com.amazon.coral.validate#ValidationException";
export const SERIALIZATION = "com.amazon.coral.service#SerializationException";

/** The DynamoError thrown by validateRequest, or undefined when the request is valid. */
export function errorOf(op: ValidatedOperationName, body: unknown): DynamoError | undefined {
  try {
    validateRequest(op, structuredClone(body));
    return undefined;
  } catch (e) {
    if (!(e instanceof DynamoError)) throw e;
    return e;
  }
}

/** The ValidationException message for `body` (fails the test if the request is not rejected that way). */
export function validation(op: ValidatedOperationName, body: unknown): string {
  const e = errorOf(op, body);
  expect(e, `expected ${op} ${JSON.stringify(body)} to be rejected`).toBeDefined();
  expect(e?.type).toBe(VALIDATION);
  return e?.message ?? "";
}

/** The SerializationException message for `body`. */
export function serialization(op: ValidatedOperationName, body: unknown): string {
  const e = errorOf(op, body);
  expect(e, `expected ${op} ${JSON.stringify(body)} to be rejected`).toBeDefined();
  expect(e?.type).toBe(SERIALIZATION);
  return e?.message ?? "";
}

/** Splits "N validation errors detected: a; b" into [N, [a, b]]. */
export function listed(message: string): [number, string[]] {
  const m = /^(\d+) validation errors? detected: (.*)$/s.exec(message);
  expect(m, message).not.toBeNull();
  return [Number(m?.[1]), (m?.[2] ?? "").split("; ")];
}

const CAST =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class " +
  "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base " +
  "of loader 'bootstrap')";

/** dynalite's test/helpers.js assertType table: [wrong value, DynamoDB's message] per wire type. */
function typeCases(type: string, subtype: string): [unknown, string][] {
  const scalars = (msg: string): [unknown, string][] => [
    ["23", msg],
    [true, msg],
    [23, msg],
    [-2147483648, msg],
    [2147483648, msg],
    [34.56, msg],
  ];
  switch (type) {
    case "Boolean":
      return [
        ["23", "Unexpected token received from parser"],
        [23, "NUMBER_VALUE cannot be converted to Boolean"],
        [-2147483648, "NUMBER_VALUE cannot be converted to Boolean"],
        [2147483648, "NUMBER_VALUE cannot be converted to Boolean"],
        [34.56, "DECIMAL_VALUE cannot be converted to Boolean"],
        [[], "Unrecognized collection type class java.lang.Boolean"],
        [{}, "Start of structure or map found where not expected"],
      ];
    case "String":
      return [
        [true, "TRUE_VALUE cannot be converted to String"],
        [false, "FALSE_VALUE cannot be converted to String"],
        [23, "NUMBER_VALUE cannot be converted to String"],
        [-2147483648, "NUMBER_VALUE cannot be converted to String"],
        [2147483648, "NUMBER_VALUE cannot be converted to String"],
        [34.56, "DECIMAL_VALUE cannot be converted to String"],
        [[], "Unrecognized collection type class java.lang.String"],
        [{}, "Start of structure or map found where not expected"],
      ];
    case "Integer":
    case "Long":
      return [
        ["23", `STRING_VALUE cannot be converted to ${type}`],
        [true, `TRUE_VALUE cannot be converted to ${type}`],
        [false, `FALSE_VALUE cannot be converted to ${type}`],
        [[], `Unrecognized collection type class java.lang.${type}`],
        [{}, "Start of structure or map found where not expected"],
      ];
    case "Blob":
      return [
        [true, "only base-64-encoded strings are convertible to bytes"],
        [23, "only base-64-encoded strings are convertible to bytes"],
        [34.56, "only base-64-encoded strings are convertible to bytes"],
        [[], "Unrecognized collection type class java.nio.ByteBuffer"],
        [{}, "Start of structure or map found where not expected"],
        ["23456", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
        ["=+/=", "Invalid last non-pad Base64 character dectected"],
        ["+/+=", "Invalid last non-pad Base64 character dectected"],
      ];
    case "List":
      return [...scalars("Unexpected field type"), [{}, "Start of structure or map found where not expected"]];
    case "ParameterizedList":
      return [...scalars(CAST), [{}, "Start of structure or map found where not expected"]];
    case "Map": {
      const valueType = subtype.includes(".") ? subtype : `com.amazonaws.dynamodb.v20120810.${subtype}`;
      return [
        ...scalars("Unexpected field type"),
        [[], `Unrecognized collection type java.util.Map<java.lang.String, ${valueType}>`],
      ];
    }
    case "ParameterizedMap":
      return [
        ...scalars(CAST),
        [[], "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"],
      ];
    case "ValueStruct":
      return [
        ...scalars("Unexpected value type in payload"),
        [[], `Unrecognized collection type class com.amazonaws.dynamodb.v20120810.${subtype}`],
      ];
    case "FieldStruct":
      return [
        ...scalars("Unexpected field type"),
        [[], `Unrecognized collection type class com.amazonaws.dynamodb.v20120810.${subtype}`],
      ];
    default:
      throw new Error(`unknown type ${type}`);
  }
}

/** Builds {A: {B: [..]}} from "A.B.0" with `value` at the end, as dynalite's helper does. */
function bodyAt(path: string, value: unknown): Record<string, unknown> {
  const pieces = path.split(".");
  const data: Record<string, unknown> = {};
  let child: Record<string, unknown> | unknown[] = data;
  for (let i = 0; i < pieces.length - 1; i++) {
    const next: Record<string, unknown> | unknown[] = pieces[i + 1] === "0" ? [] : {};
    if (Array.isArray(child)) child[0] = next;
    else child[pieces[i] as string] = next;
    child = next;
  }
  if (Array.isArray(child)) child[0] = value;
  else child[pieces[pieces.length - 1] as string] = value;
  return data;
}

/** Asserts every wrong-type case of dynalite's assertType for `path` (e.g. "Item.Attr", "AttrStruct<ValueStruct>"). */
export function assertType(op: ValidatedOperationName, path: string, typeSpec: string): void {
  const m = /^(.+?)<(.+)>$/.exec(typeSpec);
  const type = m ? (m[1] as string) : typeSpec;
  const subtype = m ? (m[2] as string) : "";
  if (type === "AttrStruct") {
    const cases: [string, string][] = [
      [path, `${subtype}<AttributeValue>`],
      [`${path}.S`, "String"],
      [`${path}.N`, "String"],
      [`${path}.B`, "Blob"],
      [`${path}.BOOL`, "Boolean"],
      [`${path}.NULL`, "Boolean"],
      [`${path}.SS`, "List"],
      [`${path}.SS.0`, "String"],
      [`${path}.NS`, "List"],
      [`${path}.NS.0`, "String"],
      [`${path}.BS`, "List"],
      [`${path}.BS.0`, "Blob"],
      [`${path}.L`, "List"],
      [`${path}.L.0`, "ValueStruct<AttributeValue>"],
      [`${path}.L.0.BS`, "List"],
      [`${path}.L.0.BS.0`, "Blob"],
      [`${path}.M`, "Map<AttributeValue>"],
      [`${path}.M.a`, "ValueStruct<AttributeValue>"],
      [`${path}.M.a.BS`, "List"],
      [`${path}.M.a.BS.0`, "Blob"],
    ];
    for (const [p, t] of cases) assertType(op, p, t);
    return;
  }
  for (const [value, message] of typeCases(type, subtype)) {
    expect(serialization(op, bodyAt(path, value)), `${op} ${path} = ${JSON.stringify(value)}`).toBe(message);
  }
}
