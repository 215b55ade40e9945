/**
 * Transactions end to end, each part on its own server: concurrent transfers, plain writes and transactional reads on
 * overlapping items never expose a partial transaction; a server killed between prepare and commit (or between the
 * decision and the commits) comes back all-or-nothing, its partitions resolving the transaction on their own.
 */
import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTable, sleep, tableInput, uniqueName } from "../conformance/target";
import { Rng } from "../fuzz/prng";
import { dynamoClient } from "../support/client";
import { startShvm, suiteServer } from "../support/server";
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot";
import { partitionOf } from "../../worker/src/model/hash";
import { encodePartitionKey } from "../../worker/src/model/key-codec";

const ACCOUNTS = 10;
const START = 100;
const acct = (i: number) => ({ id: { S: `acct-${i}` } });

const nameOf = (e: unknown) => (e as { name?: string }).name ?? String(e);

describe("transactions under concurrency", () => {
  const suite = suiteServer();

  it("keeps the total of transfers across partitions, and every transactional read sees a whole state", async () => {
    const client = suite.client();
    const TableName = uniqueName("txn-bank");
    await createTable(client, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "8" }] });
    for (let i = 0; i < ACCOUNTS; i++) await client.send(new PutItemCommand({ TableName, Item: { ...acct(i), balance: { N: String(START) } } }));
    const outcomes = new Map<string, number>();
    const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const deadline = Date.now() + 6_000;
    const sums: number[] = [];

    const transfers = async (seed: number) => {
      const rng = new Rng(seed);
      while (Date.now() < deadline) {
        const a = rng.int(ACCOUNTS);
        const b = (a + 1 + rng.int(ACCOUNTS - 1)) % ACCOUNTS;
        const x = 1 + rng.int(20);
        try {
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                { Update: { TableName, Key: acct(a), UpdateExpression: "ADD balance :neg", ConditionExpression: "balance >= :x", ExpressionAttributeValues: { ":neg": { N: String(-x) }, ":x": { N: String(x) } } } },
                { Update: { TableName, Key: acct(b), UpdateExpression: "ADD balance :x", ExpressionAttributeValues: { ":x": { N: String(x) } } } },
              ],
            }),
          );
          note("committed");
        } catch (e) {
          note(nameOf(e));
        }
      }
    };
    // Plain writes to the same items (another attribute): they must never see or break a transaction half-done.
    const plain = async (seed: number) => {
      const rng = new Rng(seed);
      while (Date.now() < deadline) {
        try {
          await client.send(new UpdateItemCommand({ TableName, Key: acct(rng.int(ACCOUNTS)), UpdateExpression: "SET touched = :t", ExpressionAttributeValues: { ":t": { N: String(Date.now()) } } }));
          note("plain ok");
        } catch (e) {
          note(`plain ${nameOf(e)}`);
        }
      }
    };
    const reads = async () => {
      while (Date.now() < deadline) {
        try {
          const out = await client.send(new TransactGetItemsCommand({ TransactItems: Array.from({ length: ACCOUNTS }, (_, i) => ({ Get: { TableName, Key: acct(i) } })) }));
          sums.push(out.Responses!.reduce((s, r) => s + Number(r.Item!.balance!.N), 0));
        } catch (e) {
          note(`read ${nameOf(e)}`);
        }
      }
    };
    await Promise.all([transfers(1), transfers(2), transfers(3), transfers(4), plain(5), plain(6), reads(), reads()]);
    console.log(`transactions: ${JSON.stringify(Object.fromEntries(outcomes))}; ${sums.length} whole reads`);

    let total = 0;
    for (let i = 0; i < ACCOUNTS; i++) {
      const item = (await client.send(new GetItemCommand({ TableName, Key: acct(i), ConsistentRead: true }))).Item!;
      expect(Number(item.balance!.N)).toBeGreaterThanOrEqual(0);
      total += Number(item.balance!.N);
    }
    expect(total).toBe(ACCOUNTS * START);
    expect(outcomes.get("committed") ?? 0).toBeGreaterThan(0);
    expect(sums.length).toBeGreaterThan(0);
    for (const s of sums) expect(s).toBe(ACCOUNTS * START);
    // Nothing unexpected: only commits, cancellations (conditions, conflicts) and plain writes' conflicts.
    for (const k of outcomes.keys()) expect(["committed", "TransactionCanceledException", "plain ok", "plain TransactionConflictException", "read TransactionCanceledException"]).toContain(k);
    // No lock is left behind: every item takes a plain write.
    for (let i = 0; i < ACCOUNTS; i++) await client.send(new PutItemCommand({ TableName, Item: { ...acct(i), balance: { N: "0" } } }));
  }, 120_000);
});

describe("what a transaction costs in Durable Object calls", () => {
  it("with the SDK's ClientRequestToken: 3 calls in one partition, 2P + 3 across P partitions; counted by the metrics", async () => {
    const server = await startShvm({ fresh: true });
    const client = dynamoClient(server.endpoint);
    try {
      const TableName = uniqueName("txn-cost");
      await createTable(client, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "16" }] });
      const calls = async () => {
        const res = await fetch(`${server.endpoint}/_shvm/metrics?format=json`, { signal: AbortSignal.timeout(10_000) });
        const snap = (await res.json()) as MetricsSnapshot;
        const out: Record<string, number> = {};
        for (const p of snap.partitions) if (p.table === TableName) for (const [op, n] of Object.entries(p.operations)) out[op] = (out[op] ?? 0) + n;
        return out;
      };
      const diff = (a: Record<string, number>, b: Record<string, number>) =>
        Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)]).filter(([, v]) => v !== 0));
      const put = (ids: string[], ClientRequestToken?: string) =>
        client.send(new TransactWriteItemsCommand({ TransactItems: ids.map((id) => ({ Put: { TableName, Item: { id: { S: id } } } })), ...(ClientRequestToken ? { ClientRequestToken } : {}) }));
      // Keys of three different partitions, and two of one partition (the engine's own routing decides).
      const part = (id: string) => partitionOf(encodePartitionKey("S", id).hash, 16);
      const ids = Array.from({ length: 400 }, (_, i) => `c${i}`);
      const three: string[] = [];
      for (const id of ids) if (three.length < 3 && !three.some((x) => part(x) === part(id))) three.push(id);
      const pair = ids.filter((id) => part(id) === part(ids[0]!)).slice(0, 2);

      // The AWS SDKs fill ClientRequestToken themselves (an idempotency token), so every call below carries one: the
      // token's begin and end at its coordinator come on top of the transaction's own calls.
      let before = await calls();
      await put(pair);
      expect(diff(before, await calls())).toEqual({ TokenBegin: 1, Transact: 1, TokenEnd: 1 });
      before = await calls();
      await put(three, uniqueName("tok"));
      // With a token the decision is kept for the token's window (no Forget): 2P + 3.
      expect(diff(before, await calls())).toEqual({ TokenBegin: 1, Prepare: 3, Decide: 1, Commit: 3, TokenEnd: 1 });
    } finally {
      client.destroy();
      await server.stop();
    }
  }, 60_000);
});

describe.each([
  ["after-prepare", "aborted: nothing is applied; the same token then runs it"],
  ["after-decide", "committed: everything is applied; the same token then succeeds without running again"],
] as const)("a crash %s", (point, outcome) => {
  it(`recovers all-or-nothing after SIGKILL (${outcome})`, async () => {
    const TableName = uniqueName(`txn-crash-${point}`);
    const stateDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "shvm-txn-crash-"));
    let own = await startShvm({ stateDir, fresh: true, vars: { SHVM_FAULT: `${point}:${TableName}` } });
    let c = dynamoClient(own.endpoint);
    try {
      await createTable(c, { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "16" }] });
      // Keys that land in different partitions of 16 (checked below by the transaction taking the two-phase path:
      // a one-partition transaction has no fault point and would simply commit).
      const keys = ["crash-a", "crash-b", "crash-c", "crash-d"].map((id) => ({ id: { S: id } }));
      for (const Key of keys) await c.send(new PutItemCommand({ TableName, Item: { ...Key, v: { N: "0" } } }));
      const ClientRequestToken = uniqueName("crash-token");
      // ADD, so that running it twice would show.
      const txn = () =>
        new TransactWriteItemsCommand({
          ClientRequestToken,
          TransactItems: keys.map((Key) => ({ Update: { TableName, Key, UpdateExpression: "ADD v :one", ExpressionAttributeValues: { ":one": { N: "1" } } } })),
        });
      const abort = new AbortController();
      const pending = c.send(txn(), { abortSignal: abort.signal }).then(() => "answered", (e: unknown) => nameOf(e));
      await sleep(1_000); // long enough for the prepares (and the decision) to be durable
      // The items are locked now: a plain write is refused, a batch write comes back unprocessed.
      const locked = await c.send(new PutItemCommand({ TableName, Item: { ...keys[1]!, v: { N: "9" } } })).then(() => "written", (e: unknown) => nameOf(e));
      expect(locked).toBe("TransactionConflictException");
      const batch = await c.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { ...keys[2]!, v: { N: "9" } } } }] } }));
      expect(batch.UnprocessedItems?.[TableName]).toHaveLength(1);
      await own.kill();
      abort.abort();
      // The call never succeeded: the fault point stopped it before the commits.
      expect(await pending).not.toBe("answered");
      // The same state, served again without the fault point.
      c.destroy();
      own = await startShvm({ stateDir });
      c = dynamoClient(own.endpoint);
      const want = point === "after-prepare" ? "0" : "1";
      const deadline = Date.now() + 30_000;
      let values: string[] = [];
      for (;;) {
        values = [];
        for (const Key of keys) values.push((await c.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item!.v!.N!);
        const writable = await c.send(new UpdateItemCommand({ TableName, Key: keys[0]!, UpdateExpression: "SET probe = :p", ExpressionAttributeValues: { ":p": { N: "1" } } })).then(() => true, () => false);
        if (writable && values.every((v) => v === want)) break;
        // Aborted: the staged values were never visible (locks hide them), so never a mix. (Committed: each partition
        // applies the decision when it resolves, so a reader may see some applied before others, as in DynamoDB.)
        if (point === "after-prepare") expect(values).toEqual(keys.map(() => "0"));
        if (Date.now() > deadline) throw new Error(`not resolved in 30 s: ${values.join(",")}`);
        await sleep(200);
      }
      expect(values).toEqual(keys.map(() => want));
      // The SDK's retry with the same token: settles the token where the decision is kept. Committed: success, not run
      // again (still 1). Aborted: runs now (1). Either way every item ends at exactly 1.
      await c.send(txn());
      for (const Key of keys) expect((await c.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item!.v!.N).toBe("1");
    } finally {
      c.destroy();
      await own.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 120_000);
});
