/**
 * Transactions inside a partition (TransactWriteItems, TransactGetItems).
 *
 * - All items in this partition: `transact` checks every action against the state before the transaction and, if
 *   none fails, writes them all in one SQLite transaction — atomic and isolated because the object runs one request
 *   at a time.
 * - Items in several partitions: two-phase commit driven by the router. `prepare` checks this partition's actions
 *   and, if none fails, stages their results in `txn_locks` (one durable transaction) — the items are then locked:
 *   plain writes and other transactions get TransactionConflict, reads still see the committed state. The decision is
 *   recorded once, in the coordinator partition (`decide`: COMMITTED or ABORTED, whichever comes first), and then
 *   `commit` applies the staged rows (or `abort` drops them). A partition whose locks outlive LOCK_TIMEOUT_MS (the
 *   router crashed or lost the connection) asks the coordinator for the decision, proposing ABORTED, and applies the
 *   answer (`partition.ts` alarm): so an interrupted transaction ends all-or-nothing even across restarts.
 */
import { evaluateCondition } from "../expressions/index.js";
import type { Item } from "../model/types.js";
import { computeUpdate } from "./compute-update.js";
import { SQL } from "./partition-sql.js";
import type { StoredItem, StoredKey, TxnAction, TxnCoordinator, TxnDecision, TxnReason } from "./protocol.js";

/** How long prepared items may wait for their decision before the partition asks the coordinator itself. */
export const LOCK_TIMEOUT_MS = 5_000;
/** ClientRequestToken's idempotency window (DynamoDB's: 10 minutes). */
export const TOKEN_WINDOW_MS = 10 * 60 * 1000;

/** What a partition lends the transaction code: its reads, writes and transaction, and its lock counter. */
export interface TxnHost {
  readonly sql: SqlStorage;
  get(pk: Uint8Array, sk: Uint8Array): StoredItem | null;
  /** A put (item text and size) or, with null, a delete; keeps the item's TTL expiry. */
  write(pk: Uint8Array, sk: Uint8Array, item: Item | string | null, size: number): void;
  transaction(fn: () => void): void;
  locked(pk: Uint8Array, sk: Uint8Array): boolean;
  /** Adjusts the partition's count of lock rows (it skips the lock lookup on writes while it is 0). */
  countLocks(delta: number): void;
}

type Staged = { pk: Uint8Array; sk: Uint8Array } & ({ kind: "put"; item: string; size: number } | { kind: "delete" } | { kind: "check" });

const CONFLICT: TxnReason = { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" };
const keyOf = (a: TxnAction): StoredKey => ("put" in a ? a.put : a.key);

/** Checks every action against the current state; the staged results, or a reason per action if any fails. */
function plan(host: TxnHost, actions: TxnAction[]): { staged: Staged[] } | { reasons: TxnReason[] } {
  const staged: Staged[] = [];
  const reasons: TxnReason[] = [];
  let failed = false;
  for (const a of actions) {
    const { pk, sk } = keyOf(a);
    let reason: TxnReason = { Code: "None" };
    if (host.locked(pk, sk)) reason = CONFLICT;
    else {
      const old = host.get(pk, sk);
      const conditionFailed = (): TxnReason => ({
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        ...(a.returnOld && old ? { item: old.item } : {}),
      });
      if (a.kind === "Update") {
        const r = computeUpdate(a, old);
        if ("conditionFailed" in r) reason = conditionFailed();
        else if ("error" in r) reason = { Code: "ValidationError", Message: r.error.message };
        else if ("unchanged" in r) staged.push({ pk, sk, kind: "check" });
        else staged.push({ pk, sk, kind: "put", item: r.text, size: r.size });
      } else if (a.condition && !evaluateCondition(a.condition, old ? (JSON.parse(old.item) as Item) : undefined)) {
        reason = conditionFailed();
      } else if (a.kind === "Put") staged.push({ pk, sk, kind: "put", item: a.put.item, size: a.put.size });
      else if (a.kind === "Delete") staged.push({ pk, sk, kind: "delete" });
      else staged.push({ pk, sk, kind: "check" });
    }
    if (reason.Code !== "None") failed = true;
    reasons.push(reason);
  }
  return failed ? { reasons } : { staged };
}

function apply(host: TxnHost, s: Staged): void {
  if (s.kind === "put") host.write(s.pk, s.sk, s.item, s.size);
  else if (s.kind === "delete") host.write(s.pk, s.sk, null, 0);
}

/**
 * A transaction whose items all live here. With `txid` (a ClientRequestToken's transaction) the commit records
 * COMMITTED for it in the same SQLite transaction — unless ABORTED was recorded first (a retry settled the token as
 * not run), in which case nothing is written.
 */
export function transact(host: TxnHost, actions: TxnAction[], txid: string | undefined, now: number): { reasons?: TxnReason[] } {
  if (txid !== undefined && host.sql.exec(SQL.getDecision, txid).toArray().length > 0) return { reasons: actions.map(() => CONFLICT) };
  const p = plan(host, actions);
  if ("reasons" in p) return p;
  host.transaction(() => {
    p.staged.forEach((s) => apply(host, s));
    if (txid !== undefined) {
      host.sql.exec(SQL.insertDecision, txid, "COMMITTED", now);
      host.sql.exec(SQL.purgeDecisions, now - TOKEN_WINDOW_MS);
    }
  });
  return {};
}

/** Phase one: check, then stage and lock this partition's items (nothing is staged when any action fails). */
export function prepare(host: TxnHost, txid: string, coordinator: TxnCoordinator, actions: TxnAction[], now: number): { reasons?: TxnReason[] } {
  const p = plan(host, actions);
  if ("reasons" in p) return p;
  const where = JSON.stringify(coordinator);
  host.transaction(() => {
    for (const s of p.staged) {
      host.sql.exec(SQL.insertLock, s.pk, s.sk, txid, s.kind, s.kind === "put" ? s.item : null, s.kind === "put" ? s.size : null, where, now);
    }
  });
  host.countLocks(p.staged.length);
  return {};
}

interface LockRow extends Record<string, SqlStorageValue> {
  pk: ArrayBuffer;
  sk: ArrayBuffer;
  kind: "put" | "delete" | "check";
  item: string | null;
  size: number | null;
}

/** Phase two: applies the transaction's staged rows here and unlocks its items (nothing to do if none are left). */
export function commit(host: TxnHost, txid: string): void {
  const rows = host.sql.exec<LockRow>(SQL.locksOf, txid).toArray();
  if (!rows.length) return;
  host.transaction(() => {
    for (const r of rows) {
      const pk = new Uint8Array(r.pk);
      const sk = new Uint8Array(r.sk);
      if (r.kind === "put") host.write(pk, sk, r.item!, r.size!);
      else if (r.kind === "delete") host.write(pk, sk, null, 0);
    }
    host.sql.exec(SQL.deleteLocks, txid);
  });
  host.countLocks(-rows.length);
}

export function abort(host: TxnHost, txid: string): void {
  const n = host.sql.exec<LockRow>(SQL.locksOf, txid).toArray().length;
  if (!n) return;
  host.sql.exec(SQL.deleteLocks, txid);
  host.countLocks(-n);
}

/**
 * At the coordinator: the first decision recorded for `txid` stands; answers it. Decisions older than the token
 * window are purged a few at a time (the router forgets committed ones; aborted ones and those of one-partition
 * transactions with a token stay until then).
 */
export function decide(host: TxnHost, txid: string, decision: TxnDecision, now: number): { decision: TxnDecision } {
  const row = host.sql.exec<{ decision: TxnDecision }>(SQL.getDecision, txid).toArray()[0];
  if (row) return { decision: row.decision };
  host.sql.exec(SQL.insertDecision, txid, decision, now);
  host.sql.exec(SQL.purgeDecisions, now - TOKEN_WINDOW_MS);
  return { decision };
}

export function forget(host: TxnHost, txid: string): void {
  host.sql.exec(SQL.deleteDecision, txid);
}

interface TokenRow extends Record<string, SqlStorageValue> {
  digest: string;
  state: string;
  txid: string | null;
  at: number;
}

/**
 * ClientRequestToken, at its coordinator: a token seen within 10 minutes with another input is a mismatch; with the
 * same input, "done" (committed: the call succeeds without running again) or "in-progress" — unless it has been
 * pending longer than a transaction can take (LOCK_TIMEOUT_MS): then its outcome is settled at `decisionAt`
 * ("stale"). Otherwise the token is taken for `txid` ("new"). Old tokens are purged a few at a time.
 */
export function tokenBegin(
  host: TxnHost,
  token: string,
  digest: string,
  txid: string,
  decisionAt: TxnCoordinator,
  now: number,
): { state: "new" | "done" | "in-progress" | "mismatch" } | { state: "stale"; txid: string; decisionAt: TxnCoordinator } {
  host.sql.exec(SQL.purgeTokens, now - TOKEN_WINDOW_MS);
  const row = host.sql.exec<TokenRow>(SQL.getToken, token).toArray()[0];
  if (row && now - row.at < TOKEN_WINDOW_MS) {
    if (row.digest !== digest) return { state: "mismatch" };
    if (row.state === "done") return { state: "done" };
    const [id, where] = (row.txid ?? "").split(" ");
    if (now - row.at < LOCK_TIMEOUT_MS || !id || !where) return { state: "in-progress" };
    return { state: "stale", txid: id, decisionAt: JSON.parse(where) as TxnCoordinator };
  }
  host.sql.exec(SQL.putToken, token, digest, "pending", `${txid} ${JSON.stringify(decisionAt)}`, now);
  return { state: "new" };
}

/**
 * The token's transaction ended. Committed: kept "done" for the rest of its window. Definitely not committed
 * (cancelled, or ABORTED recorded): freed, so a retry runs again. An unknown outcome never comes here: the token stays
 * pending and the next TokenBegin settles it ("stale").
 */
export function tokenEnd(host: TxnHost, token: string, committed: boolean): void {
  const row = host.sql.exec<TokenRow>(SQL.getToken, token).toArray()[0];
  if (!row) return;
  if (committed) host.sql.exec(SQL.putToken, token, row.digest, "done", row.txid, row.at);
  else host.sql.exec(SQL.deleteToken, token);
}

/**
 * TransactGetItems, round one: the items, which of them a transaction has locked, and the partition's write
 * sequence (`seq`). Round two (TxnVerify, in the partition) only asks whether `seq` is still the same — no write of
 * any kind happened here in between — so, across partitions, every item read had its value at one common moment
 * (after the last read, before the first check). Stricter than needed (any write here cancels it), never wrong.
 */
export function txnRead(host: TxnHost, keys: StoredKey[]): { rows: (StoredItem | null)[]; locked: boolean[] } {
  return { rows: keys.map((k) => host.get(k.pk, k.sk)), locked: keys.map((k) => host.locked(k.pk, k.sk)) };
}
