/**
 * Executes one CoreWorkload operation against a Binding and measures it, as YCSB's CoreWorkload.doInsert /
 * doTransaction* and DBWrapper do: the clock is read right before the binding call and right after its
 * promise settles (so the binding's own client work — serialising, the HTTP round trip, parsing — is inside
 * the latency, the generator's choice of the next key is not).
 *
 * A read-modify-write is a READ and an UPDATE, each measured as such, plus one READ-MODIFY-WRITE measurement
 * around both (no return code of its own, as in YCSB). This follows YCSB 0.17.0's
 * CoreWorkload.doTransactionReadModifyWrite: the update is sent whatever the read answered (a failed read does
 * not skip it), and DBWrapper reports no Return= line for READ-MODIFY-WRITE — kept as is so the numbers compare
 * with YCSB 0.17.0's. A run-phase insert releases its record number to readers once the binding answered,
 * whatever it answered (YCSB acknowledges in a finally). With dataintegrity=true every read is verified (YCSB's
 * VERIFY measurement and return codes).
 */
import type { Binding, FieldValues, Status } from "../binding.js";
import type { CoreWorkload, Operation } from "../generators/core-workload.js";
import type { Clock } from "./clock.js";
import type { Recorder } from "./recorder.js";

export interface ExecuteContext {
  binding: Binding;
  workload: CoreWorkload;
  recorder: Recorder;
  clock: Clock;
}

/** YCSB's measurement names for the operation types. */
export const OPERATION_NAMES = {
  read: "READ",
  update: "UPDATE",
  insert: "INSERT",
  scan: "SCAN",
  readmodifywrite: "READ-MODIFY-WRITE",
} as const;

/**
 * Runs `op`. `intended` is its intended start in open loop (undefined in closed loop); `measured` is false
 * for warm-up operations, which are executed exactly the same way but not recorded.
 */
export async function executeOperation(ctx: ExecuteContext, op: Operation, intended: number | undefined, measured: boolean): Promise<void> {
  const { binding, recorder, clock } = ctx;
  const st = clock();
  switch (op.type) {
    case "read": {
      const result = await binding.read(op.table, op.key, op.fields);
      const en = clock();
      recorder.measureCall("READ", result.status, intended, st, en, measured);
      verify(ctx, op.key, result.record, measured);
      recorder.operationDone("READ", st, en, measured);
      return;
    }
    case "update": {
      const status = await binding.update(op.table, op.key, op.values);
      const en = clock();
      recorder.measureCall("UPDATE", status, intended, st, en, measured);
      recorder.operationDone("UPDATE", st, en, measured);
      return;
    }
    case "insert": {
      let status: Status;
      try {
        status = await binding.insert(op.table, op.key, op.values);
      } finally {
        if (op.acknowledge) ctx.workload.acknowledgeInsert(op.keynum);
      }
      const en = clock();
      recorder.measureCall("INSERT", status, intended, st, en, measured);
      recorder.operationDone("INSERT", st, en, measured);
      return;
    }
    case "scan": {
      const result = await binding.scan(op.table, op.startKey, op.recordCount, op.fields);
      const en = clock();
      recorder.measureCall("SCAN", result.status, intended, st, en, measured);
      recorder.operationDone("SCAN", st, en, measured);
      return;
    }
    case "readmodifywrite": {
      // YCSB 0.17.0: the update follows the read unconditionally, whatever the read's status.
      const read = await binding.read(op.table, op.key, op.fields);
      const readEnd = clock();
      recorder.measureCall("READ", read.status, intended, st, readEnd, measured);
      const status = await binding.update(op.table, op.key, op.values);
      const en = clock();
      // YCSB's update inside a read-modify-write carries the transaction's intended start too.
      recorder.measureCall("UPDATE", status, intended, readEnd, en, measured);
      verify(ctx, op.key, read.record, measured);
      // A latency without a Return= line: YCSB 0.17.0 reports no status for READ-MODIFY-WRITE.
      recorder.recordLatency("READ-MODIFY-WRITE", intended, st, en, measured);
      recorder.operationDone("READ-MODIFY-WRITE", st, en, measured);
      return;
    }
  }
}

function verify(ctx: ExecuteContext, key: string, record: FieldValues | undefined, measured: boolean): void {
  if (!ctx.workload.config.dataintegrity) return;
  const st = ctx.clock();
  const status = ctx.workload.verifyRow(key, record);
  // YCSB measures VERIFY under that one name whatever the outcome, and counts the outcome as its return code.
  // It times the check from its actual start only (Measurements.measure, not measureIntended): there is no
  // Intended-VERIFY series, so no intended start is passed.
  ctx.recorder.recordLatency("VERIFY", undefined, st, ctx.clock(), measured);
  if (measured) ctx.recorder.reportStatus("VERIFY", status);
}
