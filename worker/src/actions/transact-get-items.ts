/**
 * TransactGetItems: up to 100 Gets on distinct items, read as of one moment. One partition: one read there (its
 * requests run one at a time). Several: each partition reads its items and reports its write sequence, then each is
 * asked whether any write came since (partition/transactions.ts txnRead): if none did anywhere, every value read held
 * at one common moment. An item locked by a transaction in flight, or a write between the rounds, cancels the call
 * with TransactionConflict, as DynamoDB does for items in a concurrent transaction.
 */
import type { Env } from "../router/env.js";
import { callPartition, retryIfStale } from "../router/tables.js";
import type { TransactGetItemsInput } from "../validation/inputs.js";
import { checkKey } from "../validation/key.js";
import { projectJson } from "./common.js";
import { checkAgainstKey, compileItemExpressions } from "./expressions.js";
import { byPartition, cancelled, CONFLICT, NONE, route, tablesOf } from "./transact-common.js";

export async function transactGetItems(env: Env, input: TransactGetItemsInput): Promise<string> {
  const gets = input.TransactItems.map((t) => ({ g: t.Get, c: compileItemExpressions(t.Get) }));
  const names = gets.map((x) => x.g.TableName);
  return retryIfStale(names, async () => {
    const tables = await tablesOf(env, names);
    const seen = new Set<string>();
    const routed = gets.map((x, i) => {
      const t = tables.get(x.g.TableName)!;
      checkKey(x.g.Key, t.key);
      checkAgainstKey(x.c, x.g, t.key);
      return route(t, x.g.Key, i, seen);
    });
    const groups = byPartition(routed);
    const reads = await Promise.all(groups.map((g) => callPartition(env, g[0]!.t, g[0]!.partition, { op: "TxnRead", keys: g.map((r) => r.key) })));
    const found: (string | undefined)[] = routed.map(() => undefined);
    let locked = false;
    const reasons = routed.map(() => NONE);
    reads.forEach((res, gi) =>
      groups[gi]!.forEach((r, j) => {
        if (res.locked[j]) {
          locked = true;
          reasons[r.index] = CONFLICT;
        }
        found[r.index] = res.rows[j]?.item;
      }),
    );
    if (locked) throw cancelled(reasons);
    if (groups.length > 1) {
      const checks = await Promise.all(groups.map((g, gi) => callPartition(env, g[0]!.t, g[0]!.partition, { op: "TxnVerify", seq: reads[gi]!.seq })));
      if (checks.some((c) => !c.ok)) {
        checks.forEach((c, gi) => {
          if (!c.ok) for (const r of groups[gi]!) reasons[r.index] = CONFLICT;
        });
        throw cancelled(reasons);
      }
    }
    const responses = found.map((item, i) => (item === undefined ? "{}" : `{"Item":${projectJson(item, gets[i]!.c.projection)}}`));
    return `{"Responses":[${responses.join(",")}]}`;
  });
}
