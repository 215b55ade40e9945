import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** Fixed dummy credentials: neither target checks signatures, but the SDK insists on signing. */
export const DUMMY_CREDENTIALS = { accessKeyId: "AKIDSHVMTEST", secretAccessKey: "shvm-test-secret" };

/**
 * A client for one endpoint. maxAttempts 1: a retried request would hide the first error and double
 * writes; timeouts so that a stuck server fails the test instead of hanging it.
 */
export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
  });
}
