/**
 * Robustness of the expression front end: ~300 random or malformed expressions (random tokens,
 * mutations of valid expressions, deep nesting, huge IN lists, 5 KB strings) sent as
 * ConditionExpression, UpdateExpression and ProjectionExpression. Every answer must be a 400
 * ValidationException or a normal success / ConditionalCheckFailedException, never a 5xx, another
 * error or a timeout; afterwards the server still serves a normal GetItem.
 *
 * The generator is seeded, so a failure names an input that can be replayed.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeAll, expect } from "vitest";
import { caseIt, createTable, tableInput, uniqueName, type Target } from "./target";
import { NAMES, VALUES, generateFuzzInputs, type FuzzInput } from "./expressions-fuzz-inputs";
import { L, M, N, S, namesIn, pick, valuesIn, warmUp, type Item } from "./expressions-support";

export function fuzzCases(t: Target): void {
  const c = () => t.client();
  const table = uniqueName("ex-fuzz");
  const survivor: Item = { id: S("survivor"), a: S("v"), n: N(1), l: L(S("x"), N(2)), m: M({ x: L(M({ y: S("v") })) }) };

  beforeAll(async () => {
    await createTable(c(), tableInput(table));
    await warmUp(c(), table);
    await c().send(new PutItemCommand({ TableName: table, Item: survivor }));
  });

  /** Sends one input; returns a description when the answer is not an acceptable one. */
  const send = async (input: FuzzInput, n: number): Promise<string | undefined> => {
    const names = pick(NAMES, namesIn(input.expr));
    // Undefined placeholders stay undefined (a ValidationException); defined ones are sent so that
    // more inputs get past the placeholder checks into parsing and evaluation.
    const values = input.kind === "projection" ? undefined : pick(VALUES, valuesIn(input.expr));
    const key = { id: S(`scratch-${n % 7}`) };
    const started = Date.now();
    try {
      if (input.kind === "condition") {
        await c().send(
          new PutItemCommand({ TableName: table, Item: { ...key, a: S("v") }, ConditionExpression: input.expr, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
        );
      } else if (input.kind === "update") {
        await c().send(
          new UpdateItemCommand({ TableName: table, Key: key, UpdateExpression: input.expr, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
        );
      } else {
        await c().send(new GetItemCommand({ TableName: table, Key: { id: S("survivor") }, ProjectionExpression: input.expr, ExpressionAttributeNames: names }));
      }
      return undefined;
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode;
      const acceptable =
        status === 400 && (err.name === "ValidationException" || err.name === "ConditionalCheckFailedException") && typeof err.message === "string" && err.message.length > 0;
      if (acceptable) return undefined;
      return `#${n} ${input.kind}/${input.origin} ${JSON.stringify(input.expr.slice(0, 80))}${input.expr.length > 80 ? `…(${input.expr.length})` : ""}: ${status} ${err.name}: ${String(err.message).slice(0, 160)} (${Date.now() - started} ms)`;
    }
  };

  caseIt(
    t,
    "expr.fuzz.robustness",
    "~300 random and malformed expressions answer 400 or succeed; the server keeps serving",
    async () => {
      // A target known to choke on a fixed input lists it as deviation `expr.fuzz.input.<origin>`; it is
      // left out for that target (always: such inputs can pin the CPU of an in-process target, and the
      // run with it), the other inputs still run.
      const inputs = generateFuzzInputs(300).filter((input) => t.deviations[`expr.fuzz.input.${input.origin}`] === undefined);
      const wrong: string[] = [];
      // A few requests in flight at a time, like the protocol robustness case.
      for (let i = 0; i < inputs.length; i += 6) {
        const batch = inputs.slice(i, i + 6).map((input, j) => send(input, i + j));
        for (const r of await Promise.all(batch)) if (r) wrong.push(r);
      }
      expect(wrong).toEqual([]);
      const out = await c().send(new GetItemCommand({ TableName: table, Key: { id: S("survivor") }, ConsistentRead: true }));
      expect(out.Item).toEqual(survivor);
    },
    60_000,
  );
}
