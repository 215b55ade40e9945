/**
 * The random part of the fuzz test: valid requests from the corpus, each mutated one to three times (or,
 * one case in ten, sent as is: those must get exactly their known answer), over several concurrent slots.
 * Slot i draws from its own generator forked from the seed, so a seed replays every slot's cases.
 */
import { canaryItems, validRequest, type CanaryItem, type Tables } from "./corpus";
import { isWrite, targetOperation, type Harness } from "./harness";
import { Dup, mutateBytes, mutateHeaders, mutateValue, serialize } from "./mutate";
import { Rng } from "./prng";
import { apiRequest, type Verdict, type WireRequest } from "./wire";

export interface RandomCase {
  req: WireRequest;
  label: string;
  /** Sent unmutated: the answer must be `expectError`, or a success when undefined. */
  pristine: boolean;
  expectError: string | undefined;
}

export function buildCase(rng: Rng, tables: Tables, canary: readonly CanaryItem[], label: string): RandomCase {
  const base = validRequest(rng, tables, canary);
  if (rng.chance(0.1)) {
    return { req: apiRequest(base.op, JSON.stringify(base.body)), label: `${label} ${base.op} (unmutated)`, pristine: true, expectError: base.expectError };
  }
  // Mostly one mutation of the value: a request broken in one place gets furthest into the engine.
  const count = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  const kinds = Array.from({ length: count }, () => {
    const r = rng.next();
    return r < 0.85 ? "value" : r < 0.925 ? "bytes" : "headers";
  });
  const steps: string[] = [];
  const root = base.body;
  for (const k of kinds) if (k === "value") steps.push(mutateValue(rng, root));
  let value: unknown = root;
  if (rng.chance(0.05)) {
    // A repeated top-level member (`{"TableName":"a", ..., "TableName":"b"}`).
    const entries = Object.entries(root);
    const dup = entries.length ? rng.pick(entries) : undefined;
    if (dup) {
      value = new Dup([...entries, [dup[0], rng.chance(0.5) ? "other" : dup[1]]]);
      steps.push(`top-level ${dup[0]} twice`);
    }
  }
  let body: Buffer = Buffer.from(serialize(value), "utf8");
  for (const k of kinds) {
    if (k !== "bytes") continue;
    const m = mutateBytes(rng, body);
    body = m.body;
    steps.push(m.description);
  }
  const req = apiRequest(base.op, body);
  for (const k of kinds) if (k === "headers") steps.push(mutateHeaders(rng, req));
  return { req, label: `${label} ${base.op}: ${steps.join("; ")}`, pristine: false, expectError: undefined };
}

/** The shape every accepted answer of the operation has; a string says what is wrong. */
export function acceptedShapeProblem(op: string, json: Record<string, unknown>): string | undefined {
  const isObj = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  switch (op) {
    case "GetItem":
      return json.Item === undefined || isObj(json.Item) ? undefined : "GetItem Item is not a map";
    case "Query":
    case "Scan":
      if (typeof json.Count !== "number" || typeof json.ScannedCount !== "number") return `${op} without Count/ScannedCount`;
      if (json.Items !== undefined && !Array.isArray(json.Items)) return `${op} Items is not a list`;
      return json.Items === undefined || (json.Items as unknown[]).length === json.Count ? undefined : `${op} Count differs from Items`;
    case "BatchGetItem":
      return isObj(json.Responses) && isObj(json.UnprocessedKeys) ? undefined : "BatchGetItem without Responses/UnprocessedKeys";
    case "BatchWriteItem":
      return isObj(json.UnprocessedItems) ? undefined : "BatchWriteItem without UnprocessedItems";
    case "CreateTable":
      return isObj(json.TableDescription) ? undefined : "CreateTable without TableDescription";
    case "DescribeTable":
      return isObj(json.Table) ? undefined : "DescribeTable without Table";
    case "ListTables":
      return Array.isArray(json.TableNames) ? undefined : "ListTables without TableNames";
    default:
      return json.Attributes === undefined || isObj(json.Attributes) ? undefined : `${op} Attributes is not a map`;
  }
}

function pristineProblem(c: RandomCase, verdict: Verdict): string | undefined {
  if (verdict.kind === "bad") return undefined; // already a problem of its own
  const got = verdict.kind === "accepted" ? "success" : `${verdict.type}: ${verdict.message}`;
  const want = c.expectError ?? "success";
  const ok = c.expectError === undefined ? verdict.kind === "accepted" : verdict.kind === "rejected" && verdict.type === c.expectError;
  return ok ? undefined : `a valid request answered ${got}, expected ${want}`;
}

async function runSlot(h: Harness, rng: Rng, tables: Tables, slot: number, cases: number): Promise<void> {
  const canary = canaryItems(tables, slot);
  for (let i = 0; i < cases; i++) {
    const c = buildCase(rng, tables, canary, `[slot ${slot} case ${i}]`);
    const { verdict } = await h.call(c.req, c.label);
    if (c.pristine) {
      const p = pristineProblem(c, verdict);
      if (p) h.problem("unexpected answer", c.label, p);
    }
    if (verdict.kind === "accepted") {
      const shape = acceptedShapeProblem(targetOperation(c.req), verdict.json);
      if (shape) h.problem("malformed", c.label, `${shape}: ${JSON.stringify(verdict.json).slice(0, 300)}`);
      // An accepted write may rightly have changed the canary: back to the known state.
      if (isWrite(c.req)) await h.restore(canary);
    } else {
      // Rejected (or no proper answer at all): nothing it named may have changed.
      await h.checkUnchanged(canary, c.label, c.req, verdict);
    }
  }
}

/** Runs `cases` random cases over `slots` concurrent slots (slot i owns canary set i). */
export async function runRandom(h: Harness, tables: Tables, seed: number, cases: number, slots: number): Promise<void> {
  const root = new Rng(seed);
  const rngs = Array.from({ length: slots }, (_, i) => root.fork(i));
  const per = Math.ceil(cases / slots);
  await Promise.all(rngs.map((rng, slot) => runSlot(h, rng, tables, slot, Math.max(0, Math.min(per, cases - slot * per)))));
}
