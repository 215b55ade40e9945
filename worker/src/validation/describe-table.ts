/** DescribeTable: only TableName, with the table operations' own length message. */
import { tableOperationName } from "./common.js";
import type { DescribeTableInput } from "./inputs.js";
import type { OperationSchema } from "./schema.js";

export const describeTable: OperationSchema<DescribeTableInput> = {
  members: { TableName: tableOperationName },
};
