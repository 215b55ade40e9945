/**
 * UpdateTable's effect on a stored TableDescription: billing mode and provisioned throughput. Applied
 * inside the catalog so concurrent updates cannot interleave. The partition count does not change
 * (partitions are fixed at creation until splitting exists).
 */
import { DynamoError, validationError } from "../http/errors.js";
import type { TableDescription } from "./table-description.js";
import { NOTHING_TO_UPDATE } from "../validation/update-table.js";

export interface UpdateTableLike {
  BillingMode?: string;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  DeletionProtectionEnabled?: boolean;
}

export function applyTableUpdate(d: TableDescription, u: UpdateTableLike, now: number): TableDescription {
  const wasOnDemand = d.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST";
  const mode = u.BillingMode ?? (wasOnDemand ? "PAY_PER_REQUEST" : "PROVISIONED");
  const next: TableDescription = structuredClone(d);
  if (u.DeletionProtectionEnabled !== undefined) next.DeletionProtectionEnabled = u.DeletionProtectionEnabled;

  if (mode === "PAY_PER_REQUEST") {
    if (u.ProvisionedThroughput) {
      throw validationError(
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    }
    if (!wasOnDemand) {
      next.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: now };
      next.ProvisionedThroughput = { ...d.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
      for (const g of next.GlobalSecondaryIndexes ?? []) {
        g.ProvisionedThroughput = { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
      }
    }
    return next;
  }

  // PROVISIONED
  const t = u.ProvisionedThroughput;
  if (!t) {
    if (wasOnDemand) {
      throw validationError(
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
      );
    }
    if (u.BillingMode === undefined && u.DeletionProtectionEnabled === undefined) {
      throw validationError(NOTHING_TO_UPDATE);
    }
    return next;
  }
  const cur = d.ProvisionedThroughput;
  if (!wasOnDemand && cur.ReadCapacityUnits === t.ReadCapacityUnits && cur.WriteCapacityUnits === t.WriteCapacityUnits) {
    throw validationError(
      "The provisioned throughput for the table will not change. The requested value equals the current value. " +
        `Current ReadCapacityUnits provisioned for the table: ${cur.ReadCapacityUnits}. Requested ReadCapacityUnits: ${t.ReadCapacityUnits}. ` +
        `Current WriteCapacityUnits provisioned for the table: ${cur.WriteCapacityUnits}. Requested WriteCapacityUnits: ${t.WriteCapacityUnits}. ` +
        "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    );
  }
  const up = t.ReadCapacityUnits > cur.ReadCapacityUnits || t.WriteCapacityUnits > cur.WriteCapacityUnits;
  const down = t.ReadCapacityUnits < cur.ReadCapacityUnits || t.WriteCapacityUnits < cur.WriteCapacityUnits;
  next.ProvisionedThroughput = {
    ...cur,
    ReadCapacityUnits: t.ReadCapacityUnits,
    WriteCapacityUnits: t.WriteCapacityUnits,
    NumberOfDecreasesToday: cur.NumberOfDecreasesToday + (down && !wasOnDemand ? 1 : 0),
  };
  if (up) next.ProvisionedThroughput.LastIncreaseDateTime = now;
  if (down && !wasOnDemand) next.ProvisionedThroughput.LastDecreaseDateTime = now;
  if (wasOnDemand) {
    next.BillingModeSummary = { BillingMode: "PROVISIONED", ...(d.BillingModeSummary?.LastUpdateToPayPerRequestDateTime ? { LastUpdateToPayPerRequestDateTime: d.BillingModeSummary.LastUpdateToPayPerRequestDateTime } : {}) };
  }
  return next;
}

/** Errors cross the RPC boundary as plain data and become DynamoErrors again on the router's side. */
export interface ErrorData {
  type: string;
  message: string;
}

export const toErrorData = (e: DynamoError): ErrorData => ({ type: e.type, message: e.message });
export const fromErrorData = (e: ErrorData) => new DynamoError(e.type, e.message);
