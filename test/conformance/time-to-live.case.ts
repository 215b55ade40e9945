/** Time to live: UpdateTimeToLive, DescribeTimeToLive (dynalite implements DescribeTimeToLive only, always DISABLED). */
import {
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { describe, expect } from "vitest";
import { caseIt, createTable, expectError, expectValidation, sleep, tableInput, uniqueName, type Target } from "./target";

export function timeToLiveCases(t: Target): void {
  const c = () => t.client();
  const describeTtl = async (TableName: string) => (await c().send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;
  /** Polls DescribeTimeToLive until the status is `status`. */
  const waitTtl = async (TableName: string, status: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = await describeTtl(TableName);
      if (d?.TimeToLiveStatus === status) return d;
      if (Date.now() > deadline) throw new Error(`TTL of ${TableName} not ${status} after ${timeoutMs} ms (last: ${JSON.stringify(d)})`);
      await sleep(25);
    }
  };
  const update = (TableName: string, Enabled: boolean, AttributeName = "expires") =>
    c().send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }));

  describe("DescribeTimeToLive", () => {
    caseIt(t, "ttl.describe.fresh", "a new table's TTL is DISABLED, with no attribute", async () => {
      const TableName = uniqueName("ttl-fresh");
      await createTable(c(), tableInput(TableName));
      expect(await describeTtl(TableName)).toEqual({ TimeToLiveStatus: "DISABLED" });
    });

    caseIt(t, "ttl.describe.missing", "an unknown table is ResourceNotFoundException naming it", async () => {
      const TableName = uniqueName("ttl-none");
      await expectError(c().send(new DescribeTimeToLiveCommand({ TableName })), "ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
    });
  });

  describe("UpdateTimeToLive", () => {
    caseIt(t, "ttl.update.validation", "the specification and both its members are required; the attribute name is 1-255 characters", async () => {
      const TableName = uniqueName("ttl-val");
      await expectValidation(
        c().send(new UpdateTimeToLiveCommand({ TableName } as never)),
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
      );
      await expectValidation(
        c().send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true } } as never)),
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null",
      );
      await expectValidation(
        c().send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: "" } } as never)),
        "2 validation errors detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null; " +
          "Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      await expectError(update(TableName, true), "ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
    });

    caseIt(t, "ttl.update.lifecycle", "ENABLING then ENABLED, DISABLING then DISABLED; no-op changes and changes in flight are refused", async () => {
      const TableName = uniqueName("ttl-life");
      await createTable(c(), { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "4" }] });
      await expectValidation(update(TableName, false), "TimeToLive is already disabled");
      expect((await update(TableName, true, "exp")).TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "exp" });
      // (A change while this one is still being applied is refused: worker/test/ttl-catalog.test.ts, where the
      // catalog's alarm does not run in between; here the window may already be over.)
      expect(["ENABLING", "ENABLED"]).toContain((await describeTtl(TableName))?.TimeToLiveStatus);
      expect(await waitTtl(TableName, "ENABLED")).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
      await expectValidation(update(TableName, true, "exp"), "TimeToLive is already enabled");
      await expectValidation(update(TableName, true, "other"), "TimeToLive is already enabled");
      await update(TableName, false, "exp");
      expect(await waitTtl(TableName, "DISABLED")).toEqual({ TimeToLiveStatus: "DISABLED" });
    });

    caseIt(t, "ttl.expiry", "expired items are deleted in the background; future, non-Number and missing TTL values stay", async () => {
      const TableName = uniqueName("ttl-exp");
      await createTable(c(), { ...tableInput(TableName), Tags: [{ Key: "shvm:partitions", Value: "4" }] });
      const now = Math.floor(Date.now() / 1000);
      // Written before TTL is enabled: the backfill must find them.
      for (let i = 0; i < 20; i++) await c().send(new PutItemCommand({ TableName, Item: { id: { S: `old-${i}` }, expires: { N: String(now - 60) } } }));
      await update(TableName, true);
      await waitTtl(TableName, "ENABLED");
      for (let i = 0; i < 20; i++) await c().send(new PutItemCommand({ TableName, Item: { id: { S: `new-${i}` }, expires: { N: String(now - 1) } } }));
      const stay: Record<string, AttributeValue>[] = [
        { id: { S: "future" }, expires: { N: String(now + 3600) } },
        { id: { S: "string" }, expires: { S: String(now - 60) } },
        { id: { S: "none" } },
        // More than five years in the past: DynamoDB's TTL ignores it.
        { id: { S: "ancient" }, expires: { N: String(now - 6 * 365 * 24 * 3600) } },
      ];
      for (const Item of stay) await c().send(new PutItemCommand({ TableName, Item }));
      // Seconds unloaded (test/e2e/ttl.test.ts measures the delay); generous here, as the whole suite shares the cores.
      const deadline = Date.now() + 60_000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        ids = ((await c().send(new ScanCommand({ TableName, ConsistentRead: true }))).Items ?? []).map((i) => i.id!.S!).sort();
        if (ids.length === stay.length) break;
        await sleep(50);
      }
      expect(ids).toEqual(stay.map((i) => i.id!.S!).sort());
      expect((await c().send(new GetItemCommand({ TableName, Key: { id: { S: "future" } } }))).Item).toBeDefined();
    }, 90_000);
  });
}
