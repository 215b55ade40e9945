/**
 * Scan: the whole table (or one parallel-scan segment) in hash order, then key order, across the
 * partitions in index order. Segment s of T is the s-th of T equal slices of the hash space, so
 * segments are disjoint and cover every item whatever P is; a page visits only the partitions it needs
 * and resumes from ExclusiveStartKey exactly, even when a page boundary falls between partitions.
 */
import { compileRequest, convertAttributesToGet, convertFilter, checkKeyUsage, type LegacyCondition } from "../expressions/index.js";
import { validationError } from "../http/errors.js";
import { hashBefore, hashBytes, partitionOf, partitionStart, type Hash64 } from "../model/hash.js";
import type { StoredItem, StoredKey } from "../partition/protocol.js";
import { routeKey } from "../router/keys.js";
import { callPartition, withItemsTable } from "../router/tables.js";
import type { Env } from "../router/env.js";
import type { ScanInput } from "../validation/inputs.js";
import { checkGsiAttributes, checkSelect, checkStartKey, gsiKeyNames, gsiStart, indexCapacity, indexOf, indexProjection, indexStart, lsiFetches, NO_LIMIT, PAGE_BYTES, pageResponse } from "./read-page.js";
import type { GsiPosition } from "../partition/protocol.js";

function compare8(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const bytesOf = (h: Hash64) => {
  const out = new Uint8Array(8);
  hashBytes(h, out);
  return out;
};

export async function scan(env: Env, input: ScanInput): Promise<string> {
  checkSelect(input);
  const c = compileRequest({
    filter: input.FilterExpression,
    projection: input.ProjectionExpression,
    names: input.ExpressionAttributeNames,
    values: input.ExpressionAttributeValues,
  });
  const filter = c.filter ?? (input.ScanFilter ? convertFilter(input.ScanFilter as Record<string, LegacyCondition>, input.ConditionalOperator) : undefined);
  const projection = c.projection ?? (input.AttributesToGet ? convertAttributesToGet(input.AttributesToGet) : undefined);
  return withItemsTable(env, input.TableName, async (t) => {
    // A local secondary index is scanned in (partition key, index key, table sort key) order, partition by partition.
    const index = indexOf(t, input);
    const lsi = index?.lsi;
    const g = index?.gsi;
    checkKeyUsage(c, t.key);
    if (g) checkGsiAttributes(g, projection, filter);
    // A global secondary index is scanned over its own partitions, in its own hash order.
    const P = g ? g.spec.partitions : t.record.partitions;
    const T = input.TotalSegments ?? 1;
    const s = input.Segment ?? 0;
    const segStart = partitionStart(s, T);
    const segEnd = s + 1 < T ? partitionStart(s + 1, T) : undefined;
    const from = s > 0 ? bytesOf(segStart) : undefined;
    const to = segEnd ? bytesOf(segEnd) : undefined;
    let first = partitionOf(segStart, P);
    const last = segEnd ? partitionOf(hashBefore(segEnd), P) : P - 1;

    let after: StoredKey | undefined;
    let indexAfter: { pk: Uint8Array; isk: Uint8Array; sk: Uint8Array } | undefined;
    let gsiAfter: GsiPosition | undefined;
    if (input.ExclusiveStartKey && g) {
      const s0 = gsiStart(input.ExclusiveStartKey, t, g);
      const h = s0.at.pk.subarray(0, 8);
      if ((from && compare8(h, from) < 0) || (to && compare8(h, to) >= 0)) {
        throw validationError(
          `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${T} Segment: ${s}`,
        );
      }
      first = Math.max(first, partitionOf(s0.hash, P));
      gsiAfter = s0.at;
    } else if (input.ExclusiveStartKey) {
      let r;
      if (lsi) {
        const s = indexStart(input.ExclusiveStartKey, t, lsi);
        r = s.routed;
        indexAfter = { ...s.routed.key, isk: s.isk };
      } else {
        checkStartKey(input.ExclusiveStartKey, t, "Scan");
        r = routeKey(t, input.ExclusiveStartKey);
      }
      // The key must lie in this segment's slice of the hash space.
      const h = r.key.pk.subarray(0, 8);
      if ((from && compare8(h, from) < 0) || (to && compare8(h, to) >= 0)) {
        throw validationError(
          `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${T} Segment: ${s}`,
        );
      }
      first = Math.max(first, r.partition);
      after = r.key;
    }

    const limit = input.Limit ?? NO_LIMIT;
    const rows: StoredItem[] = [];
    let size = 0;
    let stopped = false;
    for (let p = first; p <= last && !stopped; p++) {
      const bounds = { ...(from ? { from } : {}), ...(to ? { to } : {}), limit: limit - rows.length, maxSize: PAGE_BYTES - size };
      const res = g
        ? await callPartition(env, g.meta, p, { op: "GsiScan", ...bounds, ...(gsiAfter ? { after: gsiAfter } : {}) })
        : lsi
          ? await callPartition(env, t, p, { op: "IndexScan", index: lsi.name, ...bounds, ...(indexAfter ? { after: indexAfter } : {}) })
          : await callPartition(env, t, p, { op: "Scan", ...bounds, ...(after ? { after } : {}) });
      after = undefined;
      indexAfter = undefined;
      gsiAfter = undefined;
      for (const r of res.rows) {
        rows.push(r);
        size += r.size;
      }
      stopped = res.stopped;
    }
    if (g) return pageResponse(input, t, rows, stopped, filter, projection, gsiKeyNames(g), indexCapacity(input, "gsi", g.spec.name, undefined, false));
    if (!lsi) return pageResponse(input, t, rows, stopped, filter, projection);
    const projected = projection ?? (input.Select === "ALL_ATTRIBUTES" || lsi.projection === "ALL" ? undefined : indexProjection(t, lsi));
    const cc = indexCapacity(input, "lsi", lsi.name, lsi.projection === "ALL" ? undefined : indexProjection(t, lsi), lsiFetches(t, lsi, input.Select, projection, filter));
    return pageResponse(input, t, rows, stopped, filter, projected, [lsi.attr], cc);
  });
}
