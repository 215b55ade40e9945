/**
 * The price file (prices.json beside this module): every published price the cost model uses, with the page it
 * was read from and when. Logic never holds a price; it asks this module for one by its path in the file.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PRICES_FILE = fileURLToPath(new URL("./prices.json", import.meta.url));

export interface PriceEntry {
  /** null: the cited page, as read, does not give the figure. */
  value: number | null;
  unit: string;
  /** The free allowance, as the page words it (informational: the model prices at the marginal rate). */
  included?: string;
  source: string;
  /** Date the page was read (YYYY-MM-DD). */
  read: string;
  note?: string;
  /** A figure from a page that is not the provider's own; used only when asked for. */
  secondary?: { value: number; source: string; read: string; note?: string };
}

export interface Prices {
  version: 1;
  currency: string;
  /** When the file's figures were last read. */
  asOf: string;
  about?: string;
  cloudflare: {
    plan: string;
    gigabyteBytes: PriceEntry;
    durableObjects: {
      requestsPerMillion: PriceEntry;
      durationPerMillionGbSeconds: PriceEntry;
      memoryGb: PriceEntry;
      rowsReadPerMillion: PriceEntry;
      rowsWrittenPerMillion: PriceEntry;
      storedGbMonth: PriceEntry;
    };
    workers: { requestsPerMillion: PriceEntry; cpuMsPerMillion: PriceEntry };
  };
  dynamodb: {
    region: string;
    mode: string;
    gigabyteBytes: PriceEntry;
    writeRequestUnitsPerMillion: PriceEntry;
    readRequestUnitsPerMillion: PriceEntry;
    storedGbMonth: PriceEntry;
    itemOverheadBytes: PriceEntry;
  };
}

/** Where a price used in a computation came from. */
export type PriceBasis = "published" | "secondary" | "missing";

export interface ResolvedPrice {
  value: number | null;
  basis: PriceBasis;
  source: string;
}

/** The entry's value, or its secondary figure when allowed and the primary is missing. */
export function resolvePrice(entry: PriceEntry, allowSecondary = false): ResolvedPrice {
  if (entry.value !== null) return { value: entry.value, basis: "published", source: entry.source };
  if (allowSecondary && entry.secondary) return { value: entry.secondary.value, basis: "secondary", source: entry.secondary.source };
  return { value: null, basis: "missing", source: entry.source };
}

/** Reads and checks a price file (default: prices.json beside this module). */
export function loadPrices(path = PRICES_FILE): Prices {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  checkPrices(parsed, path);
  return parsed;
}

/** Every entry the model reads must be there with a number or null: a typo in the file fails here, not as NaN later. */
export function checkPrices(p: unknown, where = "prices"): asserts p is Prices {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  const obj = (v: unknown, path: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${path} must be an object`);
  const root = obj(p, "the file");
  if (root.version !== 1) fail(`version must be 1, got ${JSON.stringify(root.version)}`);
  if (typeof root.asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(root.asOf)) fail("asOf must be a YYYY-MM-DD date");
  const entry = (parent: Record<string, unknown>, key: string, path: string) => {
    const e = obj(parent[key], `${path}.${key}`);
    const v = e.value;
    if (!(v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0))) fail(`${path}.${key}.value must be a non-negative number or null`);
    if (typeof e.source !== "string" || !e.source.startsWith("http")) fail(`${path}.${key}.source must be the URL the figure was read from`);
    if (typeof e.read !== "string") fail(`${path}.${key}.read must be the date the page was read`);
    if (e.secondary !== undefined) {
      const s = obj(e.secondary, `${path}.${key}.secondary`);
      if (typeof s.value !== "number" || typeof s.source !== "string") fail(`${path}.${key}.secondary needs value and source`);
    }
  };
  const cf = obj(root.cloudflare, "cloudflare");
  entry(cf, "gigabyteBytes", "cloudflare");
  const dobj = obj(cf.durableObjects, "cloudflare.durableObjects");
  for (const k of ["requestsPerMillion", "durationPerMillionGbSeconds", "memoryGb", "rowsReadPerMillion", "rowsWrittenPerMillion", "storedGbMonth"]) {
    entry(dobj, k, "cloudflare.durableObjects");
  }
  const workers = obj(cf.workers, "cloudflare.workers");
  for (const k of ["requestsPerMillion", "cpuMsPerMillion"]) entry(workers, k, "cloudflare.workers");
  const ddb = obj(root.dynamodb, "dynamodb");
  for (const k of ["gigabyteBytes", "writeRequestUnitsPerMillion", "readRequestUnitsPerMillion", "storedGbMonth", "itemOverheadBytes"]) {
    entry(ddb, k, "dynamodb");
  }
}
