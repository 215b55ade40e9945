/**
 * Reader for YCSB property files (the java.util.Properties text format YCSB's `-P file` reads) and for
 * `-p key=value` overrides.
 *
 * Follows java.util.Properties.load: `#` or `!` comment lines, blank lines, `key=value`, `key: value` and
 * `key value`, whitespace around the separator, backslash line continuation, and the escapes \t \n \r \f
 * \uXXXX (any other escaped character stands for itself). One deliberate difference: trailing whitespace
 * of a value is dropped (Java keeps it, which turns "zipfian " into an unknown distribution — never wanted).
 */

/** Property name → raw string value, as YCSB's Properties hold them. */
export type Properties = Record<string, string>;

const WHITESPACE = new Set([" ", "\t", "\f"]);

/** Parses the text of a property file; later occurrences of a key win, as in Java. */
export function parseProperties(text: string): Properties {
  const out: Properties = Object.create(null) as Properties;
  for (const line of logicalLines(text)) {
    const [key, value] = splitKeyValue(line);
    out[key] = value;
  }
  return out;
}

/**
 * Parses one `-p` argument. YCSB splits at the first `=`; the name is trimmed, the value is taken as is
 * (minus surrounding whitespace) — no escapes, since the shell already delivered the literal text.
 */
export function parseOverride(arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new Error(`Bad property override "${arg}": expected key=value`);
  const key = arg.slice(0, eq).trim();
  if (key === "") throw new Error(`Bad property override "${arg}": empty key`);
  return [key, arg.slice(eq + 1).trim()];
}

/** Overrides as `["k=v", ...]` (the `-p` arguments) or as an object; returns a fresh object. */
export function normaliseOverrides(overrides: readonly string[] | Readonly<Properties> | undefined): Properties {
  const out: Properties = Object.create(null) as Properties;
  if (overrides === undefined) return out;
  if (Array.isArray(overrides)) {
    for (const arg of overrides as readonly string[]) {
      const [k, v] = parseOverride(arg);
      out[k] = v;
    }
    return out;
  }
  for (const [k, v] of Object.entries(overrides as Readonly<Properties>)) out[k] = String(v);
  return out;
}

/** Joins continued lines and drops blank and comment lines, yielding the raw (still escaped) logical lines. */
function* logicalLines(text: string): Generator<string> {
  const natural = text.split(/\r\n|\r|\n/);
  let pending: string | null = null;
  for (const raw of natural) {
    let line: string = pending === null ? stripLeading(raw) : pending + stripLeading(raw);
    if (pending === null && (line === "" || line[0] === "#" || line[0] === "!")) continue;
    if (endsWithOddBackslashes(line)) {
      // A continuation: drop the backslash and splice the next natural line in (its indentation skipped).
      pending = line.slice(0, -1);
      continue;
    }
    pending = null;
    line = line.trimEnd();
    if (line !== "") yield line;
  }
  if (pending !== null && pending.trim() !== "") yield pending.trimEnd();
}

function stripLeading(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i] as string)) i++;
  return s.slice(i);
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

function splitKeyValue(line: string): [string, string] {
  let i = 0;
  let keyEnd = -1;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "\\") {
      i += 2; // an escaped character never ends the key
      continue;
    }
    if (c === "=" || c === ":" || WHITESPACE.has(c)) {
      keyEnd = i;
      break;
    }
    i++;
  }
  if (keyEnd < 0) return [unescape(line), ""];
  let j = keyEnd;
  while (j < line.length && WHITESPACE.has(line[j] as string)) j++;
  if (j < line.length && (line[j] === "=" || line[j] === ":")) j++;
  while (j < line.length && WHITESPACE.has(line[j] as string)) j++;
  return [unescape(line.slice(0, keyEnd)), unescape(line.slice(j))];
}

function unescape(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) break;
    switch (n) {
      case "t": out += "\t"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "f": out += "\f"; break;
      case "u": {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`Malformed \\uxxxx encoding in property file: "\\u${hex}"`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default: out += n;
    }
  }
  return out;
}
