/**
 * Every benchmark target by its command-line name, and the order the lab runs and reports them in
 * (shvm-db first: the others are its peers).
 *
 * `--endpoint URL` on the command line maps to the property `<target>.endpoint` ({@link endpointProperty})
 * for the targets that take one (shvm, dynamodb); the others are configured by their own properties.
 */
import type { TargetDefinition } from "../target.js";
import { dynamodbTarget } from "./dynamodb.js";
import { postgresTarget } from "./postgres.js";
import { redisTarget } from "./redis.js";
import { shvmTarget } from "./shvm.js";
import { sqliteTarget } from "./sqlite.js";

export const TARGET_ORDER = ["shvm", "dynamodb", "redis", "postgres", "sqlite"] as const;
export type TargetName = (typeof TARGET_ORDER)[number];

export const targets: Record<string, TargetDefinition> = {
  shvm: shvmTarget,
  dynamodb: dynamodbTarget,
  redis: redisTarget,
  postgres: postgresTarget,
  sqlite: sqliteTarget,
};

/** Targets whose server is reached at a URL given as `--endpoint`. */
const ENDPOINT_PROPERTIES: Readonly<Record<string, string>> = { shvm: "shvm.endpoint", dynamodb: "dynamodb.endpoint" };

/** The property `--endpoint` sets for `target`, or undefined when that target takes no endpoint URL. */
export function endpointProperty(target: string): string | undefined {
  return ENDPOINT_PROPERTIES[target];
}
