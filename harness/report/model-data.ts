/**
 * The report's cost and scaling figures, from harness/model/ (cost.ts, scaling.ts, prices.json): per phase with a
 * shvm-db run, what a million of its operations would cost on Cloudflare (from the partition counters it sampled)
 * and on DynamoDB on-demand (from the same workload's calls, by DynamoDB's rules), and the hot-partition scaling
 * bound of its key distribution, taking the hottest partition's measured rate as one partition's ceiling.
 *
 * A figure the model cannot give (no samples, a distribution it does not model) becomes a note: the model
 * never stops a report.
 */
import { resolveConfig, REQUEST_DISTRIBUTIONS, type RequestDistribution } from "../../workloads/config.js";
import {
  callCountsFromResult,
  costPerMillion,
  dynamoCostPerMillion,
  dynamoUnitsFromWorkload,
  loadPrices,
  scalingCurve,
  totalsFromResult,
  type CostBreakdown,
  type Prices,
  type ScalingRow,
} from "../model/index.js";
import type { YcsbResult } from "../results/result-file.js";
import type { PhaseGroup } from "./inputs.js";
import { BASELINE_TARGET } from "./latency-table.js";
import type { PartitionView } from "./partition-heatmap.js";

export interface CostSummary {
  system: string;
  totalPerMillionOps: number;
  leftOut: string[];
  lines: { component: string; perMillionOps: number | null; note?: string }[];
}

export interface ScalingFigure {
  /** One partition's ceiling the curve assumes: the hottest partition's rate in the run, ops/s (a lower bound). */
  ceilingOpsPerSec: number;
  distribution: RequestDistribution;
  recordcount: number;
  rows: ScalingRow[];
  hottestKeyShare: number;
  /** What the run measured: its partition count, throughput and hottest partition. */
  measured: { partitions: number; throughput: number; hottest: string; hottestShare: number };
  /** The model's hottest partition and share at the measured partition count. */
  predicted?: { partition: number; share: number };
}

export interface ModelPhase {
  phaseIndex: number;
  cost: CostSummary[];
  scaling?: ScalingFigure;
  notes: string[];
}

export interface ModelData {
  pricesAsOf: string;
  currency: string;
  phases: ModelPhase[];
}

const summary = (b: CostBreakdown): CostSummary => ({
  system: b.system,
  totalPerMillionOps: b.totalPerMillionOps,
  leftOut: b.leftOut,
  lines: b.lines.map((l) => ({ component: l.component, perMillionOps: l.perMillionOps, ...(l.note ? { note: l.note } : {}) })),
});

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function costs(r: YcsbResult, prices: Prices, notes: string[]): CostSummary[] {
  const out: CostSummary[] = [];
  try {
    out.push(summary(costPerMillion(totalsFromResult(r), prices)));
  } catch (e) {
    notes.push(`shvm-db cost: ${message(e)}`);
  }
  try {
    const units = dynamoUnitsFromWorkload(resolveConfig(r.workload.properties), {
      operations: r.overall.operations,
      seconds: r.overall.runTimeMs / 1000,
      calls: callCountsFromResult(r),
      itemOverheadBytes: prices.dynamodb.itemOverheadBytes.value ?? 0,
    });
    out.push(summary(dynamoCostPerMillion(units, prices)));
  } catch (e) {
    notes.push(`DynamoDB cost: ${message(e)}`);
  }
  return out;
}

function scaling(r: YcsbResult, view: PartitionView | undefined, notes: string[]): ScalingFigure | undefined {
  const distribution = r.workload.properties.requestdistribution as RequestDistribution | undefined;
  const recordcount = Number(r.workload.properties.recordcount);
  if (!distribution || !(REQUEST_DISTRIBUTIONS as readonly string[]).includes(distribution) || !(recordcount > 0)) return undefined;
  const hottest = [...(view?.partitions ?? [])].sort((a, b) => b.share - a.share)[0];
  if (!view || !hottest || hottest.share === 0) {
    notes.push("scaling model: no partition samples to take a per-partition rate from");
    return undefined;
  }
  const ceilingOpsPerSec = r.overall.throughput * hottest.share;
  try {
    const curve = scalingCurve({ recordcount, distribution, ceilingOpsPerSec, properties: r.workload.properties });
    const partitions = view.partitions.length;
    const at = curve.rows.find((row) => row.partitions === partitions);
    return {
      ceilingOpsPerSec,
      distribution,
      recordcount,
      rows: curve.rows,
      hottestKeyShare: curve.hottestKeyShare,
      measured: { partitions, throughput: r.overall.throughput, hottest: hottest.label, hottestShare: hottest.share },
      ...(at ? { predicted: { partition: at.hottestPartition, share: at.hottestShare } } : {}),
    };
  } catch (e) {
    notes.push(`scaling model: ${message(e)}`);
    return undefined;
  }
}

/** The model's figures for each run phase with a shvm-db result; undefined when the price file cannot be read. */
export function modelData(groups: readonly PhaseGroup[], views: readonly (PartitionView | undefined)[]): ModelData | undefined {
  let prices: Prices;
  try {
    prices = loadPrices();
  } catch {
    return undefined;
  }
  const phases: ModelPhase[] = [];
  groups.forEach((g, phaseIndex) => {
    const shvm = g.runs.find((r) => r.result.target.name === BASELINE_TARGET)?.result;
    if (g.phase !== "run" || !shvm) return;
    const notes: string[] = [];
    const cost = costs(shvm, prices, notes);
    const figure = scaling(shvm, views[phaseIndex], notes);
    phases.push({ phaseIndex, cost, ...(figure ? { scaling: figure } : {}), notes });
  });
  return phases.length ? { pricesAsOf: prices.asOf, currency: prices.currency, phases } : undefined;
}
