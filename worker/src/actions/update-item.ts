import { fromErrorData } from "../catalog/update-table.js";
import { consumedWrite, writeUnits } from "../model/capacity.js";
import type { Item } from "../model/types.js";
import type { CompiledAttributeUpdates, CompiledUpdate } from "../expressions/index.js";
import type { PartitionRequest } from "../partition/protocol.js";
import { checkKey } from "../validation/key.js";
import type { UpdateItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { conditionFailed, indexedWrite, itemCollectionMetrics, json, jsonObject } from "./common.js";
import { checkAgainstKey, compileItemExpressions } from "./expressions.js";

/**
 * UpdateItem: the router compiles, the partition reads, checks the condition, applies the update and
 * writes in one transaction. Without UpdateExpression or AttributeUpdates it still creates the item
 * (its key attributes only) when missing, as DynamoDB does.
 */
export async function updateItem(env: Env, input: UpdateItemInput): Promise<string> {
  const c = compileItemExpressions(input);
  const update: CompiledUpdate | CompiledAttributeUpdates = c.update ?? { kind: "attributeUpdates", actions: [], paths: [] };
  return withItemsTable(env, input.TableName, async (t) => {
    checkKey(input.Key, t.key);
    checkAgainstKey(c, input, t.key);
    const r = routeKey(t, input.Key);
    const rv = input.ReturnValues ?? "NONE";
    const req: Extract<PartitionRequest, { op: "UpdateItem" }> = {
      op: "UpdateItem",
      key: r.key,
      keyItem: input.Key,
      keyInfo: t.key,
      ...(t.indexKeys.length ? { indexKeys: t.indexKeys } : {}),
      update,
      returnOld: rv === "ALL_OLD",
      returnNew: rv === "ALL_NEW",
      returnUpdated: rv === "UPDATED_OLD" || rv === "UPDATED_NEW",
      ...(input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES" ? { oldSize: true } : {}),
      ...(c.condition ? { condition: c.condition } : {}),
      ...indexedWrite(t, input.ReturnItemCollectionMetrics),
    };
    const res = await callPartition(env, t, r.partition, req);
    if ("conditionFailed" in res) throw conditionFailed(res.old, input.ReturnValuesOnConditionCheckFailure);
    if ("error" in res) throw fromErrorData(res.error);
    const cc = consumedWrite(input.ReturnConsumedCapacity, input.TableName, writeUnits(res.newSize || undefined, res.oldSize), res.indexUnits);
    let attributes: string | undefined;
    if (rv === "ALL_OLD") attributes = res.oldItem;
    else if (rv === "ALL_NEW") attributes = res.newItem;
    else if (rv === "UPDATED_OLD") attributes = nonEmpty(res.updatedOld);
    else if (rv === "UPDATED_NEW") attributes = nonEmpty(res.updatedNew);
    return jsonObject({ Attributes: attributes, ConsumedCapacity: json(cc), ItemCollectionMetrics: itemCollectionMetrics(t, input.Key, res.collectionSize) });
  });
}

const nonEmpty = (item: Item | undefined) => (item && Object.keys(item).length > 0 ? JSON.stringify(item) : undefined);
