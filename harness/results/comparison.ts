/**
 * The lab's side-by-side table: per workload, one row per target with throughput, p50/p99 per operation and
 * the throughput ratio to shvm-db.
 */
import type { YcsbResult } from "./result-file.js";

export interface ComparisonRow {
  target: string;
  /** "ok" rows carry numbers; the others say why there are none. */
  status: "ok" | "skipped" | "failed";
  note?: string;
  throughput?: number;
  /** Operation → p50 / p99 µs (successful operations). */
  latency?: Record<string, { p50: number; p99: number }>;
  /** Failed operations (all -FAILED series). */
  failed?: number;
  /** throughput ÷ shvm's throughput in the same table. */
  ratioToShvm?: number;
  warnings?: number;
}

export interface ComparisonTable {
  title: string;
  operations: string[];
  rows: ComparisonRow[];
}

/** The operations a table shows: the workload's own (not VERIFY/CLEANUP, not the -FAILED series). */
const SHOWN = ["READ", "UPDATE", "INSERT", "SCAN", "READ-MODIFY-WRITE", "DELETE"];

export function rowFromResult(target: string, r: YcsbResult): ComparisonRow {
  const latency: Record<string, { p50: number; p99: number }> = {};
  let failed = 0;
  for (const [name, s] of Object.entries(r.operations)) {
    if (name.endsWith("-FAILED")) failed += s.operations;
    else if (SHOWN.includes(name) && s.operations > 0) latency[name] = { p50: s.p50LatencyUs, p99: s.p99LatencyUs };
  }
  return { target, status: "ok", throughput: r.overall.throughput, latency, failed, warnings: r.warnings.length };
}

export function buildTable(title: string, rows: readonly ComparisonRow[], baseline = "shvm"): ComparisonTable {
  const base = rows.find((r) => r.target === baseline && r.status === "ok")?.throughput;
  const operations = SHOWN.filter((op) => rows.some((r) => r.latency?.[op] !== undefined));
  return {
    title,
    operations,
    rows: rows.map((r) => (r.status === "ok" && base !== undefined && base > 0 && r.throughput !== undefined ? { ...r, ratioToShvm: r.throughput / base } : { ...r })),
  };
}

const fmtNumber = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A plain-text table (monospace, right-aligned numbers). */
export function formatTable(t: ComparisonTable): string {
  const header = ["target", "ops/s", ...t.operations.flatMap((op) => [`${op} p50 µs`, `${op} p99 µs`]), "failed", "vs shvm"];
  const body = t.rows.map((r) => {
    if (r.status !== "ok") return [r.target, `${r.status}${r.note ? `: ${r.note}` : ""}`];
    return [
      r.target + (r.warnings ? " (!)" : ""),
      fmtNumber(r.throughput ?? 0),
      ...t.operations.flatMap((op) => {
        const l = r.latency?.[op];
        return l ? [String(l.p50), String(l.p99)] : ["-", "-"];
      }),
      String(r.failed ?? 0),
      r.ratioToShvm === undefined ? "-" : `${r.ratioToShvm.toFixed(2)}x`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.filter((row) => row.length === header.length).map((row) => (row[i] ?? "").length)));
  const render = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const lines = [`== ${t.title} ==`, render(header), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of body) lines.push(row.length === header.length ? render(row) : `${(row[0] ?? "").padEnd(widths[0] ?? 0)}  ${row[1]}`);
  if (t.rows.some((r) => r.warnings)) lines.push("(!) the run has warnings (e.g. a saturated generator): see its results file");
  return lines.join("\n");
}
