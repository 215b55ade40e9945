/**
 * The dashboard's charts, drawn with Observable Plot from the rows data.ts shapes. Each function returns the
 * element to put in its card: a Plot figure, or a short text when there is nothing to draw.
 */
import * as Plot from "@observablehq/plot";
import type { ErrorRow, Heatmap, LatencyRow, RestartRow, SizeRow } from "../data.js";
import { formatBytes, formatCount, formatDuration, formatSeconds, logTicks } from "../format.js";
import { textElem, type Elem } from "./dom.js";

/** Height of one partition's row: one line of 11 px text with some air. */
const ROW = 18;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const style = { fontFamily: FONT, fontSize: "11px", background: "transparent", overflow: "visible" };

/** Room for the longest y label ("usertable/12"), roughly 6.5 px a character at 11 px. */
const labelMargin = (labels: readonly string[]) => Math.min(240, Math.max(56, Math.ceil(6.6 * Math.max(0, ...labels.map((l) => l.length))) + 14));
const heightFor = (rows: number, extra: number) => Math.max(rows, 1) * ROW + extra;

export const empty = (text: string): Elem => textElem("p", text, "empty");

/** Operations per second per partition over time: one cell per partition and second, idle seconds left grey. */
export function heatmapChart(h: Heatmap, width: number): Elem {
  if (h.rows.length === 0) return empty("No partitions yet: create a table and send it requests.");
  const at = (s: number) => new Date(s * 1000);
  const max = Math.max(1, ...h.cells.map((c) => c.ops));
  return Plot.plot({
    width,
    height: heightFor(h.rows.length, 36),
    marginLeft: labelMargin(h.rows),
    marginRight: 12,
    marginTop: 6,
    marginBottom: 28,
    style,
    x: { type: "time", domain: [at(h.from), at(h.to)], label: null, ticks: 8 },
    y: { domain: h.rows, label: null, tickSize: 0, paddingInner: 0.12, paddingOuter: 0.06 },
    // Sequential, from a visible pale yellow (not white: low but non-zero traffic must show against the idle grey)
    // to dark red for the hottest cell.
    color: { type: "linear", scheme: "YlOrRd", range: [0.12, 1], domain: [0, max], legend: true, label: "operations / s" },
    marks: [
      Plot.barX(h.rows, { x1: at(h.from), x2: at(h.to), y: (d: string) => d, fill: "#eef0f3" }),
      Plot.barX(h.cells, {
        x1: (c: { t: number }) => at(c.t),
        x2: (c: { t: number }) => at(c.t + 1),
        y: "label",
        fill: "ops",
        inset: 0,
        title: (c: { label: string; t: number; ops: number }) => `${c.label}\n${at(c.t).toLocaleTimeString()}: ${formatCount(c.ops)} ops/s`,
      }),
    ],
  }) as unknown as Elem;
}

const PERCENTILES = ["p50", "p90", "p99"] as const;
const PERCENTILE_COLORS = ["#4c78a8", "#f58518", "#d62728"];

/**
 * p50 / p90 / p99 per partition on a log axis, a line from p50 to p99. `idle` rows (calls before, none in the
 * window) keep their place with a note, so a partition going quiet is visible too.
 */
export function latencyChart(rows: readonly LatencyRow[], idle: readonly string[], labels: readonly string[], width: number): Elem {
  if (rows.length === 0 && idle.length === 0) return empty("No partition calls yet.");
  const points = rows.flatMap((r) => PERCENTILES.map((q) => ({ label: r.label, q, v: r[q], count: r.count })));
  const y = labels.filter((l) => idle.includes(l) || rows.some((r) => r.label === l));
  const lo = points.length ? Math.min(...points.map((p) => p.v)) / 1.6 : 0.0001;
  const hi = points.length ? Math.max(...points.map((p) => p.v)) * 1.6 : 0.01;
  const ticks = logTicks(lo, hi);
  return Plot.plot({
    width,
    height: heightFor(y.length, 40),
    marginLeft: labelMargin(y),
    marginRight: 16,
    marginTop: 6,
    marginBottom: 32,
    style,
    // Tick labels are drawn as a text mark: Plot hands a log scale's tickFormat to d3, which drops some labels.
    x: { type: "log", domain: [lo, hi], label: "latency →", labelAnchor: "right", grid: true, ticks, tickFormat: () => "" },
    y: { domain: y, label: null, tickSize: 0 },
    color: { type: "ordinal", domain: [...PERCENTILES], range: PERCENTILE_COLORS, legend: true },
    marks: [
      Plot.ruleY(rows, { y: "label", x1: "p50", x2: "p99", stroke: "#b8bec7", strokeWidth: 2 }),
      Plot.dot(points, {
        x: "v",
        y: "label",
        fill: "q",
        r: 4,
        stroke: "white",
        strokeWidth: 0.5,
        title: (p: { label: string; q: string; v: number; count: number }) => `${p.label} ${p.q}: ${formatSeconds(p.v)} (${formatCount(p.count)} calls)`,
      }),
      Plot.text(ticks, { x: (v: number) => v, text: (v: number) => formatSeconds(v), frameAnchor: "bottom", lineAnchor: "top", dy: 9, fill: "currentColor" }),
      Plot.text(idle, { y: (l: string) => l, frameAnchor: "left", dx: 4, text: () => "no calls in this window", fill: "#9ca3af", fontStyle: "italic" }),
    ],
  }) as unknown as Elem;
}

interface BarRow {
  label: string;
  value: number;
}

/** One horizontal bar per row with its value printed after it. */
export function barChart(
  rows: readonly BarRow[],
  width: number,
  o: { format: (v: number) => string; fill: string },
): Elem {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const labels = rows.map((r) => r.label);
  return Plot.plot({
    width,
    height: heightFor(rows.length, 10),
    marginLeft: labelMargin(labels),
    marginRight: 56,
    marginTop: 4,
    marginBottom: 6,
    style,
    // No x axis: every bar has its value printed after it.
    x: { domain: [0, max > 0 ? max : 1], axis: null },
    y: { domain: labels, label: null, tickSize: 0 },
    marks: [
      Plot.barX(rows, { x: "value", y: "label", fill: o.fill }),
      Plot.text(rows, { x: "value", y: "label", text: (r: BarRow) => o.format(r.value), textAnchor: "start", dx: 4, fill: "#374151" }),
    ],
  }) as unknown as Elem;
}

export function sizeCharts(rows: readonly SizeRow[], width: number): { storage: Elem; wal: Elem; items: Elem } {
  const bars = (pick: (r: SizeRow) => number | null) =>
    rows.flatMap((r) => {
      const v = pick(r);
      return v === null ? [] : [{ label: r.label, value: v }];
    });
  const storage = bars((r) => r.storageBytes);
  const wal = bars((r) => r.walBytes);
  const items = bars((r) => r.items);
  return {
    storage: storage.length ? barChart(storage, width, { format: formatBytes, fill: "#4c78a8" }) : empty("No partition has answered yet."),
    wal: wal.length
      ? barChart(wal, width, { format: formatBytes, fill: "#72b7b2" })
      : empty("Not known here: the WAL size is read from the local state folder's -wal files (not available in production)."),
    items: items.length ? barChart(items, width, { format: formatCount, fill: "#54a24b" }) : empty("Not counted yet."),
  };
}

/** Starts per partition (constructions of its Durable Object), and how long ago the last one was. */
export function restartChart(rows: readonly RestartRow[], width: number): Elem {
  const known = rows.filter((r): r is RestartRow & { restarts: number } => r.restarts !== null);
  if (known.length === 0) return empty("No partition has answered yet.");
  const labels = known.map((r) => r.label);
  const max = Math.max(1, ...known.map((r) => r.restarts));
  return Plot.plot({
    width,
    height: heightFor(known.length, 10),
    marginLeft: labelMargin(labels),
    marginRight: 110,
    marginTop: 4,
    marginBottom: 6,
    style,
    x: { domain: [0, max], axis: null },
    y: { domain: labels, label: null, tickSize: 0 },
    marks: [
      Plot.barX(known, { x: "restarts", y: "label", fill: "#9d755d" }),
      Plot.text(known, {
        x: "restarts",
        y: "label",
        text: (r: RestartRow & { restarts: number }) => `${r.restarts} · up ${r.upMs === null ? "?" : formatDuration(r.upMs)}`,
        textAnchor: "start",
        dx: 4,
        fill: "#374151",
      }),
    ],
  }) as unknown as Elem;
}

/** Errors by type over all partitions; ConditionalCheckFailed in grey, apart: a condition not met, not a fault. */
export function errorChart(rows: readonly ErrorRow[], width: number): Elem {
  if (rows.length === 0) return empty("No errors.");
  const label = (r: ErrorRow) => (r.conditional ? `${r.type.replace(/Exception$/, "")} (condition not met)` : r.type);
  const data = rows.map((r) => ({ label: label(r), value: r.count, conditional: r.conditional }));
  const labels = data.map((d) => d.label);
  const max = Math.max(1, ...data.map((d) => d.value));
  return Plot.plot({
    width,
    height: heightFor(data.length, 10),
    marginLeft: labelMargin(labels),
    marginRight: 56,
    marginTop: 4,
    marginBottom: 6,
    style,
    x: { domain: [0, max], axis: null },
    y: { domain: labels, label: null, tickSize: 0 },
    marks: [
      Plot.barX(data, { x: "value", y: "label", fill: (d: { conditional: boolean }) => (d.conditional ? "#9ca3af" : "#d62728") }),
      Plot.text(data, { x: "value", y: "label", text: (d: { value: number }) => formatCount(d.value), textAnchor: "start", dx: 4, fill: "#374151" }),
    ],
  }) as unknown as Elem;
}
