/**
 * The shared DynamoDB contract against dynalite. dynalite reproduces DynamoDB's own validation messages,
 * so a case passing here vouches for the strings the cases expect. Where dynalite itself departs from
 * DynamoDB, the case is skipped below with the reason (DynamoDB's behaviour is what the case asserts).
 */
import { describe, inject, it } from "vitest";
import { makeTarget } from "../conformance/make-target";
import { registerConformance } from "../conformance/register";

const deviations: Record<string, string> = {
  // dynalite sends ResourceInUseException with an empty message; DynamoDB says "Table already exists: <name>".
  "tables.create.duplicate-message": "empty ResourceInUseException message",
  // dynalite has an older wording of the empty-UpdateTable message ("At least one of ProvisionedThroughput,
  // BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is
  // required"); DynamoDB has since added MultiAccountReplicaReady, ..., WarmThroughput or TableClass.
  "tables.update.nothing": "older wording of the list of UpdateTable members",
  // dynalite validates ReturnValues only for PutItem; DynamoDB also answers "ReturnValues can only be
  // ALL_OLD or NONE" for DeleteItem.
  "items.return.delete-invalid": "DeleteItem accepts any ReturnValues",
  // For an empty string key in GetItem's Key dynalite says "One or more parameter values were invalid: ...";
  // DynamoDB says "One or more parameter values are not valid. ..." there too, as it does for PutItem.
  "items.key.get-empty-string": "\"were invalid\" instead of \"are not valid\" for GetItem keys",
  // dynalite checks the 25-request limit per table only; DynamoDB counts all tables together and answers
  // "Too many items requested for the BatchWriteItem call".
  "batch.write.too-many": "no limit on the total over several tables",
  // dynalite's BatchWriteItem assigns `validateKey(...) != null` (a boolean) to its error and throws it:
  // a 500 instead of DynamoDB's "The provided key element does not match the schema".
  "batch.write.delete-key-mismatch": "throws on a DeleteRequest key that does not match",
  // dynalite only takes application/json and application/x-amz-json-1.0 (404 otherwise).
  "protocol.content-type-1.1": "rejects application/x-amz-json-1.1 with 404",
  // dynalite's handlers throw on these bodies (a 500 through the guard in test/support/dynalite.ts,
  // a crash without it); DynamoDB answers them with a 400.
  "robustness.payload.null-body": "throws on a JSON null body",
  "robustness.payload.batch-get-null-key": "throws on a null key in BatchGetItem",
};

const provided = inject("dynalite");
if (provided.endpoint === undefined) {
  // dynalite is a reference, not the product: without it the contract is skipped (visibly), not failed.
  describe.skip(`dynalite conformance (${provided.error})`, () => it("not run", () => {}));
} else {
  registerConformance(makeTarget("dynalite", provided, deviations));
}
