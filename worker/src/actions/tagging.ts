/**
 * TagResource, UntagResource, ListTagsOfResource on table ARNs (`arn:aws:dynamodb:<region>:<account>:table/<name>`,
 * as DescribeTable returns them). The tags live in the catalog's table row; the catalog applies the rules
 * (catalog/tags.ts). An ARN naming another region or account, or an index, is a resource that does not exist here.
 */
import type { TableRecord } from "../catalog/catalog.js";
import { resourceNotFound } from "../http/errors.js";
import { broadcastForget } from "../router/cluster.js";
import type { Env } from "../router/env.js";
import { catalog, forgetTable, unwrap } from "../router/tables.js";
import type { ListTagsOfResourceInput, TagResourceInput, UntagResourceInput } from "../validation/inputs.js";

/** The table name an ARN validation let through (…:table/<name>). */
const tableNameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** DynamoDB's message, "ResourcArn" as it spells it (dynalite reproduces it). */
const arnNotFound = (arn: string) => resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);

/** The catalog's answer for the ARN's table, or null when the ARN is not exactly that table's. */
function forArn(arn: string, record: TableRecord | null): TableRecord | null {
  return record && record.description.TableArn === arn ? record : null;
}

async function retag(env: Env, arn: string, change: { add: TagResourceInput["Tags"] } | { remove: string[] }, notFound: () => Error): Promise<string> {
  const name = tableNameOf(arn);
  // The ARN must be the table's own before anything changes (a table of that name in another account is not ours).
  if (!forArn(arn, await catalog(env).getTable(name))) throw notFound();
  const result = await catalog(env).retagTable(name, change);
  if (!result) throw notFound();
  unwrap(result);
  // Routers cache table records (tags included): this one and, on a multi-process server, the others.
  forgetTable(name);
  await broadcastForget(env, name);
  return "";
}

export function tagResource(env: Env, input: TagResourceInput): Promise<string> {
  return retag(env, input.ResourceArn, { add: input.Tags }, () => arnNotFound(input.ResourceArn));
}

export function untagResource(env: Env, input: UntagResourceInput): Promise<string> {
  return retag(env, input.ResourceArn, { remove: input.TagKeys }, () => resourceNotFound());
}

/** All of the table's tags in one page (at most 50 exist, so DynamoDB's NextToken is never needed). */
export async function listTagsOfResource(env: Env, input: ListTagsOfResourceInput): Promise<string> {
  const record = forArn(input.ResourceArn, await catalog(env).getTable(tableNameOf(input.ResourceArn)));
  if (!record) throw arnNotFound(input.ResourceArn);
  return JSON.stringify({ Tags: record.tags });
}
