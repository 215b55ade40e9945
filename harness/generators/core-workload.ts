/**
 * YCSB's CoreWorkload as an operation stream: the same generators, built from the same properties, consumed
 * in the same order, but instead of calling a DB it returns the operation to perform. The load generator
 * executes it against a Binding (harness/binding.ts).
 *
 * Each client thread has a CoreWorkload of its own (generator state such as Zipfian's is per thread; see
 * harness/runner/thread-workload.ts) and passes its own Rng (see rng.ts) — YCSB's ThreadLocalRandom. What the
 * threads must share, the run-phase insert sequence and its acknowledgement window, comes in as
 * `insertSequence` (a SharedAcknowledgedCounter); a load thread starts its key sequence at its own slice
 * (`options.loadStart`).
 *
 * Load phase: `nextInsert(rng)` gives inserts of keys loadStart (default insertstart), loadStart+1, ...
 * Run phase: `nextOperation(rng)`. A transaction insert (`acknowledge: true`) takes the next record number
 * from recordcount on; once the binding has answered (success or not, as YCSB does in a finally), call
 * `acknowledgeInsert(op.keynum)` — until then readers never choose that record or any after it.
 */
import type { CoreWorkloadConfig } from "../../workloads/config.js";
import { effectiveRecordCount } from "../../workloads/config.js";
import type { FieldValues, Status } from "../binding.js";
import { AcknowledgedCounterGenerator } from "./acknowledged-counter-generator.js";
import { CounterGenerator } from "./counter-generator.js";
import { DiscreteGenerator } from "./discrete-generator.js";
import { ExponentialGenerator } from "./exponential-generator.js";
import { createFieldLengthGenerator } from "./field-length-generator.js";
import { HotspotIntegerGenerator } from "./hotspot-integer-generator.js";
import { buildKeyName } from "./key-name.js";
import type { NumberGenerator } from "./number-generator.js";
import { deterministicValue, randomValue } from "./random-value.js";
import type { Rng } from "./rng.js";
import { ScrambledZipfianGenerator } from "./scrambled-zipfian-generator.js";
import { SequentialGenerator } from "./sequential-generator.js";
import { SkewedLatestGenerator } from "./skewed-latest-generator.js";
import { UniformLongGenerator } from "./uniform-long-generator.js";
import { ZipfianGenerator } from "./zipfian-generator.js";

export type OperationType = "read" | "update" | "insert" | "scan" | "readmodifywrite";

interface KeyedOperation {
  table: string;
  /** Record number the key was built from. */
  keynum: number;
  key: string;
}

export interface ReadOperation extends KeyedOperation {
  type: "read";
  /** null: all fields. */
  fields: readonly string[] | null;
}

export interface UpdateOperation extends KeyedOperation {
  type: "update";
  values: FieldValues;
}

export interface InsertOperation extends KeyedOperation {
  type: "insert";
  values: FieldValues;
  /** true for run-phase inserts: call acknowledgeInsert(keynum) when the binding has answered. */
  acknowledge: boolean;
}

export interface ScanOperation extends KeyedOperation {
  type: "scan";
  /** The start key (same as `key`). */
  startKey: string;
  recordCount: number;
  fields: readonly string[] | null;
}

export interface ReadModifyWriteOperation extends KeyedOperation {
  type: "readmodifywrite";
  /** Fields to read (null: all). */
  fields: readonly string[] | null;
  /** Fields to write back. */
  values: FieldValues;
}

export type Operation = ReadOperation | UpdateOperation | InsertOperation | ScanOperation | ReadModifyWriteOperation;

/**
 * The run-phase insert key sequence (YCSB's transactioninsertkeysequence): next() hands out record numbers,
 * last() is the highest one below which every insert was acknowledged. By default an
 * AcknowledgedCounterGenerator of this workload's own; the load generator passes one shared by all threads.
 */
export interface InsertKeySequence {
  next(): number;
  last(): number;
  acknowledge(value: number): void;
}

export class CoreWorkload {
  readonly table: string;
  readonly fieldnames: readonly string[];
  /** recordcount as CoreWorkload uses it (0 in the config becomes Integer.MAX_VALUE). */
  readonly recordcount: number;
  private readonly keysequence: CounterGenerator;
  private readonly operationchooser: DiscreteGenerator<OperationType>;
  private readonly transactioninsertkeysequence: InsertKeySequence;
  private readonly keychooser: NumberGenerator;
  private readonly exponentialKeys: boolean;
  private readonly fieldchooser: UniformLongGenerator;
  private readonly fieldlengthgenerator: NumberGenerator;
  private readonly scanlength: NumberGenerator;

  /**
   * `insertSequence` must start where this workload's would: after record recordcount - 1. `options.loadStart`:
   * the first record number nextInsert gives (a load thread's slice, within insertstart .. insertstart +
   * insertcount); the request key chooser still spans the whole loaded range, as the config says.
   */
  constructor(
    readonly config: CoreWorkloadConfig,
    insertSequence?: InsertKeySequence,
    options: { loadStart?: number } = {},
  ) {
    const c = config;
    this.table = c.table;
    this.fieldnames = Object.freeze(Array.from({ length: c.fieldcount }, (_, i) => `${c.fieldnameprefix}${i}`));
    this.fieldlengthgenerator = createFieldLengthGenerator(c);
    this.recordcount = effectiveRecordCount(c.recordcount);
    const loadStart = options.loadStart ?? c.insertstart;
    if (!Number.isSafeInteger(loadStart) || loadStart < c.insertstart || loadStart > c.insertstart + c.insertcount) {
      throw new RangeError(`loadStart ${loadStart} is outside insertstart .. insertstart + insertcount (${c.insertstart} .. ${c.insertstart + c.insertcount})`);
    }
    this.keysequence = new CounterGenerator(loadStart);
    this.operationchooser = createOperationChooser(c);
    this.transactioninsertkeysequence = insertSequence ?? new AcknowledgedCounterGenerator(this.recordcount);
    if (this.transactioninsertkeysequence.last() !== this.recordcount - 1) {
      throw new Error(`insert sequence starts after ${this.transactioninsertkeysequence.last()}, the workload's after ${this.recordcount - 1}`);
    }
    this.exponentialKeys = c.requestdistribution === "exponential";
    this.keychooser = this.createKeyChooser();
    this.fieldchooser = new UniformLongGenerator(0, c.fieldcount - 1);
    this.scanlength =
      c.scanlengthdistribution === "zipfian"
        ? new ZipfianGenerator(c.minscanlength, c.maxscanlength)
        : new UniformLongGenerator(c.minscanlength, c.maxscanlength);
  }

  /** A view bound to one thread's Rng. */
  forThread(rng: Rng): CoreWorkloadThread {
    return new CoreWorkloadThread(this, rng);
  }

  /** Key name of record `keynum` (insertorder, zeropadding). */
  buildKeyName(keynum: number): string {
    return buildKeyName(keynum, this.config.insertorder, this.config.zeropadding);
  }

  /** Load phase (YCSB doInsert): the next record of the initial data set. */
  nextInsert(rng: Rng): InsertOperation {
    const keynum = this.keysequence.next();
    const key = this.buildKeyName(keynum);
    return { type: "insert", table: this.table, keynum, key, values: this.buildValues(rng, key), acknowledge: false };
  }

  /** Run phase (YCSB doTransaction): the next operation, chosen per the proportions. */
  nextOperation(rng: Rng): Operation {
    switch (this.operationchooser.next(rng)) {
      case "read":
        return this.nextRead(rng);
      case "update":
        return this.nextUpdate(rng);
      case "insert":
        return this.nextTransactionInsert(rng);
      case "scan":
        return this.nextScan(rng);
      default:
        return this.nextReadModifyWrite(rng);
    }
  }

  /** Releases a run-phase insert's record number to readers (call after the binding answered, whatever it said). */
  acknowledgeInsert(keynum: number): void {
    this.transactioninsertkeysequence.acknowledge(keynum);
  }

  /** The highest record number readers may choose now. */
  get maxReadableKeynum(): number {
    return this.transactioninsertkeysequence.last();
  }

  /** New values for every field (random, or deterministic when dataintegrity). */
  buildValues(rng: Rng, key: string): FieldValues {
    const values: FieldValues = {};
    for (const field of this.fieldnames) values[field] = this.buildValue(rng, key, field);
    return values;
  }

  /** A new value for one randomly chosen field. */
  buildSingleValue(rng: Rng, key: string): FieldValues {
    const field = this.fieldnames[this.fieldchooser.next(rng)] as string;
    return { [field]: this.buildValue(rng, key, field) };
  }

  /**
   * dataintegrity check of a read's result (YCSB verifyRow): OK when every returned field holds its
   * deterministic value, UNEXPECTED_STATE when one does not, ERROR when nothing came back.
   */
  verifyRow(key: string, cells: FieldValues | undefined): Status {
    const entries = cells === undefined ? [] : Object.entries(cells);
    if (entries.length === 0) return "ERROR";
    const size = this.config.fieldlength; // dataintegrity requires constant field lengths
    for (const [field, value] of entries) {
      if (value !== deterministicValue(key, field, size)) return "UNEXPECTED_STATE";
    }
    return "OK";
  }

  private buildValue(rng: Rng, key: string, field: string): string {
    const size = this.fieldlengthgenerator.next(rng);
    return this.config.dataintegrity ? deterministicValue(key, field, size) : randomValue(rng, size);
  }

  private nextKeynum(rng: Rng): number {
    const seq = this.transactioninsertkeysequence;
    let keynum: number;
    if (this.exponentialKeys) {
      do keynum = seq.last() - Math.trunc(this.keychooser.next(rng));
      while (keynum < 0);
    } else {
      do keynum = this.keychooser.next(rng);
      while (keynum > seq.last());
    }
    return keynum;
  }

  private oneRandomField(rng: Rng): string[] {
    return [this.fieldnames[this.fieldchooser.next(rng)] as string];
  }

  private nextRead(rng: Rng): ReadOperation {
    const keynum = this.nextKeynum(rng);
    const key = this.buildKeyName(keynum);
    let fields: readonly string[] | null = null;
    if (!this.config.readallfields) fields = this.oneRandomField(rng);
    else if (this.config.dataintegrity) fields = this.fieldnames;
    return { type: "read", table: this.table, keynum, key, fields };
  }

  private nextUpdate(rng: Rng): UpdateOperation {
    const keynum = this.nextKeynum(rng);
    const key = this.buildKeyName(keynum);
    const values = this.config.writeallfields ? this.buildValues(rng, key) : this.buildSingleValue(rng, key);
    return { type: "update", table: this.table, keynum, key, values };
  }

  private nextTransactionInsert(rng: Rng): InsertOperation {
    const keynum = this.transactioninsertkeysequence.next();
    const key = this.buildKeyName(keynum);
    return { type: "insert", table: this.table, keynum, key, values: this.buildValues(rng, key), acknowledge: true };
  }

  private nextScan(rng: Rng): ScanOperation {
    const keynum = this.nextKeynum(rng);
    const key = this.buildKeyName(keynum);
    const recordCount = this.scanlength.next(rng);
    const fields = this.config.readallfields ? null : this.oneRandomField(rng);
    return { type: "scan", table: this.table, keynum, key, startKey: key, recordCount, fields };
  }

  private nextReadModifyWrite(rng: Rng): ReadModifyWriteOperation {
    const keynum = this.nextKeynum(rng);
    const key = this.buildKeyName(keynum);
    const fields = this.config.readallfields ? null : this.oneRandomField(rng);
    const values = this.config.writeallfields ? this.buildValues(rng, key) : this.buildSingleValue(rng, key);
    return { type: "readmodifywrite", table: this.table, keynum, key, fields, values };
  }

  private createKeyChooser(): NumberGenerator {
    const c = this.config;
    const first = c.insertstart;
    const lastLoaded = c.insertstart + c.insertcount - 1;
    switch (c.requestdistribution) {
      case "uniform":
        return new UniformLongGenerator(first, lastLoaded);
      case "sequential":
        return new SequentialGenerator(first, lastLoaded);
      case "hotspot":
        return new HotspotIntegerGenerator(first, lastLoaded, c.hotspotdatafraction, c.hotspotopnfraction);
      case "latest":
        return new SkewedLatestGenerator(this.transactioninsertkeysequence);
      case "exponential":
        return ExponentialGenerator.fromPercentile(c["exponential.percentile"], this.recordcount * c["exponential.frac"]);
      case "zipfian": {
        // The key space is sized for the inserts expected during the run (YCSB's fudge factor 2), so the
        // modulus — and with it which keys are hot — does not change as records are added; draws beyond the
        // records readable so far are redrawn by nextKeynum. (YCSB's upper bound is inclusive: one extra item.)
        return new ScrambledZipfianGenerator(first, first + c.insertcount + expectedNewKeys(c));
      }
      default:
        throw new Error(`Unknown request distribution "${String(c.requestdistribution)}"`);
    }
  }
}

/**
 * YCSB's expectednewkeys: the run's inserts the zipfian key space is sized for, operationcount × insertproportion
 * × 2. With operationcount=0 (a run bounded by maxexecutiontime only) it is 0, as in YCSB.
 */
export function expectedNewKeys(c: Pick<CoreWorkloadConfig, "operationcount" | "insertproportion">): number {
  return Math.trunc(c.operationcount * c.insertproportion * 2.0);
}

function createOperationChooser(c: CoreWorkloadConfig): DiscreteGenerator<OperationType> {
  const chooser = new DiscreteGenerator<OperationType>();
  // Same order as YCSB, zero weights left out.
  if (c.readproportion > 0) chooser.add(c.readproportion, "read");
  if (c.updateproportion > 0) chooser.add(c.updateproportion, "update");
  if (c.insertproportion > 0) chooser.add(c.insertproportion, "insert");
  if (c.scanproportion > 0) chooser.add(c.scanproportion, "scan");
  if (c.readmodifywriteproportion > 0) chooser.add(c.readmodifywriteproportion, "readmodifywrite");
  return chooser;
}

/** A CoreWorkload bound to one thread's Rng: the stream a client thread consumes. */
export class CoreWorkloadThread {
  constructor(
    readonly workload: CoreWorkload,
    readonly rng: Rng,
  ) {}

  nextInsert(): InsertOperation {
    return this.workload.nextInsert(this.rng);
  }

  nextOperation(): Operation {
    return this.workload.nextOperation(this.rng);
  }

  acknowledgeInsert(keynum: number): void {
    this.workload.acknowledgeInsert(keynum);
  }
}
