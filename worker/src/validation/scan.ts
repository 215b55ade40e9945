/** Scan (after dynalite's validations/scan.js); expression parsing is left to the expression layer. */
import { validateAttributeMap } from "./attribute-value.js";
import {
  attrMap,
  attributesToGet,
  conditionMap,
  conditionalOperator,
  expressionAttributeNames,
  expressionAttributeValues,
  indexNameField,
  returnConsumedCapacity,
  select,
  tableNameField,
} from "./common.js";
import {
  validateAttributesToGet,
  validateConditions,
  validateExpressionAttributes,
  validateExpressionParams,
} from "./conditions.js";
import type { ScanInput } from "./inputs.js";
import { boolean, gte, integer, lte, string, type OperationSchema } from "./schema.js";

// DynamoDB prefixes only some AttributeValue problems of ExclusiveStartKey (dynalite's observation).
const UNPREFIXED = /contains duplicates|number set|numeric value|significant digits|number with magnitude/;

export const scan: OperationSchema<ScanInput> = {
  members: {
    Select: select,
    IndexName: indexNameField(),
    // Upper bounds from DynamoDB's API reference (not in dynalite).
    TotalSegments: integer(gte(1), lte(1000000)),
    ReturnConsumedCapacity: returnConsumedCapacity,
    TableName: tableNameField,
    ConditionalOperator: conditionalOperator,
    ScanFilter: conditionMap(),
    Segment: integer(gte(0), lte(999999)),
    Limit: integer(gte(1)),
    AttributesToGet: attributesToGet,
    ExclusiveStartKey: attrMap(),
    FilterExpression: string(),
    ProjectionExpression: string(),
    ExpressionAttributeValues: expressionAttributeValues,
    ExpressionAttributeNames: expressionAttributeNames,
    ConsistentRead: boolean(),
  },
  custom(data) {
    const d = data as unknown as Record<string, unknown>;
    let msg = validateExpressionParams(
      d,
      ["ProjectionExpression", "FilterExpression"],
      ["AttributesToGet", "ScanFilter", "ConditionalOperator"],
    );
    if (msg) return msg;
    if ((msg = validateAttributesToGet(d))) return msg;
    if ((msg = validateConditions(data.ScanFilter as never))) return msg;
    if ((msg = validateAttributeMap(data.ExclusiveStartKey))) {
      return UNPREFIXED.test(msg) ? msg : `The provided starting key is invalid: ${msg}`;
    }
    if (data.Segment != null && data.TotalSegments == null) {
      return "The TotalSegments parameter is required but was not present in the request when Segment parameter is present";
    }
    if (data.TotalSegments) {
      if (data.Segment == null) {
        return "The Segment parameter is required but was not present in the request when parameter TotalSegments is present";
      }
      if (data.Segment >= data.TotalSegments) {
        return (
          "The Segment parameter is zero-based and must be less than parameter TotalSegments: " +
          `Segment: ${data.Segment} is not less than TotalSegments: ${data.TotalSegments}`
        );
      }
    }
    return validateExpressionAttributes(d);
  },
};
