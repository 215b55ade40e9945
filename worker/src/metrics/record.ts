/**
 * The router's hook: turns one partition call into a CallRecord for the isolate's registry and, where
 * Analytics Engine is bound, a data point. Internal calls (DescribeTable's Stats, DeleteTable's Drop) are
 * not operations and are not recorded.
 */
import { decodeCallStats, type PartitionReply, type PartitionRequest, type PartitionResponse } from "../partition/protocol.js";
import type { Env } from "../router/env.js";
import type { TableMeta } from "../router/tables.js";
import { DynamoError } from "../http/errors.js";
import { writeCallPoint } from "./analytics.js";
import { replyBytes, requestBytes } from "./call-bytes.js";
import { registry, type CallRecord } from "./registry.js";

const shortType = (type: string) => type.slice(type.lastIndexOf("#") + 1);

/** The error a reply carries as data (a failed condition, an update that could not apply), if any. */
function replyError(res: PartitionResponse<PartitionRequest>): string | undefined {
  const r = res as { conditionFailed?: true; error?: { type: string } };
  if (r.conditionFailed) return "ConditionalCheckFailedException";
  if (r.error) return shortType(r.error.type);
  return undefined;
}

export function recordCall<R extends PartitionRequest>(
  env: Env,
  t: TableMeta,
  partition: number,
  req: R,
  reply: PartitionReply<R> | undefined,
  ms: number,
  thrown?: unknown,
): void {
  if (req.op === "Stats" || req.op === "GsiStats" || req.op === "SetGsis" || req.op === "CountItems" || req.op === "Drop") return;
  const res = reply?.result;
  if (res && "dropped" in res) return; // the router retries on fresh metadata; the retry is the operation
  const call: CallRecord = {
    op: req.op,
    seconds: ms / 1000,
    bytesIn: requestBytes(req),
    bytesOut: res ? replyBytes(res as PartitionResponse<R>) : 0,
  };
  if (reply?.stats) call.stats = decodeCallStats(reply.stats);
  const error = res ? replyError(res as PartitionResponse<R>) : thrown instanceof DynamoError ? shortType(thrown.type) : "InternalServerError";
  if (error !== undefined) call.error = error;
  let series = t.series[partition];
  if (!series) {
    series = t.series[partition] = registry.partition(t.record.name, t.record.id, partition);
    series.partitions = t.record.partitions;
  }
  registry.recordInto(series, call);
  const budget = env.aePoints;
  if (env.METRICS && budget && budget.left > 0) {
    budget.left--;
    try {
      writeCallPoint(env.METRICS, t.record.name, t.record.id, partition, call);
    } catch (e) {
      // The call itself succeeded (a write is applied): a metrics failure must not turn it into an error.
      console.error("writeDataPoint failed", e);
    }
  }
}
