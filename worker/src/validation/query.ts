/** Query (after dynalite's validations/query.js); expression parsing is left to the expression layer. */
import { validateAttributeMap } from "./attribute-value.js";
import {
  attrMap,
  attributesToGet,
  conditionMap,
  conditionalOperator,
  expressionAttributeNames,
  expressionAttributeValues,
  indexNameField,
  returnConsumedCapacity,
  select,
  tableNameField,
} from "./common.js";
import {
  validateAttributesToGet,
  validateConditions,
  validateExpressionAttributes,
  validateExpressionParams,
} from "./conditions.js";
import type { QueryInput } from "./inputs.js";
import { boolean, gte, integer, string, type OperationSchema } from "./schema.js";

export const query: OperationSchema<QueryInput> = {
  members: {
    Limit: integer(gte(1)),
    ExclusiveStartKey: attrMap(),
    ReturnConsumedCapacity: returnConsumedCapacity,
    AttributesToGet: attributesToGet,
    QueryFilter: conditionMap(),
    Select: select,
    ConditionalOperator: conditionalOperator,
    KeyConditions: conditionMap(),
    TableName: tableNameField,
    ConsistentRead: boolean(),
    IndexName: indexNameField(),
    ScanIndexForward: boolean(),
    KeyConditionExpression: string(),
    FilterExpression: string(),
    ProjectionExpression: string(),
    ExpressionAttributeValues: expressionAttributeValues,
    ExpressionAttributeNames: expressionAttributeNames,
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    let msg = validateExpressionParams(
      d,
      ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
      ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
    );
    if (msg) return msg;
    if ((msg = validateConditions(data.QueryFilter as never))) return msg;
    if ((msg = validateAttributesToGet(d))) return msg;
    if ((msg = validateAttributeMap(data.ExclusiveStartKey))) return `The provided starting key is invalid: ${msg}`;
    if (data.KeyConditions == null && data.KeyConditionExpression == null) {
      return "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.";
    }
    if ((msg = validateExpressionAttributes(d))) return msg;
    // A KeyConditionExpression is converted to KeyConditions by the expression layer, which then
    // applies the two checks below to the result.
    if (data.KeyConditionExpression == null) {
      if ((msg = validateConditions(data.KeyConditions as never))) return msg;
      const n = Object.keys(data.KeyConditions ?? {}).length;
      if (n !== 1 && n !== 2) return "Conditions can be of length 1 or 2 only";
    }
    return undefined;
  },
};
