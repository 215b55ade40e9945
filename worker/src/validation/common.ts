/** Parameter shapes shared by several operations. */
import {
  attrField,
  attrMap,
  attrValue,
  boolean,
  fieldStruct,
  list,
  long,
  map,
  maxLen,
  minLen,
  notNull,
  oneOf,
  regex,
  string,
  topLevel,
  valueStruct,
  gte,
  stopping,
} from "./schema.js";
import type { Rule } from "./schema.js";

export const NAME_PATTERN = "[a-zA-Z0-9_.-]+";

/**
 * TableName of item operations. DynamoDB's model types it TableArn (a name or an ARN, 1-1024
 * characters): an empty name fails that length alone ("at least 1"); any other name is then held to
 * a table name's rules, its length before its pattern (AWS captures of '' and 'x!' on PutItem and
 * UpdateItem; dynalite lists the pattern first and reports '' twice).
 */
export const tableNameField = string(notNull, stopping(minLen(1)), minLen(3), maxLen(255), regex(NAME_PATTERN));
/** TableName of table operations: required, then DynamoDB's own length message, then the pattern. */
export const tableOperationName = topLevel(string(regex(NAME_PATTERN)), { required: true, tableName: true });
/** A list of tags (CreateTable's Tags, TagResource's): keys of 1–128 characters, values of up to 256. */
export const tagList = list(
  valueStruct("Tag", {
    Key: string(notNull, minLen(1), maxLen(128)),
    Value: string(notNull, maxLen(256)),
  }),
);
export const indexNameField = (...extra: Rule[]) =>
  string(...extra, regex(NAME_PATTERN), minLen(3), maxLen(255));

export const returnConsumedCapacity = string(oneOf("INDEXES", "TOTAL", "NONE"));
export const returnItemCollectionMetrics = string(oneOf("SIZE", "NONE"));
export const returnValues = string(oneOf("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"));
export const returnValuesOnConditionCheckFailure = string(oneOf("ALL_OLD", "NONE"));
export const conditionalOperator = string(oneOf("OR", "AND"));
export const select = string(oneOf("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"));
export const attributesToGet = list(string(), minLen(1), maxLen(255));
export const expressionAttributeNames = map("java.lang.String", string());
export const expressionAttributeValues = attrMap();

// The order DynamoDB lists comparison operators in its enum message.
const COMPARISON_OPERATORS = [
  "IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS",
];

export const expected = map(
  "ExpectedAttributeValue",
  valueStruct("ExpectedAttributeValue", {
    AttributeValueList: list(attrValue),
    ComparisonOperator: string(oneOf(...COMPARISON_OPERATORS)),
    Exists: boolean(),
    Value: attrField,
  }),
);

/** QueryFilter, ScanFilter, KeyConditions. */
export const conditionMap = () =>
  map(
    "Condition",
    valueStruct("Condition", {
      AttributeValueList: list(attrValue),
      ComparisonOperator: string(notNull, oneOf(...COMPARISON_OPERATORS)),
    }),
  );

export const provisionedThroughput = (...rules: Rule[]) =>
  fieldStruct(
    "ProvisionedThroughput",
    {
      WriteCapacityUnits: long(notNull, gte(1)),
      ReadCapacityUnits: long(notNull, gte(1)),
    },
    ...rules,
  );

export const keySchemaElement = (...keyTypeRules: Rule[]) =>
  valueStruct("KeySchemaElement", {
    AttributeName: string(notNull),
    KeyType: string(notNull, ...keyTypeRules),
  });

export const keySchema = (...keyTypeRules: Rule[]) =>
  list(keySchemaElement(...keyTypeRules), notNull, minLen(1), maxLen(2));

export const projection = fieldStruct(
  "Projection",
  {
    ProjectionType: string(oneOf("ALL", "INCLUDE", "KEYS_ONLY")),
    NonKeyAttributes: list(string(), minLen(1)),
  },
  notNull,
);

export const attributeDefinitions = (...rules: Rule[]) =>
  list(
    valueStruct("AttributeDefinition", {
      AttributeName: string(notNull),
      AttributeType: string(notNull, oneOf("B", "N", "S")),
    }),
    ...rules,
  );

export const billingMode = string(oneOf("PROVISIONED", "PAY_PER_REQUEST"));

export const streamSpecification = fieldStruct("StreamSpecification", {
  StreamEnabled: boolean(),
  StreamViewType: string(oneOf("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")),
});

export const sseSpecification = fieldStruct("SSESpecification", {
  Enabled: boolean(),
  SSEType: string(oneOf("AES256", "KMS")),
  KMSMasterKeyId: string(),
});

export const tableClass = string(oneOf("STANDARD", "STANDARD_INFREQUENT_ACCESS"));

/** The largest capacity DynamoDB accepts before answering "Given value ... is out of bounds". */
export const MAX_CAPACITY_UNITS = 1000000000000;

export { attrMap };
