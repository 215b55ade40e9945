/**
 * Helpers shared by the expression cases (expressions-*.case.ts): condition outcomes, the
 * ConditionalCheckFailedException shape, and placeholder maps trimmed to what an expression uses
 * (DynamoDB rejects unused ExpressionAttributeNames/Values, so a shared pool cannot be sent whole).
 */
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { expect } from "vitest";
import { errorOf } from "./target";

export type Item = Record<string, AttributeValue>;

export const CONDITION_FAILED = "The conditional request failed";

interface ConditionError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  /** The current item, sent back when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
  Item?: Item;
}

/** The call must fail with ConditionalCheckFailedException; returns the error (for its Item). */
export async function expectConditionFailed(call: Promise<unknown>): Promise<ConditionError> {
  const err = (await errorOf(call)) as ConditionError;
  expect({ name: err.name, message: err.message, status: err.$metadata?.httpStatusCode }).toEqual({
    name: "ConditionalCheckFailedException",
    message: CONDITION_FAILED,
    status: 400,
  });
  return err;
}

/**
 * How a conditional call ended, as one comparable string: "true" (it succeeded), "false" (the
 * condition failed) or "<ErrorName>: <message>" for anything else.
 */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "true";
  } catch (e) {
    const err = e as ConditionError;
    if (err.name === "ConditionalCheckFailedException" && err.message === CONDITION_FAILED) return "false";
    return `${err.name}: ${err.message}`;
  }
}

/** The `#name` placeholders an expression mentions. */
export function namesIn(expr: string): string[] {
  return [...new Set(expr.match(/#[A-Za-z0-9_]+/g) ?? [])];
}

/** The `:value` placeholders an expression mentions. */
export function valuesIn(expr: string): string[] {
  return [...new Set(expr.match(/:[A-Za-z0-9_]+/g) ?? [])];
}

/** The entries of `pool` that the expressions mention, or undefined when none (an empty map is an error). */
export function pick<T>(pool: Record<string, T>, keys: string[]): Record<string, T> | undefined {
  const out: Record<string, T> = {};
  for (const k of keys) if (pool[k] !== undefined) out[k] = pool[k];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** ExpressionAttributeNames/Values for the given expressions, taken from the pools. */
export function placeholders(
  exprs: (string | undefined)[],
  names: Record<string, string>,
  values: Record<string, AttributeValue>,
): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
  const text = exprs.filter((e): e is string => e !== undefined).join(" ");
  const out: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } = {};
  const n = pick(names, namesIn(text));
  const v = pick(values, valuesIn(text));
  if (n) out.ExpressionAttributeNames = n;
  if (v) out.ExpressionAttributeValues = v;
  return out;
}

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: string | number): AttributeValue => ({ N: String(n) });
export const L = (...l: AttributeValue[]): AttributeValue => ({ L: l });
export const M = (m: Item): AttributeValue => ({ M: m });
export const SS = (...s: string[]): AttributeValue => ({ SS: s });
export const NS = (...n: (string | number)[]): AttributeValue => ({ NS: n.map(String) });

/**
 * Writes 50 small items (hash key `keyName`, string) so that the cases that follow test their own
 * subject and not the table's very first writes, which expr.update.first-write covers.
 */
export async function warmUp(client: DynamoDBClient, TableName: string, keyName = "id"): Promise<void> {
  for (let batch = 0; batch < 2; batch++) {
    const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { [keyName]: { S: `warm-up-${batch * 25 + i}` } } } }));
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: items } }));
    if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error(`warm-up of ${TableName} left unprocessed items`);
  }
}
