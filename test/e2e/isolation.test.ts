/**
 * Tables are isolated: a partition's Durable Object is named by its table's creation id (a random UUID the client
 * never sees) and partition index, so no table name or key a client can send reaches another table's partitions;
 * and the processes' internal paths (router/cluster.ts) are not on the public port. Run against the one-process and
 * the two-process server of the e2e setup.
 */
import { DeleteTableCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTable, expectValidation, rawRequest, tableInput, uniqueName, waitGone } from "../conformance/target";
import { dynamoClient } from "../support/client";
import type { TargetEndpoint } from "../support/provided";

function isolationCases(label: string, provided: TargetEndpoint): void {
  describe(`table isolation (${label})`, () => {
    const endpoint = () => {
      if (!provided.endpoint) throw new Error(provided.error);
      return provided.endpoint;
    };
    let client: DynamoDBClient | undefined;
    const c = () => (client ??= dynamoClient(endpoint()));
    afterAll(() => client?.destroy());

    it("keeps tables with look-alike names apart, whatever the keys", async () => {
      const base = uniqueName("iso");
      // Names that differ by one character, or that would collide were names joined with the index naively.
      const names = [base, `${base}0`, `${base}.0`, `${base}-0`, `${base}_0`];
      for (const TableName of names) {
        await createTable(c(), { ...tableInput(TableName, ["pk", "S"], ["sk", "S"]), Tags: [{ Key: "shvm:partitions", Value: "4" }] });
      }
      // The same keys in every table, including keys shaped like partition names ("<id>/<index>").
      const keys = ["k", "0", "/0", `${base}/0`, "00000000-0000-0000-0000-000000000000/1"];
      for (const TableName of names) {
        for (const pk of keys) await c().send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, sk: { S: "s" }, owner: { S: TableName } } }));
      }
      for (const TableName of names) {
        const scan = await c().send(new ScanCommand({ TableName, ConsistentRead: true }));
        expect(scan.Items?.length).toBe(keys.length);
        expect(new Set(scan.Items?.map((i) => i.owner?.S))).toEqual(new Set([TableName]));
        for (const pk of keys) {
          const q = await c().send(new QueryCommand({ TableName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: pk } }, ConsistentRead: true }));
          expect(q.Items?.map((i) => i.owner?.S)).toEqual([TableName]);
        }
      }
      // Deleting one leaves its look-alikes whole.
      await c().send(new DeleteTableCommand({ TableName: names[1]! }));
      await waitGone(c(), names[1]!);
      for (const TableName of [names[0]!, ...names.slice(2)]) {
        const got = await c().send(new GetItemCommand({ TableName, Key: { pk: { S: "k" }, sk: { S: "s" } }, ConsistentRead: true }));
        expect(got.Item?.owner?.S).toBe(TableName);
      }
    });

    it("refuses table names that could address something else", async () => {
      for (const TableName of ["a/0", "../catalog", "x y", "t:1"]) {
        await expectValidation(
          c().send(new GetItemCommand({ TableName, Key: { pk: { S: "k" } } })),
          new RegExp(`Value '${TableName.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: \\[a-zA-Z0-9_.-\\]\\+`),
        );
      }
    });

    it("does not serve the processes' internal paths on the public port", async () => {
      for (const path of ["/partition", "/catalog", "/forget", "/metrics"]) {
        const res = await fetch(`${endpoint()}${path}`, { method: "POST", body: JSON.stringify({ name: "x/0", index: 0, partitions: 1, req: { op: "Drop" } }) });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      // Nor as a DynamoDB operation name.
      const res = await rawRequest(endpoint(), { target: "DynamoDB_20120810.Drop", body: {} });
      expect(res.status).toBe(400);
      expect(String(res.json?.__type)).toMatch(/#UnknownOperationException$/);
    });
  });
}

isolationCases("1 process", inject("shvm"));
isolationCases("2 processes", inject("shvm2"));
