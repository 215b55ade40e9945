/** GetItem (after dynalite's validations/getItem.js). */
import { validateAttributeMap } from "./attribute-value.js";
import {
  attrMap,
  attributesToGet,
  expressionAttributeNames,
  returnConsumedCapacity,
  tableNameField,
} from "./common.js";
import { validateAttributesToGet, validateExpressionAttributes, validateExpressionParams } from "./conditions.js";
import type { GetItemInput } from "./inputs.js";
import { boolean, notNull, string, type OperationSchema } from "./schema.js";

export const getItem: OperationSchema<GetItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    AttributesToGet: attributesToGet,
    TableName: tableNameField,
    Key: attrMap(notNull),
    ConsistentRead: boolean(),
    ProjectionExpression: string(),
    ExpressionAttributeNames: expressionAttributeNames,
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    return (
      validateExpressionParams(d, ["ProjectionExpression"], ["AttributesToGet"]) ??
      validateAttributeMap(data.Key) ??
      validateAttributesToGet(d) ??
      validateExpressionAttributes(d)
    );
  },
};
