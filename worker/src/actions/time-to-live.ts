/**
 * UpdateTimeToLive and DescribeTimeToLive. The catalog keeps each table's TTL and its alarm tells every partition
 * (catalog.ts tellSome); each partition then expires its own items in the background (partition/ttl.ts).
 */
import { tableNotFound } from "../http/errors.js";
import type { Env } from "../router/env.js";
import { catalog, unwrap } from "../router/tables.js";
import type { DescribeTimeToLiveInput, UpdateTimeToLiveInput } from "../validation/inputs.js";

export async function updateTimeToLive(env: Env, input: UpdateTimeToLiveInput): Promise<string> {
  const result = await catalog(env).updateTtl(input.TableName, input.TimeToLiveSpecification);
  if (!result) throw tableNotFound(input.TableName);
  unwrap(result);
  const { Enabled, AttributeName } = input.TimeToLiveSpecification;
  return JSON.stringify({ TimeToLiveSpecification: { Enabled, AttributeName } });
}

export async function describeTimeToLive(env: Env, input: DescribeTimeToLiveInput): Promise<string> {
  const d = await catalog(env).describeTtl(input.TableName);
  if (!d) throw tableNotFound(input.TableName);
  return JSON.stringify({ TimeToLiveDescription: d });
}
