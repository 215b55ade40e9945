/**
 * DynamoDB request units for a YCSB run, by DynamoDB's documented rules — the harness's DynamoDB binding does not
 * ask for ReturnConsumedCapacity (harness/bindings/dynamodb-requests.ts builds no such member), so the units are
 * computed, not read back:
 *
 * - item size: attribute names plus values, UTF-8 (the key attribute `dynamodb.primaryKey`, default ycsb_key,
 *   and fieldcount fields of fieldlength bytes): YCSB's default record is ~1.08 KB;
 * - GetItem: ceil(size / 4 KB) read units, half when eventually consistent (`dynamodb.consistentReads`, default
 *   false); a projection does not reduce it, and a missing item still costs the minimum;
 * - PutItem / UpdateItem: ceil(size / 1 KB) write units of the larger of the item before and after — an update of
 *   one field of a 1.08 KB item costs 2, like writing it whole;
 * - scan (the binding's: GetItem of the start key, then Scan pages for the other L − 1 records): a page is charged
 *   for the items it read, summed, rounded up to 4 KB (halved when eventually consistent), pages of at most 1 MB;
 *   L is drawn from the scan-length distribution, whose exact law is averaged over;
 * - a read-modify-write is its read and its update.
 *
 * The rounding itself is the engine's (worker/src/model/capacity.ts), which implements the same rules.
 */
import type { CoreWorkloadConfig } from "../../workloads/config.js";
import { readUnits, writeUnits } from "../../worker/src/model/capacity.js";
import { utf8Length } from "../../worker/src/model/item-size.js";
import { buildKeyName } from "../generators/key-name.js";
import { ZipfianGenerator } from "../generators/zipfian-generator.js";
import type { DynamoUnits } from "./cost.js";
import { ZipfianRankMass } from "./zipfian-mass.js";

/** DynamoDB's Scan page: at most 1 MB of items read. */
const SCAN_PAGE_BYTES = 1024 * 1024;
/** Above this many records the key lengths are bounded (4 + 1 … 4 + 19 characters) instead of enumerated. */
const ENUMERATE_KEYS_UP_TO = 1_000_000;

export type DynamoWorkloadConfig = Pick<
  CoreWorkloadConfig,
  | "recordcount"
  | "insertstart"
  | "insertcount"
  | "fieldcount"
  | "fieldlength"
  | "minfieldlength"
  | "fieldlengthdistribution"
  | "fieldnameprefix"
  | "insertorder"
  | "zeropadding"
  | "readproportion"
  | "updateproportion"
  | "insertproportion"
  | "scanproportion"
  | "readmodifywriteproportion"
  | "minscanlength"
  | "maxscanlength"
  | "scanlengthdistribution"
  | "properties"
>;

/** DynamoDB API calls of a run by kind (a read-modify-write is one read and one update). */
export interface DynamoCallCounts {
  read: number;
  update: number;
  insert: number;
  scan: number;
  delete: number;
}

export interface ItemSize {
  min: number;
  max: number;
  mean: number;
}

/** Sizes of the loaded records as DynamoDB counts them. */
export function ycsbItemSize(c: DynamoWorkloadConfig): ItemSize {
  const pk = utf8Length(c.properties["dynamodb.primaryKey"] || "ycsb_key");
  let names = 0;
  for (let i = 0; i < c.fieldcount; i++) names += utf8Length(`${c.fieldnameprefix}${i}`);
  const constant = c.fieldlengthdistribution === "constant";
  const values = { min: c.fieldcount * (constant ? c.fieldlength : c.minfieldlength), max: c.fieldcount * c.fieldlength };
  const keys = keyLengths(c);
  return {
    min: pk + keys.min + names + values.min,
    max: pk + keys.max + names + values.max,
    mean: pk + keys.mean + names + (values.min + values.max) / 2,
  };
}

function keyLengths(c: DynamoWorkloadConfig): { min: number; max: number; mean: number } {
  if (c.insertcount > ENUMERATE_KEYS_UP_TO) {
    // "user" + at most 19 digits (a non-negative long), zero-padded to zeropadding.
    const min = 4 + Math.max(c.zeropadding, 1);
    const max = 4 + Math.max(c.zeropadding, 19);
    return { min, max, mean: max };
  }
  let min = Infinity;
  let max = 0;
  let total = 0;
  for (let k = c.insertstart; k < c.insertstart + c.insertcount; k++) {
    const n = buildKeyName(k, c.insertorder, c.zeropadding).length; // ASCII: length is bytes
    min = Math.min(min, n);
    max = Math.max(max, n);
    total += n;
  }
  return { min, max, mean: total / c.insertcount };
}

/** Expected read units of one scan of the binding's shape, averaged over the scan-length distribution. */
export function scanReadUnits(c: DynamoWorkloadConfig, itemBytes: number, consistent: boolean): number {
  const perPage = Math.max(1, Math.floor(SCAN_PAGE_BYTES / itemBytes));
  const unitsFor = (length: number): number => {
    let units = readUnits(itemBytes, consistent); // the start key's GetItem
    for (let rest = length - 1; rest > 0; rest -= perPage) units += readUnits(Math.min(rest, perPage) * itemBytes, consistent);
    return units;
  };
  const lo = c.minscanlength;
  const hi = c.maxscanlength;
  let expected = 0;
  if (c.scanlengthdistribution === "uniform") {
    for (let L = lo; L <= hi; L++) expected += unitsFor(L) / (hi - lo + 1);
  } else {
    const mass = new ZipfianRankMass(new ZipfianGenerator(lo, hi));
    for (let L = lo; L <= hi; L++) expected += mass.mass(L - lo) * unitsFor(L);
  }
  return expected;
}

/** API calls expected from the workload's proportions, for `operations` workload operations. */
export function expectedCalls(c: DynamoWorkloadConfig, operations: number): DynamoCallCounts {
  return {
    read: operations * (c.readproportion + c.readmodifywriteproportion),
    update: operations * (c.updateproportion + c.readmodifywriteproportion),
    insert: operations * c.insertproportion,
    scan: operations * c.scanproportion,
    delete: 0,
  };
}

export interface DynamoUnitsOptions {
  operations: number;
  seconds: number;
  /** Calls by kind (e.g. from a results file); default: expected from the proportions. */
  calls?: DynamoCallCounts;
  /** Default: the workload's `dynamodb.consistentReads` property, else false (YCSB's default). */
  consistentReads?: boolean;
  /** Storage overhead DynamoDB bills per item (the price file's dynamodb.itemOverheadBytes); default 0. */
  itemOverheadBytes?: number;
}

/** DynamoDB request units and billed storage of a run, from the workload's properties. */
export function dynamoUnitsFromWorkload(c: DynamoWorkloadConfig, o: DynamoUnitsOptions): DynamoUnits {
  const consistent = o.consistentReads ?? c.properties["dynamodb.consistentReads"] === "true";
  const size = ycsbItemSize(c);
  const calls = o.calls ?? expectedCalls(c, o.operations);
  const notes: string[] = [];
  if (readUnits(size.min, consistent) !== readUnits(size.max, consistent) || writeUnits(size.min) !== writeUnits(size.max)) {
    notes.push(`item sizes ${size.min}-${size.max} B straddle a unit boundary: units of the largest used (an upper bound)`);
  }
  const read = readUnits(size.max, consistent);
  const write = writeUnits(size.max);
  const scan = calls.scan > 0 ? scanReadUnits(c, size.max, consistent) : 0;
  notes.push(
    `item ${Math.round(size.mean)} B (${size.min}-${size.max}): ${read} RRU per ${consistent ? "strongly" : "eventually"} consistent read, ${write} WRU per write` +
      (calls.scan > 0 ? `, ${scan.toFixed(2)} RRU per scan on average` : ""),
  );
  if (!o.calls) notes.push("calls expected from the workload's proportions");
  return {
    operations: o.operations,
    seconds: o.seconds,
    readRequestUnits: calls.read * read + calls.scan * scan,
    // A delete is charged for the deleted item's size, as a write.
    writeRequestUnits: (calls.update + calls.insert + calls.delete) * write,
    storageBytes: c.insertcount * (size.mean + (o.itemOverheadBytes ?? 0)),
    derivation: "workload-rules",
    notes,
  };
}
