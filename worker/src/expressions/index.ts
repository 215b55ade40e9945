/**
 * DynamoDB's expression language: ConditionExpression, FilterExpression, UpdateExpression,
 * ProjectionExpression and KeyConditionExpression, plus the legacy parameters converted to the same
 * shapes. Messages, check order and results follow DynamoDB's engine.
 *
 * Typical use (router, before the table lookup):
 *
 *   const c = compileRequest({ update, condition, names, values });   // throws ValidationException
 *   // after the table lookup:
 *   checkKeyUsage(c, table.key);                                      // key-schema errors
 *
 * then, in the partition (compiled trees are plain data, safe to structured-clone):
 *
 *   if (c.condition && !evaluateCondition(c.condition, current)) throw conditionalCheckFailed();
 *   const { item, updatedOld, updatedNew } = applyUpdate(c.update, current, key);
 *   const shown = project(c.projection, item);
 *
 * Query: `resolveKeyCondition(c.keyCondition, keyInfo)` gives the partition key value and the sort
 * key condition (or throws DynamoDB's message).
 *
 * API
 *  - compileRequest(input: CompileInput, ctx?: { key?: KeyInfo }): CompiledRequest
 *  - checkKeyUsage(c: CompiledRequest, key: KeyInfo): void
 *  - keyUpdateError / nestedKeyAccessError / filterKeyAttributeError: the individual key checks
 *  - checkAttributeMaps(names, values): the ExpressionAttributeNames/Values checks alone
 *  - evaluateCondition(c: CompiledCondition, item: Item | undefined): boolean
 *  - applyUpdate(u: CompiledUpdate | CompiledAttributeUpdates, item: Item | undefined, key: Item)
 *      : { item: Item; updatedOld: Item; updatedNew: Item }          // throws ValidationException
 *  - project(p: CompiledProjection, item: Item): Item
 *  - resolveKeyCondition(kc: CompiledKeyCondition, key: KeyInfo): { hashValue, range? }
 *  - convertExpected / convertFilter / convertKeyConditions / convertAttributesToGet /
 *    convertAttributeUpdates: legacy parameters → the compiled shapes above
 *
 * Parses are cached by expression text (an LRU of 1000 per kind); resolving placeholders is redone
 * per request and costs a walk of the (small) tree.
 */
import type { Item } from "../model/types.js";
import type { CompiledProjection } from "./ast.js";
import { projectTree } from "./project.js";

export type {
  CompiledAttributeUpdates,
  CompiledCondition,
  CompiledKeyCondition,
  CompiledProjection,
  CompiledUpdate,
  Cond,
  KeyCondition,
  KeyOperator,
  Operand,
  Path,
  PathElem,
  PathTree,
  UpdateAction,
} from "./ast.js";
export {
  MAX_EXPRESSION_LENGTH,
  checkAttributeMaps,
  checkKeyUsage,
  clearExpressionCaches,
  compileRequest,
  filterKeyAttributeError,
  keyUpdateError,
  nestedKeyAccessError,
  type CompileInput,
  type CompiledRequest,
} from "./compile.js";
export { evaluateCondition } from "./evaluate.js";
export { resolveKeyCondition, type ResolvedKeyCondition } from "./key-condition.js";
export {
  convertAttributeUpdates,
  convertAttributesToGet,
  convertExpected,
  convertFilter,
  convertKeyConditions,
  type LegacyAttributeUpdate,
  type LegacyCondition,
} from "./legacy.js";
export { applyUpdate, type UpdateResult } from "./update.js";

/** The parts of `item` a projection names, shaped as DynamoDB returns them. */
export function project(p: CompiledProjection, item: Item): Item {
  return projectTree(p.tree, item);
}
