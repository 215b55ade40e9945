/** Registers the whole shared contract against one target. */
import { describe } from "vitest";
import { batchCases } from "./batch.case";
import { conditionCases } from "./expressions-condition.case";
import { fuzzCases } from "./expressions-fuzz.case";
import { legacyCases } from "./expressions-legacy.case";
import { paramCases } from "./expressions-params.case";
import { projectionCases } from "./expressions-projection.case";
import { updateCases } from "./expressions-update.case";
import { exactnessCases } from "./exactness.case";
import { itemCases } from "./items.case";
import { protocolCases, robustnessCases } from "./protocol.case";
import { queryCoreCases } from "./query-core.case";
import { queryCases } from "./query.case";
import { scanCases } from "./scan.case";
import { tableCases } from "./tables.case";
import { taggingCases } from "./tagging.case";
import { timeToLiveCases } from "./time-to-live.case";
import { transactionCases } from "./transactions.case";
import { lsiCases } from "./lsi.case";
import { gsiCases } from "./gsi.case";
import type { Target } from "./target";

export function registerConformance(t: Target): void {
  describe(`${t.name}: tables`, () => tableCases(t));
  describe(`${t.name}: items`, () => itemCases(t));
  describe(`${t.name}: batch`, () => batchCases(t));
  describe(`${t.name}: protocol`, () => protocolCases(t));
  describe(`${t.name}: robustness`, () => robustnessCases(t));
  describe(`${t.name}: expressions: conditions`, () => conditionCases(t));
  describe(`${t.name}: expressions: updates`, () => updateCases(t));
  describe(`${t.name}: expressions: projections`, () => projectionCases(t));
  describe(`${t.name}: expressions: placeholders`, () => paramCases(t));
  describe(`${t.name}: expressions: legacy parameters`, () => legacyCases(t));
  describe(`${t.name}: expressions: fuzz`, () => fuzzCases(t));
  describe(`${t.name}: query and scan`, () => queryCoreCases(t));
  describe(`${t.name}: query`, () => queryCases(t));
  describe(`${t.name}: scan`, () => scanCases(t));
  describe(`${t.name}: tagging`, () => taggingCases(t));
  describe(`${t.name}: time to live`, () => timeToLiveCases(t));
  describe(`${t.name}: transactions`, () => transactionCases(t));
  describe(`${t.name}: local secondary indexes`, () => lsiCases(t));
  describe(`${t.name}: global secondary indexes`, () => gsiCases(t));
  describe(`${t.name}: exactness`, () => exactnessCases(t));
}
