/** PutItem (after dynalite's validations/putItem.js). */
import { MAX_ITEM_SIZE, measuredItemSize } from "../model/item-size.js";
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
import type { PutItemInput } from "./inputs.js";
import { notNull, string, type OperationSchema } from "./schema.js";

export const ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size";

export const putItem: OperationSchema<PutItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    TableName: tableNameField,
    Item: attrMap(notNull),
    ConditionalOperator: conditionalOperator,
    Expected: expected,
    ReturnValues: returnValues,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    ConditionExpression: string(),
    ExpressionAttributeValues: expressionAttributeValues,
    ExpressionAttributeNames: expressionAttributeNames,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    let msg = validateExpressionParams(d, ["ConditionExpression"], ["Expected"]);
    if (msg) return msg;
    if ((msg = validateAttributeMap(data.Item))) return msg;
    if (data.ReturnValues && data.ReturnValues !== "ALL_OLD" && data.ReturnValues !== "NONE") {
      return "ReturnValues can only be ALL_OLD or NONE";
    }
    if (measuredItemSize(data.Item) > MAX_ITEM_SIZE) return ITEM_TOO_LARGE;
    if ((msg = validateExpected(d))) return msg;
    return validateExpressionAttributes(d);
  },
};
