/**
 * Bad input never hurts shvm-db (issue 12): malformed bodies, wrong content types, bodies over DynamoDB's
 * limits, deep nesting, invalid AttributeValues, invalid UTF-8, wrong key types and random mutations of valid
 * requests, sent as raw HTTP. Every answer must be a well-formed DynamoDB error or a well-formed success, never
 * a 5xx or a hang (10 s), and a rejected request must leave the canary items exactly as they were.
 *
 * SHVM_FUZZ_CASES (default 1500) sets the number of random cases, SHVM_FUZZ_SEED replays a run (the seed is
 * printed). See test/README.md.
 */
import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTable, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";
import { canaryItems, type Tables } from "../fuzz/corpus";
import { Harness, type Problem } from "../fuzz/harness";
import { runNamed } from "../fuzz/named";
import { Rng, seedFromEnv } from "../fuzz/prng";
import { runRandom } from "../fuzz/random";
import { makeAgent } from "../fuzz/wire";

const provided = inject("shvm");
const CASES = Number(process.env.SHVM_FUZZ_CASES ?? 1500);
const SLOTS = 4;
/** The named cases' own canary set, apart from the random slots' 0 … SLOTS-1. */
const NAMED_SLOT = SLOTS;
const seed = seedFromEnv();
// Drawn from the seed too, so a replayed run uses the same names in its messages.
const suffix = new Rng(seed).int(0xffffff).toString(16);

function listing(problems: readonly Problem[]): string[] {
  const shown = problems.slice(0, 25).map((p) => `${p.kind} ${p.label}\n    ${p.detail}`);
  if (problems.length > 25) shown.push(`… and ${problems.length - 25} more`);
  return shown;
}

describe("fuzz: bad input gets DynamoDB errors, never a 5xx or a hang, and changes nothing", () => {
  let client: DynamoDBClient;
  let h: Harness;
  let tables: Tables;
  const agent = makeAgent();

  beforeAll(async () => {
    if (!Number.isInteger(CASES) || CASES < 0) throw new Error(`SHVM_FUZZ_CASES must be a non-negative integer: ${process.env.SHVM_FUZZ_CASES}`);
    if (provided.endpoint === undefined) throw new Error(`shvm-db is not available: ${provided.error}`);
    console.log(`fuzz: seed ${seed} (SHVM_FUZZ_SEED=${seed} replays it), ${CASES} random cases over ${SLOTS} slots`);
    client = dynamoClient(provided.endpoint);
    tables = { hash: uniqueName(`fuzz-h-${suffix}`), range: uniqueName(`fuzz-r-${suffix}`), binary: uniqueName(`fuzz-b-${suffix}`) };
    await Promise.all([
      createTable(client, tableInput(tables.hash)),
      createTable(client, tableInput(tables.range, ["pk", "S"], ["sk", "N"])),
      createTable(client, tableInput(tables.binary, ["id", "B"])),
    ]);
    h = new Harness(provided.endpoint, agent);
    for (let slot = 0; slot <= NAMED_SLOT; slot++) await h.restore(canaryItems(tables, slot));
  });

  afterAll(async () => {
    if (h) {
      const f = h.figures;
      console.log(`fuzz: cases tried ${f.cases}, 500s ${f.fiveHundreds}, hangs ${f.hangs}, data changed by rejected requests ${f.dataChanged}`);
      console.log(`fuzz: accepted ${f.accepted}, rejected ${f.rejected}, malformed answers ${f.malformed}, dropped connections ${f.dropped} (seed ${seed})`);
      const names = [tables.hash, tables.range, tables.binary, ...h.createdTables];
      await Promise.allSettled(names.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
    }
    client?.destroy();
    await agent.close();
  });

  it("named inputs get DynamoDB's answers and leave the data alone", async () => {
    const before = h.problems.length;
    await runNamed(h, tables, canaryItems(tables, NAMED_SLOT));
    expect(listing(h.problems.slice(before))).toEqual([]);
  }, 180_000);

  it(`${CASES} random mutations of valid requests`, async () => {
    const before = h.problems.length;
    const { accepted, rejected } = h.figures;
    await runRandom(h, tables, seed, CASES, SLOTS);
    const problems = h.problems.slice(before);
    expect(listing(problems)).toEqual([]);
    // Both sides were exercised: a mutator that broke every request (or none) would prove little.
    if (CASES >= 100) {
      expect(h.figures.accepted - accepted).toBeGreaterThan(CASES / 50);
      expect(h.figures.rejected - rejected).toBeGreaterThan(CASES / 2);
    }
    // Still serving, and every slot's canary items are as they were written.
    const health = await fetch(`${provided.endpoint}/`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(200);
    for (let slot = 0; slot < SLOTS; slot++) expect(await h.differences(canaryItems(tables, slot))).toEqual([]);
  }, 120_000 + CASES * 200);
});
