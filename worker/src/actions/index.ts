/** Operation name -> action. Each action takes the validated input and returns the response's JSON text. */
import type { Env } from "../router/env.js";
import type { InputOf, OperationName } from "../validation/index.js";
import { batchGetItem } from "./batch-get-item.js";
import { batchWriteItem } from "./batch-write-item.js";
import { deleteItem } from "./delete-item.js";
import { getItem } from "./get-item.js";
import { putItem } from "./put-item.js";
import { query } from "./query.js";
import { scan } from "./scan.js";
import { listTagsOfResource, tagResource, untagResource } from "./tagging.js";
import { describeTimeToLive, updateTimeToLive } from "./time-to-live.js";
import { transactGetItems } from "./transact-get-items.js";
import { transactWriteItems } from "./transact-write-items.js";
import { updateItem } from "./update-item.js";
import { createTable, deleteTable, describeTable, listTables, updateTable } from "./tables.js";

type Action<O extends OperationName> = (env: Env, input: InputOf<O>) => Promise<string>;

export const actions: { [O in OperationName]: Action<O> } = {
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
