/**
 * Random and mutated expressions: each must either compile or fail with a ValidationException, fast;
 * what compiles must evaluate/apply/project without any other kind of error.
 */
import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import type { AttributeValue, Item } from "../model/types.js";
import { type CompileInput, compileRequest } from "./compile.js";
import { applyUpdate, evaluateCondition, project } from "./index.js";
import { VALIDATION } from "./test-support.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = [
  "a", "b", "c", "l", "m", "n", "s", "name", "size", "views", "x1", "_x",
  "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "if_not_exists", "list_append", "foo",
  "#a", "#b", "#l", "#undef", ":a", ":b", ":n", ":l", ":ss", ":m", ":t", ":undef",
  "0", "1", "3", "12", "2147483648", "01",
  "=", "<>", "<", "<=", ">", ">=", "+", "-", "(", ")", ",", ".", "[", "]",
  "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "and", "set",
  "!", '"', "'", "ü", "#", ":", "*", "/", "\t", "\n", "\u{1F600}", "\uD800",
];

const SEEDS = [
  "a = :a AND (b < :n OR NOT attribute_exists(c))",
  "size(l) > :n AND begins_with(#a, :a) OR contains(#l, :a)",
  "a BETWEEN :n AND :n",
  "#a IN (:a, :b, :n)",
  "attribute_type(m.x[1], :t)",
  "SET a = :a, #b = if_not_exists(#b, :n) + :n REMOVE c[1] ADD s :ss DELETE m.x :ss",
  "SET l = list_append(#l, :l), m.y[3].z = :m",
  "a, b.c[2], #l[0].x",
  "a = :a AND b > :n",
];

const NAMES = { "#a": "a", "#b": "b", "#l": "l" };
const VALUES: Record<string, AttributeValue> = {
  ":a": { S: "a" },
  ":b": { S: "b" },
  ":n": { N: "1" },
  ":l": { L: [{ S: "x" }] },
  ":ss": { SS: ["x", "y"] },
  ":m": { M: { k: { N: "2" } } },
  ":t": { S: "N" },
};

const ITEMS: Item[] = [
  {},
  { a: { S: "a" }, b: { N: "5" }, c: { BOOL: true }, l: { L: [{ S: "x" }, { N: "1" }] }, s: { SS: ["x"] }, m: { M: { x: { L: [{ N: "1" }, { S: "y" }] } } } },
  { a: { N: "1" }, b: { S: "b" }, l: { M: {} }, m: { S: "scalar" }, s: { NS: ["1"] } },
];

function tokens(r: () => number, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    const t = VOCABULARY[Math.floor(r() * VOCABULARY.length)] as string;
    const space = r();
    out += space < 0.2 ? t : space < 0.9 ? ` ${t}` : `  ${t} `;
  }
  return out;
}

function mutate(r: () => number, s: string): string {
  const parts = s.split(/(\s+|[(),.[\]=<>+-])/).filter((p) => p !== "");
  const ops = 1 + Math.floor(r() * 3);
  for (let k = 0; k < ops; k++) {
    const i = Math.floor(r() * (parts.length + 1));
    const choice = r();
    if (choice < 0.3) parts.splice(i, 1);
    else if (choice < 0.6) parts.splice(i, 0, VOCABULARY[Math.floor(r() * VOCABULARY.length)] as string);
    else if (choice < 0.8 && parts[i] !== undefined) parts.splice(i, 0, parts[i] as string);
    else {
      const j = Math.floor(r() * parts.length);
      const t = parts[i];
      if (t !== undefined && parts[j] !== undefined) {
        parts[i] = parts[j] as string;
        parts[j] = t;
      }
    }
  }
  return parts.join("");
}

/** The placeholders of `map` that `text` mentions (so unused ones do not mask everything else). */
function mentioned<T>(map: Record<string, T>, text: string): Record<string, T> | undefined {
  const out: Record<string, T> = {};
  let any = false;
  for (const k of Object.keys(map)) {
    if (new RegExp(`${k}(?![A-Za-z0-9_])`).test(text)) {
      out[k] = structuredClone(map[k] as T);
      any = true;
    }
  }
  return any ? out : undefined;
}

const KINDS = ["condition", "update", "projection", "filter", "keyCondition"] as const;

/** Compiles; returns false for a ValidationException, throws on anything else. */
function tryCompile(input: CompileInput): ReturnType<typeof compileRequest> | false {
  try {
    return compileRequest(input);
  } catch (e) {
    if (e instanceof DynamoError && e.type === VALIDATION) return false;
    throw new Error(`${JSON.stringify(input)} threw ${String(e)}`);
  }
}

function exercise(c: ReturnType<typeof compileRequest>): void {
  for (const item of ITEMS) {
    for (const cond of [c.condition, c.filter]) if (cond) expect(typeof evaluateCondition(cond, item)).toBe("boolean");
    if (c.projection) expect(typeof project(c.projection, item)).toBe("object");
    if (c.update) {
      try {
        applyUpdate(c.update, item, {});
      } catch (e) {
        if (!(e instanceof DynamoError) || e.type !== VALIDATION) throw e;
      }
    }
  }
}

describe("fuzz", () => {
  it("random token strings and mutated expressions compile or fail with a ValidationException, quickly", () => {
    const r = rng(20240601);
    let compiled = 0;
    let slowest = 0;
    for (let i = 0; i < 6000; i++) {
      const text = i % 2 === 0 ? tokens(r, 1 + Math.floor(r() * 25)) : mutate(r, SEEDS[Math.floor(r() * SEEDS.length)] as string);
      const kind = KINDS[Math.floor(r() * KINDS.length)] as (typeof KINDS)[number];
      const input: CompileInput = { [kind]: text };
      // Mostly only the placeholders the text uses; sometimes all of them (unused ones are an error too).
      const all = r() < 0.1;
      input.names = all ? NAMES : mentioned(NAMES, text);
      if (kind !== "projection") input.values = all ? structuredClone(VALUES) : mentioned(VALUES, text);
      const t0 = performance.now();
      const c = tryCompile(input);
      const t = performance.now() - t0;
      slowest = Math.max(slowest, t);
      if (c) {
        compiled++;
        exercise(c);
      }
    }
    // Some of them must get through to exercise the evaluators.
    expect(compiled).toBeGreaterThan(50);
    expect(slowest).toBeLessThan(50);
  });

  it("the unmutated seeds compile", () => {
    for (const text of SEEDS) {
      const kind = text.startsWith("SET") ? "update" : text.includes(":") ? "condition" : "projection";
      const c = compileRequest({ [kind]: text, names: mentioned(NAMES, text), values: kind === "projection" ? undefined : mentioned(VALUES, text) });
      exercise(c);
    }
  });

  it("random characters", () => {
    const r = rng(7);
    const chars = "ab#:_0123456789 ()[].,=<>+-!\"'ü\t\nANDORNOTSETADDREMOVEDELETEBETWEENIN";
    for (let i = 0; i < 3000; i++) {
      let text = "";
      const n = Math.floor(r() * 40);
      for (let j = 0; j < n; j++) text += chars[Math.floor(r() * chars.length)];
      for (const kind of KINDS) tryCompile({ [kind]: text });
    }
  });

  it("pathological sizes are refused fast", () => {
    const cases: CompileInput[] = [
      { condition: "(".repeat(4096) },
      { condition: `${"NOT ".repeat(1000)}a` },
      { condition: `a IN (${Array.from({ length: 1000 }, () => "b").join(",")})` },
      { update: `SET ${Array.from({ length: 800 }, (_, i) => `a${i} = b`).join(",")}` },
      { projection: Array.from({ length: 2000 }, () => "a").join(",") },
      { condition: "a".repeat(1_000_000) },
      { filter: `${"size(".repeat(800)}a${")".repeat(800)}` },
    ];
    for (const input of cases) {
      const t0 = performance.now();
      expect(tryCompile(input)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(100);
    }
  });
});
