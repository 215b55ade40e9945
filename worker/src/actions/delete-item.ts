import { fromErrorData } from "../catalog/update-table.js";
import { consumedWrite, writeUnits } from "../model/capacity.js";
import { checkKey } from "../validation/key.js";
import type { DeleteItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { conditionFailed, indexedWrite, itemCollectionMetrics, json, jsonObject } from "./common.js";
import { checkAgainstKey, compileItemExpressions } from "./expressions.js";

export async function deleteItem(env: Env, input: DeleteItemInput): Promise<string> {
  const c = compileItemExpressions(input);
  return withItemsTable(env, input.TableName, async (t) => {
    checkKey(input.Key, t.key);
    checkAgainstKey(c, input, t.key);
    const r = routeKey(t, input.Key);
    const wantCapacity = input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES";
    const res = await callPartition(env, t, r.partition, {
      op: "DeleteItem",
      key: r.key,
      returnOld: input.ReturnValues === "ALL_OLD" || wantCapacity,
      ...(c.condition ? { condition: c.condition } : {}),
      ...indexedWrite(t, input.ReturnItemCollectionMetrics),
    });
    if ("conditionFailed" in res) throw conditionFailed(res.old, input.ReturnValuesOnConditionCheckFailure);
    if ("error" in res) throw fromErrorData(res.error);
    const cc = consumedWrite(input.ReturnConsumedCapacity, input.TableName, writeUnits(res.old?.size), res.indexUnits);
    return jsonObject({
      Attributes: input.ReturnValues === "ALL_OLD" ? res.old?.item : undefined,
      ConsumedCapacity: json(cc),
      ItemCollectionMetrics: itemCollectionMetrics(t, input.Key, res.collectionSize),
    });
  });
}
