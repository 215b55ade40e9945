/**
 * Bytes in and out of a partition call, counted as the item and key bytes it carries: item JSON text lengths
 * (UTF-16 code units, which equal bytes for the ASCII text DynamoDB JSON mostly is) and encoded key bytes.
 * Not the structured-clone size of the RPC (which the runtime does not expose), but proportional to it and
 * cheap: no serialisation happens to count.
 */
import type { PartitionRequest, PartitionResponse, StoredKey } from "../partition/protocol.js";

const keyBytes = (k: StoredKey) => k.pk.byteLength + k.sk.byteLength;

export function requestBytes(req: PartitionRequest): number {
  switch (req.op) {
    case "GetItem":
    case "DeleteItem":
    case "UpdateItem":
      return keyBytes(req.key);
    case "PutItem":
      return keyBytes(req.put) + req.put.item.length;
    case "BatchGetItem": {
      let n = 0;
      for (const k of req.keys) n += keyBytes(k);
      return n;
    }
    case "BatchWriteItem": {
      let n = 0;
      for (const w of req.writes) n += "put" in w ? keyBytes(w.put) + w.put.item.length : keyBytes(w.delete);
      return n;
    }
    case "Query":
      return req.pk.byteLength;
    case "IndexApply": {
      let n = 0;
      for (const c of req.changes) n += c.tpk.byteLength + c.tsk.byteLength + (c.put ? c.put.pk.byteLength + c.put.isk.byteLength + c.put.item.length : 0);
      return n;
    }
    default:
      return 0;
  }
}

/** Item text returned by the call. */
export function replyBytes(res: PartitionResponse<PartitionRequest>): number {
  const r = res as Partial<Record<string, unknown>>;
  if (r.found !== undefined) {
    if (Array.isArray(r.found)) {
      let n = 0;
      for (const f of r.found as ({ item: string } | null)[]) if (f) n += f.item.length;
      return n;
    }
    return (r.found as { item: string }).item.length;
  }
  if (r.rows !== undefined) {
    let n = 0;
    // A TransactGetItems read has a null for each item that is not there.
    for (const row of r.rows as ({ item: string } | null)[]) if (row) n += row.item.length;
    return n;
  }
  let n = 0;
  if (r.old !== undefined) n += (r.old as { item: string }).item.length;
  if (typeof r.oldItem === "string") n += r.oldItem.length;
  if (typeof r.newItem === "string") n += r.newItem.length;
  return n;
}
