/**
 * The cost and scaling model, for the CLI (scripts/model.ts) and the report builder. Pure Node modules: no
 * server, no Workers types. See harness/README.md, "Cost and scaling model".
 *
 * - loadPrices(path?): the dated price file (prices.json), checked.
 * - costPerMillion(totals, prices, { allowSecondary? }): shvm-db on Cloudflare per million operations, from
 *   measured totals; totalsFromSnapshots(before, after, { table }) and totalsFromResult(result) derive them.
 * - dynamoCostPerMillion(units, prices, { allowSecondary? }): DynamoDB on-demand per million operations;
 *   dynamoUnitsFromWorkload(config, { operations, seconds, calls? }) computes the request units by DynamoDB's rules.
 * - scalingCurve({ recordcount, distribution, ceilingOpsPerSec, partitionCounts?, properties? }): rows
 *   { partitions, hottestShare, hottestPartition, bound } — the hot-partition ceiling.
 */
export { loadPrices, resolvePrice, PRICES_FILE, type Prices, type PriceEntry } from "./prices.js";
export { costPerMillion, dynamoCostPerMillion, type CostBreakdown, type CostLine, type DynamoUnits, type MeasuredTotals } from "./cost.js";
export { totalsFromResult, totalsFromSnapshots, callCountsFromResult } from "./measured-totals.js";
export { dynamoUnitsFromWorkload, ycsbItemSize, type DynamoCallCounts } from "./dynamo-units.js";
export { scalingCurve, DEFAULT_PARTITION_COUNTS, type ScalingCurve, type ScalingInput, type ScalingRow } from "./scaling.js";
export { formatCost, formatScaling } from "./format.js";
