/**
 * Compiles all expressions of one request, in DynamoDB's order:
 *
 *  1. ExpressionAttributeNames then ExpressionAttributeValues: not empty, well-formed keys, valid values,
 *     names neither empty nor too large;
 *  2. each expression present, in the order UpdateExpression, ConditionExpression, FilterExpression,
 *     ProjectionExpression, KeyConditionExpression (no request has both of the first and the last
 *     three): not empty, at most 4 KB, parsed (syntax, redundant parentheses), walked (function names
 *     and placement, reserved words, list indexes, repeated update sections), then checked against the
 *     names and values (see check.ts), its size with placeholders expanded at most 1 MB, and for an
 *     update the size of what it writes at most 400 KB;
 *  3. placeholders not used by any expression: names first, then values.
 *
 * Parsing and walking depend on the text alone: their outcome (tree or error) is cached per text.
 */
import { DynamoError, invalidParameter, validationError } from "../http/errors.js";
import { MAX_ITEM_SIZE, attributeValueSize, utf8Length } from "../model/item-size.js";
import type { AttributeValue, KeyInfo } from "../model/types.js";
import { validateAttributeValue } from "../validation/attribute-value.js";
import type { CompiledCondition, CompiledKeyCondition, CompiledProjection, CompiledUpdate, Path, RawCond, RawProjection, RawUpdate } from "./ast.js";
import { LruCache } from "./cache.js";
import { type ExprScope, checkCondition, newExprScope } from "./check.js";
import { checkProjection, checkUpdate } from "./check-update.js";
import { hashSetOrder } from "./java-order.js";
import { extractKeyConditions } from "./key-condition.js";
import { syntaxErrorMessage, tokenize } from "./lexer.js";
import { ExprFailure, type ExpressionLabel, ITEM_UPDATE_TOO_LARGE, M, engineMessage, labelled } from "./messages.js";
import { parseCondition, parseProjection, parseUpdate } from "./parser.js";
import { walkCondition, walkProjection, walkUpdate } from "./walk.js";

export const MAX_EXPRESSION_LENGTH = 4096;
/** Expression text plus every placeholder use, expanded. */
const MAX_EXPANDED_SIZE = 1024 * 1024;
const MAX_MAP_KEY_LENGTH = 255;
const MAX_ATTRIBUTE_NAME_BYTES = 65535;
const CACHE_ENTRIES = 1000;

export interface CompileInput {
  condition?: string;
  update?: string;
  projection?: string;
  filter?: string;
  keyCondition?: string;
  names?: Record<string, string>;
  values?: Record<string, AttributeValue>;
}

export interface CompiledRequest {
  condition?: CompiledCondition;
  update?: CompiledUpdate;
  projection?: CompiledProjection;
  filter?: CompiledCondition;
  keyCondition?: CompiledKeyCondition;
}

type Parsed<T> = { ok: T } | { error: string };

const conditionCache = new LruCache<Parsed<RawCond>>(CACHE_ENTRIES);
const updateCache = new LruCache<Parsed<RawUpdate>>(CACHE_ENTRIES);
const projectionCache = new LruCache<Parsed<RawProjection>>(CACHE_ENTRIES);

/** Empties the parse caches (tests). */
export function clearExpressionCaches(): void {
  conditionCache.clear();
  updateCache.clear();
  projectionCache.clear();
}

function parseCached<T>(cache: LruCache<Parsed<T>>, text: string, parse: (s: string) => T, walk: (t: T) => void): Parsed<T> {
  let hit = cache.get(text);
  if (hit === undefined) {
    try {
      const tree = parse(text);
      walk(tree);
      hit = { ok: tree };
    } catch (e) {
      if (e instanceof ExprFailure) hit = { error: e.message };
      // Backstop: a stack overflow on absurd input still answers as a syntax error.
      else if (e instanceof RangeError) hit = { error: syntaxErrorMessage(tokenize(text), 0) };
      else throw e;
    }
    cache.set(text, hit);
  }
  return hit;
}

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

/** DynamoDB's checks on ExpressionAttributeNames/Values before any expression is read. */
export function checkAttributeMaps(names: Record<string, unknown> | undefined, values: Record<string, unknown> | undefined): void {
  if (names !== undefined) {
    let n = 0;
    for (const key in names) {
      n++;
      if (key.length > MAX_MAP_KEY_LENGTH) {
        throw validationError(`ExpressionAttributeNames contains invalid key: ${engineMessage("The expression attribute map contains a key that is too long", "size of key", key.length)}`);
      }
      if (!NAME_KEY.test(key)) throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
    if (n === 0) throw validationError("ExpressionAttributeNames must not be empty");
  }
  if (values !== undefined) {
    let n = 0;
    for (const key in values) {
      n++;
      if (key.length > MAX_MAP_KEY_LENGTH) {
        throw validationError("ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;");
      }
      if (!VALUE_KEY.test(key)) throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
    if (n === 0) throw validationError("ExpressionAttributeValues must not be empty");
    for (const key in values) {
      const msg = validateAttributeValue(values[key]);
      if (msg !== undefined) throw validationError(`ExpressionAttributeValues contains invalid value: ${msg} for key ${key}`);
    }
  }
  if (names !== undefined) {
    for (const key in names) {
      const name = names[key];
      if (typeof name !== "string") throw validationError(`ExpressionAttributeNames contains invalid value: null for key ${key}`);
      if (name === "") throw validationError(`ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`);
      if (utf8Length(name) > MAX_ATTRIBUTE_NAME_BYTES) {
        throw validationError(`ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less than 65536 bytes for key ${key}`);
      }
    }
  }
}

interface Usage {
  names: Set<string>;
  values: Set<string>;
}

/** Size checks, then folds this expression's placeholder uses into the request's. */
function finish(label: ExpressionLabel, text: string, s: ExprScope, used: Usage): void {
  let size = text.length;
  for (const [k, count] of s.nameUses) {
    used.names.add(k);
    const name = s.names?.[k];
    if (name !== undefined) size += count * utf8Length(name);
  }
  for (const [k, count] of s.valueUses) {
    used.values.add(k);
    const v = s.values?.[k];
    if (v !== undefined) size += count * attributeValueSize(v);
  }
  if (size > MAX_EXPANDED_SIZE) throw labelled(label, new ExprFailure(engineMessage(M.tooLong)));
}

function precheck(label: ExpressionLabel, text: string): void {
  if (text === "") throw labelled(label, new ExprFailure(engineMessage(M.empty)));
  if (text.length > MAX_EXPRESSION_LENGTH) {
    // Condition-type expressions report the size; updates and projections do not.
    const withSize = label !== "UpdateExpression" && label !== "ProjectionExpression";
    throw labelled(label, new ExprFailure(withSize ? engineMessage(M.tooLong, "expression size", text.length) : engineMessage(M.tooLong)));
  }
}

function run<T>(label: ExpressionLabel, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExprFailure) throw labelled(label, e);
    throw e;
  }
}

function compileCondition(label: ExpressionLabel, text: string, req: CompileInput, used: Usage): CompiledCondition {
  precheck(label, text);
  const parsed = parseCached(conditionCache, text, parseCondition, walkCondition);
  if ("error" in parsed) throw labelled(label, new ExprFailure(parsed.error));
  const s = newExprScope({ names: req.names, values: req.values });
  const root = run(label, () => checkCondition(parsed.ok, s));
  finish(label, text, s, used);
  return { kind: "condition", root, heads: [...s.heads], nested: [...s.nested] };
}

function compileUpdate(text: string, req: CompileInput, used: Usage): CompiledUpdate {
  const label = "UpdateExpression";
  precheck(label, text);
  const parsed = parseCached(updateCache, text, parseUpdate, walkUpdate);
  if ("error" in parsed) throw labelled(label, new ExprFailure(parsed.error));
  const s = newExprScope({ names: req.names, values: req.values });
  const u = run(label, () => checkUpdate(parsed.ok, s));
  finish(label, text, s, used);
  // What the update writes must fit in an item: attribute names along SET/ADD paths plus their values.
  let size = 0;
  for (const p of u.sizedPaths) {
    const seen = new Set<string>();
    for (const e of p) if (typeof e === "string" && !seen.has(e)) {
      seen.add(e);
      size += utf8Length(e);
    }
  }
  for (const [k, count] of u.sizedValues) {
    const v = req.values?.[k];
    if (v !== undefined) size += count * attributeValueSize(v);
  }
  if (size > MAX_ITEM_SIZE) throw validationError(ITEM_UPDATE_TOO_LARGE);
  return { kind: "update", tree: u.tree, paths: u.paths, nested: [...s.nested], setTypes: u.setTypes };
}

function compileProjection(text: string, req: CompileInput, used: Usage): CompiledProjection {
  const label = "ProjectionExpression";
  precheck(label, text);
  const parsed = parseCached(projectionCache, text, parseProjection, (p) => walkProjection(p.paths));
  if ("error" in parsed) throw labelled(label, new ExprFailure(parsed.error));
  const s = newExprScope({ names: req.names, values: undefined });
  const p = run(label, () => checkProjection(parsed.ok.paths, s));
  finish(label, text, s, used);
  return { kind: "projection", tree: p.tree, paths: p.paths, nested: [...s.nested] };
}

function unused(map: Record<string, unknown> | undefined, used: Set<string>, what: string): void {
  if (map === undefined) return;
  const all = Object.keys(map);
  const left = all.filter((k) => !used.has(k));
  if (left.length === 0) return;
  throw validationError(`Value provided in ${what} unused in expressions: keys: {${hashSetOrder(left, all.length).join(", ")}}`);
}

/**
 * Compiles all expressions of one request together (unused names/values are found across them).
 * Throws DynamoError (ValidationException) exactly as DynamoDB would.
 *
 * Call it before looking the table up (DynamoDB reports these errors before ResourceNotFound); with
 * `ctx.key` it also makes the key-schema checks of `checkKeyUsage` at the end.
 */
export function compileRequest(input: CompileInput, ctx?: { key?: KeyInfo }): CompiledRequest {
  checkAttributeMaps(input.names, input.values);
  const used: Usage = { names: new Set(), values: new Set() };
  const out: CompiledRequest = {};
  if (input.update !== undefined) out.update = compileUpdate(input.update, input, used);
  if (input.condition !== undefined) out.condition = compileCondition("ConditionExpression", input.condition, input, used);
  if (input.filter !== undefined) out.filter = compileCondition("FilterExpression", input.filter, input, used);
  if (input.projection !== undefined) out.projection = compileProjection(input.projection, input, used);
  if (input.keyCondition !== undefined) {
    out.keyCondition = extractKeyConditions(compileCondition("KeyConditionExpression", input.keyCondition, input, used).root);
  }
  unused(input.names, used.names, "ExpressionAttributeNames");
  unused(input.values, used.values, "ExpressionAttributeValues");
  if (ctx?.key !== undefined) checkKeyUsage(out, ctx.key);
  return out;
}

const keyNames = (key: KeyInfo) => (key.rangeName === undefined ? [key.hashName] : [key.hashName, key.rangeName]);

/**
 * "Key attributes must be scalars; ..." when `nested` (an expression's top-level attributes read
 * through `.`/`[]`) includes one of `names`; `kind` is "Key" for table keys, "IndexKey" for index keys.
 */
export function nestedKeyAccessError(nested: readonly string[], names: readonly string[], kind: "Key" | "IndexKey" = "Key"): DynamoError | undefined {
  for (const n of names) {
    if (nested.includes(n)) {
      return validationError(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${kind}: ${n}`);
    }
  }
  return undefined;
}

/** An update (expression or AttributeUpdates) writing a key attribute. */
export function keyUpdateError(paths: readonly Path[], key: KeyInfo): DynamoError | undefined {
  for (const n of keyNames(key)) {
    if (paths.some((p) => p[0] === n)) return invalidParameter(`Cannot update attribute ${n}. This attribute is part of the key`);
  }
  return undefined;
}

/** Query: "Filter Expression can only contain non-primary key attributes: ..." */
export function filterKeyAttributeError(filter: CompiledCondition, key: KeyInfo): DynamoError | undefined {
  for (const n of keyNames(key)) {
    if (filter.heads.includes(n)) {
      return validationError(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${n}`);
    }
  }
  return undefined;
}

/**
 * The key-schema checks DynamoDB makes after finding the table: an update may not write a key
 * attribute nor look inside one; projections and filters may not look inside one. (Query's "filter on
 * a key attribute" and index-key checks are left to the operation: see filterKeyAttributeError,
 * nestedKeyAccessError.)
 */
export function checkKeyUsage(c: CompiledRequest, key: KeyInfo): void {
  const names = keyNames(key);
  const err =
    (c.update && (keyUpdateError(c.update.paths, key) ?? nestedKeyAccessError(c.update.nested, names))) ||
    (c.projection && nestedKeyAccessError(c.projection.nested, names)) ||
    (c.filter && nestedKeyAccessError(c.filter.nested, names));
  if (err) throw err;
}
