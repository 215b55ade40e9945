/**
 * What a workload run costs per million operations: shvm-db on Cloudflare (from what the run measured) and
 * DynamoDB on-demand (from request units). Prices come from the price file (prices.ts); the inputs are plain
 * totals so the arithmetic is testable without a server. measured-totals.ts derives the shvm-db totals from
 * metrics; dynamo-units.ts derives DynamoDB's request units.
 *
 * Every price is taken at its marginal rate: free allowances and the Workers Paid minimum are left out, so a line
 * is what one more million operations of this workload would add to a bill that is already past them.
 */
import { resolvePrice, type PriceBasis, type PriceEntry, type Prices } from "./prices.js";

/** Cloudflare's and AWS's storage month: a GB-month averages the daily peak over 30 days. */
export const BILLING_MONTH_SECONDS = 30 * 24 * 3600;

/** What one shvm-db run used, as measured. */
export interface MeasuredTotals {
  /** Workload operations in the window: the denominator of every "per million operations". */
  operations: number;
  /** Wall-clock seconds of the window. */
  seconds: number;
  /** Durable Object requests: one per partition call (a Scan or batch reaching k partitions is k). */
  durableObjectCalls: number;
  /**
   * Seconds the partition objects were active, summed over objects (object-seconds). Cloudflare bills a Durable
   * Object's duration in wall-clock time while it is active (a request in flight, or idle but unable to hibernate),
   * at 128 MB whatever it uses, shared by the requests it serves at once. Under a sustained run every partition that
   * is called has requests in flight nearly all the time, so the model takes each active partition as active for the
   * whole window (or for the seconds in which it was called, where per-second samples say so): an upper bound of
   * the billed duration. What it cannot see locally is Cloudflare's own accounting (eviction, the time between a
   * reply and hibernation eligibility), so real duration charges may differ.
   */
  partitionActiveSeconds: number;
  /** Partitions with at least one call in the window. */
  activePartitions: number;
  /** SQLite rows read / written (the cursors' rowsRead / rowsWritten, as Cloudflare bills them). */
  rowsRead: number;
  rowsWritten: number;
  /** Database bytes at the end of the window, summed over the table's partitions. */
  storageBytes: number;
  /** Requests to the router Worker; null or absent: durableObjectCalls, an upper bound (a Scan or batch is one request but several calls). */
  routerRequests?: number | null;
  /** The router Worker's CPU milliseconds; null or absent: not measured, the line is left out and named. */
  routerCpuMs?: number | null;
  /** How the figures were obtained, carried into the breakdown. */
  notes?: string[];
}

export interface CostLine {
  component: string;
  /** The billed quantity in `unit`; null when not measured. */
  quantity: number | null;
  unit: string;
  /** USD per one `unit`; null when the price file has none. */
  unitPrice: number | null;
  priceBasis: PriceBasis | "not-measured";
  /** USD for the run. */
  cost: number | null;
  /** USD per million workload operations. */
  perMillionOps: number | null;
  note?: string;
}

export interface CostBreakdown {
  system: string;
  operations: number;
  seconds: number;
  currency: string;
  /** The price file's date. */
  pricesAsOf: string;
  lines: CostLine[];
  /** Sum of the lines that have a cost. */
  totalPerMillionOps: number;
  /** Components with no cost (price missing or quantity not measured): the total leaves them out. */
  leftOut: string[];
  /** The stored data's standing cost per month, whatever the traffic; null without a storage price. */
  storagePerMonth: number | null;
  notes: string[];
}

export interface CostOptions {
  /** Use a price file entry's secondary (third-party) figure where the provider's page gave none. */
  allowSecondary?: boolean;
}

interface LineSpec {
  component: string;
  quantity: number | null;
  unit: string;
  price: PriceEntry;
  /** The entry's value is per this many units (1e6 for "per million"). */
  per: number;
  note?: string;
}

function buildBreakdown(
  system: string,
  prices: Prices,
  totals: { operations: number; seconds: number },
  specs: readonly LineSpec[],
  storage: { gb: number; price: PriceEntry },
  notes: readonly string[],
  options: CostOptions,
): CostBreakdown {
  if (!(totals.operations > 0)) throw new RangeError(`operations must be positive, got ${totals.operations}`);
  const lines = specs.map((s): CostLine => {
    const p = resolvePrice(s.price, options.allowSecondary);
    const unitPrice = p.value === null ? null : p.value / s.per;
    const cost = unitPrice === null || s.quantity === null ? null : unitPrice * s.quantity;
    const note = [s.note, p.basis === "secondary" ? `secondary price from ${p.source}` : undefined].filter(Boolean).join("; ");
    return {
      component: s.component,
      quantity: s.quantity,
      unit: s.unit,
      unitPrice,
      priceBasis: s.quantity === null ? "not-measured" : p.basis,
      cost,
      perMillionOps: cost === null ? null : (cost / totals.operations) * 1e6,
      ...(note ? { note } : {}),
    };
  });
  const storagePrice = resolvePrice(storage.price, options.allowSecondary).value;
  return {
    system,
    operations: totals.operations,
    seconds: totals.seconds,
    currency: prices.currency,
    pricesAsOf: prices.asOf,
    lines,
    totalPerMillionOps: lines.reduce((s, l) => s + (l.perMillionOps ?? 0), 0),
    leftOut: lines.filter((l) => l.perMillionOps === null).map((l) => l.component),
    storagePerMonth: storagePrice === null ? null : storage.gb * storagePrice,
    notes: [...notes],
  };
}

/** shvm-db on Cloudflare: Durable Object requests, duration, SQLite rows and storage, plus the router Worker. */
export function costPerMillion(totals: MeasuredTotals, prices: Prices, options: CostOptions = {}): CostBreakdown {
  const cf = prices.cloudflare;
  const dobj = cf.durableObjects;
  const memoryGb = dobj.memoryGb.value;
  const gbBytes = cf.gigabyteBytes.value;
  if (memoryGb === null || gbBytes === null) throw new Error("prices: cloudflare memoryGb and gigabyteBytes are needed to convert the measurements");
  const storageGb = totals.storageBytes / gbBytes;
  const routerRequestsMeasured = totals.routerRequests !== undefined && totals.routerRequests !== null;
  const routerCpu = totals.routerCpuMs ?? null;
  const specs: LineSpec[] = [
    { component: "DO requests", quantity: totals.durableObjectCalls, unit: "request", price: dobj.requestsPerMillion, per: 1e6 },
    {
      component: "DO duration",
      quantity: memoryGb * totals.partitionActiveSeconds,
      unit: "GB-s",
      price: dobj.durationPerMillionGbSeconds,
      per: 1e6,
      note: `${memoryGb} GB x ${round(totals.partitionActiveSeconds)} object-seconds (${totals.activePartitions} active partitions over ${round(totals.seconds)} s): an upper bound`,
    },
    { component: "SQLite rows read", quantity: totals.rowsRead, unit: "row", price: dobj.rowsReadPerMillion, per: 1e6 },
    { component: "SQLite rows written", quantity: totals.rowsWritten, unit: "row", price: dobj.rowsWrittenPerMillion, per: 1e6 },
    storageSpec("SQLite storage", storageGb, totals.seconds, dobj.storedGbMonth),
    {
      component: "Worker requests",
      quantity: routerRequestsMeasured ? (totals.routerRequests as number) : totals.durableObjectCalls,
      unit: "request",
      price: cf.workers.requestsPerMillion,
      per: 1e6,
      ...(routerRequestsMeasured ? {} : { note: "taken as the DO calls: an upper bound (a Scan or batch is one request, several calls)" }),
    },
    {
      component: "Worker CPU",
      quantity: routerCpu,
      unit: "CPU ms",
      price: cf.workers.cpuMsPerMillion,
      per: 1e6,
      ...(routerCpu === null ? { note: "not measured" } : {}),
    },
  ];
  return buildBreakdown("shvm-db on Cloudflare", prices, totals, specs, { gb: storageGb, price: dobj.storedGbMonth }, totals.notes ?? [], options);
}

/** DynamoDB's request units for a run, and where they came from. */
export interface DynamoUnits {
  operations: number;
  seconds: number;
  readRequestUnits: number;
  writeRequestUnits: number;
  /** Billed table size: items' sizes plus the per-item storage overhead. */
  storageBytes: number;
  /** "consumed-capacity": summed from the service's ConsumedCapacity; "workload-rules": computed by DynamoDB's documented rules. */
  derivation: "consumed-capacity" | "workload-rules";
  notes?: string[];
}

/** DynamoDB on-demand: read and write request units, and storage. */
export function dynamoCostPerMillion(units: DynamoUnits, prices: Prices, options: CostOptions = {}): CostBreakdown {
  const d = prices.dynamodb;
  const gbBytes = d.gigabyteBytes.value;
  if (gbBytes === null) throw new Error("prices: dynamodb gigabyteBytes is needed to convert the table size");
  const storageGb = units.storageBytes / gbBytes;
  const specs: LineSpec[] = [
    { component: "read request units", quantity: units.readRequestUnits, unit: "RRU", price: d.readRequestUnitsPerMillion, per: 1e6 },
    { component: "write request units", quantity: units.writeRequestUnits, unit: "WRU", price: d.writeRequestUnitsPerMillion, per: 1e6 },
    storageSpec("storage", storageGb, units.seconds, d.storedGbMonth),
  ];
  const notes = [`request units derived from ${units.derivation === "consumed-capacity" ? "the service's ConsumedCapacity" : "DynamoDB's documented rules and the workload's properties"}`, ...(units.notes ?? [])];
  return buildBreakdown(`DynamoDB on-demand (${d.region})`, prices, units, specs, { gb: storageGb, price: d.storedGbMonth }, notes, options);
}

/** Data held for the window: its share of a billing month. */
function storageSpec(component: string, gb: number, seconds: number, price: PriceEntry): LineSpec {
  return { component, quantity: gb * (seconds / BILLING_MONTH_SECONDS), unit: "GB-month", price, per: 1, note: `${round(gb * 1000)} MB held for the window's ${round(seconds)} s` };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
