/**
 * Request validation as DynamoDB does it, in its order:
 *  1. the type pass (SerializationException on the first value of the wrong JSON type; unknown and
 *     null members dropped),
 *  2. required parameters and table-operation name lengths,
 *  3. the constraint pass ("N validation errors detected: ..."),
 *  4. the operation's own checks (one ValidationException message).
 * Key checks that need the table's key schema live in ./key.ts and run after the table lookup.
 */
import { validationError } from "../http/errors.js";
import { batchGetItem } from "./batch-get-item.js";
import { batchWriteItem } from "./batch-write-item.js";
import { checkMembers, formatErrors } from "./constraints.js";
import { createTable } from "./create-table.js";
import { deleteItem } from "./delete-item.js";
import { deleteTable } from "./delete-table.js";
import { describeTable } from "./describe-table.js";
import { getItem } from "./get-item.js";
import type { InputOf, OperationName, ValidatedOperationName } from "./inputs.js";
import { listTables } from "./list-tables.js";
import { putItem } from "./put-item.js";
import { query } from "./query.js";
import { scan } from "./scan.js";
import type { Field, OperationSchema } from "./schema.js";
import { checkStruct } from "./serialization.js";
import { listTagsOfResource, tagResource, untagResource } from "./tagging.js";
import { describeTimeToLive, updateTimeToLive } from "./time-to-live.js";
import { transactGetItems, transactWriteItems } from "./transact-items.js";
import { updateItem } from "./update-item.js";
import { updateTable } from "./update-table.js";

export type * from "./inputs.js";
export { checkItemKey, checkKey, checkKeys, checkWriteRequests, type IndexKeyInfo } from "./key.js";

const OPERATIONS: { readonly [O in ValidatedOperationName]: OperationSchema<InputOf<O>> } = {
  CreateTable: createTable,
  DescribeTable: describeTable,
  ListTables: listTables,
  DeleteTable: deleteTable,
  UpdateTable: updateTable,
  PutItem: putItem,
  GetItem: getItem,
  DeleteItem: deleteItem,
  UpdateItem: updateItem,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  Query: query,
  Scan: scan,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsOfResource: listTagsOfResource,
  DescribeTimeToLive: describeTimeToLive,
  UpdateTimeToLive: updateTimeToLive,
  TransactWriteItems: transactWriteItems,
  TransactGetItems: transactGetItems,
};

/** Whether `name` is an operation shvm-db validates and serves (an own key of the schema table). */
export function isOperation(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/**
 * Throws DynamoError exactly as DynamoDB would; returns the typed, cleaned input.
 * The body is the parsed JSON request; it is cleaned in place (numbers canonicalised, AttributeValues
 * stripped of unknown members), so callers must not reuse it for anything else.
 */
export function validateRequest<O extends ValidatedOperationName>(op: O, body: unknown): InputOf<O> {
  const schema = OPERATIONS[op] as OperationSchema<InputOf<O>>;
  const members = schema.members;
  const raw = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

  const data = checkStruct(raw, members);

  for (const name in members) {
    const f = members[name] as Field;
    if (f.required && data[name] == null) {
      throw validationError(`The parameter '${name}' is required but was not present in the request`);
    }
    if (f.tableName) {
      const v = data[name] as string | undefined;
      if (v != null && (v.length < 3 || v.length > 255)) {
        throw validationError(`${name} must be at least 3 characters long and at most 255 characters long`);
      }
    }
  }

  const errors: string[] = [];
  checkMembers(data, members, "", errors);
  if (errors.length) throw validationError(formatErrors(errors));

  const input = data as unknown as InputOf<O>;
  const msg = schema.custom?.(input);
  if (msg !== undefined) throw validationError(msg);
  return input;
}
