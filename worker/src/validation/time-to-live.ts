/**
 * UpdateTimeToLive and DescribeTimeToLive. DescribeTimeToLive as dynalite's validations/describeTimeToLive.js (a table
 * operation name); UpdateTimeToLive's specification members are both required and the attribute name is 1-255
 * characters (DynamoDB's model), reported in the constraint pass's form.
 */
import { tableOperationName } from "./common.js";
import type { DescribeTimeToLiveInput, UpdateTimeToLiveInput } from "./inputs.js";
import { boolean, fieldStruct, maxLen, minLen, notNull, string, type OperationSchema } from "./schema.js";

export const describeTimeToLive: OperationSchema<DescribeTimeToLiveInput> = {
  members: { TableName: tableOperationName },
};

export const updateTimeToLive: OperationSchema<UpdateTimeToLiveInput> = {
  members: {
    TableName: tableOperationName,
    TimeToLiveSpecification: fieldStruct(
      "TimeToLiveSpecification",
      {
        Enabled: boolean(notNull),
        AttributeName: string(notNull, minLen(1), maxLen(255)),
      },
      notNull,
    ),
  },
};
