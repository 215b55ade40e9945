/**
 * DynamoDB's expression error messages. The engine words them as `<text>;` followed by
 * ` key: value` pairs joined by commas ("Invalid function name; function: foo"), and the request layer
 * prefixes the expression's parameter name ("Invalid ConditionExpression: ...").
 */
import { DynamoError, validationError } from "../http/errors.js";

/** Which request parameter an expression came from (used in "Invalid <label>: ..."). */
export type ExpressionLabel =
  | "ConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression"
  | "FilterExpression"
  | "KeyConditionExpression";

/**
 * An engine error not yet prefixed with its expression's label. Parser and checks throw this; the
 * compiler (which knows which parameter is being read) turns it into a DynamoError.
 */
export class ExprFailure {
  constructor(readonly message: string) {}
}

/** `text;` plus ` k1: v1, k2: v2` — the engine's message layout. */
export function engineMessage(text: string, ...pairs: (string | number)[]): string {
  let out = `${text};`;
  for (let i = 0; i < pairs.length; i += 2) out += `${i > 0 ? "," : ""} ${pairs[i]}: ${pairs[i + 1]}`;
  return out;
}

export const fail = (text: string, ...pairs: (string | number)[]): ExprFailure =>
  new ExprFailure(engineMessage(text, ...pairs));

export function labelled(label: ExpressionLabel, f: ExprFailure): DynamoError {
  return validationError(`Invalid ${label}: ${f.message}`);
}

// Texts of the engine's validation errors.
export const M = {
  syntax: "Syntax error",
  redundantParens: "The expression has redundant parentheses",
  reserved: "Attribute name is a reserved keyword",
  listIndex: "List index is not within the allowable range",
  functionName: "Invalid function name",
  notInCondition: "The function is not allowed in a condition expression",
  notInUpdate: "The function is not allowed in an update expression",
  functionContext: "The function is not allowed to be used this way in an expression",
  attributeTypeName: "Invalid attribute type name found",
  pathTooDeep: "The document path has too many nesting levels",
  conflict: "Two document paths conflict with each other; must remove or rewrite one of these paths",
  overlap: "Two document paths overlap with each other; must remove or rewrite one of these paths",
  valueInPath: "The document path cannot contain attribute value parameters",
  nameMissing: "An expression attribute name used in the document path is not defined",
  valueMissing: "An expression attribute value used in expression is not defined",
  operandCount: "Incorrect number of operands for operator or function",
  operandType: "Incorrect operand type for operator or function",
  needsPath: "Operator or function requires a document path",
  distinct: "The first operand must be distinct from the remaining operands for this operator or function",
  tooManyOperators: "The expression contains too many operators",
  empty: "The expression can not be empty",
  tooLong: "Expression size has exceeded the maximum allowed size",
  betweenBounds: "The BETWEEN operator requires upper bound to be greater than or equal to lower bound",
  betweenTypes: "The BETWEEN operator requires same data type for lower and upper bounds",
  inOperands: "The IN operator is provided with too many operands",
} as const;

// Run-time errors of UpdateExpression, sent without a prefix.
export const PATH_INVALID_FOR_UPDATE = "The document path provided in the update expression is invalid for update";
export const ATTRIBUTE_NOT_FOUND = "The provided expression refers to an attribute that does not exist in the item";
export const OPERAND_TYPE_MISMATCH = "An operand in the update expression has an incorrect data type";
export const NESTING_TOO_DEEP = "Nesting Levels have exceeded supported limits";
export const ITEM_UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size";
/** AttributeUpdates (legacy) type mismatch. */
export const LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update";
