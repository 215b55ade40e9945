/**
 * The checks DynamoDB makes while walking the parse tree in textual order, before it looks at
 * ExpressionAttributeNames/Values: function names and where each function may appear, reserved words,
 * list index range, and (updates) repeated sections. They depend on the text alone, so their outcome
 * is cached with the parse.
 *
 * Function placement: in conditions, a function directly used as a condition must return a boolean
 * (so `size(a)` alone is refused) and inside an operator only `size` may nest; in updates only
 * `if_not_exists` may nest inside another function or `+`/`-`.
 */
import type { RawCall, RawCond, RawOperand, RawPath, RawUpdate } from "./ast.js";
import { fail, M } from "./messages.js";
import { isReservedWord } from "./reserved-words.js";

export type FunctionClass = "condition" | "update";

/** The functions DynamoDB accepts, by name (case-sensitive). */
export const FUNCTIONS: Readonly<Record<string, { cls: FunctionClass; bool: boolean; arity: number }>> = {
  attribute_exists: { cls: "condition", bool: true, arity: 1 },
  attribute_not_exists: { cls: "condition", bool: true, arity: 1 },
  attribute_type: { cls: "condition", bool: true, arity: 2 },
  begins_with: { cls: "condition", bool: true, arity: 2 },
  contains: { cls: "condition", bool: true, arity: 2 },
  size: { cls: "condition", bool: false, arity: 1 },
  if_not_exists: { cls: "update", bool: false, arity: 2 },
  list_append: { cls: "update", bool: false, arity: 2 },
};

export function functionInfo(name: string) {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

export function walkPath(p: RawPath): void {
  for (const part of p.parts) {
    if (typeof part === "string") {
      const c = part.charCodeAt(0);
      if (c !== 35 /* # */ && c !== 58 /* : */ && isReservedWord(part)) throw fail(M.reserved, "reserved keyword", part);
    } else if (typeof part === "object") {
      throw fail(M.listIndex, "index", part.bad);
    }
  }
}

function walkCall(fn: RawCall, cls: FunctionClass, nesting: number): void {
  const info = functionInfo(fn.name);
  if (info === undefined) throw fail(M.functionName, "function", fn.name);
  if (cls === "condition") {
    if (info.cls === "update") throw fail(M.notInCondition, "function", fn.name);
    if (nesting === 0 ? !info.bool : fn.name !== "size") throw fail(M.functionContext, "function", fn.name);
  } else {
    if (info.cls === "condition") throw fail(M.notInUpdate, "function", fn.name);
    if (nesting > 0 && fn.name !== "if_not_exists") throw fail(M.functionContext, "function", fn.name);
  }
  for (const a of fn.args) walkOperand(a, cls, nesting + 1);
}

function walkOperand(op: RawOperand, cls: FunctionClass, nesting: number): void {
  switch (op.t) {
    case "path":
      walkPath(op);
      return;
    case "val":
      return;
    case "fn":
      walkCall(op, cls, nesting);
      return;
    case "arith":
      walkOperand(op.a, cls, nesting + 1);
      walkOperand(op.b, cls, nesting + 1);
  }
}

export function walkCondition(c: RawCond): void {
  // Iterative over AND/OR/NOT so long chains cost no stack.
  const stack: RawCond[] = [c];
  while (stack.length) {
    const node = stack.pop() as RawCond;
    switch (node.t) {
      case "and":
      case "or":
        for (let i = node.c.length - 1; i >= 0; i--) stack.push(node.c[i] as RawCond);
        break;
      case "not":
        stack.push(node.c);
        break;
      case "cmp":
        walkOperand(node.a, "condition", 1);
        walkOperand(node.b, "condition", 1);
        break;
      case "between":
        walkOperand(node.a, "condition", 1);
        walkOperand(node.lo, "condition", 1);
        walkOperand(node.hi, "condition", 1);
        break;
      case "in":
        walkOperand(node.a, "condition", 1);
        for (const o of node.list) walkOperand(o, "condition", 1);
        break;
      case "call":
        walkCall(node.fn, "condition", 0);
        break;
    }
  }
}

export function walkUpdate(u: RawUpdate): void {
  const seen = new Set<string>();
  for (const s of u.sections) {
    for (const a of s.actions) {
      walkPath(a.path);
      if (a.value) walkOperand(a.value, "update", 0);
    }
    // DynamoDB notices the repeat when it leaves the second section, after reading its contents.
    if (seen.has(s.kw)) throw fail(`The "${s.kw}" section can only be used once in an update expression`);
    seen.add(s.kw);
  }
}

export function walkProjection(paths: readonly RawPath[]): void {
  for (const p of paths) walkPath(p);
}
