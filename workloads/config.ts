/**
 * CoreWorkload's properties: YCSB's names and defaults (site.ycsb.workloads.CoreWorkload, site.ycsb.Client,
 * site.ycsb.Workload, ExponentialGenerator), merged with a workload's properties and checked into a typed config.
 *
 * YCSB itself parses lazily and tolerates a lot (unknown insertorder means "ordered", proportions are only
 * weights, "yes" is false); here anything that would silently change the workload is an error instead.
 */
import type { Properties } from "./properties.js";

export const REQUEST_DISTRIBUTIONS = ["uniform", "zipfian", "latest", "hotspot", "sequential", "exponential"] as const;
export type RequestDistribution = (typeof REQUEST_DISTRIBUTIONS)[number];
export const SCAN_LENGTH_DISTRIBUTIONS = ["uniform", "zipfian"] as const;
export type ScanLengthDistribution = (typeof SCAN_LENGTH_DISTRIBUTIONS)[number];
/** YCSB also has "histogram" (read from a file); not supported here. */
export const FIELD_LENGTH_DISTRIBUTIONS = ["constant", "uniform", "zipfian"] as const;
export type FieldLengthDistribution = (typeof FIELD_LENGTH_DISTRIBUTIONS)[number];
export type InsertOrder = "hashed" | "ordered";

/** The class names YCSB's files use for CoreWorkload (old and new package). */
export const CORE_WORKLOAD_CLASSES = ["site.ycsb.workloads.CoreWorkload", "com.yahoo.ycsb.workloads.CoreWorkload"];

/**
 * Defaults, as YCSB's property strings. recordcount/operationcount are the Client's defaults ("0");
 * insertcount has no fixed default (it is recordcount - insertstart).
 */
export const CORE_WORKLOAD_DEFAULTS: Readonly<Properties> = Object.freeze({
  workload: "site.ycsb.workloads.CoreWorkload",
  recordcount: "0",
  operationcount: "0",
  table: "usertable",
  fieldcount: "10",
  fieldlength: "100",
  minfieldlength: "1",
  fieldlengthdistribution: "constant",
  fieldnameprefix: "field",
  readallfields: "true",
  writeallfields: "false",
  dataintegrity: "false",
  readproportion: "0.95",
  updateproportion: "0.05",
  insertproportion: "0.0",
  scanproportion: "0.0",
  readmodifywriteproportion: "0.0",
  requestdistribution: "uniform",
  zeropadding: "1",
  minscanlength: "1",
  maxscanlength: "1000",
  scanlengthdistribution: "uniform",
  insertorder: "hashed",
  insertstart: "0",
  hotspotdatafraction: "0.2",
  hotspotopnfraction: "0.8",
  "exponential.percentile": "95",
  "exponential.frac": "0.8571428571",
});

/** Java's Integer.MAX_VALUE: CoreWorkload's stand-in for recordcount=0 ("unbounded"). */
export const INT_MAX = 2147483647;

/** A resolved, validated CoreWorkload configuration; field names are YCSB's property names. */
export interface CoreWorkloadConfig {
  workload: string;
  table: string;
  /** As given; 0 means "unbounded" and the workload uses {@link effectiveRecordCount}. */
  recordcount: number;
  operationcount: number;
  fieldcount: number;
  fieldlength: number;
  minfieldlength: number;
  fieldlengthdistribution: FieldLengthDistribution;
  fieldnameprefix: string;
  readallfields: boolean;
  writeallfields: boolean;
  dataintegrity: boolean;
  readproportion: number;
  updateproportion: number;
  insertproportion: number;
  scanproportion: number;
  readmodifywriteproportion: number;
  requestdistribution: RequestDistribution;
  zeropadding: number;
  minscanlength: number;
  maxscanlength: number;
  scanlengthdistribution: ScanLengthDistribution;
  insertorder: InsertOrder;
  insertstart: number;
  /** recordcount - insertstart unless set. */
  insertcount: number;
  hotspotdatafraction: number;
  hotspotopnfraction: number;
  "exponential.percentile": number;
  "exponential.frac": number;
  /** Every property after merging (defaults, file, overrides), including ones only a binding reads. */
  properties: Readonly<Properties>;
}

/** How far the operation proportions may sum from 1 (YCSB only normalises them; we insist they mean what they say). */
export const PROPORTION_SUM_TOLERANCE = 1e-6;

/** recordcount as CoreWorkload uses it: 0 stands for Integer.MAX_VALUE. */
export function effectiveRecordCount(recordcount: number): number {
  return recordcount === 0 ? INT_MAX : recordcount;
}

/** Merges `props` over the defaults and validates. Throws an Error naming the first bad property. */
export function resolveConfig(props: Readonly<Properties>): CoreWorkloadConfig {
  const merged: Properties = Object.assign(Object.create(null) as Properties, CORE_WORKLOAD_DEFAULTS, props);
  const get = (k: string): string => {
    const v = merged[k];
    if (v === undefined) throw new Error(`Missing property "${k}"`);
    return v;
  };
  const int = (k: string, min = 0): number => parseInteger(k, get(k), min);
  const num = (k: string): number => parseNumber(k, get(k));
  const bool = (k: string): boolean => parseBoolean(k, get(k));
  const oneOf = <T extends string>(k: string, allowed: readonly T[], message: (v: string) => string): T => {
    const v = get(k);
    if (!(allowed as readonly string[]).includes(v)) throw new Error(message(v));
    return v as T;
  };

  const workload = get("workload");
  if (!CORE_WORKLOAD_CLASSES.includes(workload)) {
    throw new Error(`Unsupported workload class "${workload}": only CoreWorkload is implemented`);
  }
  const recordcount = int("recordcount");
  const insertstart = int("insertstart");
  const effective = effectiveRecordCount(recordcount);
  const insertcount = merged.insertcount === undefined ? effective - insertstart : int("insertcount");
  if (effective < insertstart + insertcount) {
    // CoreWorkload's check (it exits the JVM); its wording, plus the numbers.
    throw new Error(
      `Invalid combination of insertstart, insertcount and recordcount: recordcount must be bigger than ` +
        `insertstart + insertcount (recordcount=${effective}, insertstart=${insertstart}, insertcount=${insertcount})`,
    );
  }

  const config: CoreWorkloadConfig = {
    workload,
    table: get("table"),
    recordcount,
    operationcount: int("operationcount"),
    fieldcount: int("fieldcount", 1),
    fieldlength: int("fieldlength"),
    minfieldlength: int("minfieldlength"),
    fieldlengthdistribution: oneOf("fieldlengthdistribution", FIELD_LENGTH_DISTRIBUTIONS, (v) =>
      v === "histogram"
        ? `Field length distribution "histogram" is not supported`
        : `Unknown field length distribution "${v}"`,
    ),
    fieldnameprefix: get("fieldnameprefix"),
    readallfields: bool("readallfields"),
    writeallfields: bool("writeallfields"),
    dataintegrity: bool("dataintegrity"),
    readproportion: unit("readproportion", num("readproportion")),
    updateproportion: unit("updateproportion", num("updateproportion")),
    insertproportion: unit("insertproportion", num("insertproportion")),
    scanproportion: unit("scanproportion", num("scanproportion")),
    readmodifywriteproportion: unit("readmodifywriteproportion", num("readmodifywriteproportion")),
    requestdistribution: oneOf("requestdistribution", REQUEST_DISTRIBUTIONS, (v) => `Unknown request distribution "${v}"`),
    zeropadding: int("zeropadding"),
    minscanlength: int("minscanlength", 1),
    maxscanlength: int("maxscanlength", 1),
    scanlengthdistribution: oneOf(
      "scanlengthdistribution",
      SCAN_LENGTH_DISTRIBUTIONS,
      (v) => `Distribution "${v}" not allowed for scan length`,
    ),
    insertorder: oneOf<InsertOrder>("insertorder", ["hashed", "ordered"], (v) => `Unknown insertorder "${v}" (hashed or ordered)`),
    insertstart,
    insertcount,
    hotspotdatafraction: unit("hotspotdatafraction", num("hotspotdatafraction")),
    hotspotopnfraction: unit("hotspotopnfraction", num("hotspotopnfraction")),
    "exponential.percentile": num("exponential.percentile"),
    "exponential.frac": num("exponential.frac"),
    properties: Object.freeze(merged),
  };

  const sum =
    config.readproportion +
    config.updateproportion +
    config.insertproportion +
    config.scanproportion +
    config.readmodifywriteproportion;
  if (Math.abs(sum - 1) > PROPORTION_SUM_TOLERANCE) {
    throw new Error(
      `Operation proportions must sum to 1, got ${sum} (read ${config.readproportion}, update ${config.updateproportion}, ` +
        `insert ${config.insertproportion}, scan ${config.scanproportion}, readmodifywrite ${config.readmodifywriteproportion})`,
    );
  }
  if (config.minscanlength > config.maxscanlength) {
    throw new Error(`minscanlength (${config.minscanlength}) must not exceed maxscanlength (${config.maxscanlength})`);
  }
  if (config.fieldlengthdistribution !== "constant" && config.minfieldlength > config.fieldlength) {
    throw new Error(`minfieldlength (${config.minfieldlength}) must not exceed fieldlength (${config.fieldlength})`);
  }
  if (config.dataintegrity && config.fieldlengthdistribution !== "constant") {
    throw new Error("Must have constant field size to check data integrity.");
  }
  if (config.requestdistribution === "exponential") {
    const p = config["exponential.percentile"];
    if (!(p > 0 && p < 100)) throw new Error(`exponential.percentile must be in (0, 100), got ${p}`);
    if (!(config["exponential.frac"] > 0)) throw new Error(`exponential.frac must be > 0`);
  }
  if (config.insertcount < 1 && config.requestdistribution !== "latest" && config.requestdistribution !== "exponential") {
    throw new Error(`insertcount must be at least 1 for requestdistribution=${config.requestdistribution}`);
  }
  return config;
}

function parseInteger(key: string, raw: string, min: number): number {
  const s = raw.trim();
  // Java's Long.parseLong: optional sign, decimal digits only (no "1e6", no "1_000", no "1000.0").
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`Property "${key}" must be an integer, got "${raw}"`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`Property "${key}" is out of range: "${raw}"`);
  if (n < min) throw new Error(`Property "${key}" must be at least ${min}, got ${n}`);
  return n;
}

function parseNumber(key: string, raw: string): number {
  const s = raw.trim();
  const n = s === "" ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new Error(`Property "${key}" must be a number, got "${raw}"`);
  return n;
}

function parseBoolean(key: string, raw: string): boolean {
  const s = raw.trim().toLowerCase();
  if (s === "true") return true;
  if (s === "false") return false;
  throw new Error(`Property "${key}" must be true or false, got "${raw}"`);
}

function unit(key: string, v: number): number {
  if (v < 0 || v > 1) throw new Error(`Property "${key}" must be between 0 and 1, got ${v}`);
  return v;
}
