/** Plain-text renderings of the model's tables (the CLI's output). */
import { formatTable } from "../../scripts/bench/report.js";
import type { CostBreakdown } from "./cost.js";
import type { ScalingCurve } from "./scaling.js";

const n0 = (v: number) => Math.round(v).toLocaleString("en-US");

/** Enough significant digits for sums of millionths of a dollar. */
function usd(v: number | null): string {
  if (v === null) return "-";
  if (v === 0) return "0";
  return v >= 0.01 ? v.toFixed(4) : v.toPrecision(3);
}

function quantity(v: number | null): string {
  if (v === null) return "-";
  return Math.abs(v) >= 100 ? n0(v) : v.toPrecision(4);
}

export function formatCost(b: CostBreakdown): string {
  const rows = b.lines.map((l) => [l.component, l.unit, quantity(l.quantity), usd(l.unitPrice), usd(l.cost), usd(l.perMillionOps), l.priceBasis === "published" ? "" : l.priceBasis]);
  rows.push(["total", "", "", "", "", usd(b.totalPerMillionOps), ""]);
  const lines = [
    `== ${b.system}: ${n0(b.operations)} operations in ${b.seconds.toFixed(1)} s (prices as of ${b.pricesAsOf}, ${b.currency}) ==`,
    formatTable(["component", "unit", "quantity", "per unit", "run", "per M ops", "price"], rows),
  ];
  if (b.leftOut.length) lines.push(`left out of the total: ${b.leftOut.join(", ")}`);
  if (b.storagePerMonth !== null) lines.push(`stored data, whatever the traffic: ${usd(b.storagePerMonth)} per month`);
  for (const l of b.lines) if (l.note) lines.push(`${l.component}: ${l.note}`);
  for (const n of b.notes) lines.push(n);
  return lines.join("\n");
}

export function formatScaling(c: ScalingCurve): string {
  const rows = c.rows.map((r) => [String(r.partitions), String(r.hottestPartition), r.hottestShare.toFixed(5), n0(r.bound)]);
  const lines = [
    `== hot-partition bound: ${c.distribution} over ${n0(c.recordcount)} records, ${n0(c.ceilingOpsPerSec)} ops/s per partition ==`,
    formatTable(["partitions", "hottest", "hottest share", "bound ops/s"], rows),
    `hottest record ${c.hottestKey}: share ${c.hottestKeyShare.toFixed(5)} (the floor; bound at most ${n0(c.ceilingOpsPerSec / c.hottestKeyShare)} ops/s)`,
  ];
  if (c.tail) {
    lines.push(
      `exact for the first ${n0(c.tail.exactRanks)} Zipfian ranks; the other ${(c.tail.tailMass * 100).toFixed(1)} % of the mass spread by expectation (share error sd <= ${c.tail.tailStdBound.toPrecision(2)})`,
    );
  }
  return lines.join("\n");
}
