/**
 * What every fuzz case goes through: send, judge, count, and — for a rejected request — check that the
 * canary items it could have touched are exactly as they were. Problems are collected, not thrown, so one
 * run reports all of them with the case that caused each.
 */
import type { Agent } from "undici";
import type { CanaryItem, Item } from "./corpus";
import { apiRequest, judge, send, type Verdict, type WireAnswer, type WireRequest } from "./wire";

export interface Figures {
  cases: number;
  fiveHundreds: number;
  hangs: number;
  dataChanged: number;
  /** Connections closed without an answer. */
  dropped: number;
  /** Answers that are neither a well-formed DynamoDB error nor a well-formed 200 (5xx, hangs, drops excluded). */
  malformed: number;
  accepted: number;
  rejected: number;
}

export type Problem = { kind: "500" | "hang" | "dropped" | "malformed" | "data changed" | "unexpected answer"; label: string; detail: string };

const WRITE_OPERATIONS = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);

/** The operation a request names (what the server will run if it accepts it). */
export function targetOperation(req: WireRequest): string {
  const target = req.headers["x-amz-target"] ?? "";
  return target.startsWith("DynamoDB_20120810.") ? target.slice("DynamoDB_20120810.".length) : "";
}

export const isWrite = (req: WireRequest) => WRITE_OPERATIONS.has(targetOperation(req));

/** Sets compare as sets: DynamoDB does not promise their order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    out[k] = (k === "SS" || k === "NS" || k === "BS") && Array.isArray(x) ? [...x].sort() : canonical(x);
  }
  return out;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

export class Harness {
  readonly figures: Figures = { cases: 0, fiveHundreds: 0, hangs: 0, dataChanged: 0, dropped: 0, malformed: 0, accepted: 0, rejected: 0 };
  readonly problems: Problem[] = [];
  /** Tables an accepted (mutated) CreateTable made: deleted at the end. */
  readonly createdTables = new Set<string>();

  constructor(
    readonly endpoint: string,
    readonly agent: Agent,
  ) {}

  /** Sends one fuzz case and counts it; a malformed answer, 5xx, hang or drop is recorded as a problem. */
  async call(req: WireRequest, label: string): Promise<{ verdict: Verdict; answer: WireAnswer }> {
    this.figures.cases++;
    const answer = await send(this.agent, this.endpoint, req);
    const verdict = judge(req, answer);
    if (verdict.kind === "accepted") this.figures.accepted++;
    else if (verdict.kind === "rejected") this.figures.rejected++;
    else {
      let kind: Problem["kind"] = "malformed";
      if (answer.kind === "hang") (kind = "hang"), this.figures.hangs++;
      else if (answer.kind === "dropped") (kind = "dropped"), this.figures.dropped++;
      else if (answer.status >= 500) (kind = "500"), this.figures.fiveHundreds++;
      else this.figures.malformed++;
      this.problem(kind, label, `${verdict.reason}\n    request: ${describe(req)}`);
    }
    if (verdict.kind === "accepted" && targetOperation(req) === "CreateTable") {
      const name = (verdict.json.TableDescription as { TableName?: string } | undefined)?.TableName;
      if (name) this.createdTables.add(name);
    }
    return { verdict, answer };
  }

  problem(kind: Problem["kind"], label: string, detail: string): void {
    this.problems.push({ kind, label, detail });
  }

  /** A setup/check request that must succeed; throws otherwise (the harness itself cannot go on). */
  async must(op: string, body: unknown): Promise<Record<string, unknown>> {
    const req = apiRequest(op, JSON.stringify(body));
    const answer = await send(this.agent, this.endpoint, req);
    const verdict = judge(req, answer);
    if (verdict.kind !== "accepted") {
      const detail = verdict.kind === "rejected" ? `${verdict.type}: ${verdict.message}` : verdict.reason;
      throw new Error(`fuzz harness: ${op} failed (${detail})`);
    }
    return verdict.json;
  }

  /** Writes the canonical items (at most 25). */
  async restore(items: readonly CanaryItem[]): Promise<void> {
    const RequestItems: Record<string, unknown[]> = {};
    for (const c of items) (RequestItems[c.table] ??= []).push({ PutRequest: { Item: c.item } });
    const out = await this.must("BatchWriteItem", { RequestItems });
    if (Object.keys((out.UnprocessedItems as object | undefined) ?? {}).length) throw new Error("fuzz harness: restore left unprocessed items");
  }

  /** Differences between the stored items and `items` (strongly consistent reads). */
  async differences(items: readonly CanaryItem[]): Promise<string[]> {
    const RequestItems: Record<string, { Keys: Item[]; ConsistentRead: true }> = {};
    for (const c of items) (RequestItems[c.table] ??= { Keys: [], ConsistentRead: true }).Keys.push(c.key);
    const out = await this.must("BatchGetItem", { RequestItems });
    if (Object.keys((out.UnprocessedKeys as object | undefined) ?? {}).length) throw new Error("fuzz harness: canary read left unprocessed keys");
    const responses = (out.Responses ?? {}) as Record<string, Item[]>;
    const diffs: string[] = [];
    for (const c of items) {
      const found = (responses[c.table] ?? []).find((it) => Object.keys(c.key).every((k) => same(it[k], c.key[k])));
      if (!found) diffs.push(`${c.table} ${JSON.stringify(c.key)}: gone`);
      else if (!same(found, c.item)) diffs.push(`${c.table} ${JSON.stringify(c.key)}: now ${short(JSON.stringify(found), 200)}`);
    }
    return diffs;
  }

  /** After a rejected request: the canary items must be untouched (restored, and counted, when not). */
  async checkUnchanged(items: readonly CanaryItem[], label: string, req: WireRequest, verdict: Verdict): Promise<void> {
    const diffs = await this.differences(items);
    if (!diffs.length) return;
    this.figures.dataChanged++;
    const answer = verdict.kind === "rejected" ? `${verdict.type}: ${verdict.message}` : verdict.kind;
    this.problem("data changed", label, `rejected (${answer}) but ${diffs.join("; ")}\n    request: ${describe(req)}`);
    await this.restore(items);
  }
}

/** A request in one line, for failure messages (long bodies cut). */
export function describe(req: WireRequest): string {
  const body = Buffer.from(req.body).toString("utf8");
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${short(v, 80)}`)
    .join(" | ");
  return `${req.method} [${headers}] ${short(body)}`;
}
