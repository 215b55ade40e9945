/**
 * Capacity units by DynamoDB's rules: reads in 4 KB units (halved when eventually consistent), writes in
 * 1 KB units, at least one unit; a write is charged for the larger of the item before and after.
 */

export function readUnits(size: number | undefined, consistent: boolean): number {
  const units = size === undefined ? 1 : Math.max(1, Math.ceil(size / 4096));
  return consistent ? units : units / 2;
}

export function writeUnits(newSize: number | undefined, oldSize?: number): number {
  const units = (s: number | undefined) => (s === undefined ? 1 : Math.max(1, Math.ceil(s / 1024)));
  return Math.max(units(newSize), oldSize === undefined ? 0 : units(oldSize));
}

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";

export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: { CapacityUnits: number };
}

/** The ConsumedCapacity member of a response, or undefined when the caller did not ask for it. */
export function consumed(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number,
): ConsumedCapacity | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  const out: ConsumedCapacity = { TableName: tableName, CapacityUnits: units };
  if (mode === "INDEXES") out.Table = { CapacityUnits: units };
  return out;
}
