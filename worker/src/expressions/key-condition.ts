/**
 * KeyConditionExpression → key conditions (as KeyConditions would state them), with DynamoDB's
 * errors: only AND may join conditions; each condition compares one top-level attribute with values
 * (=, <, <=, >, >=, BETWEEN, begins_with), the attribute written first for BETWEEN and begins_with
 * (`:v < a` is read as `a > :v`); one condition per attribute; one or two conditions in all.
 * Then, against the table's (or index's) key: the partition key compared with = and the sort key at
 * most once, with values of the key's type.
 */
import { validationError } from "../http/errors.js";
import type { AttributeValue, KeyInfo } from "../model/types.js";
import { validateConditions } from "../validation/conditions.js";
import type { CompiledKeyCondition, Cond, KeyCondition, KeyOperator, Operand } from "./ast.js";
import { typeOf } from "./values.js";

const INVALID_CONDITION = "Invalid condition in KeyConditionExpression: ";

const OPERATOR_NAMES: Partial<Record<Cond["k"], string>> = {
  or: "OR",
  not: "NOT",
  in: "IN",
  exists: "attribute_exists",
  notExists: "attribute_not_exists",
  type: "attribute_type",
  contains: "contains",
};

const INVERSE: Readonly<Record<string, KeyOperator>> = { LT: "GT", GT: "LT", LE: "GE", GE: "LE", EQ: "EQ" };
const COMPARATOR_OPS: Readonly<Record<string, KeyOperator>> = { "=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE" };

function extractOne(c: Cond, out: KeyCondition[]): void {
  let op: KeyOperator;
  let operands: Operand[];
  let opName: string;
  if (c.k === "cmp" && c.op !== "<>") {
    op = COMPARATOR_OPS[c.op] as KeyOperator;
    operands = [c.a, c.b];
    opName = c.op;
  } else if (c.k === "between") {
    op = "BETWEEN";
    operands = [c.a, c.lo, c.hi];
    opName = "BETWEEN";
  } else if (c.k === "beginsWith") {
    op = "BEGINS_WITH";
    operands = [c.a, c.b];
    opName = "begins_with";
  } else {
    const name = c.k === "cmp" ? "<>" : (OPERATOR_NAMES[c.k] ?? c.k);
    throw validationError(`Invalid operator used in KeyConditionExpression: ${name}`);
  }
  let key: string | undefined;
  const values: AttributeValue[] = [];
  for (const o of operands) {
    if (o.k === "path") {
      if (key !== undefined) throw validationError(`${INVALID_CONDITION}Multiple attribute names used in one condition`);
      if (o.p.length > 1) throw validationError("KeyConditionExpressions cannot have conditions on nested attributes");
      key = o.p[0] as string;
    } else if (o.k === "value") {
      if (key === undefined) {
        if (op === "BETWEEN" || op === "BEGINS_WITH") {
          throw validationError(`${INVALID_CONDITION}${opName} operator must have the key attribute as its first operand`);
        }
        op = INVERSE[op] as KeyOperator;
      }
      values.push(o.v);
    } else {
      throw validationError("KeyConditionExpressions cannot contain nested operations");
    }
  }
  if (key === undefined) throw validationError(`${INVALID_CONDITION}No key attribute specified`);
  if (out.some((k) => k.name === key)) throw validationError("KeyConditionExpressions must only contain one condition per key");
  out.push({ name: key, op, values });
}

function extract(c: Cond, out: KeyCondition[]): void {
  if (c.k === "and") for (const x of c.c) extract(x, out);
  else extractOne(c, out);
}

/** The conditions of a checked KeyConditionExpression; throws DynamoDB's errors. */
export function extractKeyConditions(root: Cond): CompiledKeyCondition {
  const conditions: KeyCondition[] = [];
  extract(root, conditions);
  // The argument rules of KeyConditions apply to the result (e.g. EQ on a BOOL value).
  const asLegacy: Record<string, { ComparisonOperator: string; AttributeValueList: AttributeValue[] }> = {};
  for (const k of conditions) asLegacy[k.name] = { ComparisonOperator: k.op, AttributeValueList: k.values };
  const msg = validateConditions(asLegacy);
  if (msg !== undefined) throw validationError(msg);
  if (conditions.length !== 1 && conditions.length !== 2) throw validationError("Conditions can be of length 1 or 2 only");
  return { kind: "keyCondition", conditions };
}

export interface ResolvedKeyCondition {
  /** The partition key value. */
  hashValue: AttributeValue;
  /** The sort key condition, if any. */
  range?: { op: KeyOperator; values: AttributeValue[] };
}

const NOT_INDEXABLE = new Set(["NULL", "NOT_NULL", "NE", "CONTAINS", "NOT_CONTAINS", "IN"]);

/**
 * Checks key conditions (from KeyConditionExpression or KeyConditions) against a key schema (the
 * table's or the queried index's) and returns what to query.
 */
export function resolveKeyCondition(kc: CompiledKeyCondition, key: KeyInfo): ResolvedKeyCondition {
  const byName = new Map<string, KeyCondition>();
  for (const c of kc.conditions) byName.set(c.name, c);
  const count = kc.conditions.length;
  const schema: [string, string, boolean][] = [[key.hashName, key.hashType, true]];
  if (key.rangeName !== undefined) schema.push([key.rangeName, key.rangeType ?? "S", false]);
  for (const [name, type, isHash] of schema) {
    if (isHash && key.rangeName === undefined && count > 1) throw validationError("Query key condition not supported");
    const c = byName.get(name);
    if (c === undefined) {
      if (isHash || count > 1) throw validationError(`Query condition missed key schema element: ${name}`);
      continue;
    }
    if (NOT_INDEXABLE.has(c.op)) throw validationError("Attempted conditional constraint is not an indexable operation");
    if (c.values.some((v) => typeOf(v) !== type)) {
      throw validationError("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }
    if (isHash && c.op !== "EQ") throw validationError("Query key condition not supported");
  }
  const hash = byName.get(key.hashName) as KeyCondition;
  const range = key.rangeName === undefined ? undefined : byName.get(key.rangeName);
  return range === undefined
    ? { hashValue: hash.values[0] as AttributeValue }
    : { hashValue: hash.values[0] as AttributeValue, range: { op: range.op, values: range.values } };
}
