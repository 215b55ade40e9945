/**
 * Checks of projections and updates: paths entered into a path tree last path/action first (DynamoDB's
 * order: overlaps, conflicts and undefined #names of the paths), then, for updates, each action's value
 * checked, again last action first, and ADD/DELETE operands checked against the types they accept.
 */
import type { Path, PathTree, RawOperand, RawPath, RawUpdate, UpdateAction } from "./ast.js";
import { type Checked, type ExprScope, checkOperand, resolvePath, resolveValue } from "./check.js";
import { M, fail } from "./messages.js";
import { attach, freeze, insertPath, newNode } from "./path-tree.js";
import { setOwn, typeOf } from "./values.js";

export interface CheckedProjection {
  tree: PathTree;
  paths: Path[];
}

export function checkProjection(raw: readonly RawPath[], s: ExprScope): CheckedProjection {
  const root = newNode();
  const paths: Path[] = new Array(raw.length);
  // DynamoDB enters the paths last one first.
  for (let i = raw.length - 1; i >= 0; i--) {
    const p = resolvePath(raw[i] as RawPath, s);
    paths[i] = p;
    insertPath(root, p);
  }
  return { tree: freeze(root, false), paths };
}

const ADD_TYPES = "N SS NS BS";
const DELETE_TYPES = "SS NS BS";
const LONG_TYPE_NAMES: Readonly<Record<string, string>> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  BOOL: "BOOLEAN",
  NULL: "NULL",
  L: "LIST",
  M: "MAP",
  SS: "STRING_SET",
  NS: "NUMBER_SET",
  BS: "BINARY_SET",
};

export interface CheckedUpdate {
  tree: PathTree;
  paths: Path[];
  setTypes: Record<string, string | null>;
  /** Placeholder uses of SET/ADD values (for the item-size estimate). */
  sizedValues: Map<string, number>;
  sizedPaths: Path[];
}

export function checkUpdate(raw: RawUpdate, s: ExprScope): CheckedUpdate {
  const actions: { kw: string; path: RawPath; value?: RawOperand }[] = [];
  for (const sec of raw.sections) for (const a of sec.actions) actions.push({ kw: sec.kw, path: a.path, value: a.value });
  const n = actions.length;
  const paths: Path[] = new Array(n);
  const root = newNode();
  for (let i = n - 1; i >= 0; i--) {
    const p = resolvePath((actions[i] as (typeof actions)[number]).path, s);
    paths[i] = p;
    insertPath(root, p);
  }
  const setTypes: Record<string, string | null> = {};
  const sizedValues = new Map<string, number>();
  const sizedPaths: Path[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const a = actions[i] as (typeof actions)[number];
    const p = paths[i] as Path;
    let act: UpdateAction;
    if (a.kw === "SET") {
      const before = new Map(s.valueUses);
      const v = checkOperand(a.value as RawOperand, s);
      act = { k: "set", v: v.node };
      if (p.length === 1) setOwn(setTypes, p[0] as string, staticType(v));
      sizedPaths.push(p);
      for (const [k, c] of s.valueUses) {
        const d = c - (before.get(k) ?? 0);
        if (d > 0) sizedValues.set(k, (sizedValues.get(k) ?? 0) + d);
      }
    } else if (a.kw === "REMOVE") {
      act = { k: "remove" };
    } else {
      const name = (a.value as { name: string }).name;
      const v = resolveValue(name, s);
      const t = typeOf(v);
      const allowed = a.kw === "ADD" ? ADD_TYPES : DELETE_TYPES;
      if (!` ${allowed} `.includes(` ${t} `)) {
        throw fail(M.operandType, "operator", a.kw, "operand type", LONG_TYPE_NAMES[t] ?? t, "typeSet", `ALLOWED_FOR_${a.kw}_OPERAND`);
      }
      if (a.kw === "ADD") {
        act = { k: "add", v };
        if (p.length === 1) setOwn(setTypes, p[0] as string, t);
        sizedPaths.push(p);
        sizedValues.set(name, (sizedValues.get(name) ?? 0) + 1);
      } else {
        act = { k: "delete", v };
      }
    }
    attach(root, p, act);
  }
  return { tree: freeze(root, true), paths, setTypes, sizedValues, sizedPaths };
}

/** The type a SET value is known to have before running, or null. */
function staticType(c: Checked): string | null {
  if (c.ret !== "*") return c.ret;
  const node = c.node;
  if (node.k === "ifNotExists") {
    const d = node.b;
    if (d.k === "value") return typeOf(d.v);
    if (d.k === "arith") return "N";
    if (d.k === "listAppend") return "L";
  }
  return null;
}
