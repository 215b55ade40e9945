/**
 * The expression trees. Everything here is plain data (objects, arrays, strings, numbers, booleans):
 * compiled expressions cross from the router to a partition Durable Object by structured clone.
 *
 * Two stages:
 *  - Raw*: what the parser produces from the text alone (cached by text). Names and values are still
 *    placeholders (`#n`, `:v`).
 *  - Compiled: placeholders resolved against one request's ExpressionAttributeNames/Values, checked,
 *    ready to evaluate.
 */
import type { AttributeValue } from "../model/types.js";

// ---------------------------------------------------------------- raw (parsed) trees

/**
 * One element of a written document path: a name as written (`abc`), a name placeholder (`#n`), a value
 * placeholder after a dot (`:v`, accepted by the grammar and refused later), a list index, or a list
 * index too large for the engine (kept as its text, `[99999999999]`).
 */
export type RawPart = string | number | { bad: string };

export interface RawPath {
  t: "path";
  parts: RawPart[];
}
export interface RawValue {
  t: "val";
  name: string;
}
export interface RawCall {
  t: "fn";
  name: string;
  args: RawOperand[];
}
export interface RawArith {
  t: "arith";
  op: "+" | "-";
  a: RawOperand;
  b: RawOperand;
}
export type RawOperand = RawPath | RawValue | RawCall | RawArith;

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type RawCond =
  | { t: "cmp"; op: Comparator; a: RawOperand; b: RawOperand }
  | { t: "between"; a: RawOperand; lo: RawOperand; hi: RawOperand }
  | { t: "in"; a: RawOperand; list: RawOperand[] }
  | { t: "call"; fn: RawCall }
  | { t: "not"; c: RawCond }
  // AND/OR chains as written (right-associative in the grammar); a parenthesised group stays one child.
  | { t: "and"; c: RawCond[] }
  | { t: "or"; c: RawCond[] };

export type SectionKeyword = "SET" | "REMOVE" | "ADD" | "DELETE";

export interface RawAction {
  path: RawPath;
  /** SET: the value (operand or arithmetic); ADD/DELETE: a value placeholder; REMOVE: none. */
  value?: RawOperand;
}
export interface RawSection {
  kw: SectionKeyword;
  actions: RawAction[];
}
export interface RawUpdate {
  sections: RawSection[];
}
export interface RawProjection {
  paths: RawPath[];
}

// ---------------------------------------------------------------- compiled trees

/** A resolved path element: an attribute/map key, or a list index. */
export type PathElem = string | number;
export type Path = PathElem[];

export type Operand =
  | { k: "path"; p: Path }
  | { k: "value"; v: AttributeValue }
  | { k: "size"; a: Operand }
  | { k: "ifNotExists"; a: Operand; b: Operand }
  | { k: "listAppend"; a: Operand; b: Operand }
  | { k: "arith"; op: "+" | "-"; a: Operand; b: Operand };

export type Cond =
  | { k: "cmp"; op: Comparator; a: Operand; b: Operand }
  | { k: "between"; a: Operand; lo: Operand; hi: Operand }
  | { k: "in"; a: Operand; list: Operand[] }
  | { k: "exists"; a: Operand }
  | { k: "notExists"; a: Operand }
  | { k: "type"; a: Operand; t: Operand }
  | { k: "beginsWith"; a: Operand; b: Operand }
  | { k: "contains"; a: Operand; b: Operand }
  /** Legacy NOT_CONTAINS: false when the attribute is missing. */
  | { k: "notContains"; a: Operand; b: Operand }
  | { k: "not"; c: Cond }
  | { k: "and"; c: Cond[] }
  | { k: "or"; c: Cond[] }
  /** Legacy condition maps with no entries. */
  | { k: "true" };

/** What an update does at one document path. */
export type UpdateAction =
  | { k: "set"; v: Operand }
  | { k: "remove" }
  | { k: "add"; v: AttributeValue }
  | { k: "delete"; v: AttributeValue };

/**
 * A tree of document paths (projection, or update with an action at each leaf). Entries are listed
 * in the order DynamoDB's engine visits them; `kids[i]` is null at a leaf.
 */
export interface PathTree {
  keys: PathElem[];
  kids: (PathTree | null)[];
  /** Update trees only: the action at each leaf (null for inner entries). */
  acts?: (UpdateAction | null)[];
}

/** ConditionExpression / FilterExpression (or a converted Expected / QueryFilter / ScanFilter). */
export interface CompiledCondition {
  kind: "condition";
  root: Cond;
  /** Top-level attributes the expression reads (Query: filters may not use key attributes). */
  heads: string[];
  /** Top-level attributes read through `.` or `[]` (key attributes must be scalars). */
  nested: string[];
}

export interface CompiledProjection {
  kind: "projection";
  tree: PathTree;
  /** The paths as written (resolved), in order. */
  paths: Path[];
  nested: string[];
}

export interface CompiledUpdate {
  kind: "update";
  tree: PathTree;
  /** Every path the update writes (resolved), in textual order. */
  paths: Path[];
  nested: string[];
  /**
   * For `SET name = ...` on a top-level attribute: the type the value is known to have before running
   * (for secondary-index key type checks), or null when it depends on the item.
   */
  setTypes: Record<string, string | null>;
}

/** AttributeUpdates (legacy UpdateItem). */
export interface CompiledAttributeUpdates {
  kind: "attributeUpdates";
  actions: { name: string; action: "PUT" | "ADD" | "DELETE"; value?: AttributeValue }[];
  paths: Path[];
}

export type KeyOperator = "EQ" | "LT" | "LE" | "GT" | "GE" | "BETWEEN" | "BEGINS_WITH";

/** One key condition: `name <op> values`, as KeyConditions would state it. */
export interface KeyCondition {
  name: string;
  op: KeyOperator;
  values: AttributeValue[];
}

/** KeyConditionExpression (or KeyConditions), checked against no schema yet. */
export interface CompiledKeyCondition {
  kind: "keyCondition";
  conditions: KeyCondition[];
}
