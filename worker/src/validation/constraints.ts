/**
 * The constraint pass: DynamoDB's "N validation error(s) detected: Value '...' at '...' failed to
 * satisfy constraint: ..." messages. Runs on the cleaned request, in declaration order, listing at
 * most 10 errors. Messages are only built for failures.
 */
import type { Field, Members, Rule } from "./schema.js";

/** DynamoDB stops listing constraint violations after this many. */
export const MAX_LISTED_ERRORS = 10;

/** How DynamoDB renders a value in constraint messages: lists like Java's toString, structures as JSON. */
export function renderValue(v: unknown): string {
  if (v == null) return "null";
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? ", " : "") + renderValue(v[i]);
    return s + "]";
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const lowered = new Map<string, string>();
/** Member names appear in paths with a lower-case first letter ("TableName" -> "tableName"). */
export function lowerFirst(s: string): string {
  let l = lowered.get(s);
  if (l === undefined) {
    l = s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
    lowered.set(s, l);
  }
  return l;
}

function ruleMessage(r: Rule): string {
  switch (r.k) {
    case "notNull":
      return "Member must not be null";
    case "gte":
      return `Member must have value greater than or equal to ${r.n}`;
    case "lte":
      return `Member must have value less than or equal to ${r.n}`;
    case "regex":
      return `Member must satisfy regular expression pattern: ${r.src}`;
    case "minLen":
      return `Member must have length greater than or equal to ${r.n}`;
    case "maxLen":
      return `Member must have length less than or equal to ${r.n}`;
    case "enum":
      return `Member must satisfy enum value set: [${r.values.join(", ")}]`;
    case "keys":
      return `Map keys must satisfy constraint: [${r.rules.map(ruleMessage).join(", ")}]`;
    case "values":
      return `Map value must satisfy constraint: [${r.rules.map(ruleMessage).join(", ")}]`;
  }
}

function lengthOf(v: unknown): number {
  if (typeof v === "string" || Array.isArray(v)) return v.length;
  if (typeof v === "object" && v !== null) {
    let n = 0;
    for (const _ in v) n++;
    return n;
  }
  return NaN; // a null map value fails every length rule (DynamoDB reports it)
}

function passes(r: Rule, v: unknown): boolean {
  switch (r.k) {
    case "notNull":
      return v != null;
    case "gte":
      return (v as number) >= r.n;
    case "lte":
      return (v as number) <= r.n;
    case "regex":
      return r.re.test(v as string);
    case "minLen":
      return lengthOf(v) >= r.n;
    case "maxLen":
      return lengthOf(v) <= r.n;
    case "enum":
      return r.values.includes(v as string);
    case "keys":
    case "values":
      return true; // handled per entry
  }
}

const NO_MEMBERS: Readonly<Record<string, unknown>> = Object.freeze({});

const allPass = (rules: readonly Rule[], v: unknown) => rules.every((r) => passes(r, v));

function report(errors: string[], v: unknown, path: string, message: string): void {
  const value = v == null ? "null" : `'${renderValue(v)}'`;
  errors.push(`Value ${value} at '${path}' failed to satisfy constraint: ${message}`);
}

/**
 * `path` names members as DynamoDB's older messages do (lower-case first letter), `wire` as they are
 * sent; a bare rule is reported on `wire` without the value.
 */
function checkField(name: string, wireName: string, v: unknown, f: Field, parent: string, wireParent: string, errors: string[]): void {
  if (!f.deep) return;
  const path = parent ? `${parent}.${name}` : name;
  const wire = wireParent ? `${wireParent}.${wireName}` : wireName;
  for (const r of f.rules) {
    if (errors.length >= MAX_LISTED_ERRORS) return;
    if (r.k !== "notNull" && v == null) continue;
    if (r.k === "keys" || r.k === "values") {
      const m = v as Record<string, unknown>;
      for (const key in m) {
        if (errors.length >= MAX_LISTED_ERRORS) return;
        if (!allPass(r.rules, r.k === "keys" ? key : m[key])) report(errors, v, path, ruleMessage(r));
      }
    } else if (!passes(r, v)) {
      if (r.bare) errors.push(`Value at '${wire}' failed to satisfy constraint: ${ruleMessage(r)}`);
      else report(errors, v, path, ruleMessage(r));
      if (r.stop) break;
    }
  }
  if (v == null || errors.length >= MAX_LISTED_ERRORS) return;
  switch (f.kind) {
    case "List":
    case "ParameterizedList": {
      const of = f.of as Field;
      if (!of.deep) return;
      const arr = v as unknown[];
      for (let i = 0; i < arr.length; i++) {
        // A null element where the model has a structure is that structure with every member missing, as
        // `{}` is: its required members are reported, so no later check meets a null structure.
        const el = arr[i] == null && of.kind === "ValueStruct" ? NO_MEMBERS : arr[i];
        checkField("member", "member", el, of, `${path}.${i + 1}`, `${wire}.${i + 1}`, errors);
      }
      return;
    }
    case "Map":
    case "ParameterizedMap": {
      const of = f.of as Field;
      if (!of.deep) return;
      const m = v as Record<string, unknown>;
      for (const key in m) checkField("member", "member", m[key], of, `${path}.${key}`, `${wire}.${key}`, errors);
      return;
    }
    case "ValueStruct":
    case "FieldStruct":
      checkMembers(v as Record<string, unknown>, f.members as Members, path, errors, wire);
      return;
    default:
      return;
  }
}

/** Collects constraint violations of a structure's members (in declaration order) into `errors`. */
export function checkMembers(
  data: Record<string, unknown>,
  members: Members,
  parent: string,
  errors: string[],
  wireParent = parent,
): void {
  for (const name in members) {
    if (errors.length >= MAX_LISTED_ERRORS) return;
    const f = members[name] as Field;
    if (f.deep) checkField(lowerFirst(name), name, data[name], f, parent, wireParent, errors);
  }
}

/** DynamoDB's summary of constraint violations. */
export function formatErrors(errors: readonly string[]): string {
  const n = errors.length;
  return `${n} validation error${n > 1 ? "s" : ""} detected: ${errors.join("; ")}`;
}
