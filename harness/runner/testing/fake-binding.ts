/**
 * A binding for the generator's own tests (not a benchmark target): it answers at once, from a per-thread
 * in-memory map, and can be told through properties to misbehave.
 *
 *   fake.latencyMs=N      every call waits N ms (a timer) before answering
 *   fake.stallAfter=K     the K-th call of each binding (1-based) ...
 *   fake.stallMs=N        ... blocks for N ms (default 200): a target that stalls once
 *   fake.readStatus=S     reads answer S (e.g. NOT_FOUND) instead of looking the key up
 *   fake.missingIsOk=true reads of keys this thread never wrote answer OK (a run phase in a fresh process)
 *   fake.throwAfter=K     the K-th call throws (a broken binding)
 *   fake.hangAfter=K      the K-th call and every later one never settle (a target that stops answering)
 */
import type { Binding, BindingFactory, FieldValues, ReadResult, ScanResult, Status } from "../../binding.js";

export const createBinding: BindingFactory = (properties, threadIndex) => new FakeBinding(properties, threadIndex);

const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));

export class FakeBinding implements Binding {
  readonly records = new Map<string, FieldValues>();
  calls = 0;
  initialised = false;
  cleanedUp = false;
  private readonly latencyMs: number;
  private readonly stallAfter: number;
  private readonly stallMs: number;
  private readonly throwAfter: number;
  private readonly hangAfter: number;
  private readonly readStatus: Status | undefined;
  private readonly missingIsOk: boolean;

  constructor(properties: Readonly<Record<string, string>>, readonly threadIndex = 0) {
    this.latencyMs = num(properties["fake.latencyMs"], 0);
    this.stallAfter = num(properties["fake.stallAfter"], 0);
    this.stallMs = num(properties["fake.stallMs"], 200);
    this.throwAfter = num(properties["fake.throwAfter"], 0);
    this.hangAfter = num(properties["fake.hangAfter"], 0);
    this.readStatus = properties["fake.readStatus"] as Status | undefined;
    this.missingIsOk = properties["fake.missingIsOk"] === "true";
  }

  async init(): Promise<void> {
    this.initialised = true;
  }

  async cleanup(): Promise<void> {
    this.cleanedUp = true;
  }

  private async call(): Promise<void> {
    const n = ++this.calls;
    if (this.throwAfter > 0 && n === this.throwAfter) throw new Error(`fake binding: broken on call ${n}`);
    if (this.hangAfter > 0 && n >= this.hangAfter) await new Promise<never>(() => {});
    if (this.stallAfter > 0 && n === this.stallAfter) await new Promise((r) => setTimeout(r, this.stallMs));
    else if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }

  async read(_table: string, key: string, fields: readonly string[] | null): Promise<ReadResult> {
    await this.call();
    if (this.readStatus !== undefined) return { status: this.readStatus };
    const record = this.records.get(key);
    if (!record) return this.missingIsOk ? { status: "OK", record: {} } : { status: "NOT_FOUND" };
    return { status: "OK", record: fields === null ? { ...record } : Object.fromEntries(fields.map((f) => [f, record[f] ?? ""])) };
  }

  async scan(_table: string, startKey: string, recordCount: number): Promise<ScanResult> {
    await this.call();
    const keys = [...this.records.keys()].sort().filter((k) => k >= startKey).slice(0, recordCount);
    return { status: "OK", records: keys.map((k) => ({ ...this.records.get(k) })) };
  }

  async update(_table: string, key: string, values: FieldValues): Promise<Status> {
    await this.call();
    const record = this.records.get(key);
    if (!record) {
      if (!this.missingIsOk) return "NOT_FOUND";
      this.records.set(key, { ...values });
      return "OK";
    }
    Object.assign(record, values);
    return "OK";
  }

  async insert(_table: string, key: string, values: FieldValues): Promise<Status> {
    await this.call();
    this.records.set(key, { ...values });
    return "OK";
  }

  async delete(_table: string, key: string): Promise<Status> {
    await this.call();
    return this.records.delete(key) ? "OK" : "NOT_FOUND";
  }
}
