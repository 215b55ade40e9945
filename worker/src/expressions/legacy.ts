/**
 * The pre-expression parameters, converted into the same compiled shapes: Expected (+
 * ConditionalOperator), QueryFilter/ScanFilter, KeyConditions, AttributesToGet, AttributeUpdates.
 * Inputs are expected to have passed the validation layer (argument counts and types of each
 * ComparisonOperator); conversion itself never throws.
 */
import type { AttributeValue } from "../model/types.js";
import type { CompiledAttributeUpdates, CompiledCondition, CompiledKeyCondition, CompiledProjection, Cond, KeyCondition, KeyOperator, Operand, PathTree } from "./ast.js";

export interface LegacyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: AttributeValue[];
  Value?: AttributeValue;
  Exists?: boolean;
}

const value = (v: AttributeValue): Operand => ({ k: "value", v });

/** One attribute's comparison as a condition node. */
function comparison(name: string, op: string, list: readonly AttributeValue[]): Cond {
  const a: Operand = { k: "path", p: [name] };
  const v0 = list[0] as AttributeValue;
  switch (op) {
    case "EQ":
      return { k: "cmp", op: "=", a, b: value(v0) };
    case "NE":
      return { k: "cmp", op: "<>", a, b: value(v0) };
    case "LT":
      return { k: "cmp", op: "<", a, b: value(v0) };
    case "LE":
      return { k: "cmp", op: "<=", a, b: value(v0) };
    case "GT":
      return { k: "cmp", op: ">", a, b: value(v0) };
    case "GE":
      return { k: "cmp", op: ">=", a, b: value(v0) };
    case "NULL":
      return { k: "notExists", a };
    case "NOT_NULL":
      return { k: "exists", a };
    case "CONTAINS":
      return { k: "contains", a, b: value(v0) };
    case "NOT_CONTAINS":
      return { k: "notContains", a, b: value(v0) };
    case "BEGINS_WITH":
      return { k: "beginsWith", a, b: value(v0) };
    case "IN":
      return { k: "in", a, list: list.map(value) };
    case "BETWEEN":
      return { k: "between", a, lo: value(v0), hi: value(list[1] as AttributeValue) };
    default:
      return { k: "true" };
  }
}

function combine(parts: Cond[], conditionalOperator: string | undefined): Cond {
  if (parts.length === 0) return { k: "true" };
  if (parts.length === 1) return parts[0] as Cond;
  return { k: conditionalOperator === "OR" ? "or" : "and", c: parts };
}

function compiled(root: Cond, names: string[]): CompiledCondition {
  return { kind: "condition", root, heads: names, nested: [] };
}

/** Expected + ConditionalOperator (PutItem/UpdateItem/DeleteItem). */
export function convertExpected(expected: Record<string, LegacyCondition>, conditionalOperator?: string): CompiledCondition {
  const parts: Cond[] = [];
  const names = Object.keys(expected);
  for (const name of names) {
    const c = expected[name] ?? {};
    if (c.ComparisonOperator !== undefined) {
      const list = c.AttributeValueList ?? (c.Value !== undefined ? [c.Value] : []);
      parts.push(comparison(name, c.ComparisonOperator, list));
    } else if (c.Exists === false) {
      parts.push({ k: "notExists", a: { k: "path", p: [name] } });
    } else {
      parts.push(comparison(name, "EQ", [c.Value as AttributeValue]));
    }
  }
  return compiled(combine(parts, conditionalOperator), names);
}

/** QueryFilter / ScanFilter + ConditionalOperator. */
export function convertFilter(filter: Record<string, LegacyCondition>, conditionalOperator?: string): CompiledCondition {
  const names = Object.keys(filter);
  const parts = names.map((name) => {
    const c = filter[name] ?? {};
    return comparison(name, c.ComparisonOperator ?? "EQ", c.AttributeValueList ?? []);
  });
  return compiled(combine(parts, conditionalOperator), names);
}

/** KeyConditions, for resolveKeyCondition. */
export function convertKeyConditions(conditions: Record<string, LegacyCondition>): CompiledKeyCondition {
  const out: KeyCondition[] = [];
  for (const name of Object.keys(conditions)) {
    const c = conditions[name] ?? {};
    out.push({ name, op: (c.ComparisonOperator ?? "EQ") as KeyOperator, values: c.AttributeValueList ?? [] });
  }
  return { kind: "keyCondition", conditions: out };
}

/** AttributesToGet: a projection of top-level attributes. */
export function convertAttributesToGet(names: readonly string[]): CompiledProjection {
  const unique = [...new Set(names)];
  const tree: PathTree = { keys: unique, kids: unique.map(() => null) };
  return { kind: "projection", tree, paths: unique.map((n) => [n]), nested: [] };
}

export interface LegacyAttributeUpdate {
  Action?: string;
  Value?: AttributeValue;
}

/** AttributeUpdates (Action defaults to PUT). */
export function convertAttributeUpdates(updates: Record<string, LegacyAttributeUpdate>): CompiledAttributeUpdates {
  const actions: CompiledAttributeUpdates["actions"] = [];
  for (const name of Object.keys(updates)) {
    const u = updates[name] ?? {};
    const action = u.Action === "ADD" || u.Action === "DELETE" ? u.Action : "PUT";
    actions.push(u.Value === undefined ? { name, action } : { name, action, value: u.Value });
  }
  return { kind: "attributeUpdates", actions, paths: actions.map((a) => [a.name]) };
}
