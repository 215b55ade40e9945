/**
 * The second check pass: resolves placeholders against one request's ExpressionAttributeNames/Values
 * and makes DynamoDB's per-operator checks, producing the compiled (evaluable) trees.
 *
 * Order, as DynamoDB's validator has it: a post-order walk (operands before their operator). A path
 * checks its depth then its #names; a value placeholder must be defined; an operator checks, in turn,
 * its operand count, each operand's type, that its first operand differs from the others, then its own
 * rules (BETWEEN bounds, IN size, attribute_type's type name...), and counts towards the 300-operator
 * limit. The first failure is reported. Updates and projections: see check-update.ts.
 */
import type { AttributeValue } from "../model/types.js";
import type { Comparator, Cond, Operand, Path, PathElem, RawCond, RawOperand, RawPath } from "./ast.js";
import { M, fail } from "./messages.js";
import { ORDERED, compareScalars, own, typeOf } from "./values.js";
import { functionInfo } from "./walk.js";

export const MAX_PATH_DEPTH = 32;
export const MAX_OPERATORS = 300;
export const MAX_IN_OPERANDS = 100;

/** The placeholders of one request. */
export interface RequestScope {
  names: Record<string, string> | undefined;
  values: Record<string, AttributeValue> | undefined;
}

/** The state of checking one expression. */
export interface ExprScope extends RequestScope {
  /** Placeholder use counts (unused-placeholder and size checks). */
  nameUses: Map<string, number>;
  valueUses: Map<string, number>;
  operators: number;
  /** Top-level attributes read through `.` or `[]`. */
  nested: Set<string>;
  /** Top-level attributes named. */
  heads: Set<string>;
}

export function newExprScope(req: RequestScope): ExprScope {
  return {
    names: req.names,
    values: req.values,
    nameUses: new Map(),
    valueUses: new Map(),
    operators: 0,
    nested: new Set(),
    heads: new Set(),
  };
}

// ------------------------------------------------------------------ types of operands

const ALL_TYPES_TEXT = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
const ITERABLE: ReadonlySet<string> = new Set(["S", "B", "SS", "NS", "BS", "L", "M"]);
const STRING_BINARY: ReadonlySet<string> = new Set(["S", "B"]);
const NUMERIC: ReadonlySet<string> = new Set(["N"]);
const LIST: ReadonlySet<string> = new Set(["L"]);

/** What an operand may evaluate to: "*" (a path or if_not_exists: anything) or one type. */
type Ret = "*" | string;

export interface Checked {
  node: Operand;
  ret: Ret;
  /** Set for operands that are document paths (first-operand-distinct check). */
  path?: Path;
  /** Set for operands that are value placeholders (BETWEEN bounds, attribute_type). */
  value?: AttributeValue;
}

const typeText = (r: Ret) => (r === "*" ? ALL_TYPES_TEXT : r);
const supported = (r: Ret, set: ReadonlySet<string> | null) => set === null || r === "*" || set.has(r);

export function pathText(p: Path): string {
  return `[${p.map((e) => (typeof e === "number" ? `[${e}]` : e)).join(", ")}]`;
}

function samePath(a: Path, b: Path): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function countOperator(s: ExprScope): void {
  if (++s.operators > MAX_OPERATORS) throw fail(M.tooManyOperators, "operator count", s.operators);
}

function use(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function resolvePath(raw: RawPath, s: ExprScope): Path {
  const parts = raw.parts;
  if (parts.length > MAX_PATH_DEPTH) throw fail(M.pathTooDeep, "nesting levels", parts.length);
  const out: Path = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as PathElem;
    if (typeof part === "string") {
      const c = part.charCodeAt(0);
      if (c === 35 /* # */) {
        use(s.nameUses, part);
        const name = s.names === undefined ? undefined : own(s.names, part);
        if (name === undefined) throw fail(M.nameMissing, "attribute name", part);
        out[i] = name;
        continue;
      }
      if (c === 58 /* : */) {
        // `a.:v`: the grammar reads it, the engine cannot use it.
        if (s.values !== undefined && own(s.values, part) !== undefined) throw fail(M.valueInPath, "attribute value", part);
        throw fail(M.nameMissing, "attribute name", part);
      }
    }
    out[i] = part;
  }
  const head = out[0] as string;
  s.heads.add(head);
  if (out.length > 1) s.nested.add(head);
  return out;
}

export function resolveValue(name: string, s: ExprScope): AttributeValue {
  use(s.valueUses, name);
  const v = s.values === undefined ? undefined : own(s.values, name);
  if (v === undefined) throw fail(M.valueMissing, "attribute value", name);
  return v;
}

interface OperatorRules {
  name: string;
  arity: number;
  /** Accepts `arity` or more operands. */
  more?: boolean;
  /** Operand types accepted; null: any. */
  types: ReadonlySet<string> | null;
  /** The first operand must differ from the others when it is a path. */
  distinct: boolean;
}

/** Operand count, operand types, distinct first operand — the checks every operator makes first. */
function checkOperator(r: OperatorRules, args: readonly Checked[]): void {
  const n = args.length;
  if (r.more ? n < r.arity : n !== r.arity) {
    throw fail(M.operandCount, "operator or function", r.name, "number of operands", n);
  }
  for (const a of args) {
    if (!supported(a.ret, r.types)) throw fail(M.operandType, "operator or function", r.name, "operand type", typeText(a.ret));
  }
  const first = (args[0] as Checked).path;
  if (r.distinct && n > 1 && first !== undefined) {
    for (let i = 1; i < n; i++) {
      const p = (args[i] as Checked).path;
      if (p !== undefined && samePath(first, p)) throw fail(M.distinct, "operator", r.name, "first operand", pathText(first));
    }
  }
}

const FUNCTION_RULES: Readonly<Record<string, OperatorRules>> = {
  attribute_exists: { name: "attribute_exists", arity: 1, types: null, distinct: true },
  attribute_not_exists: { name: "attribute_not_exists", arity: 1, types: null, distinct: true },
  attribute_type: { name: "attribute_type", arity: 2, types: null, distinct: true },
  begins_with: { name: "begins_with", arity: 2, types: STRING_BINARY, distinct: true },
  contains: { name: "contains", arity: 2, types: null, distinct: true },
  size: { name: "size", arity: 1, types: ITERABLE, distinct: true },
  if_not_exists: { name: "if_not_exists", arity: 2, types: null, distinct: true },
  list_append: { name: "list_append", arity: 2, types: LIST, distinct: false },
};

const ATTRIBUTE_TYPE_NAMES: ReadonlySet<string> = new Set(["S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"]);
const VALID_TYPES_TEXT = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";

function requirePath(name: string, a: Checked): void {
  if (a.path === undefined) throw fail(M.needsPath, "operator or function", name);
}

/** A function call, checked; `asCondition` for functions used as conditions. */
function checkCall(name: string, rawArgs: readonly RawOperand[], s: ExprScope): Checked & { cond?: Cond } {
  const args = rawArgs.map((a) => checkOperand(a, s));
  const rules = FUNCTION_RULES[name] as OperatorRules;
  checkOperator(rules, args);
  const a = args[0] as Checked;
  const b = args[1] as Checked;
  let out: Checked & { cond?: Cond };
  switch (name) {
    case "attribute_exists":
      requirePath(name, a);
      out = { node: a.node, ret: "BOOL", cond: { k: "exists", a: a.node } };
      break;
    case "attribute_not_exists":
      requirePath(name, a);
      out = { node: a.node, ret: "BOOL", cond: { k: "notExists", a: a.node } };
      break;
    case "attribute_type": {
      if (b.value === undefined) throw fail(M.operandType, "operator or function", name, "operand type", typeText(b.ret));
      const t = typeOf(b.value);
      if (t !== "S") throw fail(M.operandType, "operator or function", name, "operand type", t);
      const wanted = (b.value as { S: string }).S;
      if (!ATTRIBUTE_TYPE_NAMES.has(wanted)) throw fail(M.attributeTypeName, "type", wanted, "valid types", VALID_TYPES_TEXT);
      out = { node: a.node, ret: "BOOL", cond: { k: "type", a: a.node, t: b.node } };
      break;
    }
    case "begins_with":
      out = { node: a.node, ret: "BOOL", cond: { k: "beginsWith", a: a.node, b: b.node } };
      break;
    case "contains":
      out = { node: a.node, ret: "BOOL", cond: { k: "contains", a: a.node, b: b.node } };
      break;
    case "size":
      out = { node: { k: "size", a: a.node }, ret: "N" };
      break;
    case "if_not_exists":
      requirePath(name, a);
      out = { node: { k: "ifNotExists", a: a.node, b: b.node }, ret: "*" };
      break;
    default: // list_append
      out = { node: { k: "listAppend", a: a.node, b: b.node }, ret: "L" };
  }
  countOperator(s);
  return out;
}

export function checkOperand(op: RawOperand, s: ExprScope): Checked {
  switch (op.t) {
    case "path": {
      const p = resolvePath(op, s);
      return { node: { k: "path", p }, ret: "*", path: p };
    }
    case "val": {
      const v = resolveValue(op.name, s);
      return { node: { k: "value", v }, ret: typeOf(v), value: v };
    }
    case "fn":
      return checkCall(op.name, op.args, s);
    case "arith": {
      const a = checkOperand(op.a, s);
      const b = checkOperand(op.b, s);
      checkOperator({ name: op.op, arity: 2, types: NUMERIC, distinct: false }, [a, b]);
      countOperator(s);
      return { node: { k: "arith", op: op.op, a: a.node, b: b.node }, ret: "N" };
    }
  }
}

function valueText(v: AttributeValue): string {
  const t = typeOf(v);
  const x = (v as Record<string, unknown>)[t];
  // How DynamoDB prints a binary value (a Java ByteBuffer).
  if (t === "B") {
    const n = atob(x as string).length;
    return `AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]}`;
  }
  return `AttributeValue: {${t}:${String(x)}}`;
}

function checkComparison(op: Comparator, ra: RawOperand, rb: RawOperand, s: ExprScope): Cond {
  const a = checkOperand(ra, s);
  const b = checkOperand(rb, s);
  const ordered = op !== "=" && op !== "<>";
  checkOperator({ name: op, arity: 2, types: ordered ? ORDERED : null, distinct: true }, [a, b]);
  countOperator(s);
  return { k: "cmp", op, a: a.node, b: b.node };
}

/** Checks one condition node (operands post-order). AND/OR chains are walked without deep recursion. */
export function checkCondition(c: RawCond, s: ExprScope): Cond {
  switch (c.t) {
    case "cmp":
      return checkComparison(c.op, c.a, c.b, s);
    case "between": {
      const args = [checkOperand(c.a, s), checkOperand(c.lo, s), checkOperand(c.hi, s)];
      checkOperator({ name: "BETWEEN", arity: 3, types: ORDERED, distinct: true }, args);
      const lo = args[1] as Checked;
      const hi = args[2] as Checked;
      if (lo.value !== undefined && hi.value !== undefined) {
        const t = typeOf(lo.value);
        if (t !== typeOf(hi.value)) {
          throw fail(M.betweenTypes, "lower bound operand", valueText(lo.value), "upper bound operand", valueText(hi.value));
        }
        if (compareScalars(t, lo.value, hi.value) > 0) {
          throw fail(M.betweenBounds, "lower bound operand", valueText(lo.value), "upper bound operand", valueText(hi.value));
        }
      }
      countOperator(s);
      return { k: "between", a: (args[0] as Checked).node, lo: lo.node, hi: hi.node };
    }
    case "in": {
      const a = checkOperand(c.a, s);
      const list = c.list.map((o) => checkOperand(o, s));
      const all = [a, ...list];
      checkOperator({ name: "IN", arity: 1, more: true, types: null, distinct: true }, all);
      if (list.length > MAX_IN_OPERANDS) throw fail(M.inOperands, "number of operands", list.length);
      countOperator(s);
      return { k: "in", a: a.node, list: list.map((x) => x.node) };
    }
    case "call": {
      const r = checkCall(c.fn.name, c.fn.args, s);
      // The walk pass only lets boolean functions stand as conditions.
      return r.cond as Cond;
    }
    case "not": {
      // NOT chains: check the innermost first, then count one operator per NOT.
      let depth = 0;
      let inner: RawCond = c;
      while (inner.t === "not") {
        depth++;
        inner = inner.c;
      }
      let out = checkCondition(inner, s);
      for (let i = 0; i < depth; i++) {
        countOperator(s);
        out = { k: "not", c: out };
      }
      return out;
    }
    case "and":
    case "or": {
      const kids = c.c.map((x) => checkCondition(x, s));
      for (let i = 1; i < kids.length; i++) countOperator(s);
      return { k: c.t, c: kids };
    }
  }
}
