/**
 * Validated request shapes, one per operation. Only parameters DynamoDB accepts are kept (unknown
 * members are dropped by validation), numbers inside AttributeValues are canonical, and every value
 * has the declared type. Optional parameters are absent rather than null.
 */
import type { AttributeDefinition, AttributeValue, Item, KeySchemaElement } from "../model/types.js";

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";
export type ReturnItemCollectionMetrics = "SIZE" | "NONE";
export type ReturnValue = "ALL_NEW" | "UPDATED_OLD" | "ALL_OLD" | "NONE" | "UPDATED_NEW";
export type ReturnValuesOnConditionCheckFailure = "ALL_OLD" | "NONE";
export type ConditionalOperator = "AND" | "OR";
export type ComparisonOperator =
  | "EQ" | "NE" | "IN" | "LE" | "LT" | "GE" | "GT" | "BETWEEN" | "NOT_NULL" | "NULL" | "CONTAINS" | "NOT_CONTAINS" | "BEGINS_WITH";
export type Select = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT";
export type BillingMode = "PROVISIONED" | "PAY_PER_REQUEST";
export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";

export type ExpressionAttributeNames = Record<string, string>;
export type ExpressionAttributeValues = Record<string, AttributeValue>;

export interface ExpectedAttributeValue {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

export interface Condition {
  ComparisonOperator: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface Projection {
  ProjectionType?: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface LocalSecondaryIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

export interface GlobalSecondaryIndex extends LocalSecondaryIndex {
  ProvisionedThroughput?: ProvisionedThroughput;
}

export interface StreamSpecification {
  StreamEnabled?: boolean;
  StreamViewType?: "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
}

export interface SSESpecification {
  Enabled?: boolean;
  SSEType?: "AES256" | "KMS";
  KMSMasterKeyId?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export type TableClass = "STANDARD" | "STANDARD_INFREQUENT_ACCESS";

// ---- table operations ----

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughput;
  LocalSecondaryIndexes?: LocalSecondaryIndex[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  Tags?: Tag[];
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
}

export interface DescribeTableInput {
  TableName: string;
}

export interface DeleteTableInput {
  TableName: string;
}

export interface ListTablesInput {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

export interface GlobalSecondaryIndexUpdate {
  Update?: { IndexName: string; ProvisionedThroughput: ProvisionedThroughput };
  Create?: {
    IndexName: string;
    KeySchema: KeySchemaElement[];
    Projection: Projection;
    ProvisionedThroughput?: ProvisionedThroughput;
  };
  Delete?: { IndexName: string };
}

export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
}

// ---- item operations ----

export interface PutItemInput {
  TableName: string;
  Item: Item;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  ConditionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
  ReturnValues?: "NONE" | "ALL_OLD";
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface GetItemInput {
  TableName: string;
  Key: Item;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export interface DeleteItemInput {
  TableName: string;
  Key: Item;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  ConditionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
  /** The enum is checked here; DynamoDB's narrower rule for DeleteItem (NONE | ALL_OLD) is not in dynalite's validation. */
  ReturnValues?: ReturnValue;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface AttributeValueUpdate {
  Value?: AttributeValue;
  Action?: "ADD" | "PUT" | "DELETE";
}

export interface UpdateItemInput {
  TableName: string;
  Key: Item;
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
  ReturnValues?: ReturnValue;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface KeysAndAttributes {
  Keys: Item[];
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
}

export interface BatchGetItemInput {
  RequestItems: Record<string, KeysAndAttributes>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** Exactly one of PutRequest / DeleteRequest is set (validation guarantees it). */
export interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
}

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  Select?: Select;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  KeyConditions?: Record<string, Condition>;
  QueryFilter?: Record<string, Condition>;
  ConditionalOperator?: ConditionalOperator;
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ProjectionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
}

export interface ScanInput {
  TableName: string;
  IndexName?: string;
  AttributesToGet?: string[];
  Limit?: number;
  Select?: Select;
  ScanFilter?: Record<string, Condition>;
  ConditionalOperator?: ConditionalOperator;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  TotalSegments?: number;
  Segment?: number;
  ProjectionExpression?: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
  ConsistentRead?: boolean;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

export interface ListTagsOfResourceInput {
  ResourceArn: string;
  NextToken?: string;
}

export interface DescribeTimeToLiveInput {
  TableName: string;
}

export interface UpdateTimeToLiveInput {
  TableName: string;
  TimeToLiveSpecification: { Enabled: boolean; AttributeName: string };
}

interface TransactCommon {
  TableName: string;
  ExpressionAttributeNames?: ExpressionAttributeNames;
  ExpressionAttributeValues?: ExpressionAttributeValues;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
  ConditionExpression?: string;
}

export interface TransactWriteItem {
  ConditionCheck?: TransactCommon & { Key: Item; ConditionExpression: string };
  Put?: TransactCommon & { Item: Item };
  Delete?: TransactCommon & { Key: Item };
  Update?: TransactCommon & { Key: Item; UpdateExpression: string };
}

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
}

export interface TransactGetItemsInput {
  TransactItems: { Get: { TableName: string; Key: Item; ProjectionExpression?: string; ExpressionAttributeNames?: ExpressionAttributeNames } }[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export interface Inputs {
  CreateTable: CreateTableInput;
  DescribeTable: DescribeTableInput;
  ListTables: ListTablesInput;
  DeleteTable: DeleteTableInput;
  UpdateTable: UpdateTableInput;
  PutItem: PutItemInput;
  GetItem: GetItemInput;
  DeleteItem: DeleteItemInput;
  UpdateItem: UpdateItemInput;
  BatchGetItem: BatchGetItemInput;
  BatchWriteItem: BatchWriteItemInput;
  Query: QueryInput;
  Scan: ScanInput;
  TagResource: TagResourceInput;
  UntagResource: UntagResourceInput;
  ListTagsOfResource: ListTagsOfResourceInput;
  DescribeTimeToLive: DescribeTimeToLiveInput;
  UpdateTimeToLive: UpdateTimeToLiveInput;
  TransactWriteItems: TransactWriteItemsInput;
  TransactGetItems: TransactGetItemsInput;
}

/** The operations the router serves now. */
export type OperationName =
  | "CreateTable"
  | "DescribeTable"
  | "ListTables"
  | "DeleteTable"
  | "UpdateTable"
  | "PutItem"
  | "GetItem"
  | "DeleteItem"
  | "UpdateItem"
  | "BatchGetItem"
  | "BatchWriteItem"
  | "Query"
  | "Scan"
  | "TagResource"
  | "UntagResource"
  | "ListTagsOfResource"
  | "DescribeTimeToLive"
  | "UpdateTimeToLive"
  | "TransactWriteItems"
  | "TransactGetItems";
/** Operations whose validation exists but that the router does not serve yet. */
export type FutureOperationName = Exclude<keyof Inputs, OperationName>;
export type ValidatedOperationName = keyof Inputs;
export type InputOf<O extends ValidatedOperationName> = Inputs[O];
