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
  LocalSecondaryIndexes?: Record<string, { CapacityUnits: number }>;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits: number }>;
}

/**
 * A write's ConsumedCapacity with its GSI writes (`indexUnits`, by index): TOTAL adds them to the table's units,
 * INDEXES lists them under GlobalSecondaryIndexes, as DynamoDB does.
 */
export function consumedWrite(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number,
  indexUnits: Record<string, number> | undefined,
): ConsumedCapacity | undefined {
  const out = consumed(mode, tableName, units);
  if (!out || !indexUnits) return out;
  const names = Object.keys(indexUnits);
  if (!names.length) return out;
  out.CapacityUnits += names.reduce((n, k) => n + indexUnits[k]!, 0);
  if (mode === "INDEXES") out.GlobalSecondaryIndexes = Object.fromEntries(names.map((k) => [k, { CapacityUnits: indexUnits[k]! }]));
  return out;
}

/**
 * A read of a secondary index: the index's units (its entries' bytes, in 4 KB units like a table read) and, for an LSI
 * whose projection lacks what was asked, the table's units for fetching each item (each rounded up on its own, as
 * DynamoDB reads every fetched item separately). INDEXES splits the total as DynamoDB does.
 */
export function consumedByIndex(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  index: { kind: "lsi" | "gsi"; name: string; units: number; tableUnits: number },
): ConsumedCapacity | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  const out: ConsumedCapacity = { TableName: tableName, CapacityUnits: index.units + index.tableUnits };
  if (mode === "INDEXES") {
    out.Table = { CapacityUnits: index.tableUnits };
    out[index.kind === "lsi" ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes"] = { [index.name]: { CapacityUnits: index.units } };
  }
  return out;
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
