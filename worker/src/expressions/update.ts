/**
 * Applies a compiled update to an item, as DynamoDB's engine does:
 *  - every value is computed from the item as it was before the update;
 *  - the path tree is walked in the engine's order; the first problem met is reported
 *    ("The document path provided in the update expression is invalid for update", "The provided
 *    expression refers to an attribute that does not exist in the item", "An operand in the update
 *    expression has an incorrect data type", number range/precision errors);
 *  - list indexes refer to the original list: removed elements disappear, elements set past the end
 *    are appended in index order;
 *  - a set left empty by DELETE disappears.
 * The input item is never modified; the result shares untouched sub-values with it.
 */
import BigLib from "big.js";
import { DynamoError, validationError } from "../http/errors.js";
import { normalizeNumber, NUMBER_OVERFLOW, NUMBER_TOO_PRECISE } from "../model/number.js";
import type { AttributeValue, Item } from "../model/types.js";
import type { CompiledAttributeUpdates, CompiledUpdate, Operand, PathTree, UpdateAction } from "./ast.js";
import { ATTRIBUTE_NOT_FOUND, LEGACY_TYPE_MISMATCH, NESTING_TOO_DEEP, OPERAND_TYPE_MISMATCH, PATH_INVALID_FOR_UPDATE } from "./messages.js";
import { projectTree } from "./project.js";
import { compareNumberText, copyMap, getPath, own, setOwn, typeOf } from "./values.js";

const Big = BigLib();

/** Containers (maps/lists) may sit at most this deep below the item (the item itself is level 0). */
const MAX_CONTAINER_LEVEL = 31;

export interface UpdateResult {
  item: Item;
  /** The updated paths as they were (ReturnValues UPDATED_OLD). */
  updatedOld: Item;
  /** The updated paths as they are now (ReturnValues UPDATED_NEW). */
  updatedNew: Item;
}

const pathInvalid = () => validationError(PATH_INVALID_FOR_UPDATE);
const notFound = () => validationError(ATTRIBUTE_NOT_FOUND);
const typeMismatch = () => validationError(OPERAND_TYPE_MISMATCH);

/**
 * The result of SET +/- and ADD. An arithmetic result of 1E+38 or more that needs more than 38
 * significant digits is reported as an overflow (ScyllaDB's tests, written against the real service,
 * record "Number overflow" for 1E+50 + 1); a smaller one keeps the 38-digit message (1 + 1E-130).
 */
function numberResult(big: BigLib.Big): AttributeValue {
  try {
    return { N: normalizeNumber(big.toFixed()) };
  } catch (e) {
    if (e instanceof DynamoError && e.message.endsWith(NUMBER_TOO_PRECISE) && big.abs().gte("1e38")) {
      throw validationError(e.message.slice(0, -NUMBER_TOO_PRECISE.length) + NUMBER_OVERFLOW);
    }
    throw e;
  }
}

/** A SET value; undefined when it reads a missing attribute at the top. */
function setValue(op: Operand, old: Item): AttributeValue | undefined {
  switch (op.k) {
    case "path":
      return getPath(old, op.p);
    case "value":
      return op.v;
    case "ifNotExists": {
      const a = setValue(op.a, old);
      const b = setValue(op.b, old);
      if (b === undefined) throw notFound();
      return a ?? b;
    }
    case "arith":
    case "listAppend": {
      // Both operands are computed before either is looked at.
      const a = setValue(op.a, old);
      const b = setValue(op.b, old);
      const want = op.k === "arith" ? "N" : "L";
      for (const v of [a, b]) {
        if (v === undefined) throw notFound();
        if (typeOf(v) !== want) throw typeMismatch();
      }
      if (op.k === "listAppend") return { L: [...(a as { L: AttributeValue[] }).L, ...(b as { L: AttributeValue[] }).L] };
      const x = new Big((a as { N: string }).N);
      const y = (b as { N: string }).N;
      return numberResult(op.op === "+" ? x.plus(y) : x.minus(y));
    }
    default:
      return undefined;
  }
}

function setUnion(t: string, a: string[], b: string[]): string[] {
  const out = a.slice();
  if (t === "NS") {
    for (const v of b) if (!out.some((w) => compareNumberText(v, w) === 0)) out.push(v);
  } else {
    const seen = new Set(a);
    for (const v of b) if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

function setMinus(t: string, a: string[], b: string[]): string[] {
  if (t === "NS") return a.filter((v) => !b.some((w) => compareNumberText(v, w) === 0));
  const gone = new Set(b);
  return a.filter((v) => !gone.has(v));
}

/** Levels of containers in a value: 0 for scalars and sets, 1 for a map/list of scalars... */
function containerDepth(v: AttributeValue): number {
  const m = (v as { M?: Item }).M;
  const l = (v as { L?: AttributeValue[] }).L;
  if (m === undefined && l === undefined) return 0;
  let deepest = 0;
  if (m !== undefined) for (const k in m) deepest = Math.max(deepest, containerDepth(m[k] as AttributeValue));
  else for (const e of l as AttributeValue[]) deepest = Math.max(deepest, containerDepth(e));
  return deepest + 1;
}

function checkNesting(v: AttributeValue, level: number): void {
  const d = containerDepth(v);
  if (d > 0 && level + d - 1 > MAX_CONTAINER_LEVEL) throw validationError(NESTING_TOO_DEEP);
}

/** The new value at a leaf (undefined: the attribute/element goes away). */
function actionResult(act: UpdateAction, existing: AttributeValue | undefined, old: Item, level: number): AttributeValue | undefined {
  switch (act.k) {
    case "set": {
      const v = setValue(act.v, old);
      if (v === undefined) throw notFound();
      checkNesting(v, level);
      return v;
    }
    case "remove":
      return undefined;
    case "add": {
      if (existing === undefined) return act.v;
      const t = typeOf(act.v);
      if (typeOf(existing) !== t) throw typeMismatch();
      if (t === "N") return numberResult(new Big((existing as { N: string }).N).plus((act.v as { N: string }).N));
      const cur = (existing as Record<string, string[]>)[t] as string[];
      const merged = setUnion(t, cur, (act.v as Record<string, string[]>)[t] as string[]);
      return merged.length === cur.length ? existing : ({ [t]: merged } as AttributeValue);
    }
    case "delete": {
      if (existing === undefined) return undefined;
      const t = typeOf(act.v);
      if (typeOf(existing) !== t) throw typeMismatch();
      const cur = (existing as Record<string, string[]>)[t] as string[];
      const left = setMinus(t, cur, (act.v as Record<string, string[]>)[t] as string[]);
      if (left.length === 0) return undefined;
      return left.length === cur.length ? existing : ({ [t]: left } as AttributeValue);
    }
  }
}

/** Applies the tree to a map (the item itself at level 0). */
function applyMap(tree: PathTree, m: Item, old: Item, level: number): Item {
  const out = copyMap(m);
  const { keys, kids } = tree;
  const acts = tree.acts as (UpdateAction | null)[];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== "string") throw pathInvalid();
    const existing = own(m, k);
    const kid = kids[i] as PathTree | null;
    let v: AttributeValue | undefined;
    if (kid === null) v = actionResult(acts[i] as UpdateAction, existing, old, level + 1);
    else if (existing === undefined) throw pathInvalid();
    else v = applyValue(kid, existing, old, level + 1);
    if (v === undefined) delete out[k];
    else setOwn(out, k, v);
  }
  return out;
}

function applyList(tree: PathTree, l: AttributeValue[], old: Item, level: number): AttributeValue[] {
  const out: (AttributeValue | undefined)[] = l.slice();
  let appended: [number, AttributeValue][] | undefined;
  let removed = false;
  const { keys, kids } = tree;
  const acts = tree.acts as (UpdateAction | null)[];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== "number") throw pathInvalid();
    const existing = k < l.length ? l[k] : undefined;
    const kid = kids[i] as PathTree | null;
    let v: AttributeValue | undefined;
    if (kid === null) v = actionResult(acts[i] as UpdateAction, existing, old, level + 1);
    else if (existing === undefined) throw pathInvalid();
    else v = applyValue(kid, existing, old, level + 1);
    if (k < l.length) {
      out[k] = v;
      if (v === undefined) removed = true;
    } else if (v !== undefined) {
      (appended ??= []).push([k, v]);
    }
  }
  const kept = removed ? (out.filter((v) => v !== undefined) as AttributeValue[]) : (out as AttributeValue[]);
  if (appended === undefined) return kept;
  appended.sort((a, b) => a[0] - b[0]);
  for (const [, v] of appended) kept.push(v);
  return kept;
}

function applyValue(tree: PathTree, v: AttributeValue, old: Item, level: number): AttributeValue {
  const m = (v as { M?: Item }).M;
  if (m !== undefined) return { M: applyMap(tree, m, old, level) };
  const l = (v as { L?: AttributeValue[] }).L;
  if (l !== undefined) return { L: applyList(tree, l, old, level) };
  throw pathInvalid();
}

function applyExpression(u: CompiledUpdate, item: Item | undefined, key: Item): UpdateResult {
  const old = item ?? key;
  const next = applyMap(u.tree, old, old, 0);
  return {
    item: next,
    updatedOld: item === undefined ? {} : projectTree(u.tree, item),
    updatedNew: projectTree(u.tree, next),
  };
}

/** AttributeUpdates: PUT replaces, ADD adds to a number/set/list (creating it), DELETE removes. */
function applyAttributeUpdates(u: CompiledAttributeUpdates, item: Item | undefined, key: Item): UpdateResult {
  const old = item ?? key;
  const next = copyMap(old);
  for (const { name, action, value } of u.actions) {
    const existing = own(next, name);
    if (action === "PUT") {
      setOwn(next, name, value as AttributeValue);
      continue;
    }
    if (action === "DELETE" && value === undefined) {
      delete next[name];
      continue;
    }
    const v = value as AttributeValue;
    const t = typeOf(v);
    if (existing !== undefined && typeOf(existing) !== t) throw validationError(LEGACY_TYPE_MISMATCH);
    if (action === "ADD") {
      if (existing === undefined) setOwn(next, name, v);
      else if (t === "N") setOwn(next, name, numberResult(new Big((existing as { N: string }).N).plus((v as { N: string }).N)));
      else if (t === "L") setOwn(next, name, { L: [...(existing as { L: AttributeValue[] }).L, ...(v as { L: AttributeValue[] }).L] });
      else setOwn(next, name, { [t]: setUnion(t, (existing as Record<string, string[]>)[t] as string[], (v as Record<string, string[]>)[t] as string[]) } as AttributeValue);
    } else if (existing !== undefined) {
      const left = setMinus(t, (existing as Record<string, string[]>)[t] as string[], (v as Record<string, string[]>)[t] as string[]);
      if (left.length === 0) delete next[name];
      else setOwn(next, name, { [t]: left } as AttributeValue);
    }
  }
  const tree: PathTree = { keys: u.actions.map((a) => a.name), kids: u.actions.map(() => null) };
  return {
    item: next,
    updatedOld: item === undefined ? {} : projectTree(tree, item),
    updatedNew: projectTree(tree, next),
  };
}

/**
 * Applies an update to `item` (undefined: the item does not exist yet, so the update starts from the
 * key attributes). Throws DynamoDB's ValidationException when the update cannot apply.
 */
export function applyUpdate(u: CompiledUpdate | CompiledAttributeUpdates, item: Item | undefined, key: Item): UpdateResult {
  return u.kind === "update" ? applyExpression(u, item, key) : applyAttributeUpdates(u, item, key);
}
