/**
 * Projection of an item along a path tree, shaped as DynamoDB returns it: only the requested parts of
 * maps and lists, list elements kept in index order and compacted (a[3], a[1] of a 5-element list give
 * a 2-element list), parents that end up empty left out.
 */
import type { AttributeValue, Item } from "../model/types.js";
import type { PathTree } from "./ast.js";
import { own, setOwn } from "./values.js";

function projectValue(tree: PathTree, v: AttributeValue): AttributeValue | undefined {
  const m = (v as { M?: Item }).M;
  if (m !== undefined) {
    const out = projectMap(tree, m);
    return out === undefined ? undefined : { M: out };
  }
  const l = (v as { L?: AttributeValue[] }).L;
  if (l === undefined) return undefined;
  let picked: [number, AttributeValue][] | undefined;
  const { keys, kids } = tree;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== "number" || k >= l.length) continue;
    const kid = kids[i] as PathTree | null;
    const got = kid === null ? l[k] : projectValue(kid, l[k] as AttributeValue);
    if (got !== undefined) (picked ??= []).push([k, got]);
  }
  if (picked === undefined) return undefined;
  picked.sort((a, b) => a[0] - b[0]);
  return { L: picked.map((p) => p[1]) };
}

function projectMap(tree: PathTree, m: Item): Item | undefined {
  let out: Item | undefined;
  const { keys, kids } = tree;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== "string") continue;
    const v = own(m, k);
    if (v === undefined) continue;
    const kid = kids[i] as PathTree | null;
    const got = kid === null ? v : projectValue(kid, v);
    if (got !== undefined) setOwn((out ??= {}), k, got);
  }
  return out;
}

/** The parts of `item` the tree names (an empty object when none exist). */
export function projectTree(tree: PathTree, item: Item): Item {
  return projectMap(tree, item) ?? {};
}
