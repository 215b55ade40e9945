/**
 * The interface every benchmark target implements (YCSB's site.ycsb.DB, made async): shvm-db, DynamoDB /
 * dynalite, Redis, Postgres, SQLite, ... The load generator creates one Binding per client thread, calls
 * `init` once, drives it with the operations of harness/generators/core-workload.ts, then calls `cleanup`.
 *
 * Contract, as in YCSB:
 * - A record is a key plus named string fields (`field0` ... `field9` by default, values of printable ASCII).
 * - `fields: null` means all fields; otherwise only the named ones are wanted (a binding may return more).
 * - `scan` returns up to `recordCount` records in key order starting at `startKey` (inclusive).
 * - `update` writes only the given fields, leaving the others as they are; `insert` writes a whole new record.
 * - Failures are reported as a Status, not thrown: a thrown error means the binding itself is broken and
 *   stops the run. "NOT_FOUND" for a missing record, "NOT_IMPLEMENTED" for an operation the target lacks.
 * - A Binding belongs to one client thread, but that thread keeps several operations in flight on it
 *   (the runner's per-thread concurrency): calls may overlap, so a binding must allow concurrent calls.
 */

/** YCSB's Status names (site.ycsb.Status). OK and BATCHED_OK count as success. */
export type Status =
  | "OK"
  | "BATCHED_OK"
  | "ERROR"
  | "TIMEOUT"
  | "NOT_FOUND"
  | "NOT_IMPLEMENTED"
  | "UNEXPECTED_STATE"
  | "BAD_REQUEST"
  | "FORBIDDEN"
  | "SERVICE_UNAVAILABLE";

export function isOk(status: Status): boolean {
  return status === "OK" || status === "BATCHED_OK";
}

/** Field name → value. */
export type FieldValues = Record<string, string>;

export interface ReadResult {
  status: Status;
  /** The record's fields when status is OK. */
  record?: FieldValues;
}

export interface ScanResult {
  status: Status;
  /** The records found, in key order, when status is OK; each includes its key only if the binding chooses to. */
  records?: FieldValues[];
}

export interface Binding {
  /** Prepare (connect, check the table exists). Called once before the first operation. */
  init?(): Promise<void>;
  /** Release resources. Called once after the last operation. */
  cleanup?(): Promise<void>;
  read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult>;
  scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult>;
  update(table: string, key: string, values: FieldValues): Promise<Status>;
  insert(table: string, key: string, values: FieldValues): Promise<Status>;
  delete(table: string, key: string): Promise<Status>;
}

/**
 * Makes the Binding of one client thread. `properties` are all workload properties after `-p` overrides
 * (bindings read their own settings, e.g. an endpoint, from them, as YCSB's DB.getProperties() does).
 */
export type BindingFactory = (properties: Readonly<Record<string, string>>, threadIndex: number) => Binding | Promise<Binding>;
