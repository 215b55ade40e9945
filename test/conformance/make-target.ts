import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll } from "vitest";
import { dynamoClient } from "../support/client";
import type { TargetEndpoint } from "../support/provided";
import type { Target, TargetName } from "./target";

/**
 * A Target over an endpoint handed down by the global setup. When the server could not be started,
 * endpoint()/client() throw its reason, so each case fails with it instead of the file vanishing.
 */
export function makeTarget(name: TargetName, provided: TargetEndpoint, deviations: Record<string, string> = {}): Target {
  let client: DynamoDBClient | undefined;
  const endpoint = () => {
    if (provided.endpoint === undefined) throw new Error(`${name} is not available: ${provided.error}`);
    return provided.endpoint;
  };
  afterAll(() => client?.destroy());
  return {
    name,
    deviations,
    endpoint,
    client: () => (client ??= dynamoClient(endpoint())),
  };
}
