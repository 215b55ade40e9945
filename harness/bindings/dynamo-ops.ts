/**
 * The DynamoDB binding for the project's single-operation benchmarks (bench:engine, bench:gate, bench:read):
 * the YCSB binding (dynamodb.ts) with some CoreWorkload operations mapped to another single DynamoDB call, so a
 * phase of one operation type measures exactly one kind of request through the harness's runner and recorder.
 *
 * Properties (besides the DynamoDB binding's own):
 *   dynamoops.update   updateitem (default: YCSB's update, UpdateItem; `dynamodb.api=expressions` makes it one
 *                      `SET`) | conditional-putitem (PutItem of the fields given, with `attribute_exists` on the
 *                      key: a write over an existing item only; give it `writeallfields=true`) | transaction-1
 *                      (a TransactWriteItems of one Update action `SET`ting the fields) | transaction-2 (the same on
 *                      the record and on a second item, `<key>~pair`, which the engine routes to another partition
 *                      with probability (P-1)/P: what a two-item transaction costs)
 *   dynamoops.read     getitem (default) | query (Query of every item under the key as hash key: a table whose
 *                      items share a hash key, bench:read's)
 *   dynamoops.scan     ycsb (default: YCSB's scan) | table (Scan of the whole table, page by page, as one operation)
 *   dynamoops.expectItems  items a query or a table scan must return; another count is UNEXPECTED_STATE
 *                      (a wrong answer must not pass as a fast one)
 * A table scan or query returns no records (the counts are checked instead): parsing 100,000 items into
 * records would be client work no figure asks for.
 */
import type { BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../binding.js";
import { DynamoBinding } from "./dynamodb.js";
import { dynamoOptions, intProperty, type DynamoBindingOptions } from "./dynamodb-options.js";
import { putItemBody, q, type ScanReply } from "./dynamodb-requests.js";
import type { Properties } from "../../workloads/properties.js";

export interface DynamoOpsOptions {
  update: "updateitem" | "conditional-putitem" | "transaction-1" | "transaction-2";
  read: "getitem" | "query";
  scan: "ycsb" | "table";
  /** Undefined: any count is accepted. */
  expectItems?: number;
}

function choice<T extends string>(properties: Readonly<Properties>, name: string, allowed: readonly T[]): T {
  const v = properties[name] ?? allowed[0];
  if (!(allowed as readonly string[]).includes(v as string)) throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${v}"`);
  return v as T;
}

export function dynamoOpsOptions(properties: Readonly<Properties>): DynamoOpsOptions {
  const o: DynamoOpsOptions = {
    update: choice(properties, "dynamoops.update", ["updateitem", "conditional-putitem", "transaction-1", "transaction-2"] as const),
    read: choice(properties, "dynamoops.read", ["getitem", "query"] as const),
    scan: choice(properties, "dynamoops.scan", ["ycsb", "table"] as const),
  };
  if (properties["dynamoops.expectItems"] !== undefined) o.expectItems = intProperty(properties, "dynamoops.expectItems", 0);
  return o;
}

export class DynamoOpsBinding extends DynamoBinding {
  private readonly condition: string;

  constructor(
    options: DynamoBindingOptions,
    readonly ops: DynamoOpsOptions,
  ) {
    super(options);
    this.condition = `,"ConditionExpression":"attribute_exists(#k)","ExpressionAttributeNames":{"#k":${this.ctx.pkJson}}}`;
  }

  override update(table: string, key: string, values: FieldValues): Promise<Status> {
    if (this.ops.update === "updateitem") return super.update(table, key, values);
    if (this.ops.update === "transaction-1" || this.ops.update === "transaction-2") {
      const keys = this.ops.update === "transaction-1" ? [key] : [key, `${key}~pair`];
      return this.write("TransactWriteItems", `{"TransactItems":[${keys.map((k) => this.transactUpdate(table, k, values)).join(",")}]}`);
    }
    const body = putItemBody(this.ctx, this.tableJson(table), key, values);
    return this.write("PutItem", body.slice(0, -1) + this.condition);
  }

  override async read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    if (this.ops.read === "getitem") return super.read(table, key, fields);
    const body =
      `{"TableName":${this.tableJson(table)},"KeyConditionExpression":"#k = :k","ExpressionAttributeNames":{"#k":${this.ctx.pkJson}},` +
      `"ExpressionAttributeValues":{":k":{"S":${q(key)}}}}`;
    const r = await this.http.call("Query", body);
    const failed = this.failure("Query", r);
    if (failed || !r.ok) return { status: failed ?? "ERROR" };
    const reply = this.parse<ScanReply>("Query", r.body);
    if (!reply) return { status: "ERROR" };
    return { status: this.counted(reply.Count ?? 0) };
  }

  override async scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult> {
    if (this.ops.scan === "ycsb") return super.scan(table, startKey, recordCount, fields);
    let count = 0;
    let start = "";
    do {
      const r = await this.http.call("Scan", `{"TableName":${this.tableJson(table)}${start}}`);
      const failed = this.failure("Scan", r);
      if (failed || !r.ok) return { status: failed ?? "ERROR" };
      const page = this.parse<ScanReply>("Scan", r.body);
      if (!page) return { status: "ERROR" };
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey ? `,"ExclusiveStartKey":${JSON.stringify(page.LastEvaluatedKey)}` : "";
    } while (start);
    return { status: this.counted(count) };
  }

  /** One Update action of a TransactWriteItems: `SET #f0 = :v0, ...` over the fields given. */
  private transactUpdate(table: string, key: string, values: FieldValues): string {
    const fields = Object.keys(values);
    const set = fields.map((_, i) => `#f${i} = :v${i}`).join(", ");
    const names = fields.map((f, i) => `"#f${i}":${q(f)}`).join(",");
    const vals = fields.map((f, i) => `":v${i}":{"S":${q(values[f]!)}}`).join(",");
    return (
      `{"Update":{"TableName":${this.tableJson(table)},"Key":{${this.ctx.pkJson}:{"S":${q(key)}}},"UpdateExpression":${q(`SET ${set}`)},` +
      `"ExpressionAttributeNames":{${names}},"ExpressionAttributeValues":{${vals}}}}`
    );
  }

  private counted(n: number): Status {
    if (this.ops.expectItems !== undefined) return n === this.ops.expectItems ? "OK" : "UNEXPECTED_STATE";
    return n > 0 ? "OK" : "NOT_FOUND";
  }
}

export const createBinding: BindingFactory = (properties) => new DynamoOpsBinding(dynamoOptions(properties), dynamoOpsOptions(properties));
