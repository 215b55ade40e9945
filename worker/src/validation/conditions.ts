/**
 * DynamoDB's cross-parameter rules shared by several operations: mixing legacy and expression
 * parameters, legacy conditions (Expected, QueryFilter/ScanFilter/KeyConditions), and the checks on
 * ExpressionAttributeNames/Values that precede expression parsing. Each returns the ValidationException
 * message or undefined.
 *
 * Not here (they belong to the expression parser): empty or malformed expressions, reserved words,
 * undefined or unused names/values.
 */
import { compareNumbers, numberProblem } from "../model/number.js";
import { firstType, validateAttributeValue } from "./attribute-value.js";

const INVALID = "One or more parameter values were invalid: ";

type Data = Record<string, unknown>;

/**
 * Expression and non-expression parameters may not be mixed; names/values need an expression.
 * `expressions` and `nonExpressions` are listed in DynamoDB's order (it echoes them in the message).
 */
export function validateExpressionParams(
  data: Data,
  expressions: readonly string[],
  nonExpressions: readonly string[],
): string | undefined {
  const used = expressions.filter((p) => data[p] != null);
  if (used.length) {
    // Query: legacy KeyConditions may be combined with the other expression parameters.
    const legacy = nonExpressions.filter(
      (p) => data[p] != null && !(p === "KeyConditions" && data.KeyConditionExpression == null),
    );
    if (legacy.length) {
      return (
        "Can not use both expression and non-expression parameters in the same request: " +
        `Non-expression parameters: {${legacy.join(", ")}} Expression parameters: {${used.join(", ")}}`
      );
    }
  }
  if (data.ExpressionAttributeNames != null && !used.length) {
    return "ExpressionAttributeNames can only be specified when using expressions";
  }
  const valueExpressions = expressions.filter((p) => p !== "ProjectionExpression");
  if (valueExpressions.length && data.ExpressionAttributeValues != null && valueExpressions.every((p) => data[p] == null)) {
    return (
      "ExpressionAttributeValues can only be specified when using expressions: " +
      `${valueExpressions.join(" and ")} ${valueExpressions.length > 1 ? "are" : "is"} null`
    );
  }
  return undefined;
}

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

/** The checks on ExpressionAttributeNames/Values that DynamoDB makes before parsing any expression. */
export function validateExpressionAttributes(data: Data): string | undefined {
  const names = data.ExpressionAttributeNames as Data | undefined;
  if (names != null) {
    let n = 0;
    for (const key in names) {
      n++;
      if (!NAME_KEY.test(key)) return `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`;
    }
    if (n === 0) return "ExpressionAttributeNames must not be empty";
  }
  const values = data.ExpressionAttributeValues as Data | undefined;
  if (values != null) {
    let n = 0;
    for (const key in values) {
      n++;
      if (!VALUE_KEY.test(key)) return `ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`;
    }
    if (n === 0) return "ExpressionAttributeValues must not be empty";
    for (const key in values) {
      const msg = validateAttributeValue(values[key]);
      if (msg !== undefined) return `ExpressionAttributeValues contains invalid value: ${msg} for key ${key}`;
    }
  }
  return undefined;
}

/** Returns the first repeated entry of a list, if any. */
export function findDuplicate(arr: readonly unknown[] | undefined): string | undefined {
  if (!arr || arr.length < 2) return undefined;
  const seen = new Set<unknown>();
  for (const x of arr) {
    if (seen.has(x)) return String(x);
    seen.add(x);
  }
  return undefined;
}

/** AttributesToGet may not repeat a name. */
export function validateAttributesToGet(data: Data): string | undefined {
  const dup = findDuplicate(data.AttributesToGet as string[] | undefined);
  return dup === undefined ? undefined : `${INVALID}Duplicate value in attribute name: ${dup}`;
}

// ---- ordering of scalar values (for BETWEEN bounds) ----

function compareCodePoints(a: string, b: string): number {
  // UTF-8 byte order equals code point order; JS compares UTF-16 units, which differs only for
  // astral characters versus U+E000..U+FFFF.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return a.length - b.length;
}

/** Whether `lower` > `upper` for two scalar values of the same type (false when not comparable). */
function lowerAboveUpper(lower: unknown, upper: unknown): boolean {
  const t = firstType(lower);
  if (t === undefined || t !== firstType(upper)) return false;
  const x = (lower as Data)[t];
  const y = (upper as Data)[t];
  if (typeof x !== "string" || typeof y !== "string") return false;
  switch (t) {
    case "N":
      if (numberProblem(x) !== undefined || numberProblem(y) !== undefined) return false;
      return compareNumbers(x, y) > 0;
    case "S":
      return compareCodePoints(x, y) > 0;
    case "B":
      return compareBytes(decodeBase64(x), decodeBase64(y)) > 0;
    default:
      return false;
  }
}

const BETWEEN_BOUNDS = "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound";

function argumentCountOk(op: unknown, n: number): boolean {
  switch (op) {
    case "EQ":
    case "NE":
    case "LE":
    case "LT":
    case "GE":
    case "GT":
    case "CONTAINS":
    case "NOT_CONTAINS":
    case "BEGINS_WITH":
      return n === 1;
    case "NULL":
    case "NOT_NULL":
      return n === 0;
    case "IN":
      return n > 0;
    case "BETWEEN":
      return n === 2;
    default:
      return false;
  }
}

const sameTypes = (list: readonly unknown[]) => {
  const t = firstType(list[0]);
  return list.every((v) => firstType(v) === t);
};

/** The legacy `Expected` conditions of PutItem/UpdateItem/DeleteItem. */
export function validateExpected(data: Data): string | undefined {
  const expected = data.Expected as Record<string, Data | null> | undefined;
  if (expected == null) return undefined;
  for (const key in expected) {
    const c = expected[key] ?? {};
    const has = (p: string) => c[p] != null;
    if (has("AttributeValueList") && has("Value")) {
      return `${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${key}`;
    }
    if (has("ComparisonOperator")) {
      const op = c.ComparisonOperator;
      if (has("Exists")) return `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${key}`;
      if (op !== "NULL" && op !== "NOT_NULL" && !has("AttributeValueList") && !has("Value")) {
        return `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${key}`;
      }
      const list = c.AttributeValueList as unknown[] | undefined;
      const count = list ? list.length : has("Value") ? 1 : 0;
      if (!argumentCountOk(op, count)) return `${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`;
      if (list && list.length && !sameTypes(list)) {
        return `${INVALID}AttributeValues inside AttributeValueList must be of same type`;
      }
      // dynalite leaves these values unchecked; DynamoDB cannot compare against invalid values, so
      // they get the usual AttributeValue checks (and canonical numbers) here.
      for (const v of list ?? (has("Value") ? [c.Value] : [])) {
        const msg = validateAttributeValue(v);
        if (msg !== undefined) return msg;
      }
      if (list && op === "BETWEEN" && lowerAboveUpper(list[0], list[1])) return BETWEEN_BOUNDS;
    } else if (has("AttributeValueList")) {
      return `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${key}`;
    } else {
      const exists = c.Exists == null || c.Exists === true;
      if (exists && !has("Value")) {
        return `${INVALID}Value must be provided when Exists is ${c.Exists == null ? "null" : String(c.Exists)} for Attribute: ${key}`;
      }
      if (!exists && has("Value")) return `${INVALID}Value cannot be used when Exists is false for Attribute: ${key}`;
      if (has("Value")) {
        const msg = validateAttributeValue(c.Value);
        if (msg !== undefined) return msg;
      }
    }
  }
  return undefined;
}

const OPERATOR_TYPES: Readonly<Record<string, readonly string[]>> = {
  EQ: ["S", "N", "B", "SS", "NS", "BS"],
  NE: ["S", "N", "B", "SS", "NS", "BS"],
  LE: ["S", "N", "B"],
  LT: ["S", "N", "B"],
  GE: ["S", "N", "B"],
  GT: ["S", "N", "B"],
  CONTAINS: ["S", "N", "B"],
  NOT_CONTAINS: ["S", "N", "B"],
  BEGINS_WITH: ["S", "B"],
  IN: ["S", "N", "B"],
  BETWEEN: ["S", "N", "B"],
};

/** Legacy condition maps: QueryFilter, ScanFilter, KeyConditions. */
export function validateConditions(conditions: Record<string, Data | null> | undefined): string | undefined {
  if (conditions == null) return undefined;
  for (const key in conditions) {
    const c = conditions[key] ?? {};
    const op = c.ComparisonOperator as string;
    const list = (c.AttributeValueList as unknown[] | undefined) ?? [];
    for (const v of list) {
      const msg = validateAttributeValue(v);
      if (msg !== undefined) return msg;
    }
    if (!argumentCountOk(op, list.length)) return `${INVALID}Invalid number of argument(s) for the ${op} ComparisonOperator`;
    if (list.length && !sameTypes(list)) return `${INVALID}AttributeValues inside AttributeValueList must be of same type`;
    const allowed = OPERATOR_TYPES[op];
    if (allowed) {
      for (const v of list) {
        const t = firstType(v) as string;
        if (!allowed.includes(t)) return `${INVALID}ComparisonOperator ${op} is not valid for ${t} AttributeValue type`;
      }
    }
    if (op === "BETWEEN" && lowerAboveUpper(list[0], list[1])) return BETWEEN_BOUNDS;
  }
  return undefined;
}
