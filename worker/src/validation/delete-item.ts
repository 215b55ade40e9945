/** DeleteItem (after dynalite's validations/deleteItem.js). */
import { validateAttributeMap } from "./attribute-value.js";
import {
  attrMap,
  conditionalOperator,
  expected,
  expressionAttributeNames,
  expressionAttributeValues,
  returnConsumedCapacity,
  returnItemCollectionMetrics,
  returnValues,
  returnValuesOnConditionCheckFailure,
  tableNameField,
} from "./common.js";
import { validateExpected, validateExpressionAttributes, validateExpressionParams } from "./conditions.js";
import type { DeleteItemInput } from "./inputs.js";
import { notNull, string, type OperationSchema } from "./schema.js";

export const deleteItem: OperationSchema<DeleteItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    TableName: tableNameField,
    ReturnValues: returnValues,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    Key: attrMap(notNull),
    ConditionalOperator: conditionalOperator,
    Expected: expected,
    ConditionExpression: string(),
    ExpressionAttributeValues: expressionAttributeValues,
    ExpressionAttributeNames: expressionAttributeNames,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    return (
      validateExpressionParams(d, ["ConditionExpression"], ["Expected"]) ??
      validateAttributeMap(data.Key) ??
      (data.ReturnValues && data.ReturnValues !== "ALL_OLD" && data.ReturnValues !== "NONE"
        ? "ReturnValues can only be ALL_OLD or NONE"
        : undefined) ??
      validateExpected(d) ??
      validateExpressionAttributes(d)
    );
  },
};
