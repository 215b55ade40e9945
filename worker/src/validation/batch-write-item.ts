/** BatchWriteItem (after dynalite's validations/batchWriteItem.js). */
import { MAX_ITEM_SIZE, measuredItemSize } from "../model/item-size.js";
import { AV_MULTIPLE, validateAttributeMap } from "./attribute-value.js";
import { NAME_PATTERN, attrMap, returnConsumedCapacity, returnItemCollectionMetrics } from "./common.js";
import type { BatchWriteItemInput } from "./inputs.js";
import {
  fieldStruct,
  map,
  mapKeys,
  mapValues,
  maxLen,
  minLen,
  notNull,
  parameterizedList,
  regex,
  valueStruct,
  type OperationSchema,
} from "./schema.js";
import { emptyRequestItems } from "./batch-get-item.js";
import { ITEM_TOO_LARGE } from "./put-item.js";

/** DynamoDB's limit on write requests per table in one BatchWriteItem call. */
export const MAX_BATCH_WRITE_REQUESTS = 25;

export const batchWriteItem: OperationSchema<BatchWriteItemInput> = {
  members: {
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    RequestItems: map(
      "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>",
      parameterizedList(
        valueStruct("WriteRequest", {
          DeleteRequest: fieldStruct("DeleteRequest", { Key: attrMap(notNull) }),
          PutRequest: fieldStruct("PutRequest", { Item: attrMap(notNull) }),
        }),
      ),
      notNull, // an empty map is checked in custom, with DynamoDB's own sentence
      mapKeys(maxLen(255), minLen(3), regex(NAME_PATTERN)),
      mapValues(maxLen(MAX_BATCH_WRITE_REQUESTS), minLen(1)),
    ),
  },
  custom: checkBatchWriteItem,
};

export function checkBatchWriteItem(data: BatchWriteItemInput): string | undefined {
  const empty = emptyRequestItems(data.RequestItems, "BatchWriteItem");
  if (empty) return empty;
  // The 25-request limit also holds across tables (the per-table list length is a constraint above).
  let total = 0;
  for (const table in data.RequestItems) total += data.RequestItems[table]?.length ?? 0;
  if (total > MAX_BATCH_WRITE_REQUESTS) return "Too many items requested for the BatchWriteItem call";
  for (const table in data.RequestItems) {
    const requests = data.RequestItems[table] ?? [];
    // A WriteRequest is a union: DynamoDB answers with its AttributeValue union message when it is not
    // exactly one of PutRequest/DeleteRequest (dynalite only covers the empty case).
    for (const r of requests) {
      if (r == null || (r.PutRequest == null) === (r.DeleteRequest == null)) return AV_MULTIPLE;
    }
    for (const r of requests) {
      let msg: string | undefined;
      if (r.PutRequest) {
        if ((msg = validateAttributeMap(r.PutRequest.Item))) return msg;
        if (measuredItemSize(r.PutRequest.Item) > MAX_ITEM_SIZE) return ITEM_TOO_LARGE;
      } else if (r.DeleteRequest) {
        if ((msg = validateAttributeMap(r.DeleteRequest.Key))) return msg;
      }
    }
  }
  return undefined;
}
