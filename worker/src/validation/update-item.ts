/** UpdateItem (after dynalite's validations/updateItem.js). */
import { firstType, validateAttributeMap, validateAttributeValue } from "./attribute-value.js";
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
import type { UpdateItemInput } from "./inputs.js";
import { attrField, map, notNull, oneOf, string, valueStruct, type OperationSchema } from "./schema.js";

const INVALID = "One or more parameter values were invalid: ";

export const updateItem: OperationSchema<UpdateItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    TableName: tableNameField,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    ReturnValues: returnValues,
    Key: attrMap(notNull),
    ConditionalOperator: conditionalOperator,
    Expected: expected,
    AttributeUpdates: map(
      "AttributeValueUpdate",
      valueStruct("AttributeValueUpdate", {
        // dynalite leaves Action unconstrained; DynamoDB's model declares this enum.
        Action: string(oneOf("ADD", "PUT", "DELETE")),
        Value: attrField,
      }),
    ),
    ConditionExpression: string(),
    UpdateExpression: string(),
    ExpressionAttributeValues: expressionAttributeValues,
    ExpressionAttributeNames: expressionAttributeNames,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    let msg = validateExpressionParams(d, ["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected"]);
    if (msg) return msg;
    if ((msg = validateAttributeMap(data.Key))) return msg;
    const updates = data.AttributeUpdates ?? {};
    for (const name in updates) {
      const update = updates[name] ?? {};
      if (update.Value != null && (msg = validateAttributeValue(update.Value))) return msg;
      if (update.Value == null && update.Action !== "DELETE") {
        return `${INVALID}Only DELETE action is allowed when no attribute value is specified`;
      }
      const type = firstType(update.Value);
      if (update.Value != null && update.Action === "DELETE" && type !== "SS" && type !== "NS" && type !== "BS") {
        return `${INVALID}DELETE action with value is not supported for the type ${type}`;
      }
      if (
        update.Value != null &&
        update.Action === "ADD" &&
        type !== "L" && type !== "SS" && type !== "NS" && type !== "BS" && type !== "N"
      ) {
        return `${INVALID}ADD action is not supported for the type ${type}`;
      }
    }
    return validateExpected(d) ?? validateExpressionAttributes(d);
  },
};
