import { consumed, readUnits } from "../model/capacity.js";
import { checkKey } from "../validation/key.js";
import type { GetItemInput } from "../validation/inputs.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import { json, jsonObject, projectJson } from "./common.js";
import { checkAgainstKey, compileItemExpressions } from "./expressions.js";

export async function getItem(env: Env, input: GetItemInput): Promise<string> {
  const c = compileItemExpressions(input);
  return withItemsTable(env, input.TableName, async (t) => {
    checkKey(input.Key, t.key);
    checkAgainstKey(c, input, t.key);
    const r = routeKey(t, input.Key);
    const res = await callPartition(env, t, r.partition, { op: "GetItem", key: r.key });
    const cc = consumed(input.ReturnConsumedCapacity, input.TableName, readUnits(res.found?.size, input.ConsistentRead === true));
    return jsonObject({
      Item: res.found ? projectJson(res.found.item, c.projection) : undefined,
      ConsumedCapacity: json(cc),
    });
  });
}
