/**
 * The lab's side-by-side table: per workload, one row per target with throughput, p50/p99 per operation and
 * the throughput ratio to shvm-db.
 *
 * Latencies: in closed loop, from each operation's actual start (service time); in open loop (--target-rate),
 * from its intended start (the Intended- series), since that is the number that shows a stall instead of
 * hiding it (coordinated omission) — the columns then say "(intended)".
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
  /** Where `latency` is measured from: the actual start (closed loop) or the intended start (open loop). */
  latencyFrom?: "actual" | "intended";
  /** Failed operations (all -FAILED series). */
  failed?: number;
  /** throughput ÷ shvm's throughput in the same table. */
  ratioToShvm?: number;
  warnings?: number;
}

export interface ComparisonTable {
  title: string;
  operations: string[];
  /** "intended" when every row with latencies is from an open-loop run; "mixed" when some are. */
  latencyFrom: "actual" | "intended" | "mixed";
  rows: ComparisonRow[];
}

/** The operations a table shows: the workload's own (not VERIFY/CLEANUP, not the -FAILED series). */
const SHOWN = ["READ", "UPDATE", "INSERT", "SCAN", "READ-MODIFY-WRITE", "DELETE"];

export function rowFromResult(target: string, r: YcsbResult): ComparisonRow {
  const open = r.run.mode === "open";
  // Open loop: the Intended- series (same names, in `intended`); failures are counted from the actual series.
  const latencySeries = open ? r.intended : r.operations;
  const latency: Record<string, { p50: number; p99: number }> = {};
  let failed = 0;
  for (const [name, s] of Object.entries(r.operations)) if (name.endsWith("-FAILED")) failed += s.operations;
  for (const [name, s] of Object.entries(latencySeries)) {
    if (SHOWN.includes(name) && s.operations > 0) latency[name] = { p50: s.p50LatencyUs, p99: s.p99LatencyUs };
  }
  return { target, status: "ok", throughput: r.overall.throughput, latency, latencyFrom: open ? "intended" : "actual", failed, warnings: r.warnings.length };
}

export function buildTable(title: string, rows: readonly ComparisonRow[], baseline = "shvm"): ComparisonTable {
  const base = rows.find((r) => r.target === baseline && r.status === "ok")?.throughput;
  const operations = SHOWN.filter((op) => rows.some((r) => r.latency?.[op] !== undefined));
  const measured = rows.filter((r) => r.status === "ok" && r.latency !== undefined);
  const intended = measured.filter((r) => r.latencyFrom === "intended").length;
  return {
    title,
    operations,
    latencyFrom: intended === 0 ? "actual" : intended === measured.length ? "intended" : "mixed",
    rows: rows.map((r) => (r.status === "ok" && base !== undefined && base > 0 && r.throughput !== undefined ? { ...r, ratioToShvm: r.throughput / base } : { ...r })),
  };
}

const fmtNumber = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A plain-text table (monospace, right-aligned numbers). */
export function formatTable(t: ComparisonTable): string {
  const from = t.latencyFrom === "intended" ? " (intended)" : "";
  const header = ["target", "ops/s", ...t.operations.flatMap((op) => [`${op} p50${from} µs`, `${op} p99${from} µs`]), "failed", "vs shvm"];
  const body = t.rows.map((r) => {
    if (r.status !== "ok") return [r.target, `${r.status}${r.note ? `: ${r.note}` : ""}`];
    return [
      r.target + (t.latencyFrom === "mixed" && r.latencyFrom === "intended" ? " *" : "") + (r.warnings ? " (!)" : ""),
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
  if (t.latencyFrom === "intended") lines.push("open loop (--target-rate): latencies from each operation's intended start");
  if (t.latencyFrom === "mixed") lines.push("* open loop (--target-rate): latencies from each operation's intended start");
  if (t.rows.some((r) => r.warnings)) lines.push("(!) the run has warnings (e.g. a saturated generator): see its results file");
  return lines.join("\n");
}
