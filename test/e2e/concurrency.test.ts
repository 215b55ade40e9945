/**
 * Concurrency: many clients writing the same keys at once, on one partition (every write of the table queues on one
 * single writer) and spread over 16 partitions, against the one-process server and the two-process one (where about
 * half the connections land on the process that does not own the partition and are forwarded to its owner).
 *
 * - ADD counters: the final value of every counter must be the sum of the increments the server acknowledged, and
 *   the old/new values returned (UPDATED_OLD / UPDATED_NEW) must chain into one serial history per counter.
 * - Conditional updates (`version = :v`): no version may have two winners, the claimed versions of a key must be
 *   exactly 1..final, and each winner's ALL_OLD must be the previous winner's write.
 * - Creation races (`attribute_not_exists(pk)`): exactly one creator per key.
 *
 * Every request is sent once (maxAttempts 1). Any error other than the ConditionalCheckFailedException a conditional
 * write may lose with leaves its write's outcome unknown; a healthy server gives none, so each one fails the test.
 *
 * Bounded by operation counts, not by time (the assertions never depend on timing). SHVM_CONCURRENCY_SCALE=N
 * multiplies every count for a longer manual run.
 */
import {
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodePartitionKey } from "../../worker/src/model/key-codec";
import { partitionOf } from "../../worker/src/model/hash";
import { createTable, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";
import type { TargetEndpoint } from "../support/provided";

type Item = Record<string, AttributeValue>;

const SCALE = Math.max(1, Number(process.env.SHVM_CONCURRENCY_SCALE ?? 1) || 1);
/** Requests in flight at once: enough for every partition's queue to hold several writes per turn. */
const IN_FLIGHT = 24;
/** SDK clients per target, so that connections (and, with two processes, both processes) are many. */
const CLIENTS = 4;
const ADD_OPS = 2_000 * SCALE;
const COND_ATTEMPTS = 800 * SCALE;
/** Rounds in which all writers read the same version and then all try to claim it. */
const LOCKSTEP_ROUNDS = 24 * SCALE;
const LOCKSTEP_WRITERS = 12;
const CREATE_KEYS = 120 * SCALE;
const CREATE_RACERS = 4;
/** Positive deltas only: then every counter's values strictly increase and its history can be rebuilt exactly. */
const DELTAS = [1, 1, 1, 1, 1, 2, 3, 7, 100];
const TIMEOUT = 90_000 * SCALE;

const TARGETS: { name: string; provided: TargetEndpoint }[] = [
  { name: "1 process", provided: inject("shvm") },
  { name: "2 processes", provided: inject("shvm2") },
];

interface Layout {
  name: string;
  partitions: number;
  /** How many keys each kind of case writes. */
  addKeys: number;
  condKeys: number;
  /** Key `i` of a kind: one partition key with many sort keys, or many partition keys. */
  key(kind: string, i: number): Item;
}

const LAYOUTS: Layout[] = [
  {
    name: "same partition",
    partitions: 1,
    addKeys: 8,
    condKeys: 4,
    key: (kind, i) => ({ pk: { S: kind }, sk: { N: String(i) } }),
  },
  {
    name: "cross partition",
    partitions: 16,
    addKeys: 64,
    condKeys: 32,
    key: (kind, i) => ({ pk: { S: `${kind}-${i}` }, sk: { N: "0" } }),
  },
];

const keyText = (k: Item) => `${k.pk!.S}|${k.sk!.N}`;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const describeError = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const isConditionFailure = (e: unknown): e is Error & { Item?: Item } => e instanceof Error && e.name === "ConditionalCheckFailedException";

/** Runs `loops` loops at once; each calls `step` until it answers false (the shared budget is spent). */
async function runLoops(loops: number, step: (loop: number) => Promise<boolean>): Promise<void> {
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (await step(loop)) {
        /* next */
      }
    }),
  );
}

/** Every item of the table (ConsistentRead Scan, all pages). */
async function scanAll(client: DynamoDBClient, TableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  for (let page = 0; ; page++) {
    if (page > 1_000) throw new Error("Scan did not end after 1,000 pages");
    const out = await client.send(new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as Item[]));
    ExclusiveStartKey = out.LastEvaluatedKey as Item | undefined;
    if (!ExclusiveStartKey) return items;
  }
}

/** The figures each describe block prints at its end. */
interface Figures {
  incrementsExpected?: number;
  incrementsFound?: number;
  claims?: number;
  doubleWinners?: number;
  creators?: string;
  errors: number;
}

/** Every configuration's figures, summed into one line at the end of the file. */
const allFigures: Figures[] = [];
afterAll(() => {
  const sum = (f: (x: Figures) => number | undefined) => allFigures.reduce((s, x) => s + (f(x) ?? 0), 0);
  console.log(
    `concurrency (${allFigures.length} configurations): increments expected ${sum((x) => x.incrementsExpected)}, found ${sum((x) => x.incrementsFound)}; ` +
      `conditional claims ${sum((x) => x.claims)}, double winners ${sum((x) => x.doubleWinners)}; errors ${sum((x) => x.errors)}`,
  );
});

describe.each(TARGETS)("concurrent writers on shvm-db ($name)", ({ name: targetName, provided }) => {
  describe.each(LAYOUTS)("$name", (layout) => {
    const clients: DynamoDBClient[] = [];
    const TableName = uniqueName(`conc-${layout.partitions}p`);
    const client = (loop: number) => clients[loop % clients.length]!;
    const figures: Figures = { errors: 0 };
    allFigures.push(figures);

    beforeAll(async () => {
      if (!provided.endpoint) throw new Error(provided.error);
      for (let i = 0; i < CLIENTS; i++) clients.push(dynamoClient(provided.endpoint));
      await createTable(clients[0]!, {
        ...tableInput(TableName, ["pk", "S"], ["sk", "N"]),
        Tags: [{ Key: "shvm:partitions", Value: String(layout.partitions) }],
      });
    });

    afterAll(() => {
      for (const c of clients) c.destroy();
      console.log(
        `concurrency [${targetName}, ${layout.name}, ${layout.partitions} partition(s)]: ` +
          `increments expected ${figures.incrementsExpected ?? "-"}, found ${figures.incrementsFound ?? "-"}; ` +
          `conditional claims ${figures.claims ?? "-"}, double winners ${figures.doubleWinners ?? "-"}; ` +
          `creation races ${figures.creators ?? "-"}; errors ${figures.errors}`,
      );
    });

    it("spreads the cross-partition keys over the partitions (else the case would test one partition)", () => {
      const used = new Set(
        Array.from({ length: layout.addKeys }, (_, i) => {
          const pk = layout.key("add", i).pk!.S!;
          return partitionOf(encodePartitionKey("S", pk).hash, layout.partitions);
        }),
      );
      if (layout.partitions === 1) expect(used.size).toBe(1);
      else expect(used.size).toBeGreaterThanOrEqual(layout.partitions - 2);
    });

    it(
      "ADD: every counter ends at the sum of its acknowledged increments, and its returned values chain",
      async () => {
        const keys = Array.from({ length: layout.addKeys }, (_, i) => layout.key("add", i));
        const acked = new Map<string, number>(keys.map((k) => [keyText(k), 0]));
        /** Per counter: the (old, new) pairs the server returned, for the counters that ask for them. */
        const returned = new Map<string, { old: number; next: number }[]>(keys.map((k) => [keyText(k), []]));
        // One counter in four asks for nothing back: its final value is checked against the sum only.
        const silent = (i: number) => i % 4 === 3;
        const errors: string[] = [];
        let budget = ADD_OPS;

        await runLoops(IN_FLIGHT, async (loop) => {
          if (budget-- <= 0) return false;
          const i = Math.floor(Math.random() * keys.length);
          const key = keys[i]!;
          const delta = pick(DELTAS);
          const ReturnValues = silent(i) ? "NONE" : pick(["UPDATED_NEW", "UPDATED_OLD"] as const);
          try {
            const out = await client(loop).send(
              new UpdateItemCommand({
                TableName,
                Key: key,
                UpdateExpression: "ADD n :d",
                ExpressionAttributeValues: { ":d": { N: String(delta) } },
                ReturnValues,
              }),
            );
            const k = keyText(key);
            acked.set(k, acked.get(k)! + delta);
            if (ReturnValues === "UPDATED_NEW") {
              const next = Number(out.Attributes?.n?.N);
              returned.get(k)!.push({ old: next - delta, next });
            } else if (ReturnValues === "UPDATED_OLD") {
              // The first ADD creates the item: no old value, which is 0.
              const old = out.Attributes?.n?.N === undefined ? 0 : Number(out.Attributes.n.N);
              returned.get(k)!.push({ old, next: old + delta });
            }
          } catch (e) {
            errors.push(describeError(e));
          }
          return true;
        });

        const reader = clients[0]!;
        const mismatched: string[] = [];
        const broken: string[] = [];
        let found = 0;
        for (const [i, key] of keys.entries()) {
          const k = keyText(key);
          const { Item } = await reader.send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
          const value = Item?.n?.N === undefined ? 0 : Number(Item.n.N);
          found += value;
          if (value !== acked.get(k)) mismatched.push(`${k}: acknowledged ${acked.get(k)}, holds ${value}`);
          if (silent(i)) continue;
          // A serial history: sorted by old value, each increment starts where the one before ended, from 0 to
          // the final value. Two increments that read the same old value (a lost update) break the chain.
          const steps = returned.get(k)!.sort((a, b) => a.old - b.old);
          let at = 0;
          for (const s of steps) {
            if (s.old !== at) {
              broken.push(`${k}: an increment started at ${s.old}, expected ${at}`);
              break;
            }
            at = s.next;
          }
          if (at !== value && broken.every((b) => !b.startsWith(`${k}:`))) broken.push(`${k}: the returned values end at ${at}, the item holds ${value}`);
        }
        // A second read path: the whole table through Scan must hold the same total.
        const scanned = (await scanAll(reader, TableName)).reduce((sum, it) => sum + (it.n?.N === undefined ? 0 : Number(it.n.N)), 0);

        const expected = [...acked.values()].reduce((a, b) => a + b, 0);
        figures.incrementsExpected = expected;
        figures.incrementsFound = found;
        figures.errors += errors.length;
        console.log(
          `concurrency ADD [${targetName}, ${layout.name}]: ${ADD_OPS} increments on ${keys.length} counters, ${IN_FLIGHT} in flight; ` +
            `increments expected ${expected}, found ${found} (Scan total ${scanned}); unknown outcomes ${errors.length}`,
        );
        expect(errors.slice(0, 5), "requests with an unknown outcome").toEqual([]);
        expect(mismatched).toEqual([]);
        expect(broken).toEqual([]);
        expect(found).toBe(expected);
        expect(scanned).toBe(expected);
      },
      TIMEOUT,
    );

    describe("conditional updates (version = :v)", () => {
      interface Claim {
        key: string;
        version: number;
        /** The attempt that won (its `owner`), and the owner its ALL_OLD showed (the previous winner). */
        me: string;
        previousOwner: string | undefined;
      }
      const claims: Claim[] = [];
      const errors: string[] = [];
      /** Losses whose ReturnValuesOnConditionCheckFailure item does not explain the loss. */
      const badLosses: string[] = [];
      let losses = 0;
      const condKeys = Array.from({ length: layout.condKeys }, (_, i) => layout.key("cond", i));

      /** One attempt to move `key` from version `v` to `v + 1`; a loss must be explained by a later version. */
      async function claim(c: DynamoDBClient, key: Item, v: number, me: string): Promise<boolean> {
        try {
          const out = await c.send(
            new UpdateItemCommand({
              TableName,
              Key: key,
              UpdateExpression: "SET version = :next, #o = :me",
              ConditionExpression: "version = :v",
              ExpressionAttributeNames: { "#o": "owner" },
              ExpressionAttributeValues: { ":v": { N: String(v) }, ":next": { N: String(v + 1) }, ":me": { S: me } },
              ReturnValues: "ALL_OLD",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          );
          const oldVersion = Number(out.Attributes?.version?.N);
          if (oldVersion !== v) badLosses.push(`${me} won version ${v + 1} of ${keyText(key)} but ALL_OLD showed version ${oldVersion}`);
          claims.push({ key: keyText(key), version: v + 1, me, previousOwner: out.Attributes?.owner?.S });
          return true;
        } catch (e) {
          if (!isConditionFailure(e)) {
            errors.push(describeError(e));
            return false;
          }
          losses++;
          // Versions only move up, and this writer read v: the item it lost to must hold a later version.
          const held = Number(e.Item?.version?.N);
          if (!(held > v)) badLosses.push(`${me} lost version ${v + 1} of ${keyText(key)}, but the item holds version ${e.Item?.version?.N}`);
          return false;
        }
      }

      beforeAll(async () => {
        if (!provided.endpoint) return;
        await Promise.all(condKeys.map((key) => clients[0]!.send(new PutItemCommand({ TableName, Item: { ...key, version: { N: "0" }, owner: { S: "init" } } }))));
      });

      it(
        "free-running: writers read a random key and try to claim its next version",
        async () => {
          let budget = COND_ATTEMPTS;
          let attempt = 0;
          await runLoops(IN_FLIGHT, async (loop) => {
            if (budget-- <= 0) return false;
            const key = pick(condKeys);
            const me = `w${loop}-a${attempt++}`;
            try {
              const { Item } = await client(loop).send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
              await claim(client(loop), key, Number(Item?.version?.N), me);
            } catch (e) {
              errors.push(describeError(e));
            }
            return true;
          });
          expect(errors.slice(0, 5), "requests with an unknown outcome").toEqual([]);
          expect(claims.length).toBeGreaterThan(0);
        },
        TIMEOUT,
      );

      it(
        "lockstep: all writers read the same version, then all try to claim it; exactly one wins each round",
        async () => {
          const winnersPerRound: number[] = [];
          for (let round = 0; round < LOCKSTEP_ROUNDS; round++) {
            const key = condKeys[round % condKeys.length]!;
            const { Item } = await clients[0]!.send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
            const v = Number(Item?.version?.N);
            const won = await Promise.all(
              Array.from({ length: LOCKSTEP_WRITERS }, (_, w) => claim(client(w), key, v, `lock-r${round}-w${w}`)),
            );
            winnersPerRound.push(won.filter(Boolean).length);
          }
          expect(errors.slice(0, 5), "requests with an unknown outcome").toEqual([]);
          // Nothing else writes these keys now, so the version every writer read is current: one of them must win.
          expect(winnersPerRound).toEqual(winnersPerRound.map(() => 1));
        },
        TIMEOUT,
      );

      it("no version has two winners, versions are claimed 1..final with no gap, and each winner overwrote the previous one", async () => {
        const doubleWinners: string[] = [];
        const chain: string[] = [];
        let claimed = 0;
        for (const key of condKeys) {
          const k = keyText(key);
          const mine = claims.filter((c) => c.key === k);
          const byVersion = new Map<number, Claim[]>();
          for (const c of mine) byVersion.set(c.version, [...(byVersion.get(c.version) ?? []), c]);
          for (const [version, cs] of byVersion) if (cs.length > 1) doubleWinners.push(`${k} version ${version}: ${cs.map((c) => c.me).join(", ")}`);

          const { Item } = await clients[0]!.send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
          const final = Number(Item?.version?.N);
          claimed += mine.length;
          // The final version is the initial one (0) plus one per success, and exactly 1..final were claimed.
          if (final !== mine.length) chain.push(`${k}: version ${final} after ${mine.length} successful claims`);
          const versions = [...byVersion.keys()].sort((a, b) => a - b);
          if (versions.some((v, i) => v !== i + 1) || versions.length !== final) chain.push(`${k}: claimed versions ${versions.join(",")}, final ${final}`);
          // Each winner's ALL_OLD shows the winner of the version before (the initial owner for version 1).
          for (const c of mine) {
            const previous = c.version === 1 ? "init" : byVersion.get(c.version - 1)?.[0]?.me;
            if (c.previousOwner !== previous) chain.push(`${k} version ${c.version}: overwrote ${c.previousOwner}, but version ${c.version - 1} was won by ${previous}`);
          }
          const last = byVersion.get(final)?.[0]?.me ?? "init";
          if (Item?.owner?.S !== last) chain.push(`${k}: owner ${Item?.owner?.S}, but version ${final} was won by ${last}`);
        }
        figures.claims = claimed;
        figures.doubleWinners = doubleWinners.length;
        figures.errors += errors.length;
        console.log(
          `concurrency conditional [${targetName}, ${layout.name}]: ${condKeys.length} keys; conditional claims ${claimed}, ` +
            `losses ${losses}, double winners ${doubleWinners.length}, unknown outcomes ${errors.length}`,
        );
        expect(errors.slice(0, 5), "requests with an unknown outcome").toEqual([]);
        expect(doubleWinners).toEqual([]);
        expect(badLosses.slice(0, 10)).toEqual([]);
        expect(chain.slice(0, 10)).toEqual([]);
        expect(claimed).toBe(claims.length);
      });
    });

    it(
      "creation races (attribute_not_exists(pk)): exactly one creator per key, and the item is the winner's",
      async () => {
        const keys = Array.from({ length: CREATE_KEYS }, (_, i) => layout.key("create", i));
        const errors: string[] = [];
        const winners = new Map<string, string[]>();
        let next = 0;
        // Keys taken IN_FLIGHT / CREATE_RACERS at a time, each by all its racers at once.
        await runLoops(IN_FLIGHT / CREATE_RACERS, async (loop) => {
          const i = next++;
          if (i >= keys.length) return false;
          const key = keys[i]!;
          const results = await Promise.all(
            Array.from({ length: CREATE_RACERS }, async (_, r) => {
              const me = `k${i}-r${r}`;
              try {
                await client(loop + r).send(
                  new PutItemCommand({ TableName, Item: { ...key, creator: { S: me } }, ConditionExpression: "attribute_not_exists(pk)" }),
                );
                return me;
              } catch (e) {
                if (!isConditionFailure(e)) errors.push(describeError(e));
                return undefined;
              }
            }),
          );
          winners.set(keyText(key), results.filter((x): x is string => x !== undefined));
          return true;
        });

        const wrong: string[] = [];
        for (const key of keys) {
          const k = keyText(key);
          const won = winners.get(k) ?? [];
          const { Item } = await clients[0]!.send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
          if (won.length !== 1) wrong.push(`${k}: ${won.length} creators (${won.join(", ")})`);
          else if (Item?.creator?.S !== won[0]) wrong.push(`${k}: created by ${won[0]}, holds ${Item?.creator?.S}`);
        }
        const single = [...winners.values()].filter((w) => w.length === 1).length;
        figures.creators = `${single}/${keys.length} keys with exactly one creator`;
        figures.errors += errors.length;
        console.log(
          `concurrency create [${targetName}, ${layout.name}]: ${keys.length} keys × ${CREATE_RACERS} racers; ` +
            `exactly one creator ${single}/${keys.length}; unknown outcomes ${errors.length}`,
        );
        expect(errors.slice(0, 5), "requests with an unknown outcome").toEqual([]);
        expect(wrong.slice(0, 10)).toEqual([]);
      },
      TIMEOUT,
    );
  });
});
