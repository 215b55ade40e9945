/**
 * Mutations of valid requests: of the JSON value (drop, duplicate and retype members, swap AttributeValue
 * types, bad numbers, empty strings and sets, huge and unicode-edge strings, wrong key names and types, deep
 * nesting, broken expressions), of the bytes (truncation, flipped bytes, invalid UTF-8), and of the headers
 * (content type, target, authorization, method). Each returns a short description, printed with a failure.
 */
import type { Rng } from "./prng";
import { JSON_10, type WireRequest } from "./wire";

/** JSON text emitted as is (a literal JSON.stringify cannot produce: 1e400, a million brackets). */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object whose members may repeat (JSON allows it; a parser keeps the last one). */
export class Dup {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

export function serialize(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v instanceof Dup) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(",")}}`;
  if (Array.isArray(v)) return `[${v.map(serialize).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

type Container = Record<string, unknown> | unknown[];
interface Node {
  parent: Container;
  key: string | number;
  value: unknown;
  /** Member names from the root, e.g. Item.id.S */
  path: string;
}

const AV_TYPES = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"] as const;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof Dup);

function nodes(root: Record<string, unknown>): Node[] {
  const out: Node[] = [];
  const visit = (parent: Container, key: string | number, value: unknown, path: string) => {
    out.push({ parent, key, value, path });
    if (Array.isArray(value)) value.forEach((x, i) => visit(value, i, x, `${path}[${i}]`));
    else if (isObject(value)) for (const k of Object.keys(value)) visit(value, k, value[k], `${path}.${k}`);
  };
  for (const k of Object.keys(root)) visit(root, k, root[k], k);
  return out;
}

function isAttributeValue(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (AV_TYPES as readonly string[]).includes(keys[0]!);
}

const set = (n: Node, v: unknown) => {
  (n.parent as Record<string | number, unknown>)[n.key] = v;
};

// ---- edge values ----

const BAD_NUMBERS = [
  "", " 1", "1 ", "+1", "--1", "1e", "1e+", ".", "1.", ".5", "0x10", "1_000", "NaN", "Infinity", "-Infinity", "１", "1e126",
  "9.9999999999999999999999999999999999999E+125", "1e-131", "1e-130", "-0", "-0.0", "00001", "1".repeat(39), "0." + "0".repeat(200) + "1",
  "1e99999999999999999999", "1".repeat(5000), "1,5", "true", "null", "٣",
];
const BAD_BASE64 = ["a", "ab", "abc", "====", "a===", "YQ", "YR==", "YWJ=", "!!!!", "YW Jj", "\u00e9\u00e9\u00e9\u00e9", "AAAA\n", "-_-_"];
const UNICODE = [
  "", "\u0000", "\ud800", "\udfff", "\udc00\ud800", "\ufeff", "\uffff", "\ufffe", "\u200f\u202e", "e\u0301\u0301\u0301", "🚀".repeat(100),
  "\u2028\u2029", "\u0085", "\t\n\r", "\u00a0", "𝔘𝔫𝔦", "\ud83d", "x\u0000y", "\\u0000", "\"", "'; DROP TABLE items; --",
];

function deepText(rng: Rng): string {
  const n = rng.pick([32, 33, 100, 1000, 5000, 20000]);
  switch (rng.int(4)) {
    case 0:
      return "[".repeat(n) + "]".repeat(n);
    case 1:
      return '{"a":'.repeat(n) + "1" + "}".repeat(n);
    case 2:
      return '{"M":{"x":'.repeat(n) + '{"S":"leaf"}' + "}}".repeat(n);
    default:
      return '{"L":['.repeat(n) + '{"N":"1"}' + "]}".repeat(n);
  }
}

function hugeString(rng: Rng): string {
  const size = rng.pick([1025, 2049, 65_536, 300_000, 410_000]);
  return rng.pick(["x", "é", "🚀"]).repeat(rng.pick([size, Math.ceil(size / 2)]));
}

function otherJson(rng: Rng, current: unknown): unknown {
  const options: unknown[] = [
    "str", "", 0, -1, 1.5, true, false, null, [], [current], {}, { S: "x" }, new Raw("1e400"), new Raw("-0"),
    new Raw("123456789012345678901234567890"), new Raw("2147483648"),
  ];
  return rng.pick(options.filter((o) => typeof o !== typeof current || o === null));
}

function edgeString(rng: Rng): string {
  const r = rng.int(4);
  if (r === 0) return hugeString(rng);
  if (r === 1) return rng.pick(BAD_NUMBERS);
  return rng.pick(UNICODE);
}

function badAttributeMember(rng: Rng, type: string): unknown {
  switch (type) {
    case "N":
      return rng.pick(BAD_NUMBERS);
    case "B":
      return rng.pick(BAD_BASE64);
    case "S":
      return edgeString(rng);
    case "BOOL":
    case "NULL":
      return rng.pick([false, "true", "maybe", 1, 0, "", null]);
    case "SS":
      return rng.pick([[], [""], ["a", "a"], [null], ["a", 1], "a", [["a"]]]);
    case "NS":
      return rng.pick([[], ["1", "1"], ["1", "1.0"], ["1", "01"], [rng.pick(BAD_NUMBERS)], [1], "1"]);
    case "BS":
      return rng.pick([[], [""], ["AQ==", "AQ=="], [rng.pick(BAD_BASE64)], "AQ=="]);
    case "L":
      return rng.pick([[{}], [null], [{ S: "a", N: "1" }], [{ Q: "x" }], "x", {}, [new Raw(deepText(rng))]]);
    default:
      return rng.pick([{ a: {} }, { a: null }, { "": { S: "x" } }, [], "x", { a: { S: "x", N: "1" } }]);
  }
}

// ---- value mutations ----

type ValueMutation = (rng: Rng, root: Record<string, unknown>, all: Node[]) => string | undefined;

const KEY_MAPS = /(^|\.)(Key|Item|ExclusiveStartKey)$|\.Keys\[\d+\]$|\.(Key|Item)$/;

const valueMutations: Array<[number, ValueMutation]> = [
  // a member dropped
  [3, (rng, _root, all) => {
    const members = all.filter((n) => !Array.isArray(n.parent));
    if (!members.length) return undefined;
    const n = rng.pick(members);
    delete (n.parent as Record<string, unknown>)[n.key as string];
    return `drop ${n.path}`;
  }],
  // a value nulled
  [2, (rng, _root, all) => {
    const n = rng.pick(all);
    set(n, null);
    return `null ${n.path}`;
  }],
  // a value of another JSON type
  [3, (rng, _root, all) => {
    const n = rng.pick(all);
    const v = otherJson(rng, n.value);
    set(n, v);
    return `retype ${n.path} -> ${serialize(v).slice(0, 40)}`;
  }],
  // a member given twice (the parser keeps one)
  [2, (rng, _root, all) => {
    const objects = all.filter((n) => isObject(n.value) && Object.keys(n.value as object).length > 0);
    if (!objects.length) return undefined;
    const n = rng.pick(objects);
    const obj = n.value as Record<string, unknown>;
    const k = rng.pick(Object.keys(obj));
    const entries: Array<[string, unknown]> = Object.entries(obj);
    const extra = rng.chance(0.5) ? otherJson(rng, obj[k]) : obj[k];
    if (rng.chance(0.5)) entries.push([k, extra]);
    else entries.unshift([k, extra]);
    set(n, new Dup(entries));
    return `duplicate ${n.path}.${k}`;
  }],
  // an AttributeValue: type swapped, bad member, two types or none, unknown type, deep
  [4, (rng, _root, all) => {
    const avs = all.filter((n) => isAttributeValue(n.value));
    if (!avs.length) return undefined;
    const n = rng.pick(avs);
    const [type, member] = Object.entries(n.value as Record<string, unknown>)[0]!;
    const r = rng.int(5);
    if (r === 0) {
      const to = rng.pick(AV_TYPES.filter((t) => t !== type));
      set(n, { [to]: member });
      return `swap type ${n.path} ${type}->${to}`;
    }
    if (r === 1) {
      const bad = badAttributeMember(rng, type);
      set(n, { [type]: bad });
      return `bad ${type} at ${n.path}: ${serialize(bad).slice(0, 40)}`;
    }
    if (r === 2) {
      const to = rng.pick(AV_TYPES.filter((t) => t !== type));
      set(n, rng.chance(0.5) ? { [type]: member, [to]: badAttributeMember(rng, to) } : {});
      return `two types or none at ${n.path}`;
    }
    if (r === 3) {
      const unknown = rng.pick(["Q", "s", "", "NULL ", "__proto__", "constructor", "toString"]);
      set(n, rng.chance(0.5) ? { [unknown]: member } : { [unknown]: member, [type]: member });
      return `unknown type '${unknown}' at ${n.path}`;
    }
    set(n, new Raw(deepText(rng)));
    return `deep value at ${n.path}`;
  }],
  // a string at the edge (huge, unicode, number-like)
  [2, (rng, _root, all) => {
    const strings = all.filter((n) => typeof n.value === "string");
    if (!strings.length) return undefined;
    const n = rng.pick(strings);
    const v = edgeString(rng);
    set(n, v);
    return `string ${n.path} -> ${JSON.stringify(v.slice(0, 20))}${v.length > 20 ? `…(${v.length})` : ""}`;
  }],
  // a Key/Item map: key renamed, extra or retyped, map replaced or emptied
  [3, (rng, _root, all) => {
    const maps = all.filter((n) => KEY_MAPS.test(n.path) && isObject(n.value));
    if (!maps.length) return undefined;
    const n = rng.pick(maps);
    const m = n.value as Record<string, unknown>;
    const names = Object.keys(m);
    const r = rng.int(5);
    if (r === 0 && names.length) {
      const from = rng.pick(names);
      const to = rng.pick(["ID", "", " id", "id ", "pk2", "\u0000", "x".repeat(65_536), "é", "__proto__"]);
      const v = m[from];
      delete m[from];
      // defineProperty: a plain assignment to "__proto__" would set the prototype, not a member.
      Object.defineProperty(m, to, { value: v, enumerable: true, configurable: true, writable: true });
      return `rename ${n.path}.${from} -> ${JSON.stringify(to.slice(0, 10))}`;
    }
    if (r === 1) {
      m[rng.pick(["extra", "sk", "pk", "id"])] = rng.pick([{ S: "x" }, { N: "1" }, { B: "AQ==" }]);
      return `extra attribute in ${n.path}`;
    }
    if (r === 2 && names.length) {
      const k = rng.pick(names);
      const to = rng.pick<unknown>([{ N: "1" }, { S: "x" }, { B: "AAAA" }, { BOOL: true }, { NULL: true }, { L: [] }, { M: {} }, { SS: ["x"] }, { S: "" }, { B: "" }, { S: "x".repeat(2049) }, { N: "1e200" }]);
      m[k] = to;
      return `key type ${n.path}.${k} -> ${serialize(to).slice(0, 30)}`;
    }
    if (r === 3) {
      set(n, rng.pick<unknown>([{}, [], "id", new Raw("[{}]")]));
      return `key map replaced at ${n.path}`;
    }
    for (const k of names) delete m[k];
    return `emptied ${n.path}`;
  }],
  // an expression broken (truncated, deep parentheses, huge, bad placeholders)
  [2, (rng, _root, all) => {
    const exprs = all.filter((n) => typeof n.value === "string" && /Expression$/.test(String(n.key)));
    if (!exprs.length) return undefined;
    const n = rng.pick(exprs);
    const e = n.value as string;
    const options = [
      e.slice(0, rng.int(e.length)),
      `${e} AND`,
      e.replace(/:/g, "::"),
      e.replace(/#/g, ""),
      `${"(".repeat(2000)}a${")".repeat(2000)}`,
      `${"(".repeat(3000)}`,
      `a${".b".repeat(1500)}`,
      `a${"[0]".repeat(1000)}`,
      e.repeat(200),
      "SET a = :undefined",
      "size(size(size(a)))",
      "a IN (" + Array.from({ length: 120 }, (_, i) => `:v${i}`).join(",") + ")",
      "NOT NOT NOT ".repeat(500) + "a = a",
      `${e} \u0000`,
      "\ud800 = :v",
      "#",
      "",
    ];
    const v = rng.pick(options);
    set(n, v);
    return `expression ${n.path} -> ${JSON.stringify(v.slice(0, 30))}${v.length > 30 ? `…(${v.length})` : ""}`;
  }],
  // a number or boolean out of range or of the wrong kind
  [2, (rng, _root, all) => {
    const numbers = all.filter((n) => typeof n.value === "number" || typeof n.value === "boolean");
    if (!numbers.length) return undefined;
    const n = rng.pick(numbers);
    const v = rng.pick<unknown>([new Raw("1e400"), new Raw("-1e400"), new Raw("-0"), new Raw("1E2"), new Raw("99999999999999999999999"), 0, -1, 2147483648, 1.5, "1", "true", 1e20]);
    set(n, v);
    return `scalar ${n.path} -> ${serialize(v)}`;
  }],
  // a list grown past its limits (25 writes, 100 keys, ...)
  [1, (rng, _root, all) => {
    const arrays = all.filter((n) => Array.isArray(n.value) && (n.value as unknown[]).length > 0);
    if (!arrays.length) return undefined;
    const n = rng.pick(arrays);
    const arr = n.value as unknown[];
    const count = rng.pick([26, 101, 256, 1001]);
    set(n, Array.from({ length: count }, (_, i) => structuredClone(arr[i % arr.length])));
    return `repeat ${n.path} to ${count} elements`;
  }],
  // a table name outside the rules
  [1, (rng, root) => {
    const name = rng.pick(["", "ab", "a".repeat(256), "bad name!", "tab\t", "é-table", "\ud800xyz", "../etc"]);
    if ("TableName" in root) root.TableName = name;
    else if (isObject(root.RequestItems)) {
      const ri = root.RequestItems;
      const k = Object.keys(ri)[0];
      if (k === undefined) return undefined;
      ri[name] = ri[k];
      delete ri[k];
    } else return undefined;
    return `table name -> ${JSON.stringify(name.slice(0, 20))}`;
  }],
  // JSON nested deep anywhere
  [1, (rng, _root, all) => {
    const n = rng.pick(all);
    const v = new Raw(deepText(rng));
    set(n, v);
    return `deep JSON at ${n.path} (${v.text.length} chars)`;
  }],
];

// Coherent alternatives (expression with its own placeholders): requests that pass validation, or fail only
// deep inside (the partition's evaluation), reach code the malformed ones never do.
const N = (n: string) => ({ N: n });
const S = (s: string) => ({ S: s });
const UPDATES: ReadonlyArray<[string, Record<string, unknown>, Record<string, string>?]> = [
  ["SET #c = #c + :big", { ":big": N("9.9999999999999999999999999999999999999E+125") }, { "#c": "count" }],
  ["ADD n :tiny", { ":tiny": N("-1E-130") }],
  ["SET l[99] = :s", { ":s": S("far") }],
  ["REMOVE l[0], l[1], l[2], l[3]", {}],
  ["SET m.child.deep.x = :s", { ":s": S("into a string") }],
  ["SET s.x = :s", { ":s": S("into a string") }],
  ["SET nl = list_append(l, :l)", { ":l": { L: [S("y")] } }],
  ["SET nl = list_append(s, :l)", { ":l": { L: [S("y")] } }],
  ["SET x = if_not_exists(x, :s), y = if_not_exists(n, :s)", { ":s": S("v") }],
  ["DELETE ss :ss", { ":ss": { SS: ["a", "b"] } }],
  ["ADD ns :ns, ss :ss", { ":ns": { NS: ["3", "-1E+125"] }, ":ss": { SS: ["é", "🚀"] } }],
  ["ADD s :one", { ":one": N("1") }],
  ["SET n = n - :m", { ":m": { M: {} } }],
  ["SET #k = :s", { ":s": S("new key") }, { "#k": "id" }],
  ["SET a.b.c = :s", { ":s": S("missing parent") }],
  ["REMOVE m.child, m.child.deep", {}],
  ["SET m.child = :s REMOVE m.child.deep", { ":s": S("overlap") }],
  ["SET big = :b", { ":b": S("x".repeat(200_000)) }],
  ["SET e = :e", { ":e": S("") }],
  ["SET bs2 = :bs", { ":bs": { BS: ["AAAA", "AAA="] } }],
];
const CONDITIONS: ReadonlyArray<[string, Record<string, unknown>, Record<string, string>?]> = [
  ["size(s) > :zero", { ":zero": N("0") }],
  ["contains(ss, :s) AND attribute_type(n, :t)", { ":s": S("a"), ":t": S("N") }],
  ["n BETWEEN :hi AND :lo", { ":hi": N("100"), ":lo": N("1") }],
  ["#c IN (:one, :s)", { ":one": N("0"), ":s": S("x") }, { "#c": "count" }],
  ["attribute_type(n, :t)", { ":t": S("XX") }],
  ["m.child.deep = :s OR l[2] = :t", { ":s": S("d"), ":t": { BOOL: true } }],
  ["NOT (attribute_exists(s) AND attribute_not_exists(s))", {}],
  ["begins_with(b, :b)", { ":b": { B: "AQ==" } }],
  ["size(m) = size(l)", {}],
  ["n < :huge", { ":huge": N("1E+125") }],
];
const KEY_CONDITIONS = [
  "pk = :p AND begins_with(sk, :lo)",
  "pk = :p AND sk > :lo",
  "sk = :lo",
  "pk = :p OR sk = :lo",
  "pk = :p AND sk BETWEEN :hi AND :lo",
  "pk = :p AND sk = :lo AND sk = :hi",
  "pk > :p",
];

valueMutations.push([
  4,
  (rng, root) => {
    const pick = (alts: ReadonlyArray<[string, Record<string, unknown>, Record<string, string>?]>, member: string) => {
      const [expr, values, names] = rng.pick(alts);
      root[member] = expr;
      if (Object.keys(values).length) root.ExpressionAttributeValues = structuredClone(values);
      else delete root.ExpressionAttributeValues;
      if (names) root.ExpressionAttributeNames = { ...names };
      else delete root.ExpressionAttributeNames;
      return `${member} -> ${expr.slice(0, 60)}`;
    };
    if ("UpdateExpression" in root) {
      delete root.ConditionExpression;
      return pick(UPDATES, "UpdateExpression");
    }
    if ("KeyConditionExpression" in root) {
      root.KeyConditionExpression = rng.pick(KEY_CONDITIONS);
      delete root.FilterExpression;
      return `KeyConditionExpression -> ${root.KeyConditionExpression}`;
    }
    if ("Item" in root || ("Key" in root && "ReturnValues" in root)) {
      delete root.ProjectionExpression;
      return pick(CONDITIONS, "ConditionExpression");
    }
    if ("TableName" in root && "Limit" in root) {
      delete root.ProjectionExpression;
      return pick(CONDITIONS, "FilterExpression");
    }
    return undefined;
  },
]);

// Valid values at DynamoDB's limits, in place of an AttributeValue: requests that should be accepted.
const EDGE_VALUES: readonly unknown[] = [
  N("9.9999999999999999999999999999999999999E+125"), N("-9.9999999999999999999999999999999999999E+125"), N("1E-130"), N("-1E-130"),
  N("12345678901234567890123456789012345678"), N("0.00000000000000000000000000000000000001"), N("-0"), N("1E2"), N("0001.5000"),
  S("x".repeat(1024)), S("é".repeat(1024)), S("\ud800"), S("\u0000"), S("🚀"), { B: "" }, { B: "AA==" }, { BOOL: true }, { NULL: true },
  { L: [] }, { M: {} }, { SS: ["\u0000", "a"] }, { NS: ["1", "1E+125", "-1E-130"] }, { BS: ["AA==", "AQ=="] }, { L: [{ L: [{ M: { "": S("") } }] }] },
];

valueMutations.push([
  3,
  (rng, _root, all) => {
    const avs = all.filter((n) => isAttributeValue(n.value));
    if (!avs.length) return undefined;
    const n = rng.pick(avs);
    const v = structuredClone(rng.pick(EDGE_VALUES));
    set(n, v);
    return `edge value at ${n.path}: ${serialize(v).slice(0, 50)}`;
  },
]);

const totalWeight = valueMutations.reduce((s, [w]) => s + w, 0);

/** Applies one value mutation to `root` (in place); returns its description. */
export function mutateValue(rng: Rng, root: Record<string, unknown>): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    let r = rng.next() * totalWeight;
    let fn = valueMutations[0]![1];
    for (const [w, f] of valueMutations) {
      if ((r -= w) < 0) {
        fn = f;
        break;
      }
    }
    const all = nodes(root);
    if (!all.length) break;
    const d = fn(rng, root, all);
    if (d !== undefined) return d;
  }
  root.Junk = "x";
  return "added Junk member";
}

// ---- byte mutations ----

const INVALID_UTF8: readonly number[][] = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xfe], [0xf4, 0x90, 0x80, 0x80]];

/** Byte-level mutations of the serialized body. */
export function mutateBytes(rng: Rng, body: Buffer): { body: Buffer; description: string } {
  const pos = body.length ? rng.int(body.length) : 0;
  switch (rng.int(7)) {
    case 0:
      return { body: body.subarray(0, pos), description: `truncated at ${pos}` };
    case 1: {
      const b = Buffer.from(body);
      if (b.length) b[pos] = rng.int(256);
      return { body: b, description: `byte ${pos} -> 0x${(b[pos] ?? 0).toString(16)}` };
    }
    case 2: {
      // Inside a string, where a decoder would otherwise let it through.
      const quote = body.indexOf(0x22, pos);
      const at = quote < 0 ? pos : quote + 1;
      const bad = Buffer.from(rng.pick(INVALID_UTF8));
      return { body: Buffer.concat([body.subarray(0, at), bad, body.subarray(at)]), description: `invalid UTF-8 ${bad.toString("hex")} at ${at}` };
    }
    case 3: {
      const quote = body.indexOf(0x22, pos);
      const at = quote < 0 ? pos : quote + 1;
      const c = rng.pick([0x00, 0x01, 0x0a, 0x1f, 0x7f]);
      return { body: Buffer.concat([body.subarray(0, at), Buffer.from([c]), body.subarray(at)]), description: `raw control 0x${c.toString(16)} at ${at}` };
    }
    case 4: {
      const extra = rng.pick(["}", "]", ",", "{}", " null", "\u0000", "x"]);
      return { body: Buffer.concat([body, Buffer.from(extra)]), description: `trailing ${JSON.stringify(extra)}` };
    }
    case 5: {
      const prefix = rng.pick(["\ufeff", " \n\t", "\u00a0", "[", ")]}'\n"]);
      return { body: Buffer.concat([Buffer.from(prefix), body]), description: `prefix ${JSON.stringify(prefix)}` };
    }
    default: {
      const whole = rng.pick(["", "null", "[]", "[{}]", "\"string\"", "1", "true", "{", "}", "{}", "{\"__proto__\":{}}", " "]);
      return { body: Buffer.from(whole), description: `body -> ${JSON.stringify(whole)}` };
    }
  }
}

// ---- header mutations ----

const OPERATIONS = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "CreateTable", "DescribeTable", "ListTables", "UpdateTable"];

export function mutateHeaders(rng: Rng, req: WireRequest): string {
  const h = req.headers;
  switch (rng.int(5)) {
    case 0: {
      const t = rng.pick([undefined, "", "text/plain", "application/xml", "application/x-www-form-urlencoded", "APPLICATION/X-AMZ-JSON-1.0", `${JSON_10}; charset=utf-8`, "application/x-amz-json-1.1", "application/json", "application/x-amz-json-1.2", `${JSON_10}x`, "multipart/form-data; boundary=x"]);
      if (t === undefined) delete h["content-type"];
      else h["content-type"] = t;
      return `content-type ${t ?? "(none)"}`;
    }
    case 1: {
      const op = (h["x-amz-target"] ?? "").split(".")[1] ?? "GetItem";
      const t = rng.pick([undefined, "", `DynamoDB_20120810.${rng.pick(OPERATIONS)}`, `dynamodb_20120810.${op}`, `DynamoDB_20111205.${op}`, `DynamoDB_20120810.${op.toLowerCase()}`, `DynamoDB_20120810.${op}.`, `DynamoDB_20120810.TransactWriteItems`, "DynamoDB_20120810.", `DynamoDB_20120810.__proto__`, `DynamoDB_20120810.constructor`]);
      if (t === undefined) delete h["x-amz-target"];
      else h["x-amz-target"] = t;
      return `target ${t ?? "(none)"}`;
    }
    case 2: {
      const a = rng.pick([undefined, "", "AWS4-", "Basic abc", "AWS4-HMAC-SHA256 Credential=a", "AWS4-HMAC-SHA256 Signature=x, SignedHeaders=host"]);
      if (a === undefined) delete h.authorization;
      else h.authorization = a;
      return `authorization ${a ?? "(none)"}`;
    }
    case 3:
      delete h["x-amz-date"];
      return "no x-amz-date";
    default: {
      req.method = rng.pick(["PUT", "DELETE", "PATCH", "GET"]);
      return `method ${req.method}`;
    }
  }
}
