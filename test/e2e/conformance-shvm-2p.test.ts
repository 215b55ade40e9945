/**
 * The same contract and shvm-db's own cases against a shvm-db served by two workerd processes (global-setup.ts):
 * requests reach partitions and the catalog through the other process (router/cluster.ts) as often as not.
 */
import { describe, inject } from "vitest";
import { makeTarget } from "../conformance/make-target";
import { registerConformance } from "../conformance/register";
import { shvmOnlyCases } from "../conformance/shvm-only.case";

const target = makeTarget("shvm", inject("shvm2"));
registerConformance(target);
describe("shvm (2 processes): shvm-only", () => shvmOnlyCases(target));
