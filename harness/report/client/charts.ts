/**
 * The report's charts, drawn in the browser with Observable Plot from the page's ReportData. Each returns
 * the element to put in its figure.
 */
import * as Plot from "@observablehq/plot";
import { formatCount, formatSeconds, logTicks } from "../../../worker/src/dashboard/format.js";
import type { ScalingFigure } from "../model-data.js";
import type { PartitionView } from "../partition-heatmap.js";
import type { CurveSeries, ThroughputPoint } from "../report-data.js";
import type { El } from "./dom.js";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const style = { fontFamily: FONT, fontSize: "11px", background: "transparent", overflow: "visible" };
/** Tableau-like categorical colours; shvm-db (the first target) always gets the first one. */
const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];

export interface Colours {
  domain: string[];
  range: string[];
}

export const colours = (targets: readonly string[]): Colours => ({ domain: [...targets], range: targets.map((_, i) => PALETTE[i % PALETTE.length]!) });

const asEl = (x: unknown) => x as El;

export function throughputChart(points: readonly ThroughputPoint[], c: Colours, width: number): El {
  const shown = c.domain.filter((t) => points.some((p) => p.target === t));
  return asEl(
    Plot.plot({
      width,
      height: 240,
      marginLeft: 56,
      style,
      x: { label: "seconds into the measured window →", labelAnchor: "right", grid: true },
      y: { label: "↑ ops/s", grid: true, zero: true, tickFormat: (v: number) => formatCount(v) },
      color: { domain: shown, range: shown.map((t) => c.range[c.domain.indexOf(t)]!), legend: true },
      marks: [
        Plot.ruleY([0]),
        Plot.line(points, { x: "t", y: "ops", stroke: "target", strokeWidth: 2 }),
        Plot.dot(points, { x: "t", y: "ops", fill: "target", r: 2 }),
        Plot.tip(points, Plot.pointerX({ x: "t", y: "ops", stroke: "target", title: (p: ThroughputPoint) => `${p.target}\n${p.t.toFixed(1)} s: ${formatCount(Math.round(p.ops))} ops/s` })),
      ],
    }),
  );
}

/** Percentile ticks that fit below `maxX` on the 1/(1−p) axis: 0 %, 50 %, 90 %, 99 %, 99.9 %, … */
export function percentileTicks(maxX: number): { x: number; label: string }[] {
  const ticks = [
    { x: 1, label: "0%" },
    { x: 2, label: "50%" },
  ];
  for (let e = 1; 10 ** e <= maxX * 1.0001; e++) ticks.push({ x: 10 ** e, label: `${(100 - 100 / 10 ** e).toFixed(Math.max(0, e - 2))}%` });
  return ticks;
}

interface LinePoint {
  target: string;
  from: string;
  x: number;
  percentile: number;
  s: number;
}

const flatten = (curves: readonly CurveSeries[]): LinePoint[] =>
  curves.flatMap((c) => c.points.map((p) => ({ target: c.target, from: c.from, x: p.x, percentile: p.percentile, s: p.us / 1e6 })));

/**
 * HdrHistogram's percentile plot: x = 1/(1−p) on a log axis, y = latency on a log axis (targets an order of
 * magnitude apart stay readable). Solid lines for `solid` series, dashed for the others (intended vs actual).
 */
export function percentileChart(curves: readonly CurveSeries[], c: Colours, width: number, solid: CurveSeries["from"] | "all" = "all"): El {
  const points = flatten(curves);
  const maxX = Math.max(2, ...points.map((p) => p.x));
  const lo = Math.max(1e-6, Math.min(...points.map((p) => p.s))) / 1.3;
  const hi = Math.max(...points.map((p) => p.s)) * 1.3;
  const shown = c.domain.filter((t) => curves.some((s) => s.target === t));
  const ticks = percentileTicks(maxX);
  const yTicks = logTicks(lo, hi, 6);
  const line = (data: LinePoint[], dashed: boolean) =>
    Plot.line(data, { x: "x", y: "s", stroke: "target", z: (p: LinePoint) => `${p.target} ${p.from}`, strokeWidth: dashed ? 1.5 : 2, ...(dashed ? { strokeDasharray: "5,3" } : {}), curve: "step-after" });
  const isSolid = (p: LinePoint) => solid === "all" || p.from === solid;
  return asEl(
    Plot.plot({
      width,
      height: 260,
      marginLeft: 60,
      marginBottom: 36,
      style,
      x: { type: "log", domain: [1, maxX], label: "percentile →", labelAnchor: "right", ticks: ticks.map((t) => t.x), tickFormat: (v: number) => ticks.find((t) => Math.abs(t.x - v) < 1e-9 * v)?.label ?? "", grid: true },
      y: { type: "log", domain: [lo, hi], label: "↑ latency", ticks: yTicks, tickFormat: (v: number) => formatSeconds(v), grid: true },
      color: { domain: shown, range: shown.map((t) => c.range[c.domain.indexOf(t)]!), legend: true },
      marks: [
        line(points.filter(isSolid), false),
        line(points.filter((p) => !isSolid(p)), true),
        Plot.tip(points, Plot.pointer({ x: "x", y: "s", stroke: "target", title: (p: LinePoint) => `${p.target}${p.from === "intended" ? " (intended)" : ""}\np${p.percentile.toFixed(p.percentile >= 99 ? 3 : 1)}: ${formatSeconds(p.s)}` })),
      ],
    }),
  );
}

/** Operations per second per partition and sample interval: a hot partition is a dark row. */
export function heatmapChart(v: PartitionView, width: number): El {
  const max = Math.max(1, ...v.cells.map((c) => c.qps));
  const share = new Map(v.partitions.map((p) => [p.label, p.share]));
  const top = Math.max(0, ...v.partitions.map((p) => p.share));
  const rowHeight = v.rows.length > 24 ? 10 : 18;
  return asEl(
    Plot.plot({
      width,
      height: Math.max(1, v.rows.length) * rowHeight + 44,
      marginLeft: Math.min(200, 14 + 7 * Math.max(4, ...v.rows.map((r) => r.length))),
      marginBottom: 32,
      marginRight: 52,
      style,
      x: { domain: [Math.min(v.from, 0), Math.max(v.to, v.windowSeconds)], label: "seconds into the measured window →", labelAnchor: "right" },
      y: { domain: v.rows, label: null, tickSize: 0, paddingInner: 0.1 },
      // Pale yellow (low but non-zero traffic must show against the idle grey) to dark red, from 0 as the live
      // dashboard: a partition at 1.3x the others looks 1.3x as dark, not like a hot spot.
      color: { type: "linear", scheme: "YlOrRd", range: [0.12, 1], domain: [0, max], legend: true, label: "operations / s" },
      marks: [
        Plot.barX(v.rows, { x1: v.from, x2: v.to, y: (r: string) => r, fill: "#eef0f3" }),
        Plot.barX(v.cells, {
          x1: "t0",
          x2: "t1",
          y: "row",
          fill: "qps",
          inset: 0,
          title: (c: { row: string; t0: number; t1: number; qps: number }) => `${c.row}\n${c.t0.toFixed(1)}–${c.t1.toFixed(1)} s: ${formatCount(Math.round(c.qps))} ops/s`,
        }),
        Plot.ruleX([0, v.windowSeconds], { stroke: "#374151", strokeDasharray: "4,3" }),
        // Each row's share of the measured window's operations, the busiest in bold: the hot one by number.
        ...[false, true].map((bold) =>
          Plot.text(
            v.rows.filter((r) => (top > 0 && share.get(r) === top) === bold),
            { y: (r: string) => r, frameAnchor: "right", textAnchor: "start", dx: 6, text: (r: string) => `${(100 * (share.get(r) ?? 0)).toFixed(1)} %`, fontWeight: bold ? "bold" : "normal" },
          ),
        ),
      ],
    }),
  );
}


/** The hot-partition bound against the partition count (log 2), the linear ideal (dashed) for comparison, and the run as a dot. */
export function scalingChart(s: ScalingFigure, width: number): El {
  const ideal = s.rows.map((r) => ({ partitions: r.partitions, bound: s.ceilingOpsPerSec * r.partitions }));
  const hi = Math.max(...s.rows.map((r) => r.bound), s.measured.throughput) * 1.5;
  return asEl(
    Plot.plot({
      width,
      height: 260,
      marginLeft: 60,
      style,
      x: { type: "log", base: 2, label: "partitions →", labelAnchor: "right", grid: true, tickFormat: (v: number) => String(v) },
      y: { type: "log", domain: [Math.min(s.ceilingOpsPerSec, s.measured.throughput) / 1.5, hi], label: "↑ ops/s", grid: true, tickFormat: (v: number) => formatCount(v) },
      marks: [
        Plot.line(ideal, { x: "partitions", y: "bound", stroke: "#9ca3af", strokeDasharray: "4,3", clip: true }),
        Plot.line(s.rows, { x: "partitions", y: "bound", stroke: "#4269d0", strokeWidth: 2 }),
        Plot.dot(s.rows, { x: "partitions", y: "bound", fill: "#4269d0", r: 2.5, title: (r: ScalingFigure["rows"][number]) => `${r.partitions} partitions: ${formatCount(Math.round(r.bound))} ops/s (hottest ${(100 * r.hottestShare).toFixed(1)} %)` }),
        Plot.dot([s.measured], { x: "partitions", y: "throughput", fill: "#d62728", r: 5, stroke: "white" }),
        Plot.text([s.measured], { x: "partitions", y: "throughput", text: () => "this run", dx: 8, textAnchor: "start", fill: "#d62728" }),
      ],
    }),
  );
}
