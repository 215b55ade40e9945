/**
 * The YCSB binding for any DynamoDB endpoint: shvm-db, dynalite, or real DynamoDB. Both the `shvm` and the
 * `dynamodb` targets use it (shvm-db speaks DynamoDB's API).
 *
 * It makes the calls YCSB's DynamoDB binding (site.ycsb.db.DynamoDBClient) makes, so results compare with
 * published YCSB numbers:
 * - read: GetItem, AttributesToGet = the fields asked for, ConsistentRead = `dynamodb.consistentReads`;
 * - insert: PutItem of the whole record (the key in `dynamodb.primaryKey`, every field a string);
 * - update: UpdateItem with AttributeUpdates, Action PUT per field (an upsert, as in YCSB);
 * - delete: DeleteItem;
 * - scan: GetItem of the start key (DynamoDB's ExclusiveStartKey is exclusive), then Scan pages with
 *   ExclusiveStartKey = the start key and Limit = what is still missing, until `recordCount` records are
 *   counted. The records therefore follow the table's order (hash order on DynamoDB and shvm-db), not key
 *   order. As in YCSB the start key counts as one record even when it is missing. (`dynamodb.consistentReads`
 *   applies to the scan's GetItem and Scan calls too; YCSB sets it on read's GetItem only.)
 * `dynamodb.api=expressions` makes the same operations with ProjectionExpression and
 * `UpdateExpression: SET ...` instead (dynamodb-requests.ts).
 *
 * Deliberate differences from YCSB's binding:
 * - a read of a missing item is NOT_FOUND (YCSB answers OK with an empty result), as harness/binding.ts asks;
 * - records come back without the key attribute (YCSB includes it), so a record is exactly its fields;
 * - a scan stops at the end of the table (YCSB's loop would start over from the table's beginning);
 * - no retries (the AWS SDK under YCSB retries throttled calls): every failure is counted as it happened;
 * - `dynamodb.primaryKey` defaults to `ycsb_key` (YCSB requires it to be set).
 *
 * Requests go over undici (keep-alive Pool) with bodies built as text: the AWS SDK's middleware stack costs
 * more client CPU than the target spends on a request, and the generator shares the machine with it.
 *
 * Properties (YCSB's names where YCSB has one):
 *   dynamodb.endpoint         URL of the endpoint (required; the targets set it)
 *   dynamodb.primaryKey       key attribute name (default ycsb_key)
 *   dynamodb.consistentReads  true|false (default false, as YCSB)
 *   dynamodb.connectMax       most connections per thread (default 50, as YCSB)
 *   dynamodb.region           signing region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
 *   dynamodb.api              legacy|expressions (default legacy)
 *   dynamodb.requestTimeoutMs bound on each request (default 10000)
 *   dynamodb.debug            true: log every failed call to stderr (default: only the first 3 per thread)
 *   dynamodb.awsCredentialsFile  YCSB's credentials file (accessKey=..., secretKey=...); else the environment
 *   dynamodb.primaryKeyType   only HASH (YCSB's default) is supported; HASH_AND_RANGE is refused
 * Credentials: the file above, or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), sign with
 * SigV4; without any, a fixed well-formed header is sent (shvm-db checks its shape only; dynalite ignores it).
 */
import type { Binding, BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../binding.js";
import { DynamoHttp, type HttpOutcome } from "./dynamodb-http.js";
import {
  deleteItemBody,
  errorStatus,
  errorType,
  getItemBody,
  itemToRecord,
  keyJson,
  putItemBody,
  q,
  scanBody,
  updateItemBody,
  type BodyContext,
  type GetItemReply,
  type ScanReply,
} from "./dynamodb-requests.js";
import { dynamoOptions, type DynamoBindingOptions } from "./dynamodb-options.js";

const QUIET_ERROR_LOGS = 3;

export class DynamoBinding implements Binding {
  protected readonly http: DynamoHttp;
  protected readonly ctx: BodyContext;
  private readonly tables = new Map<string, string>();
  private errorsLogged = 0;

  constructor(readonly options: DynamoBindingOptions) {
    this.http = new DynamoHttp({
      endpoint: options.endpoint,
      region: options.region,
      connections: options.connectMax,
      timeoutMs: options.requestTimeoutMs,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.ctx = { pkJson: q(options.primaryKey), api: options.api, consistentRead: options.consistentReads };
  }

  async cleanup(): Promise<void> {
    await this.http.close();
  }

  async read(table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    const r = await this.http.call("GetItem", getItemBody(this.ctx, this.tableJson(table), key, fields));
    const failed = this.failure("GetItem", r);
    if (failed || !r.ok) return { status: failed ?? "ERROR" };
    const reply = this.parse<GetItemReply>("GetItem", r.body);
    if (!reply) return { status: "ERROR" };
    if (reply.Item === undefined) return { status: "NOT_FOUND" };
    return { status: "OK", record: itemToRecord(reply.Item, this.options.primaryKey) };
  }

  async scan(table: string, startKey: string, recordCount: number, fields: readonly string[] | null): Promise<ScanResult> {
    const tableJson = this.tableJson(table);
    const records: FieldValues[] = [];
    const first = await this.read(table, startKey, fields);
    if (first.status === "OK" && first.record) records.push(first.record);
    else if (first.status !== "NOT_FOUND") return { status: first.status };
    let count = 1;
    let exclusiveStartKey = keyJson(this.ctx, startKey);
    while (count < recordCount) {
      const r = await this.http.call("Scan", scanBody(this.ctx, tableJson, recordCount - count, exclusiveStartKey, fields));
      const failed = this.failure("Scan", r);
      if (failed || !r.ok) return { status: failed ?? "ERROR" };
      const page = this.parse<ScanReply>("Scan", r.body);
      if (!page) return { status: "ERROR" };
      for (const item of page.Items ?? []) records.push(itemToRecord(item, this.options.primaryKey));
      count += page.Count ?? page.Items?.length ?? 0;
      if (!page.LastEvaluatedKey) break;
      exclusiveStartKey = JSON.stringify(page.LastEvaluatedKey);
    }
    return { status: "OK", records };
  }

  update(table: string, key: string, values: FieldValues): Promise<Status> {
    return this.write("UpdateItem", updateItemBody(this.ctx, this.tableJson(table), key, values));
  }

  insert(table: string, key: string, values: FieldValues): Promise<Status> {
    return this.write("PutItem", putItemBody(this.ctx, this.tableJson(table), key, values));
  }

  delete(table: string, key: string): Promise<Status> {
    return this.write("DeleteItem", deleteItemBody(this.ctx, this.tableJson(table), key));
  }

  protected async write(operation: string, body: string): Promise<Status> {
    const r = await this.http.call(operation, body);
    return this.failure(operation, r) ?? "OK";
  }

  protected tableJson(table: string): string {
    let t = this.tables.get(table);
    if (t === undefined) this.tables.set(table, (t = q(table)));
    return t;
  }

  /** The Status of a failed call, or undefined for HTTP 200. */
  protected failure(operation: string, r: HttpOutcome): Status | undefined {
    if (r.ok && r.status === 200) return undefined;
    const status: Status = r.ok ? errorStatus(r.status, errorType(r.body)) : r.timeout ? "TIMEOUT" : "ERROR";
    this.log(operation, r.ok ? `HTTP ${r.status}: ${r.body.slice(0, 300)}` : r.error);
    return status;
  }

  protected parse<T>(operation: string, body: string): T | undefined {
    try {
      return JSON.parse(body) as T;
    } catch {
      this.log(operation, `HTTP 200 with a body that is not JSON: ${body.slice(0, 300)}`);
      return undefined;
    }
  }

  private log(operation: string, what: string): void {
    if (!this.options.debug && this.errorsLogged >= QUIET_ERROR_LOGS) return;
    this.errorsLogged++;
    const more = !this.options.debug && this.errorsLogged === QUIET_ERROR_LOGS ? " (further errors of this thread are not logged; dynamodb.debug=true logs all)" : "";
    console.error(`[dynamodb binding] ${operation} on ${this.options.endpoint} failed: ${what}${more}`);
  }
}

export const createBinding: BindingFactory = (properties) => new DynamoBinding(dynamoOptions(properties));
