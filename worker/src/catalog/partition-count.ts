/**
 * How many partitions a new table gets: the lab's main knob.
 *
 * - PROVISIONED: DynamoDB's published rule of thumb, ceil(RCU / 3000 + WCU / 1000), at least 1.
 * - PAY_PER_REQUEST: 4. A new on-demand DynamoDB table serves up to 4,000 writes/s (12,000 reads/s)
 *   from the start; at 1,000 WCU per partition that is 4 partitions.
 * - The table tag `shvm:partitions` (an integer 1-1024) overrides either.
 * Fixed at creation; splitting partitions is a later issue.
 */
import { validationError } from "../http/errors.js";

export const PARTITIONS_TAG = "shvm:partitions";
export const MAX_PARTITIONS = 1024;
export const ON_DEMAND_PARTITIONS = 4;

export interface PartitionCountInput {
  BillingMode?: string;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  Tags?: { Key: string; Value: string }[];
}

export function partitionCount(input: PartitionCountInput): number {
  const tag = input.Tags?.find((t) => t.Key === PARTITIONS_TAG);
  if (tag) {
    const n = /^[0-9]{1,4}$/.test(tag.Value) ? Number(tag.Value) : NaN;
    if (!(n >= 1 && n <= MAX_PARTITIONS)) {
      throw validationError(
        `One or more parameter values were invalid: tag ${PARTITIONS_TAG} must be an integer from 1 to ${MAX_PARTITIONS}, got '${tag.Value}'`,
      );
    }
    return n;
  }
  if (input.BillingMode === "PAY_PER_REQUEST" || !input.ProvisionedThroughput) return ON_DEMAND_PARTITIONS;
  const { ReadCapacityUnits: rcu, WriteCapacityUnits: wcu } = input.ProvisionedThroughput;
  return Math.min(MAX_PARTITIONS, Math.max(1, Math.ceil(rcu / 3000 + wcu / 1000)));
}
