/**
 * The seeded inputs of the expression robustness case (expressions-fuzz.case.ts): random tokens,
 * mutations of valid expressions, deep nesting, huge IN lists and 5 KB strings. Kept free of test
 * imports so that the inputs can be generated and replayed outside vitest.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

export type Kind = "condition" | "update" | "projection";

export interface FuzzInput {
  kind: Kind;
  expr: string;
  /** How the input was made, for the report. */
  origin: string;
}

/** mulberry32: a small seeded PRNG, so the inputs are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  "a", "b", "n", "s", "l", "m", "#n", "#m", "#undefined", ":v", ":w", ":n", ":l", ":undefined", "id",
  "(", ")", "((", "))", "[", "]", "[0]", "[1]", "[99999999999999999999]", "[-1]", ".", ",", "=", "<>", "<", "<=", ">", ">=",
  "AND", "OR", "NOT", "and", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "set", "+", "-", "*", "/",
  "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size", "if_not_exists", "list_append",
  "name", "size()", "a.b.c", "l[0][1]", "m.x[2].y", "😀", "\u0000", "'", '"', "$", "\\", "\t", "\n", "é", "ﬀ", "0", "1e5", "-1",
];

const VALID: Record<Kind, string[]> = {
  condition: [
    "a = :v",
    "attribute_exists(a) AND NOT (b <> :w OR n BETWEEN :n AND :n)",
    "begins_with(s, :v) OR contains(l, :n)",
    "size(m) > :n AND attribute_type(#n, :v)",
    "n IN (:n, :v, :w) AND m.x[0].y = :v",
    "attribute_not_exists(id)",
  ],
  update: [
    "SET a = :v, b = if_not_exists(b, :w)",
    "SET l = list_append(l, :l) REMOVE m.x",
    "ADD n :n DELETE ss :ss",
    "SET n = n + :n, #m = :v REMOVE l[0]",
    "REMOVE a, b SET s = :v",
  ],
  projection: ["a, b", "m.x[0].y, l[1]", "#n, s", "id, m, l[0][1]"],
};

export const NAMES: Record<string, string> = { "#n": "n", "#m": "m" };
export const VALUES: Record<string, AttributeValue> = {
  ":v": { S: "v" },
  ":w": { S: "w" },
  ":n": { N: "1" },
  ":l": { L: [{ S: "x" }] },
  ":ss": { SS: ["x"] },
};
for (let i = 0; i < 300; i++) VALUES[`:v${i}`] = { N: String(i) };

export function generateFuzzInputs(count: number): FuzzInput[] {
  const rnd = prng(0x5eed);
  const int = (n: number) => Math.floor(rnd() * n);
  const choose = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const kinds: Kind[] = ["condition", "update", "projection"];
  const out: FuzzInput[] = [];

  // Fixed shapes: deep nesting, huge lists, long inputs.
  const deep = (k: number, inner: string) => "(".repeat(k) + inner + ")".repeat(k);
  const fixed: FuzzInput[] = [
    { kind: "condition", expr: deep(50, "a = :v"), origin: "parens-50" },
    { kind: "condition", expr: deep(1000, "a = :v"), origin: "parens-1000" },
    { kind: "condition", expr: deep(2040, "a = :v"), origin: "parens-2040" },
    { kind: "condition", expr: "(".repeat(3000), origin: "unbalanced-open" },
    { kind: "condition", expr: ")".repeat(3000), origin: "unbalanced-close" },
    { kind: "condition", expr: "NOT ".repeat(1000) + "a = :v", origin: "not-1000" },
    { kind: "condition", expr: "size(".repeat(600) + "a" + ")".repeat(600) + " = :n", origin: "size-nesting" },
    { kind: "condition", expr: "attribute_exists(" + "a.".repeat(1500) + "a)", origin: "path-depth-1500" },
    { kind: "condition", expr: "a" + "[0]".repeat(1300) + " = :v", origin: "index-depth-1300" },
    { kind: "condition", expr: `a IN (${Array.from({ length: 300 }, (_, i) => `:v${i}`).join(",")})`, origin: "in-300" },
    { kind: "condition", expr: `a IN (${Array.from({ length: 1300 }, () => ":v").join(",")})`, origin: "in-1300-same" },
    { kind: "condition", expr: Array.from({ length: 500 }, () => "a = :v").join(" OR "), origin: "or-500" },
    { kind: "condition", expr: "a".repeat(5000), origin: "name-5k" },
    { kind: "condition", expr: `a = :${"v".repeat(5000)}`, origin: "value-name-5k" },
    { kind: "condition", expr: `#${"n".repeat(5000)} = :v`, origin: "name-placeholder-5k" },
    { kind: "condition", expr: "😀".repeat(1300), origin: "emoji-5k" },
    { kind: "condition", expr: "a = :v AND ".repeat(460) + "a = :v", origin: "and-5k" },
    { kind: "condition", expr: "a BETWEEN :v AND :w AND b BETWEEN", origin: "between-truncated" },
    { kind: "update", expr: "SET " + Array.from({ length: 400 }, (_, i) => `a${i} = :v`).join(", "), origin: "set-400" },
    { kind: "update", expr: "SET a = " + "if_not_exists(a, ".repeat(300) + ":v" + ")".repeat(300), origin: "if-not-exists-300" },
    { kind: "update", expr: "SET a = " + "list_append(".repeat(200) + ":l, :l" + ")".repeat(200), origin: "list-append-200" },
    { kind: "update", expr: "SET a = a " + "+ a ".repeat(800), origin: "plus-800" },
    { kind: "update", expr: "REMOVE " + Array.from({ length: 600 }, (_, i) => `l[${i}]`).join(", "), origin: "remove-600-indexes" },
    { kind: "update", expr: "SET l[99999999999999999999] = :v", origin: "huge-index" },
    { kind: "update", expr: "SET " + "a.".repeat(2000) + "a = :v", origin: "set-depth-2000" },
    { kind: "update", expr: "SET".repeat(1700), origin: "keywords-5k" },
    { kind: "update", expr: "REMOVE a ".repeat(600), origin: "remove-repeated" },
    { kind: "update", expr: "ADD n :n, n :n, n :n", origin: "add-same-path" },
    { kind: "projection", expr: Array.from({ length: 900 }, (_, i) => `a${i}`).join(", "), origin: "projection-900" },
    { kind: "projection", expr: "m" + ".x".repeat(2000), origin: "projection-depth-2000" },
    { kind: "projection", expr: ",".repeat(5000), origin: "commas-5k" },
    { kind: "projection", expr: "a".repeat(5000), origin: "projection-name-5k" },
  ];
  out.push(...fixed);

  while (out.length < count) {
    const kind = choose(kinds);
    if (rnd() < 0.5) {
      // Random tokens, sometimes glued together without spaces.
      const n = 1 + int(30);
      const sep = rnd() < 0.2 ? "" : " ";
      const prefix = kind === "update" && rnd() < 0.6 ? choose(["SET ", "REMOVE ", "ADD ", "DELETE "]) : "";
      out.push({ kind, expr: prefix + Array.from({ length: n }, () => choose(TOKENS)).join(sep), origin: "tokens" });
    } else {
      // A valid expression with a few character-level mutations.
      let e = choose(VALID[kind]);
      const steps = 1 + int(3);
      for (let i = 0; i < steps; i++) {
        const at = int(e.length + 1);
        switch (int(5)) {
          case 0:
            e = e.slice(0, at) + e.slice(at + 1);
            break;
          case 1:
            e = e.slice(0, at) + choose(["(", ")", ",", ".", "[", "]", ":", "#", "=", " ", "1", "a", "\u0000", "é"]) + e.slice(at);
            break;
          case 2: {
            const len = 1 + int(10);
            e = e.slice(0, at) + e.slice(at, at + len).repeat(2 + int(3)) + e.slice(at + len);
            break;
          }
          case 3:
            e = e.slice(0, at);
            break;
          default: {
            const words = e.split(" ");
            const i1 = int(words.length);
            const i2 = int(words.length);
            [words[i1], words[i2]] = [words[i2] as string, words[i1] as string];
            e = words.join(" ");
          }
        }
      }
      out.push({ kind, expr: e, origin: "mutated" });
    }
  }
  return out;
}
