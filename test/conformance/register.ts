/** Registers the whole shared contract against one target. */
import { describe } from "vitest";
import { batchCases } from "./batch.case";
import { itemCases } from "./items.case";
import { protocolCases, robustnessCases } from "./protocol.case";
import { tableCases } from "./tables.case";
import type { Target } from "./target";

export function registerConformance(t: Target): void {
  describe(`${t.name}: tables`, () => tableCases(t));
  describe(`${t.name}: items`, () => itemCases(t));
  describe(`${t.name}: batch`, () => batchCases(t));
  describe(`${t.name}: protocol`, () => protocolCases(t));
  describe(`${t.name}: robustness`, () => robustnessCases(t));
}
