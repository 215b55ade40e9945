/**
 * TagResource, UntagResource, ListTagsOfResource (after dynalite's validations/tagResource.js, untagResource.js,
 * listTagsOfResource.js, which reproduce AWS's order): the ARN is checked before the list parameter, so those checks
 * live in `custom`, not as notNull rules of the constraint pass (which runs first).
 */
import { ACCOUNT } from "../catalog/table-description.js";
import { accessDenied } from "../http/errors.js";
import { tagList } from "./common.js";
import type { ListTagsOfResourceInput, TagResourceInput, UntagResourceInput } from "./inputs.js";
import { list, string, type OperationSchema } from "./schema.js";

/** Anything shaped like an ARN (six colon-separated parts, the last with a slash); otherwise AWS answers AccessDenied. */
const ARN_SHAPE = /^.+:.+:.+:.+:.+:.+\/.+$/;
/** A DynamoDB table ARN (region, 12-digit-ish account, table/<name of at least 3 characters>). */
const TABLE_ARN = /^arn:aws:dynamodb:.+:\d+:table\/[^/]{2}[^/]+$/;

/**
 * The ARN checks every tagging operation starts with. AccessDenied names the caller; shvm-db has no IAM users, so
 * it names the account's root (dynalite names a user "dynalite").
 */
function checkArn(op: string, arn: string | undefined): string | undefined {
  if (arn == null) return "Invalid TableArn";
  if (!ARN_SHAPE.test(arn)) {
    throw accessDenied(`User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: dynamodb:${op} on resource: ${arn}`);
  }
  return undefined;
}

const invalidArn = (arn: string) => `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`;
const nullAt = (member: string) => `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`;

export const tagResource: OperationSchema<TagResourceInput> = {
  members: { ResourceArn: string(), Tags: tagList },
  custom(data) {
    const arnError = checkArn("TagResource", data.ResourceArn);
    if (arnError) return arnError;
    if (data.Tags == null) return nullAt("tags");
    if (!TABLE_ARN.test(data.ResourceArn)) return invalidArn(data.ResourceArn);
    if (!data.Tags.length) return "Atleast one Tag needs to be provided as Input.";
    return undefined;
  },
};

export const untagResource: OperationSchema<UntagResourceInput> = {
  members: { ResourceArn: string(), TagKeys: list(string()) },
  custom(data) {
    const arnError = checkArn("UntagResource", data.ResourceArn);
    if (arnError) return arnError;
    if (data.TagKeys == null) return nullAt("tagKeys");
    if (!TABLE_ARN.test(data.ResourceArn)) return invalidArn(data.ResourceArn);
    if (!data.TagKeys.length) return "Atleast one Tag Key needs to be provided as Input.";
    return undefined;
  },
};

export const listTagsOfResource: OperationSchema<ListTagsOfResourceInput> = {
  members: { ResourceArn: string(), NextToken: string() },
  custom(data) {
    const arnError = checkArn("ListTagsOfResource", data.ResourceArn);
    if (arnError) return arnError;
    if (!TABLE_ARN.test(data.ResourceArn)) return invalidArn(data.ResourceArn);
    return undefined;
  },
};
