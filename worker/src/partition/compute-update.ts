/**
 * What an UpdateItem does to an item, computed without writing: the condition, the update itself, the index-key and
 * size checks. Shared by UpdateItem (partition.ts) and a transaction's Update action (transactions.ts), so both
 * answer alike.
 */
import { applyUpdate, evaluateCondition } from "../expressions/index.js";
import { DynamoError, validationError } from "../http/errors.js";
import { toErrorData, type ErrorData } from "../catalog/update-table.js";
import { itemSize, MAX_ITEM_SIZE } from "../model/item-size.js";
import type { Item } from "../model/types.js";
import { checkItemKey } from "../validation/key.js";
import type { StoredItem, UpdateSpec } from "./protocol.js";

export type UpdateOutcome =
  | { conditionFailed: true }
  | { error: ErrorData }
  /** The update leaves a missing item missing (REMOVE / DELETE on no item): nothing to write. */
  | { unchanged: true }
  | { item: Item; text: string; size: number; updatedOld: Item; updatedNew: Item };

export function computeUpdate(spec: UpdateSpec, old: StoredItem | null): UpdateOutcome {
  const current = old ? (JSON.parse(old.item) as Item) : undefined;
  if (spec.condition && !evaluateCondition(spec.condition, current)) return { conditionFailed: true };
  let result;
  try {
    result = applyUpdate(spec.update, current, spec.keyItem);
  } catch (e) {
    if (e instanceof DynamoError) return { error: toErrorData(e) };
    throw e;
  }
  // REMOVE or set DELETE on a missing item leaves only its key: DynamoDB does not create it then (an
  // update with no actions at all does create the bare key).
  const actions = spec.update.kind === "update" ? spec.update.paths.length : spec.update.actions.length;
  if (!old && actions > 0 && Object.keys(result.item).length === Object.keys(spec.keyItem).length) return { unchanged: true };
  if (spec.indexKeys?.length) {
    try {
      checkItemKey(result.item, spec.keyInfo, spec.indexKeys, true);
    } catch (e) {
      if (e instanceof DynamoError) return { error: toErrorData(e) };
      throw e;
    }
  }
  const size = itemSize(result.item);
  if (size > MAX_ITEM_SIZE) return { error: toErrorData(validationError("Item size to update has exceeded the maximum allowed size")) };
  return { item: result.item, text: JSON.stringify(result.item), size, updatedOld: result.updatedOld, updatedNew: result.updatedNew };
}
