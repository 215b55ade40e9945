/**
 * The type pass: what DynamoDB's JSON deserializer accepts for each wire type, and its exact
 * SerializationException texts when it does not. It also cleans the request the way the deserializer
 * does: unknown members and null members of structures are dropped, "true"/"yes"/"1" strings become
 * booleans, integral types are truncated. Lists and maps are cleaned in place (the body is ours).
 */
import { NESTING_TOO_DEEP } from "../expressions/messages.js";
import { serializationError, validationError } from "../http/errors.js";
import type { Field, Members } from "./schema.js";

const START_OF_STRUCT = "Start of structure or map found where not expected";
const UNEXPECTED_FIELD = "Unexpected field type";
const UNEXPECTED_VALUE = "Unexpected value type in payload";
const CAST_FAILURE =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class " +
  "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base " +
  "of loader 'bootstrap')";
const MODEL = "com.amazonaws.dynamodb.v20120810.";

const fail = (message: string) => serializationError(message);

const numberToken = (n: number) => (n % 1 === 0 ? "NUMBER_VALUE" : "DECIMAL_VALUE");
const booleanToken = (b: boolean) => (b ? "TRUE_VALUE" : "FALSE_VALUE");

export function checkString(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") throw fail(`${booleanToken(v)} cannot be converted to String`);
  if (typeof v === "number") throw fail(`${numberToken(v)} cannot be converted to String`);
  if (Array.isArray(v)) throw fail("Unrecognized collection type class java.lang.String");
  throw fail(START_OF_STRUCT);
}

export function checkBoolean(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    // The deserializer accepts a few spellings, case-insensitively.
    switch (v.toUpperCase()) {
      case "TRUE":
      case "YES":
      case "1":
        return true;
      case "FALSE":
      case "NO":
      case "0":
        return false;
    }
    throw fail("Unexpected token received from parser");
  }
  if (typeof v === "number") throw fail(`${numberToken(v)} cannot be converted to Boolean`);
  if (Array.isArray(v)) throw fail("Unrecognized collection type class java.lang.Boolean");
  throw fail(START_OF_STRUCT);
}

function checkIntegral(v: unknown, type: "Integer" | "Long"): number {
  if (typeof v === "number") return Math.floor(v);
  if (typeof v === "boolean") throw fail(`${booleanToken(v)} cannot be converted to ${type}`);
  if (typeof v === "string") throw fail(`STRING_VALUE cannot be converted to ${type}`);
  if (Array.isArray(v)) throw fail(`Unrecognized collection type class java.lang.${type}`);
  throw fail(START_OF_STRUCT);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const B64_INDEX = (c: number): number =>
  c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 43 ? 62 : 63;

/** A blob must be canonical base64 (decoding then re-encoding gives the same text). */
export function checkBlob(v: unknown): string {
  if (typeof v === "string") {
    const n = v.length;
    if (n % 4 !== 0) throw fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${n}`);
    if (n === 0) return v;
    let canonical = BASE64.test(v);
    if (canonical) {
      const pad = v.charCodeAt(n - 1) === 61 ? (v.charCodeAt(n - 2) === 61 ? 2 : 1) : 0;
      // The unused low bits of the last data character must be zero.
      const last = B64_INDEX(v.charCodeAt(n - 1 - pad));
      if (pad === 1 && (last & 0b11) !== 0) canonical = false;
      if (pad === 2 && (last & 0b1111) !== 0) canonical = false;
    }
    // (sic) DynamoDB's own spelling.
    if (!canonical) throw fail("Invalid last non-pad Base64 character dectected");
    return v;
  }
  if (typeof v === "boolean" || typeof v === "number") throw fail("only base-64-encoded strings are convertible to bytes");
  if (Array.isArray(v)) throw fail("Unrecognized collection type class java.nio.ByteBuffer");
  throw fail(START_OF_STRUCT);
}

function checkListShape(v: unknown, parameterized: boolean): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "object") throw fail(START_OF_STRUCT);
  throw fail(parameterized ? CAST_FAILURE : UNEXPECTED_FIELD);
}

function checkMapShape(v: unknown, parameterized: boolean, sub: string): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  if (Array.isArray(v)) {
    const valueType = sub.includes(".") ? sub : MODEL + sub;
    throw fail(`Unrecognized collection type java.util.Map<java.lang.String, ${valueType}>`);
  }
  throw fail(parameterized ? CAST_FAILURE : UNEXPECTED_FIELD);
}

function checkStructShape(v: unknown, asValue: boolean, sub: string): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  if (Array.isArray(v)) throw fail(`Unrecognized collection type class ${MODEL}${sub}`);
  throw fail(asValue ? UNEXPECTED_VALUE : UNEXPECTED_FIELD);
}

/** Type-checks a structure's members in declaration order; returns a new object with only known, non-null members. */
export function checkStruct(data: Record<string, unknown>, members: Members): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in members) {
    const v = data[name];
    if (v == null) continue;
    out[name] = checkValue(v, members[name] as Field);
  }
  return out;
}

/** Type-checks one non-null value against its field; returns the cleaned value. */
export function checkValue(v: unknown, f: Field): unknown {
  switch (f.kind) {
    case "String":
      return checkString(v);
    case "Boolean":
      return checkBoolean(v);
    case "Integer":
    case "Long":
      return checkIntegral(v, f.kind);
    case "Blob":
      return checkBlob(v);
    case "List":
    case "ParameterizedList": {
      const arr = checkListShape(v, f.kind === "ParameterizedList");
      const of = f.of as Field;
      for (let i = 0; i < arr.length; i++) {
        const el = arr[i];
        if (el == null) arr[i] = null;
        else {
          const c = checkValue(el, of);
          if (c !== el) arr[i] = c;
        }
      }
      return arr;
    }
    case "Map":
    case "ParameterizedMap": {
      const parameterized = f.kind === "ParameterizedMap";
      const m = checkMapShape(v, parameterized, parameterized ? "AttributeValue" : f.sub);
      const of = f.of as Field;
      for (const key in m) {
        const el = m[key];
        if (el == null) m[key] = null;
        else {
          const c = checkValue(el, of);
          if (c !== el) m[key] = c;
        }
      }
      return m;
    }
    case "ValueStruct":
    case "FieldStruct":
      return checkStruct(checkStructShape(v, f.kind === "ValueStruct", f.sub), f.members as Members);
    case "AttrStruct":
      return checkAttributeValue(v, f.sub === "ValueStruct");
  }
}

// ---- AttributeValue ----

/** AttributeValue members in the order DynamoDB's deserializer visits them. */
export const ATTRIBUTE_TYPES = ["S", "B", "N", "BOOL", "NULL", "BS", "NS", "SS", "L", "M"] as const;
const IS_ATTRIBUTE_TYPE: Readonly<Record<string, true>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, true>, { S: true, B: true, N: true, BOOL: true, NULL: true, BS: true, NS: true, SS: true, L: true, M: true }),
);

/**
 * Maps and lists may nest this deep below the item (a top-level attribute's own map or list is level
 * 1), as UpdateExpression enforces too. Checked here, in the type pass, so no value can recurse deep
 * enough to overflow the stack.
 */
const MAX_CONTAINER_LEVEL = 31;

function checkAttributeMember(type: string, v: unknown, level: number): unknown {
  switch (type) {
    case "S":
    case "N":
      return checkString(v);
    case "B":
      return checkBlob(v);
    case "BOOL":
    case "NULL":
      return checkBoolean(v);
    case "SS":
    case "NS": {
      const arr = checkListShape(v, false);
      for (let i = 0; i < arr.length; i++) if (arr[i] == null) arr[i] = null;
      else checkString(arr[i]);
      return arr;
    }
    case "BS": {
      const arr = checkListShape(v, false);
      for (let i = 0; i < arr.length; i++) if (arr[i] == null) arr[i] = null;
      else checkBlob(arr[i]);
      return arr;
    }
    case "L": {
      if (level > MAX_CONTAINER_LEVEL) throw validationError(NESTING_TOO_DEEP);
      const arr = checkListShape(v, false);
      for (let i = 0; i < arr.length; i++) {
        const el = arr[i];
        if (el == null) arr[i] = null;
        else {
          const c = checkAttributeValue(el, true, level);
          if (c !== el) arr[i] = c;
        }
      }
      return arr;
    }
    default: {
      // M
      if (level > MAX_CONTAINER_LEVEL) throw validationError(NESTING_TOO_DEEP);
      const m = checkMapShape(v, false, "AttributeValue");
      for (const key in m) {
        const el = m[key];
        if (el == null) m[key] = null;
        else {
          const c = checkAttributeValue(el, true, level);
          if (c !== el) m[key] = c;
        }
      }
      return m;
    }
  }
}

/**
 * Type-checks one AttributeValue. The common case (exactly one known, non-null member) is checked
 * in place; anything else is rebuilt with only the known non-null members, in DynamoDB's order.
 */
export function checkAttributeValue(v: unknown, asValue: boolean, enclosing = 0): unknown {
  const level = enclosing + 1;
  const o = checkStructShape(v, asValue, "AttributeValue");
  let count = 0;
  let only = "";
  for (const k in o) {
    if (++count > 1) break;
    only = k;
  }
  if (count === 1 && IS_ATTRIBUTE_TYPE[only] === true && o[only] != null) {
    const member = o[only];
    const c = checkAttributeMember(only, member, level);
    if (c !== member) o[only] = c;
    return o;
  }
  const out: Record<string, unknown> = {};
  for (const type of ATTRIBUTE_TYPES) {
    const member = o[type];
    if (member == null || !Object.prototype.hasOwnProperty.call(o, type)) continue;
    out[type] = checkAttributeMember(type, member, level);
  }
  return out;
}
