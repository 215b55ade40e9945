/**
 * The probability with which a run-phase operation picks each record, computed from the generators' own
 * arithmetic (as CoreWorkload builds them: core-workload.ts createKeyChooser and nextKeynum), not by sampling.
 *
 * - uniform: 1/n over insertstart … insertstart + insertcount − 1.
 * - hotspot: hotopnfraction spread over the first hotdatafraction of those records, the rest over the others.
 * - latest: record (recordcount − 1) − rank, rank from a Zipfian over recordcount − 1 items (so record 0 is never
 *   chosen, as in YCSB).
 * - zipfian (scrambled): a Zipfian rank over 10^10 + 1 items, scattered by fnvhash64(rank) mod itemcount with
 *   itemcount = insertcount + expectednewkeys + 1 (YCSB's inclusive bound); draws beyond the last loaded record
 *   are drawn again (nextKeynum), i.e. the distribution is conditioned on the loaded records. Ranks below
 *   `exactRanks` are mapped one by one; the remaining ranks (each below ~1e-8) are spread over the keys by their
 *   expectation, as if fnvhash64 mod itemcount were uniform. The error this leaves in any set of keys' share has a
 *   standard deviation of at most sqrt(P(rank = exactRanks) · tailMass) (reported as `tailStdBound`).
 *
 * The table is the loaded one: run-phase inserts (workloads D, E) are not modelled.
 */
import type { CoreWorkloadConfig } from "../../workloads/config.js";
import { effectiveRecordCount } from "../../workloads/config.js";
import { expectedNewKeys } from "../generators/core-workload.js";
import { fnvhash64Mod } from "../generators/fnvhash64.js";
import { HotspotIntegerGenerator } from "../generators/hotspot-integer-generator.js";
import { ScrambledZipfianGenerator, ITEM_COUNT, ZETAN } from "../generators/scrambled-zipfian-generator.js";
import { ZipfianGenerator } from "../generators/zipfian-generator.js";
import { ZipfianRankMass } from "./zipfian-mass.js";

/** Ranks of the scrambled Zipfian mapped one by one by default (about a second); see the header. */
export const DEFAULT_EXACT_RANKS = 1 << 22;

export type KeyDistributionConfig = Pick<
  CoreWorkloadConfig,
  | "recordcount"
  | "insertstart"
  | "insertcount"
  | "operationcount"
  | "insertproportion"
  | "requestdistribution"
  | "hotspotdatafraction"
  | "hotspotopnfraction"
>;

export interface KeyDistribution {
  /** Record number of probabilities[0]. */
  first: number;
  /** P(an operation picks record first + i); sums to 1. */
  probabilities: Float64Array;
  /** Scrambled Zipfian only: how much of the mass was spread by expectation rather than mapped rank by rank. */
  tail: { exactRanks: number; tailMass: number; tailStdBound: number } | null;
}

export function keyDistribution(c: KeyDistributionConfig, options: { exactRanks?: number } = {}): KeyDistribution {
  const first = c.insertstart;
  const lastLoaded = c.insertstart + c.insertcount - 1;
  // nextKeynum accepts keys up to the insert sequence's last value, recordcount − 1.
  const lastReadable = effectiveRecordCount(c.recordcount) - 1;
  if (lastLoaded < first) throw new RangeError("the workload loads no records (insertcount is 0)");
  const n = lastReadable - first + 1;
  const p = new Float64Array(n);
  let tail: KeyDistribution["tail"] = null;
  switch (c.requestdistribution) {
    case "uniform": {
      const count = lastLoaded - first + 1;
      p.fill(1 / count, 0, count);
      break;
    }
    case "hotspot": {
      const g = new HotspotIntegerGenerator(first, lastLoaded, c.hotspotdatafraction, c.hotspotopnfraction);
      const hotMass = g.hotInterval === 0 ? 0 : g.coldInterval === 0 ? 1 : c.hotspotopnfraction;
      if (g.hotInterval > 0) p.fill(hotMass / g.hotInterval, 0, g.hotInterval);
      if (g.coldInterval > 0) p.fill((1 - hotMass) / g.coldInterval, g.hotInterval, g.hotInterval + g.coldInterval);
      break;
    }
    case "latest": {
      // SkewedLatestGenerator over the insert sequence, whose last value is recordcount − 1 before any insert.
      const max = lastReadable;
      if (max < 1) throw new RangeError("latest needs at least 2 records");
      const mass = new ZipfianRankMass(ZipfianGenerator.ofItems(max));
      for (let rank = 0; rank < max && max - rank >= first; rank++) {
        const i = max - rank - first;
        p[i] = (p[i] as number) + mass.mass(rank);
      }
      break;
    }
    case "zipfian": {
      const itemcount = new ScrambledZipfianGenerator(first, first + c.insertcount + expectedNewKeys(c)).itemcount;
      const gen = new ZipfianGenerator(0, ITEM_COUNT, undefined, { zetan: ZETAN });
      const mass = new ZipfianRankMass(gen);
      const exactRanks = Math.min(options.exactRanks ?? DEFAULT_EXACT_RANKS, gen.items);
      if (!(exactRanks >= 2)) throw new RangeError("exactRanks must be at least 2");
      // Over all itemcount scattered values; those past lastReadable are dropped below (redrawn by YCSB).
      const scattered = new Float64Array(itemcount);
      for (let rank = 0; rank < exactRanks; rank++) {
        const k = fnvhash64Mod(rank, itemcount);
        scattered[k] = (scattered[k] ?? 0) + mass.mass(rank);
      }
      const tailMass = exactRanks < gen.items ? mass.tailFrom(exactRanks) : 0;
      const spread = tailMass / itemcount;
      for (let k = 0; k < n && k < itemcount; k++) p[k] = (scattered[k] ?? 0) + spread;
      tail = { exactRanks, tailMass, tailStdBound: Math.sqrt(mass.mass(exactRanks) * tailMass) };
      break;
    }
    default:
      throw new Error(`requestdistribution=${c.requestdistribution} is not modelled (uniform, zipfian, latest, hotspot are)`);
  }
  normalise(p);
  return { first, probabilities: p, tail };
}

function normalise(p: Float64Array): void {
  let sum = 0;
  for (const x of p) sum += x;
  if (!(sum > 0)) throw new Error("no readable record has any probability");
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / sum;
}
