/**
 * Small helpers shared by the redis, postgres and sqlite bindings and targets: reading their properties,
 * the workload's field names, and the Java String.hashCode YCSB's Redis and JDBC bindings hash keys with.
 */
import { CORE_WORKLOAD_DEFAULTS } from "../../workloads/config.js";
import type { Properties } from "../../workloads/properties.js";

/** A property as a string, or the default when unset or blank. */
export function stringProperty(properties: Readonly<Properties>, name: string, fallback: string): string {
  const v = properties[name];
  return v === undefined || v.trim() === "" ? fallback : v.trim();
}

/** A property as an integer within [min, max]; throws naming the property when it is not one. */
export function intProperty(properties: Readonly<Properties>, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = properties[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Property ${name}=${raw}: expected an integer from ${min} to ${max}`);
  return n;
}

/** A property as a boolean ("true"/"false", any case); anything else is an error rather than silently false. */
export function boolProperty(properties: Readonly<Properties>, name: string, fallback: boolean): boolean {
  const raw = properties[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new Error(`Property ${name}=${raw}: expected true or false`);
}

/** The YCSB table name (property `table`, default usertable). */
export function tableName(properties: Readonly<Properties>): string {
  return stringProperty(properties, "table", CORE_WORKLOAD_DEFAULTS.table as string);
}

/** The workload's field names, as CoreWorkload builds them: fieldnameprefix + 0 .. fieldcount-1. */
export function fieldNames(properties: Readonly<Properties>): string[] {
  const count = intProperty(properties, "fieldcount", Number(CORE_WORKLOAD_DEFAULTS.fieldcount), 1, 1000);
  const prefix = properties.fieldnameprefix ?? (CORE_WORKLOAD_DEFAULTS.fieldnameprefix as string);
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/**
 * Java's String.hashCode: s[0]·31^(n-1) + ... + s[n-1] over UTF-16 code units, in wrapping 32-bit
 * arithmetic. YCSB's Redis binding scores its scan index with it, its JDBC binding picks the shard with
 * Math.abs(hashCode) % shards; using the same function keeps both layouts YCSB's.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * YCSB JDBC's shard choice, Math.abs(key.hashCode()) % shards. Java's abs leaves Integer.MIN_VALUE negative
 * (and YCSB would then fail on a negative index); here its magnitude is used, the only difference.
 */
export function shardOfKey(key: string, shards: number): number {
  return Math.abs(javaStringHashCode(key)) % shards;
}

/** Double-quoted SQL identifier (Postgres and SQLite). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The workload's fields as a SQL table's columns (the postgres and sqlite bindings' column layouts): which
 * given fields have no column, and a set of fields in column order with a bitmask naming that set, so each
 * set of updated fields gets one prepared UPDATE.
 */
export class FieldColumns {
  private readonly index: Map<string, number>;

  constructor(fields: readonly string[]) {
    this.index = new Map(fields.map((f, i) => [f, i]));
  }

  /** The fields of `values` that have no column. */
  unknown(values: Readonly<Record<string, unknown>>): string[] {
    return Object.keys(values).filter((f) => !this.index.has(f));
  }

  /**
   * When `values` has fields without a column, notes why on `errors` and returns true (the caller answers
   * BAD_REQUEST): an unknown field is the caller's mistake, not something to drop silently.
   */
  rejectUnknown(values: Readonly<Record<string, unknown>>, errors: ErrorLog, operation: string): boolean {
    const unknown = this.unknown(values);
    if (unknown.length === 0) return false;
    errors.note(operation, new Error(`no column for field(s) ${unknown.join(", ")}`));
    return true;
  }

  /** The fields of `values` (all with a column) in column order, and their bitmask (bit i = column i). */
  ordered(values: Readonly<Record<string, unknown>>): { names: string[]; mask: bigint } {
    const names = Object.keys(values).sort((a, b) => (this.index.get(a) as number) - (this.index.get(b) as number));
    let mask = 0n;
    for (const f of names) mask |= 1n << BigInt(this.index.get(f) as number);
    return { names, mask };
  }
}

/**
 * Reports a binding's unexpected errors without flooding the run: the first one in full, then a count
 * every 1000. The status is what the load generator records; this only helps find the cause.
 */
export class ErrorLog {
  private count = 0;
  constructor(private readonly target: string) {}

  note(operation: string, err: unknown): void {
    this.count++;
    if (this.count === 1) console.error(`[${this.target}] ${operation} failed: ${describeError(err)}`);
    else if (this.count % 1000 === 0) console.error(`[${this.target}] ${this.count} operations failed so far (last: ${describeError(err)})`);
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return code === undefined ? err.message : `${err.message} (${String(code)})`;
  }
  return String(err);
}

