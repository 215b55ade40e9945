/**
 * Path trees: the paths of an update or a projection, merged, as DynamoDB's engine builds them. A path
 * that ends where another continues, or repeats it, "overlaps"; one that uses a list index where
 * another uses a map key (or the reverse) "conflicts". The engine's message names the new path and,
 * as "path two", the path found by always following the first entry of its (Java hash map) children;
 * entries are kept in that map's iteration order.
 */
import type { Path, PathElem, PathTree, UpdateAction } from "./ast.js";
import { pathText } from "./check.js";
import { firstInIteration, hashMapCapacity, iterationOrder, pathElemHash } from "./java-order.js";
import { M, fail } from "./messages.js";

/** A path tree under construction: keys in insertion order. */
export interface BuildNode {
  keys: PathElem[];
  hashes: number[];
  kids: (BuildNode | null)[];
  acts: (UpdateAction | null)[];
  index: Map<PathElem, number>;
}

export const newNode = (): BuildNode => ({ keys: [], hashes: [], kids: [], acts: [], index: new Map() });

function chain(path: Path, from: number): BuildNode | null {
  if (from >= path.length) return null;
  const n = newNode();
  add(n, path[from] as PathElem, chain(path, from + 1));
  return n;
}

function add(n: BuildNode, key: PathElem, kid: BuildNode | null): void {
  n.index.set(key, n.keys.length);
  n.keys.push(key);
  n.hashes.push(pathElemHash(key));
  n.kids.push(kid);
  n.acts.push(null);
}

/** The path DynamoDB names as "path two": down from `node`, always its first key in iteration order. */
function leafPath(path: Path, depth: number, node: BuildNode): Path {
  const out = path.slice(0, depth);
  let cur: BuildNode | null = node;
  while (cur !== null && cur.keys.length > 0) {
    const i = firstInIteration(cur.hashes);
    out.push(cur.keys[i] as PathElem);
    cur = cur.kids[i] as BuildNode | null;
  }
  return out;
}

/** Enters `path` into the tree, refusing overlaps (one path inside another) and list/map conflicts. */
export function insertPath(root: BuildNode, path: Path): void {
  let node = root;
  for (let depth = 0; ; depth++) {
    const key = path[depth] as PathElem;
    const at = node.index.get(key);
    if (at === undefined) {
      if (node.keys.length > 0) {
        const first = node.keys[firstInIteration(node.hashes)] as PathElem;
        if (typeof first !== typeof key) {
          throw fail(M.conflict, "path one", pathText(path), "path two", pathText(leafPath(path, depth, node)));
        }
      }
      add(node, key, chain(path, depth + 1));
      return;
    }
    const kid = node.kids[at] as BuildNode | null;
    if (kid === null || depth + 1 >= path.length) {
      throw fail(M.overlap, "path one", pathText(path), "path two", pathText(leafPath(path, depth, node)));
    }
    node = kid;
  }
}

/** Attaches an action at the leaf of `path` (already inserted). */
export function attach(root: BuildNode, path: Path, act: UpdateAction): void {
  let node = root;
  for (let depth = 0; depth < path.length - 1; depth++) node = node.kids[node.index.get(path[depth] as PathElem) as number] as BuildNode;
  node.acts[node.index.get(path[path.length - 1] as PathElem) as number] = act;
}

/** The finished tree: entries reordered as DynamoDB's engine iterates them. */
export function freeze(n: BuildNode, withActions: boolean): PathTree {
  const order = iterationOrder(n.hashes, hashMapCapacity(n.keys.length));
  const out: PathTree = {
    keys: order.map((i) => n.keys[i] as PathElem),
    kids: order.map((i) => {
      const k = n.kids[i];
      return k ? freeze(k, withActions) : null;
    }),
  };
  if (withActions) out.acts = order.map((i) => n.acts[i] ?? null);
  return out;
}
