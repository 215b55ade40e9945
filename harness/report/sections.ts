/**
 * The report page's sections as HTML strings. Tables are rendered here, at build time, so every number reads
 * without JavaScript; charts are empty <figure data-chart=...> elements the page's script draws into
 * (client/main.ts) from the same ReportData.
 */
import { formatBytes, formatCount } from "../../worker/src/dashboard/format.js";
import type { Environment } from "../results/environment.js";
import { esc, fmtOps, fmtRatio, fmtUs, table } from "./html-util.js";
import { PERCENTILE_KEYS, PERCENTILE_LABELS } from "./latency-table.js";
import type { PartitionView } from "./partition-heatmap.js";
import type { CostSummary } from "./model-data.js";
import type { PhaseData, ReportData, TargetRun } from "./report-data.js";

const phaseTitle = (p: Pick<PhaseData, "phase" | "workload" | "runs">) =>
  p.phase === "load" ? `load (${p.runs[0]?.properties.recordcount ?? "?"} records)` : `run ${p.workload}`;
export const phaseAnchor = (i: number) => `phase-${i}`;
const figure = (chart: string, phase: number, caption: string, extra = "") =>
  `<figure class="chart" data-chart="${chart}" data-phase="${phase}"${extra}><figcaption>${caption}</figcaption></figure>`;

function environmentLine(e: Environment): string {
  const commit = e.gitCommit ? `commit ${e.gitCommit.slice(0, 10)}${e.gitDirty ? " (uncommitted changes)" : ""}` : "no git commit";
  return `${e.hostname}: ${e.cpus} × ${e.cpuModel}, ${Math.round(e.totalMemoryBytes / 2 ** 30)} GiB, ${e.platform} ${e.release}, Node ${e.node}, ${commit}`;
}

export function headerSection(d: ReportData): string {
  const started = d.phases.flatMap((p) => p.runs.map((r) => r.timing.startedAt)).sort()[0] ?? "";
  const envs = d.environments.map((e) => `<li>${esc(environmentLine(e))}</li>`).join("");
  const warn = d.environments.length > 1 ? `<p class="warn">Measured on ${d.environments.length} different machines or commits: compare with care.</p>` : "";
  return `<header><h1>${esc(d.title)}</h1>
<p class="meta">Runs from ${esc(started.replace("T", " ").slice(0, 19))} UTC. Every number below was measured on:</p><ul class="meta">${envs}</ul>${warn}</header>`;
}

/** The answer to "how fast, compared to what": each phase's throughput per target and its ratio to shvm-db. */
export function summarySection(d: ReportData): string {
  // Under each target's name, what served it ("local dynalite (separate process)"): dynamodb may be DynamoDB or dynalite.
  const server = (t: string) => String(d.phases.flatMap((p) => p.runs).find((r) => r.label === t)?.description.server ?? "").split(",")[0];
  const header = ["phase", ...d.targets.map((t) => `<span data-target="${esc(t)}">${esc(t)}</span><br><span class="muted small">${esc(server(t))}</span>`), "conditions"];
  const rows = d.phases.map((p, i) => [
    `<a href="#${phaseAnchor(i)}">${esc(phaseTitle(p))}</a>`,
    ...d.targets.map((t) => {
      const r = p.runs.find((x) => x.label === t);
      if (!r) return `<span class="muted">–</span>`;
      const flags = `${r.failed ? ` <span class="bad" title="failed operations">${formatCount(r.failed)} failed</span>` : ""}${r.warnings.length ? ` <span class="warn" title="${esc(r.warnings.join("\n"))}">(!)</span>` : ""}`;
      const ratio = r.ratio === undefined ? (r.target === d.baseline ? `<span class="ratio">baseline</span>` : "") : `<span class="ratio">${fmtRatio(r.ratio)}</span>`;
      const steady = r.variation === null ? "" : ` <span class="muted" title="standard deviation of the per-second throughput ÷ its mean">±${Math.round(100 * r.variation)} %</span>`;
      const p99 = p.latency.rows
        .filter((l) => l.target === t)
        .map((l) => `${esc(l.operation)} ${fmtUs(l.latency.p99)}`)
        .join(", ");
      return `<b>${fmtOps(r.throughput)}</b> ops/s ${ratio}${steady}${flags}${p99 ? `<br><span class="muted">p99${r.run.mode === "open" ? " (intended)" : ""}: ${p99}</span>` : ""}`;
    }),
    `<span class="muted">${esc(p.conditions)}</span>`,
  ]);
  const absent = d.absent.length
    ? `<p class="muted">Not measured: ${d.absent.map((a) => `${esc(a.target)} (${esc(a.status)}${a.reason ? `: ${esc(a.reason)}` : ""}${a.startHint ? `; start it with <code>${esc(a.startHint)}</code>` : ""})`).join("; ")}.</p>`
    : "";
  return `<section id="summary"><h2>Throughput</h2>
<p class="muted">Operations per second over the measured window; × = throughput ÷ shvm-db's in the same phase (above 1: faster than shvm-db); ± = how much the per-second throughput varied (its standard deviation ÷ mean); p99 per operation. (!) = the run has warnings (hover, or see Errors below).</p>
${table(header, rows, 'class="summary"')}${absent}</section>`;
}

function latencyTableHtml(p: PhaseData): string {
  const header = ["operation", "target", "operations", ...PERCENTILE_KEYS.map((k) => `${PERCENTILE_LABELS[k]} <span class="ratio">× shvm-db</span>`)];
  const rows = p.latency.rows.map((r) => [
    `<span data-op="${esc(r.operation)}">${esc(r.operation)}</span>`,
    `${esc(r.target)}${r.from === "intended" ? ' <span class="muted">(intended)</span>' : ""}`,
    formatCount(r.count),
    ...PERCENTILE_KEYS.map((k) => `${fmtUs(r.latency[k])}${r.ratio ? ` <span class="ratio">${fmtRatio(r.ratio[k])}</span>` : ""}`),
  ]);
  return table(header, rows, `class="latency" data-table="latency" data-phase-table="${esc(p.key)}"`);
}

function latencySection(p: PhaseData, i: number): string {
  const from = p.openLoop ? " Open loop: measured from each operation's intended start (the number that shows a stall)." : "";
  const figs = p.latency.operations.map((op) => figure("latency", i, `${esc(op)}`, ` data-op="${esc(op)}"`)).join("");
  return `<h3>Latency by percentile</h3>
<p class="muted">HdrHistogram percentile distribution per operation: x = percentile on a 1/(1−p) axis (the tail gets the room), y = latency (log).${from} × = latency ÷ shvm-db's (above 1: slower than shvm-db).</p>
<div class="charts">${figs}</div>${latencyTableHtml(p)}`;
}

function intendedSection(p: PhaseData, i: number): string {
  if (!p.openLoop) {
    return `<h3>Intended vs actual latency</h3><p class="muted">Closed loop: none. Each operation started when its loop's previous one returned, so there is no intended start to measure from (run with <code>--target-rate</code> for it).</p>`;
  }
  const ops = [...new Set(p.curves.filter((c) => c.from === "intended").map((c) => c.operation))];
  const figs = ops.map((op) => figure("intended", i, `${esc(op)}: solid = from actual start, dashed = from intended start`, ` data-op="${esc(op)}"`)).join("");
  return `<h3>Intended vs actual latency</h3><p class="muted">Open loop: the gap between the curves is time operations waited for their turn (coordinated omission shows here).</p><div class="charts">${figs}</div>`;
}

function partitionTable(v: PartitionView): string {
  const max = Math.max(0, ...v.partitions.map((r) => r.share));
  const rows = v.partitions.map((r) => [
    esc(r.label),
    `<span class="pct">${(100 * r.share).toFixed(1)} %</span> <span class="bar" style="width:${max > 0 ? Math.round((60 * r.share) / max) : 0}px"></span>`,
    v.windowSeconds > 0 ? fmtOps(r.operations / v.windowSeconds) : "–",
    fmtOps(r.rowsReadPerSecond),
    fmtOps(r.rowsWrittenPerSecond),
    r.storageBytes === null ? "–" : formatBytes(r.storageBytes),
    r.walBytes === null ? "–" : formatBytes(r.walBytes),
    r.items === null ? "–" : formatCount(r.items),
  ]);
  return table(["partition", "share of operations", "ops/s", "rows read/s", "rows written/s", "storage", "WAL", "items"], rows, 'class="partitions" data-table="partitions"');
}

function partitionsSection(p: PhaseData): string {
  if (!p.partitions) return `<h3>Partitions</h3><p class="muted">${esc(p.partitionsMissing ?? "No target of this phase reports partitions (only shvm-db does).")}</p>`;
  const v = p.partitions;
  const notes = [
    `${v.samples} samples of the server's counters (table ${esc(v.table)})${v.failures ? `, ${v.failures} scrapes failed` : ""}`,
    v.resets ? `${v.resets} counter resets (a server restart) read as restarts from 0` : "",
    v.otherInstances ? `${v.otherInstances} older instance(s) of the table left out` : "",
  ].filter(Boolean);
  const g = v.gsi;
  const lag = g
    ? `<p class="gsi-lag"><b>GSI propagation lag</b> (the oldest index change not yet delivered, over all partitions, in ${g.samples} samples of the measured window): median ${g.medianLagMs.toFixed(0)} ms, max ${g.maxLagMs.toFixed(0)} ms; at most ${formatCount(g.maxPending)} changes pending at once, ${formatCount(g.lastPending)} at the last sample. This is what "eventually consistent" meant in this run, as sampled: the age of the oldest change not yet delivered at each sample (counted by the partitions up to a second before it), not a bound on every write.</p>`
    : "";
  return `<h3>Partitions (shvm-db)</h3>
<p class="muted">The heatmap above: operations per second per partition between consecutive samples of the server's counters; a hot partition is a dark row, and at each row's end its share of the measured window's operations (the busiest in bold); dashed lines mark the measured window (before it: start-up and warm-up). Below: share and rates over the measured window, sizes as each partition last reported them. ${notes.join("; ")}.</p>
${lag}
${partitionTable(v)}`;
}

function errorsSection(p: PhaseData): string {
  const codes = [...new Set(p.errors.flatMap((e) => Object.keys(e.codes)))].sort((a, b) => (a === "OK" ? -1 : b === "OK" ? 1 : a.localeCompare(b)));
  const rows = p.errors.map((e) => [esc(e.target), esc(e.operation), ...codes.map((c) => (e.codes[c] ? `<span class="${c === "OK" ? "" : "bad"}">${formatCount(e.codes[c]!)}</span>` : "–")), e.failed ? `<span class="bad">${formatCount(e.failed)}</span>` : "0"]);
  const warnings = p.runs.filter((r) => r.warnings.length).map((r) => `<li><b>${esc(r.label)}</b>: ${r.warnings.map(esc).join("<br>")}</li>`).join("");
  return `<h3>Errors and return codes</h3>${table(["target", "operation", ...codes.map((c) => `Return=${esc(c)}`), "-FAILED"], rows, 'class="errors"')}
${warnings ? `<ul class="warnings">${warnings}</ul>` : `<p class="muted">No warnings.</p>`}`;
}

/** The properties a reader checks first; the rest are in the full list below them. */
const KEY_PROPERTIES = ["recordcount", "operationcount", "maxexecutiontime", "readproportion", "updateproportion", "insertproportion", "scanproportion", "readmodifywriteproportion", "requestdistribution", "fieldcount", "fieldlength"];

function configSection(p: PhaseData): string {
  const runs = p.runs;
  const col = (f: (r: TargetRun) => unknown) => runs.map((r) => esc(f(r)));
  const settings: [string, string[]][] = [
    ["mode", col((r) => (r.run.mode === "open" ? `open loop, ${r.run.targetRate} ops/s` : "closed loop"))],
    ["threads × in flight", col((r) => `${r.run.threads} × ${r.run.concurrency}`)],
    ["warm-up, max time", col((r) => `${r.run.warmupSeconds} s, ${r.run.maxExecutionTimeSeconds ?? "–"} s`)],
    ["measured", col((r) => `${r.timing.measuredFrom} (${(r.runTimeMs / 1000).toFixed(1)} s, ${r.operations} operations)`)],
    ["seed", col((r) => r.run.seed)],
    ["stopped early", col((r) => r.run.stoppedEarly)],
    ["target", col((r) => r.summary)],
    ...[...new Set(runs.flatMap((r) => Object.keys(r.description)))].map((k): [string, string[]] => [`target: ${k}`, col((r) => r.description[k] ?? "–")]),
    ["workload files", col((r) => r.files.join(", "))],
    ["results file", col((r) => r.file)],
  ];
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.properties)))].sort((a, b) => {
    const ia = KEY_PROPERTIES.indexOf(a);
    const ib = KEY_PROPERTIES.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const props = keys.map((k): [string, string[]] => [k, col((r) => r.properties[k] ?? "–")]);
  const rows = [...settings, ...props].map(([k, v]) => [`<code>${esc(k)}</code>`, ...v]);
  return `<details><summary>Configuration: run settings, target, every workload property</summary>${table(["", ...runs.map((r) => esc(r.label))], rows, 'class="config"')}</details>`;
}

export function phaseSection(p: PhaseData, i: number): string {
  return `<section class="phase" id="${phaseAnchor(i)}"><h2>${esc(phaseTitle(p))}</h2><p class="conditions">${esc(p.conditions)}</p>
<div class="row">${figure("throughput", i, "Throughput: operations / s in each second of the measured window")}${
    p.partitions ? figure("heatmap", i, `shvm-db partitions of ${esc(p.partitions.table)}: operations / s (dark = hot)`) : ""
  }</div>
${latencySection(p, i)}
${intendedSection(p, i)}
${partitionsSection(p)}
${errorsSection(p)}
${configSection(p)}
</section>`;
}

const usd = (v: number) => (v === 0 ? "$0" : v >= 0.01 ? `$${v.toFixed(3)}` : `$${v.toPrecision(2)}`);

function costCell(c: CostSummary | undefined): string {
  if (!c) return `<span class="muted">–</span>`;
  const lines = c.lines.map((l) => `${esc(l.component)}: ${l.perMillionOps === null ? "–" : usd(l.perMillionOps)}${l.note ? ` (${esc(l.note)})` : ""}`).join("\n");
  const left = c.leftOut.length ? `<br><span class="warn">without ${esc(c.leftOut.join(", "))} (no price or not measured)</span>` : "";
  // With lines left out the total is only what could be priced: a lower bound, and marked as one.
  return `<b title="${esc(lines)}">${c.leftOut.length ? "≥ " : ""}${usd(c.totalPerMillionOps)}</b>${left}`;
}

/**
 * Cost per million operations and the partition scaling model (harness/model/): a table of what each run phase
 * would cost on Cloudflare and on DynamoDB on-demand, and per phase the hot-partition bound against the partition
 * count, with the run itself marked. Nothing when there is no model data (no shvm-db run phase).
 */
export function modelSection(d: ReportData): string {
  const m = d.model;
  if (!m) return "";
  const systems = [...new Set(m.phases.flatMap((p) => p.cost.map((c) => c.system)))];
  const rows = m.phases.map((mp) => {
    const p = d.phases[mp.phaseIndex]!;
    return [`<a href="#${phaseAnchor(mp.phaseIndex)}">${esc(phaseTitle(p))}</a>`, ...systems.map((s) => costCell(mp.cost.find((c) => c.system === s))), esc(mp.notes.join("; "))];
  });
  const figs = m.phases
    .filter((mp) => mp.scaling)
    .map((mp) => {
      const s = mp.scaling!;
      const p = d.phases[mp.phaseIndex]!;
      const predicted = s.predicted ? `; the model's hottest at ${s.measured.partitions}: partition ${s.predicted.partition} with ${(100 * s.predicted.share).toFixed(1)} %` : "";
      return figure(
        "scaling",
        mp.phaseIndex,
        `${esc(phaseTitle(p))}: ${esc(s.distribution)} over ${formatCount(s.recordcount)} records. Measured: ${esc(s.measured.hottest)} hottest with ${(100 * s.measured.hottestShare).toFixed(1)} %${esc(predicted)}`,
      );
    })
    .join("");
  return `<section id="model"><h2>Cost and scaling model</h2>
<p class="muted">Per million workload operations, ${esc(m.currency)}, prices as of ${esc(m.pricesAsOf)} (harness/model/prices.json; hover a total for its lines). shvm-db on Cloudflare from the partition counters the run sampled; DynamoDB on-demand from the same run's calls by DynamoDB's rules. Marginal rates: free allowances and plan minimums left out.</p>
${table(["phase", ...systems.map(esc), "notes"], rows, 'class="cost" data-table="cost"')}
<h3>Partition scaling model</h3>
<p class="muted">The throughput bound as partitions are added: one partition's ceiling ÷ the hottest partition's share of the workload's keys (harness/model/scaling.ts), the ceiling taken as the hottest partition's measured rate (a lower bound: the run may not have saturated it). Dashed: the same ceiling with no hot partition (linear). The red dot is the run.</p>
<div class="charts">${figs}</div></section>`;
}

export function inputsSection(d: ReportData): string {
  return `<footer><details><summary>Built from ${d.inputs.length} file${d.inputs.length > 1 ? "s" : ""}</summary><ul>${d.inputs.map((f) => `<li><code>${esc(f)}</code></li>`).join("")}</ul></details></footer>`;
}
