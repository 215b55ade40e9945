/**
 * TransactWriteItems and TransactGetItems (dynalite has neither: the shapes follow DynamoDB's model — 1 to 100
 * actions, ClientRequestToken 1-36 characters — and the messages moto and the API reference give). Each action's own
 * checks are those of its single-item operation: attribute values, the 400 KB item, expression parameters.
 */
import { MAX_ITEM_SIZE, measuredItemSize } from "../model/item-size.js";
import { validateAttributeMap } from "./attribute-value.js";
import {
  attrMap,
  expressionAttributeNames,
  expressionAttributeValues,
  returnConsumedCapacity,
  returnItemCollectionMetrics,
  returnValuesOnConditionCheckFailure,
  tableNameField,
} from "./common.js";
import { validateExpressionAttributes, validateExpressionParams } from "./conditions.js";
import type { TransactGetItemsInput, TransactWriteItemsInput } from "./inputs.js";
import { ITEM_TOO_LARGE } from "./put-item.js";
import { fieldStruct, list, maxLen, minLen, notNull, string, valueStruct, type OperationSchema } from "./schema.js";

const common = {
  TableName: tableNameField,
  ExpressionAttributeNames: expressionAttributeNames,
  ExpressionAttributeValues: expressionAttributeValues,
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
};

export const MAX_TRANSACT_ITEMS = 100;
/** DynamoDB: "the aggregate size of the items in the transaction cannot exceed 4 MB". */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

export const transactWriteItems: OperationSchema<TransactWriteItemsInput> = {
  members: {
    TransactItems: list(
      valueStruct("TransactWriteItem", {
        ConditionCheck: fieldStruct("ConditionCheck", { ...common, Key: attrMap(notNull), ConditionExpression: string(notNull) }),
        Put: fieldStruct("Put", { ...common, Item: attrMap(notNull), ConditionExpression: string() }),
        Delete: fieldStruct("Delete", { ...common, Key: attrMap(notNull), ConditionExpression: string() }),
        Update: fieldStruct("Update", { ...common, Key: attrMap(notNull), UpdateExpression: string(notNull), ConditionExpression: string() }),
      }),
      notNull,
      minLen(1),
      maxLen(MAX_TRANSACT_ITEMS),
    ),
    ClientRequestToken: string(minLen(1), maxLen(36)),
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
  },
  custom(data) {
    let total = 0;
    for (const t of data.TransactItems) {
      // A null element (the structure pass keeps list members as sent) has no action at all.
      const present = t == null ? [] : [t.ConditionCheck, t.Put, t.Delete, t.Update].filter((a) => a != null);
      if (present.length === 0) return "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request";
      if (present.length > 1) return "TransactItems can only contain one of Check, Put, Update or Delete";
      const a = present[0]! as unknown as Record<string, unknown> & { Item?: Record<string, unknown>; Key?: Record<string, unknown> };
      // As for the single-item operations: names and values need an expression that can use them.
      const params = validateExpressionParams(a, t.Update ? ["UpdateExpression", "ConditionExpression"] : ["ConditionExpression"], []);
      if (params) return params;
      const msg = validateAttributeMap(a.Item ?? a.Key);
      if (msg) return msg;
      const size = t.Put ? measuredItemSize(t.Put.Item) : 0;
      if (size > MAX_ITEM_SIZE) return ITEM_TOO_LARGE;
      total += size;
      const attrs = validateExpressionAttributes(a);
      if (attrs) return attrs;
    }
    // The message is shvm-db's own: the references read give the 4 MB rule, not DynamoDB's text for it.
    if (total > MAX_TRANSACTION_BYTES) return "Transaction request size exceeds the maximum of 4 MB for the aggregate size of its items";
    return undefined;
  },
};

export const transactGetItems: OperationSchema<TransactGetItemsInput> = {
  members: {
    TransactItems: list(
      valueStruct("TransactGetItem", {
        Get: fieldStruct(
          "Get",
          { TableName: tableNameField, Key: attrMap(notNull), ProjectionExpression: string(), ExpressionAttributeNames: expressionAttributeNames },
          notNull,
        ),
      }),
      notNull,
      minLen(1),
      maxLen(MAX_TRANSACT_ITEMS),
    ),
    ReturnConsumedCapacity: returnConsumedCapacity,
  },
  custom(data) {
    for (const t of data.TransactItems) {
      const msg = validateExpressionParams(t.Get as unknown as Record<string, unknown>, ["ProjectionExpression"], []) ?? validateAttributeMap(t.Get.Key) ?? validateExpressionAttributes(t.Get as unknown as Record<string, unknown>);
      if (msg) return msg;
    }
    return undefined;
  },
};
