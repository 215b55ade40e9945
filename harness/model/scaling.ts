/**
 * The "hot partition is a hard ceiling" curve: with P partitions, each serving at most `ceiling` ops/s, a
 * workload whose hottest partition receives a share s of the operations cannot run faster than ceiling / s
 * (and never faster than ceiling × P). The share is computed exactly: every record's probability
 * (key-distribution.ts) summed over the records each partition owns, with the record's key string built as
 * CoreWorkload builds it ("user" + fnvhash64(n), key-name.ts) and routed as the engine routes it — the key's
 * UTF-8 bytes hashed by worker/src/model/hash.ts (two MurmurHash3 lanes), partition i of P owning the i-th of P
 * equal slices of the hash space (partitionOf, runtime-neutral, imported as is).
 *
 * Because partition i of P is exactly partitions 2i and 2i + 1 of 2P, the hottest share can only fall as P
 * doubles; it flattens at the hottest record's own probability, which no partitioning splits.
 */
import { resolveConfig, type CoreWorkloadConfig, type RequestDistribution } from "../../workloads/config.js";
import type { Properties } from "../../workloads/properties.js";
import { buildKeyName } from "../generators/key-name.js";
import { encodePartitionKey } from "../../worker/src/model/key-codec.js";
import { partitionOf } from "../../worker/src/model/hash.js";
import { keyDistribution, type KeyDistribution } from "./key-distribution.js";

/** 1, 2, 4, … 1024: the engine's range of partition counts (tag shvm:partitions). */
export const DEFAULT_PARTITION_COUNTS: readonly number[] = Array.from({ length: 11 }, (_, i) => 2 ** i);

export interface ScalingInput {
  recordcount: number;
  distribution: RequestDistribution;
  /** Per-partition ceiling, ops/s: one partition's measured throughput limit. */
  ceilingOpsPerSec: number;
  partitionCounts?: readonly number[];
  /** Any other YCSB properties (insertorder, zeropadding, operationcount, insertproportion, hotspot…, insertstart). */
  properties?: Readonly<Properties>;
  /** Scrambled Zipfian: ranks mapped one by one (key-distribution.ts). */
  exactRanks?: number;
}

export interface ScalingRow {
  partitions: number;
  /** Share of all operations that the most loaded partition receives. */
  hottestShare: number;
  /** Index of that partition. */
  hottestPartition: number;
  /** min(ceiling / hottestShare, ceiling × partitions), ops/s. */
  bound: number;
}

export interface ScalingCurve {
  distribution: RequestDistribution;
  recordcount: number;
  ceilingOpsPerSec: number;
  /** The most popular record's probability: the floor hottestShare flattens at. */
  hottestKeyShare: number;
  hottestKey: string;
  rows: ScalingRow[];
  tail: KeyDistribution["tail"];
}

export function scalingCurve(input: ScalingInput): ScalingCurve {
  if (!(input.ceilingOpsPerSec > 0)) throw new RangeError(`ceilingOpsPerSec must be positive, got ${input.ceilingOpsPerSec}`);
  const config = resolveConfig({ ...input.properties, recordcount: String(input.recordcount), requestdistribution: input.distribution });
  const dist = keyDistribution(config, input.exactRanks === undefined ? {} : { exactRanks: input.exactRanks });
  const hashes = keyHashes(config, dist);
  let hottest = 0;
  for (let i = 1; i < dist.probabilities.length; i++) if ((dist.probabilities[i] as number) > (dist.probabilities[hottest] as number)) hottest = i;
  const rows = (input.partitionCounts ?? DEFAULT_PARTITION_COUNTS).map((P) => {
    const shares = partitionShares(dist.probabilities, hashes, P);
    let hot = 0;
    for (let i = 1; i < P; i++) if ((shares[i] as number) > (shares[hot] as number)) hot = i;
    const hottestShare = shares[hot] as number;
    return { partitions: P, hottestShare, hottestPartition: hot, bound: Math.min(input.ceilingOpsPerSec / hottestShare, input.ceilingOpsPerSec * P) };
  });
  return {
    distribution: input.distribution,
    recordcount: input.recordcount,
    ceilingOpsPerSec: input.ceilingOpsPerSec,
    hottestKeyShare: dist.probabilities[hottest] as number,
    hottestKey: buildKeyName(dist.first + hottest, config.insertorder, config.zeropadding),
    rows,
    tail: dist.tail,
  };
}

/** Each record's routing hash (hi, lo interleaved), from its exact key string. */
export function keyHashes(config: Pick<CoreWorkloadConfig, "insertorder" | "zeropadding">, dist: Pick<KeyDistribution, "first" | "probabilities">): Uint32Array {
  const out = new Uint32Array(dist.probabilities.length * 2);
  for (let i = 0; i < dist.probabilities.length; i++) {
    const { hash } = encodePartitionKey("S", buildKeyName(dist.first + i, config.insertorder, config.zeropadding));
    out[2 * i] = hash.hi;
    out[2 * i + 1] = hash.lo;
  }
  return out;
}

/** Share of the operations each of P partitions receives. */
export function partitionShares(probabilities: Float64Array, hashes: Uint32Array, partitions: number): Float64Array {
  if (!Number.isSafeInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  const shares = new Float64Array(partitions);
  for (let i = 0; i < probabilities.length; i++) {
    const p = partitionOf({ hi: hashes[2 * i] as number, lo: hashes[2 * i + 1] as number }, partitions);
    shares[p] = (shares[p] as number) + (probabilities[i] as number);
  }
  return shares;
}
