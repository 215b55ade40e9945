/**
 * Reading the run settings the `ycsb` and `lab` commands share, from flags first, then from YCSB's own
 * properties (as YCSB's command line sets them: -threads → threadcount, -target → target), then defaults.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Properties } from "../../workloads/properties.js";
import type { RunSettings } from "../runner/run-phase.js";

export class UsageError extends Error {
  override name = "UsageError";
}

export function parsePositiveInt(raw: string, what: string): number {
  const s = raw.trim();
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${what} must be a positive integer, got "${raw}"`);
  return n;
}

export function parseNonNegative(raw: string, what: string): number {
  const n = raw.trim() === "" ? NaN : Number(raw.trim());
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${what} must be a non-negative number, got "${raw}"`);
  return n;
}

// One definition of the run settings, beside the phase that runs with them.
export type { RunSettings } from "../runner/run-phase.js";

/** The parseArgs options `ycsb` and `lab` both take: -p, --endpoint, the run settings' flags, -q and -h. */
export const COMMON_FLAGS = {
  p: { type: "string", short: "p", multiple: true },
  endpoint: { type: "string" },
  threads: { type: "string" },
  concurrency: { type: "string" },
  "target-rate": { type: "string" },
  warmup: { type: "string" },
  seed: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses a command's arguments strictly (positionals allowed): its own options and COMMON_FLAGS. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], own: O) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...own, ...COMMON_FLAGS } });
}

export interface SettingFlags {
  threads?: string;
  concurrency?: string;
  "target-rate"?: string;
  warmup?: string;
  seed?: string;
}

/**
 * Flags win over properties: --threads over threadcount, --concurrency over concurrency, --target-rate over
 * target (YCSB's -target; 0 means unthrottled there and here), -p maxexecutiontime (seconds, 0 = none), --seed
 * over seed (default: a random seed, recorded in the results).
 */
export function runSettings(flags: SettingFlags, props: Readonly<Properties>, defaults: { threads: number; concurrency: number; warmupSeconds: number }): RunSettings {
  const threads = flags.threads ?? props.threadcount;
  const concurrency = flags.concurrency ?? props.concurrency;
  const rateRaw = flags["target-rate"] ?? props.target;
  const rate = rateRaw === undefined ? 0 : parseNonNegative(rateRaw, flags["target-rate"] !== undefined ? "--target-rate" : "target");
  const maxRaw = props.maxexecutiontime;
  const maxExecution = maxRaw === undefined ? 0 : parseNonNegative(maxRaw, "maxexecutiontime");
  const seedRaw = flags.seed ?? props.seed;
  let seed: number;
  if (seedRaw === undefined) seed = Math.floor(Math.random() * 2 ** 48);
  else {
    seed = Number(seedRaw.trim());
    if (!/^-?\d+$/.test(seedRaw.trim()) || !Number.isSafeInteger(seed)) throw new UsageError(`seed must be an integer, got "${seedRaw}"`);
  }
  return {
    threads: threads === undefined ? defaults.threads : parsePositiveInt(threads, flags.threads !== undefined ? "--threads" : "threadcount"),
    concurrency: concurrency === undefined ? defaults.concurrency : parsePositiveInt(concurrency, flags.concurrency !== undefined ? "--concurrency" : "concurrency"),
    targetRate: rate > 0 ? rate : null,
    warmupSeconds: flags.warmup === undefined ? defaults.warmupSeconds : parseNonNegative(flags.warmup, "--warmup"),
    maxExecutionTime: maxExecution > 0 ? maxExecution : null,
    seed,
  };
}
