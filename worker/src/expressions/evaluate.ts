/**
 * Evaluates compiled conditions against an item, with DynamoDB's rules: a missing attribute or an
 * operand of a type the operator does not order makes a comparison false (`<>` true when not equal),
 * never an error.
 */
import type { AttributeValue, Item } from "../model/types.js";
import type { Cond, Operand } from "./ast.js";
import { ORDERED, beginsWith, compareScalars, containsValue, equalValues, getPath, sizeOf, typeOf } from "./values.js";

const EMPTY: Item = Object.freeze({}) as Item;

/** An operand's value in a condition (size() of something sizeless is missing). */
export function operandValue(op: Operand, item: Item): AttributeValue | undefined {
  switch (op.k) {
    case "path":
      return getPath(item, op.p);
    case "value":
      return op.v;
    case "size": {
      const v = operandValue(op.a, item);
      if (v === undefined) return undefined;
      const n = sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
    default:
      // Update-only operands never reach conditions.
      return undefined;
  }
}

/** a <op> b for ordered comparisons: both present, both S/N/B, same type. */
function ordered(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  const t = typeOf(a);
  if (!ORDERED.has(t) || t !== typeOf(b)) return undefined;
  return compareScalars(t, a, b);
}

function stringOrBinary(v: AttributeValue | undefined): boolean {
  if (v === undefined) return true;
  const t = typeOf(v);
  return t === "S" || t === "B";
}

export function evaluate(c: Cond, item: Item): boolean {
  switch (c.k) {
    case "cmp": {
      const a = operandValue(c.a, item);
      const b = operandValue(c.b, item);
      switch (c.op) {
        case "=":
          return a !== undefined && b !== undefined && equalValues(a, b);
        case "<>":
          return !(a !== undefined && b !== undefined && equalValues(a, b));
        case "<": {
          const r = ordered(a, b);
          return r !== undefined && r < 0;
        }
        case "<=": {
          const r = ordered(a, b);
          return r !== undefined && r <= 0;
        }
        case ">": {
          const r = ordered(a, b);
          return r !== undefined && r > 0;
        }
        default: {
          const r = ordered(a, b);
          return r !== undefined && r >= 0;
        }
      }
    }
    case "between": {
      const a = operandValue(c.a, item);
      const lo = operandValue(c.lo, item);
      const hi = operandValue(c.hi, item);
      // Any operand of a type BETWEEN does not order makes it false.
      for (const v of [a, lo, hi]) if (v !== undefined && !ORDERED.has(typeOf(v))) return false;
      const x = ordered(a, hi);
      const y = ordered(a, lo);
      return x !== undefined && x <= 0 && y !== undefined && y >= 0;
    }
    case "in": {
      const a = operandValue(c.a, item);
      if (a === undefined) return false;
      for (const o of c.list) {
        const v = operandValue(o, item);
        if (v !== undefined && equalValues(a, v)) return true;
      }
      return false;
    }
    case "exists":
      return operandValue(c.a, item) !== undefined;
    case "notExists":
      return operandValue(c.a, item) === undefined;
    case "type": {
      const a = operandValue(c.a, item);
      const t = operandValue(c.t, item);
      return a !== undefined && t !== undefined && typeOf(a) === (t as { S?: string }).S;
    }
    case "beginsWith": {
      const a = operandValue(c.a, item);
      const b = operandValue(c.b, item);
      if (!stringOrBinary(a) || !stringOrBinary(b) || a === undefined || b === undefined) return false;
      return beginsWith(a, b);
    }
    case "contains": {
      const a = operandValue(c.a, item);
      const b = operandValue(c.b, item);
      return a !== undefined && b !== undefined && containsValue(a, b);
    }
    case "notContains": {
      const a = operandValue(c.a, item);
      const b = operandValue(c.b, item);
      return a !== undefined && b !== undefined && !containsValue(a, b);
    }
    case "not":
      return !evaluate(c.c, item);
    case "and":
      for (const x of c.c) if (!evaluate(x, item)) return false;
      return true;
    case "or":
      for (const x of c.c) if (evaluate(x, item)) return true;
      return false;
    case "true":
      return true;
  }
}

/** Whether `item` (undefined: no item) satisfies the condition. */
export function evaluateCondition(c: { root: Cond }, item: Item | undefined): boolean {
  return evaluate(c.root, item ?? EMPTY);
}
