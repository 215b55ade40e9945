/**
 * The shared DynamoDB contract against shvm-db (the run's shared workerd, started by global-setup.ts),
 * plus shvm-db's own cases. No deviations are listed: a failing case here is work for the engine.
 */
import { describe, inject } from "vitest";
import { makeTarget } from "../conformance/make-target";
import { registerConformance } from "../conformance/register";
import { shvmOnlyCases } from "../conformance/shvm-only.case";

const target = makeTarget("shvm", inject("shvm"));
registerConformance(target);
describe("shvm: shvm-only", () => shvmOnlyCases(target));
