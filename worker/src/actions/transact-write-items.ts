/**
 * TransactWriteItems: up to 100 actions (ConditionCheck, Put, Delete, Update) on distinct items, all applied or none.
 *
 * - Every action in one partition: one `Transact` request, one SQLite transaction there (as cheap as a write).
 * - Actions in several partitions: two-phase commit, the router as the driver (partition/transactions.ts). Prepare
 *   in every partition (checks, staged results, item locks); if all succeed, the decision COMMITTED is recorded at
 *   the coordinator partition — the commit point — and every partition commits; else all abort. A router that dies
 *   in between leaves locks that the partitions resolve through the coordinator on their own. Calls: P prepares, one
 *   decision, P commits and a forget, against 1 call for a single write: what makes DynamoDB charge a transaction
 *   twice.
 * - ClientRequestToken: the coordinator (the partition of the first action's table that the token hashes to) keeps
 *   the token with a digest of the input for 10 minutes: the same input again succeeds without running again, another
 *   input is IdempotentParameterMismatchException, and one still running is TransactionInProgressException.
 */
import type { TxnAction, TxnCoordinator, TxnReason } from "../partition/protocol.js";

import { DynamoError, idempotentParameterMismatch, transactionInProgress } from "../http/errors.js";
import { hash64, partitionOf } from "../model/hash.js";
import { measuredItemSize as measured } from "../model/item-size.js";
import type { Item } from "../model/types.js";
import type { Env } from "../router/env.js";
import { callPartition, retryIfStale, type TableMeta } from "../router/tables.js";
import type { TransactWriteItem, TransactWriteItemsInput } from "../validation/inputs.js";
import { checkItemKey, checkKey } from "../validation/key.js";
import { byPartition, cancelled, CONFLICT, NONE, route, tablesOf, type Routed } from "./transact-common.js";
import { checkAgainstKey, compileItemExpressions, type Compiled } from "./expressions.js";
import { indexedWrite } from "./common.js";

type Kind = "ConditionCheck" | "Put" | "Delete" | "Update";
type Spec = NonNullable<TransactWriteItem[Kind]> & { Key?: Item; Item?: Item; UpdateExpression?: string };

function actionOf(t: TransactWriteItem): [Kind, Spec] {
  if (t.ConditionCheck) return ["ConditionCheck", t.ConditionCheck];
  if (t.Put) return ["Put", t.Put];
  if (t.Delete) return ["Delete", t.Delete];
  return ["Update", t.Update!];
}

interface Planned extends Routed {
  action: TxnAction;
}

function plan(kind: Kind, a: Spec, c: Compiled, t: TableMeta, index: number, seen: Set<string>): Planned {
  if (kind === "Put") checkItemKey(a.Item!, t.key, t.indexKeys);
  else checkKey(a.Key!, t.key);
  checkAgainstKey(c, a, t.key);
  const r = route(t, kind === "Put" ? a.Item! : a.Key!, index, seen);
  const returnOld = a.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
  const condition = c.condition ? { condition: c.condition } : {};
  let action: TxnAction;
  if (kind === "ConditionCheck") action = { kind: "Check", key: r.key, condition: c.condition!, returnOld };
  else if (kind === "Put") action = { kind: "Put", put: { ...r.key, item: JSON.stringify(a.Item), size: measured(a.Item!) }, returnOld, ...condition };
  else if (kind === "Delete") action = { kind: "Delete", key: r.key, returnOld, ...condition };
  else {
    action = {
      kind: "Update",
      key: r.key,
      keyItem: a.Key!,
      keyInfo: t.key,
      ...(t.indexKeys.length ? { indexKeys: t.indexKeys } : {}),
      update: c.update ?? { kind: "attributeUpdates", actions: [], paths: [] },
      returnOld,
      ...condition,
    };
  }
  return { ...r, action };
}

async function digestOf(input: TransactWriteItemsInput): Promise<string> {
  const { ClientRequestToken: _token, ...rest } = input;
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(rest)));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function transactWriteItems(env: Env, input: TransactWriteItemsInput): Promise<string> {
  // Expression errors come first, before any table is looked up (DynamoDB's order).
  const actions = input.TransactItems.map((t) => {
    const [kind, a] = actionOf(t);
    return { kind, a, c: compileItemExpressions(a) };
  });
  const names = actions.map((x) => x.a.TableName);
  return retryIfStale(names, async () => {
    const tables = await tablesOf(env, names);
    const seen = new Set<string>();
    const planned = actions.map((x, i) => plan(x.kind, x.a, x.c, tables.get(x.a.TableName)!, i, seen));
    const first = planned[0]!;
    const token = input.ClientRequestToken;
    const coordinator: TxnCoordinator = {
      tableId: first.t.record.id,
      partitions: first.t.record.partitions,
      index: token === undefined ? first.partition : partitionOf(hash64(new TextEncoder().encode(token)), first.t.record.partitions),
    };
    const txid = crypto.randomUUID();
    if (token === undefined) return run(env, planned, first.t, coordinator, txid).then(() => "{}");
    // Where the outcome of this transaction will be recorded: the coordinator, or the one partition it runs in.
    const groups = byPartition(planned);
    const only = groups.length === 1 ? groups[0]![0]! : undefined;
    const decisionAt: TxnCoordinator = only ? { tableId: only.t.record.id, partitions: only.t.record.partitions, index: only.partition } : coordinator;
    const decisionTable = only ? only.t : first.t;
    const digest = await digestOf(input);
    const tokenCall = (req: { op: "TokenBegin"; token: string; digest: string; txid: string; decisionAt: TxnCoordinator } | { op: "TokenEnd"; token: string; committed: boolean }) =>
      callPartition(env, first.t, coordinator.index, req);
    let begun = await tokenCall({ op: "TokenBegin", token, digest, txid, decisionAt });
    if (begun.state === "stale") {
      // A run of this token that never reported its end: settle it where its decision is kept (proposing ABORTED).
      const table = begun.decisionAt.tableId === decisionTable.record.id ? decisionTable : first.t;
      const settled = await callPartition(env, table, begun.decisionAt.index, { op: "Decide", txid: begun.txid, decision: "ABORTED" });
      await tokenCall({ op: "TokenEnd", token, committed: settled.decision === "COMMITTED" });
      if (settled.decision === "COMMITTED") return "{}";
      begun = await tokenCall({ op: "TokenBegin", token, digest, txid, decisionAt });
    }
    if (begun.state === "mismatch") throw idempotentParameterMismatch();
    if (begun.state === "in-progress" || begun.state === "stale") throw transactionInProgress();
    if (begun.state === "done") return "{}";
    let outcome: "committed" | "not-committed" | "unknown" = "unknown";
    try {
      await run(env, planned, first.t, coordinator, txid, token);
      outcome = "committed";
      return "{}";
    } catch (e) {
      // Only a cancellation is known not to have committed; any other failure leaves the token pending (settled later).
      if (e instanceof DynamoError && e.type.endsWith("TransactionCanceledException")) outcome = "not-committed";
      throw e;
    } finally {
      if (outcome !== "unknown") {
        await tokenCall({ op: "TokenEnd", token, committed: outcome === "committed" }).catch((e: unknown) => {
          console.error("TransactWriteItems: could not record the end of a token's transaction", e);
        });
      }
    }
  });
}

/** Tests only (Env.SHVM_FAULT): stops this transaction here for good, as a crash of the router would. */
function faultPoint(env: Env, point: string, t: TableMeta): Promise<void> {
  return env.SHVM_FAULT === `${point}:${t.record.name}` ? new Promise<void>(() => undefined) : Promise.resolve();
}

/** Runs the planned actions: in one partition directly, across partitions by two-phase commit. */
async function run(env: Env, planned: Planned[], coordTable: TableMeta, coordinator: TxnCoordinator, txid: string, token?: string): Promise<void> {
  const groups = byPartition(planned);
  if (groups.length === 1) {
    const g = groups[0]!;
    const res = await callPartition(env, g[0]!.t, g[0]!.partition, {
      op: "Transact",
      actions: g.map((p) => p.action),
      ...(token !== undefined ? { txid } : {}),
      ...indexedWrite(g[0]!.t, undefined),
    });
    if (res.reasons) throw cancelled(res.reasons);
    return;
  }
  const each = <R>(fn: (g: Planned[]) => Promise<R>) => Promise.allSettled(groups.map(fn));
  const abortAll = () => each((g) => callPartition(env, g[0]!.t, g[0]!.partition, { op: "Abort", txid }));

  const prepared = await each((g) => callPartition(env, g[0]!.t, g[0]!.partition, { op: "Prepare", txid, coordinator, actions: g.map((p) => p.action), ...indexedWrite(g[0]!.t, undefined) }));
  const broken = prepared.find((p) => p.status === "rejected");
  if (broken) {
    await abortAll();
    throw (broken as PromiseRejectedResult).reason;
  }
  const reasons: TxnReason[] = planned.map(() => NONE);
  let failed = false;
  prepared.forEach((p, gi) => {
    const res = (p as PromiseFulfilledResult<{ reasons?: TxnReason[] }>).value;
    if (!res.reasons) return;
    failed = true;
    res.reasons.forEach((r, j) => (reasons[groups[gi]![j]!.index] = r));
  });
  if (failed) {
    await abortAll();
    throw cancelled(reasons);
  }
  await faultPoint(env, "after-prepare", coordTable);
  // The commit point: the coordinator records COMMITTED unless a partition that waited too long recorded ABORTED.
  const decided = await callPartition(env, coordTable, coordinator.index, { op: "Decide", txid, decision: "COMMITTED" });
  if (decided.decision !== "COMMITTED") {
    await abortAll();
    // Without a token nothing asks for this decision again (with one, the token's window keeps it).
    if (token === undefined) await callPartition(env, coordTable, coordinator.index, { op: "Forget", txid }).catch(() => undefined);
    throw cancelled(planned.map(() => CONFLICT));
  }
  await faultPoint(env, "after-decide", coordTable);
  const committed = await each((g) => callPartition(env, g[0]!.t, g[0]!.partition, { op: "Commit", txid }));
  // A commit that did not get through is finished by its partition (it asks the coordinator): the decision stays.
  // With a token the decision stays for the token's window (a retry that finds the token pending settles it there).
  if (committed.every((c) => c.status === "fulfilled")) {
    if (token === undefined) await callPartition(env, coordTable, coordinator.index, { op: "Forget", txid }).catch(() => undefined);
  } else {
    for (const c of committed) if (c.status === "rejected") console.error(`TransactWriteItems ${txid}: a commit failed; its partition will finish it`, c.reason);
  }
}


