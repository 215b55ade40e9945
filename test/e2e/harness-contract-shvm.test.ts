/**
 * The harness's binding contract against the run's shared shvm-db (started by global-setup.ts), reached
 * the way `ycsb --endpoint URL --target shvm` reaches a running server: the target uses the endpoint and
 * creates the (unique) table, it does not start or stop anything. harness/targets/shvm.contract.test.ts
 * covers the other way, where the target starts its own server.
 */
import { inject } from "vitest";
import { bindingContract } from "../../harness/bindings/contract.case.js";
import { shvmTarget } from "../../harness/targets/shvm.js";

const shvm = inject("shvm");

bindingContract(
  "shvm (given endpoint, expression calls)",
  async () => {
    // A server that did not start fails the cases (as the conformance files do), it does not skip them.
    if (shvm.endpoint === undefined) throw new Error(shvm.error);
    return { target: shvmTarget, properties: { "shvm.endpoint": shvm.endpoint, "dynamodb.api": "expressions", "dynamodb.consistentReads": "true" } };
  },
  { scanOrder: "table" },
);
