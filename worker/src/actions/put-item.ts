import { consumed, writeUnits } from "../model/capacity.js";
import { itemSize } from "../model/item-size.js";
import { checkItemKey } from "../validation/key.js";
import type { PutItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { EXPRESSION_PARAMS, json, jsonObject, rejectUnsupported } from "./common.js";

export async function putItem(env: Env, input: PutItemInput): Promise<string> {
  rejectUnsupported(input, EXPRESSION_PARAMS);
  return withItemsTable(env, input.TableName, async (t) => {
    checkItemKey(input.Item, t.key, t.indexKeys);
    const size = itemSize(input.Item);
    const r = routeKey(t, input.Item);
    const wantCapacity = input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES";
    const returnOld = input.ReturnValues === "ALL_OLD" || wantCapacity;
    const res = await callPartition(env, t, r.partition, {
      op: "PutItem",
      put: { ...r.key, item: JSON.stringify(input.Item), size },
      returnOld,
    });
    const cc = consumed(input.ReturnConsumedCapacity, input.TableName, writeUnits(size, res.old?.size));
    return jsonObject({
      Attributes: input.ReturnValues === "ALL_OLD" ? res.old?.item : undefined,
      ConsumedCapacity: json(cc),
    });
  });
}
