/**
 * A table's tags under TagResource / UntagResource: pure rules, applied by the catalog in the same turn as it writes
 * them (so two concurrent calls cannot both pass the limit).
 *
 * - At most 50 tags per table (DynamoDB's limit; the message is shvm-db's own — the references read for this
 *   (dynalite, the API reference) do not give DynamoDB's text).
 * - TagResource adds or overwrites; UntagResource removes, and removing a key that is not there is no error.
 * - `shvm:partitions` sets the partition count when a table is created and stays as it was: re-tagging it with the
 *   table's own count is accepted (nothing changes), any other value or removing it is a ValidationException that
 *   says why.
 */
import type { ErrorData } from "./update-table.js";
import { PARTITIONS_TAG } from "./partition-count.js";

export interface Tag {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 50;
const INVALID = "One or more parameter values were invalid: ";

const invalid = (message: string): { error: ErrorData } => ({
  error: { type: "com.amazon.coral.validate#ValidationException", message: `${INVALID}${message}` },
});

/** The table's tags after TagResource, or the error that leaves them as they were. */
export function addTags(current: readonly Tag[], add: readonly Tag[], partitions: number): { tags: Tag[] } | { error: ErrorData } {
  const merged = new Map(current.map((t) => [t.Key, t.Value]));
  for (const t of add) {
    if (t.Key === PARTITIONS_TAG && t.Value !== String(partitions)) {
      return invalid(
        `tag ${PARTITIONS_TAG} is fixed when a table is created (this table has ${partitions} partitions) and cannot be changed by TagResource`,
      );
    }
    merged.set(t.Key, t.Value);
  }
  if (merged.size > MAX_TAGS) return invalid(`a table can have at most ${MAX_TAGS} tags; this request would give it ${merged.size}`);
  return { tags: [...merged].map(([Key, Value]) => ({ Key, Value })) };
}

/** The table's tags after UntagResource, or the error that leaves them as they were. */
export function removeTags(current: readonly Tag[], keys: readonly string[]): { tags: Tag[] } | { error: ErrorData } {
  if (keys.includes(PARTITIONS_TAG) && current.some((t) => t.Key === PARTITIONS_TAG)) {
    return invalid(`tag ${PARTITIONS_TAG} is fixed when a table is created and cannot be removed by UntagResource`);
  }
  const drop = new Set(keys);
  return { tags: current.filter((t) => !drop.has(t.Key)) };
}
