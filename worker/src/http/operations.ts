/**
 * Every operation of DynamoDB_20120810. A target outside this list is UnknownOperationException, as
 * DynamoDB answers; one inside it that shvm-db does not implement yet gets a ValidationException that
 * says so, which tells a client far more than pretending the operation does not exist.
 */
export const DYNAMODB_OPERATIONS = new Set([
  "BatchExecuteStatement", "BatchGetItem", "BatchWriteItem", "CreateBackup", "CreateGlobalTable", "CreateTable",
  "DeleteBackup", "DeleteItem", "DeleteResourcePolicy", "DeleteTable", "DescribeBackup", "DescribeContinuousBackups",
  "DescribeContributorInsights", "DescribeEndpoints", "DescribeExport", "DescribeGlobalTable",
  "DescribeGlobalTableSettings", "DescribeImport", "DescribeKinesisStreamingDestination", "DescribeLimits",
  "DescribeTable", "DescribeTableReplicaAutoScaling", "DescribeTimeToLive", "DisableKinesisStreamingDestination",
  "EnableKinesisStreamingDestination", "ExecuteStatement", "ExecuteTransaction", "ExportTableToPointInTime",
  "GetItem", "GetResourcePolicy", "ImportTable", "ListBackups", "ListContributorInsights", "ListExports",
  "ListGlobalTables", "ListImports", "ListTables", "ListTagsOfResource", "PutItem", "PutResourcePolicy", "Query",
  "RestoreTableFromBackup", "RestoreTableToPointInTime", "Scan", "TagResource", "TransactGetItems",
  "TransactWriteItems", "UntagResource", "UpdateContinuousBackups", "UpdateContributorInsights", "UpdateGlobalTable",
  "UpdateGlobalTableSettings", "UpdateItem", "UpdateKinesisStreamingDestination", "UpdateTable",
  "UpdateTableReplicaAutoScaling", "UpdateTimeToLive",
]);

export const isDynamoOperation = (name: string) => DYNAMODB_OPERATIONS.has(name);
