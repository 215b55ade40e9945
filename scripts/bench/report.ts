/** Text rendering of the engine benchmark's results (kept apart from the run logic). */
import type { PhaseFigures, Ratios } from "./engine-figures.js";

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const n0 = (v: number) => Math.round(v).toLocaleString("en-US");
const n2 = (v: number) => v.toFixed(2);
const pct = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(0));

export const RESULT_HEADER = ["operation", "target", "ops/s", "p50 ms", "p99 ms", "client CPU %", "server CPU %", "server µs/op", "machine CPU %", "errors"];

export function resultRow(operation: string, target: string, s: PhaseFigures): string[] {
  return [operation, target, n0(s.opsPerSec), n2(s.p50Ms), n2(s.p99Ms), pct(s.clientCpuPct), pct(s.serverCpuPct), pct(s.serverUsPerOp), pct(s.machineCpuPct), String(s.errors)];
}

export function oneLine(s: PhaseFigures): string {
  return `${n0(s.opsPerSec)} ops/s, p50 ${n2(s.p50Ms)} ms, p99 ${n2(s.p99Ms)} ms, client CPU ${pct(s.clientCpuPct)}%, server CPU ${pct(s.serverCpuPct)}% (${pct(s.serverUsPerOp)} µs/op), machine ${pct(s.machineCpuPct)}%, errors ${s.errors}`;
}

export function ratioLine(operation: string, r: Ratios, threshold: number): string {
  if (r.throughput === undefined) return `${operation}: engine/ceiling throughput n/a`;
  const cpu = r.cpu === undefined ? "" : `; server CPU per op, ceiling/engine: ${(r.cpu * 100).toFixed(1)}%`;
  return `${operation}: engine/ceiling throughput ${(r.throughput * 100).toFixed(1)}% (${r.throughput >= threshold ? "≥" : "<"} ${(threshold * 100).toFixed(0)}%)${cpu}`;
}
