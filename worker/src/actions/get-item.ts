import { consumed, readUnits } from "../model/capacity.js";
import { checkKey } from "../validation/key.js";
import type { GetItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { EXPRESSION_PARAMS, json, jsonObject, pickAttributes, rejectUnsupported } from "./common.js";

export async function getItem(env: Env, input: GetItemInput): Promise<string> {
  rejectUnsupported(input, EXPRESSION_PARAMS);
  return withItemsTable(env, input.TableName, async (t) => {
    checkKey(input.Key, t.key);
    const r = routeKey(t, input.Key);
    const res = await callPartition(env, t, r.partition, { op: "GetItem", key: r.key });
    const cc = consumed(input.ReturnConsumedCapacity, input.TableName, readUnits(res.found?.size, input.ConsistentRead === true));
    return jsonObject({
      Item: res.found ? pickAttributes(res.found.item, input.AttributesToGet) : undefined,
      ConsumedCapacity: json(cc),
    });
  });
}
