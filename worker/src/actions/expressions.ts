/**
 * From an item operation's expression and legacy parameters to the compiled, plain-data trees the
 * partition evaluates. Compiling happens before the table lookup (DynamoDB reports expression errors
 * for a missing table too); the key-schema checks run after it.
 */
import {
  checkKeyUsage,
  compileRequest,
  convertAttributeUpdates,
  convertAttributesToGet,
  convertExpected,
  type CompiledAttributeUpdates,
  type CompiledCondition,
  type CompiledProjection,
  type CompiledRequest,
  type CompiledUpdate,
  type LegacyAttributeUpdate,
  type LegacyCondition,
} from "../expressions/index.js";
import { invalidParameter } from "../http/errors.js";
import type { AttributeValue, KeyInfo } from "../model/types.js";

interface ExpressionParams {
  ConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  Expected?: Record<string, unknown>;
  ConditionalOperator?: string;
  AttributeUpdates?: Record<string, unknown>;
  AttributesToGet?: string[];
}

export interface Compiled {
  request: CompiledRequest;
  condition?: CompiledCondition;
  update?: CompiledUpdate | CompiledAttributeUpdates;
  projection?: CompiledProjection;
}

/** Compiles whatever expressions (or legacy equivalents) the input carries. Throws ValidationException. */
export function compileItemExpressions(input: ExpressionParams): Compiled {
  const hasExpression =
    input.ConditionExpression !== undefined || input.UpdateExpression !== undefined || input.ProjectionExpression !== undefined;
  const request: CompiledRequest = hasExpression
    ? compileRequest({
        condition: input.ConditionExpression,
        update: input.UpdateExpression,
        projection: input.ProjectionExpression,
        names: input.ExpressionAttributeNames,
        values: input.ExpressionAttributeValues,
      })
    : {};
  const out: Compiled = { request };
  const condition = request.condition ?? (input.Expected ? convertExpected(input.Expected as Record<string, LegacyCondition>, input.ConditionalOperator) : undefined);
  if (condition) out.condition = condition;
  const update =
    request.update ?? (input.AttributeUpdates ? convertAttributeUpdates(input.AttributeUpdates as Record<string, LegacyAttributeUpdate>) : undefined);
  if (update) out.update = update;
  const projection = request.projection ?? (input.AttributesToGet ? convertAttributesToGet(input.AttributesToGet) : undefined);
  if (projection) out.projection = projection;
  return out;
}

/** The checks that need the table's key schema. */
export function checkAgainstKey(c: Compiled, input: ExpressionParams, key: KeyInfo): void {
  checkKeyUsage(c.request, key);
  if (input.AttributeUpdates) {
    for (const name of [key.hashName, key.rangeName]) {
      if (name !== undefined && Object.prototype.hasOwnProperty.call(input.AttributeUpdates, name)) {
        throw invalidParameter(`Cannot update attribute ${name}. This attribute is part of the key`);
      }
    }
  }
}
