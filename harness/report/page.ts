/**
 * One report as one self-contained HTML page: the sections (sections.ts), the data the charts draw, and the
 * page script with Observable Plot inline — nothing is fetched when it opens.
 *
 * The page's meta block (`<script id="report-meta">`) is what the index page reads of it.
 */
import { esc, scriptJson } from "./html-util.js";
import type { ReportData } from "./report-data.js";
import { headerSection, inputsSection, modelSection, phaseSection, summarySection } from "./sections.js";

export interface ReportMeta {
  title: string;
  /** The earliest run's start (ISO). */
  startedAt: string;
  targets: string[];
  phases: string[];
  commit: string | null;
}

export function reportMeta(d: ReportData): ReportMeta {
  return {
    title: d.title,
    startedAt: d.phases.flatMap((p) => p.runs.map((r) => r.timing.startedAt)).sort()[0] ?? "",
    targets: d.targets,
    phases: d.phases.map((p) => p.key),
    commit: d.environments[0]?.gitCommit ?? null,
  };
}

export const CSS = `
:root { color-scheme: light; --muted: #6b7280; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111827; margin: 0 auto; padding: 16px 24px 40px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 2px; border-top: 2px solid #111827; padding-top: 10px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
.meta, .muted, .conditions { color: var(--muted); margin: 2px 0; } ul.meta { margin: 0 0 4px; padding-left: 18px; }
.conditions { font-weight: 600; color: #374151; }
table { border-collapse: collapse; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th:first-child, td:first-child, table.errors td:nth-child(2), table.latency td:nth-child(2) { text-align: left; }
th { font-weight: 600; background: #f9fafb; } table.summary td { font-size: 15px; }
table.summary td, table.summary th, table.config td, table.cost td, table.cost th { text-align: left; } table.summary td { white-space: nowrap; } table.summary .ratio { font-size: 13px; color: #111827; font-weight: 600; } table.summary td:last-child { white-space: normal; }
table.config td { font-size: 12px; max-width: 420px; overflow-wrap: anywhere; }
.ratio { color: #4b5563; font-size: 12px; margin-left: 3px; } .bad { color: #b91c1c; font-weight: 600; } .warn { color: #b45309; }
table.partitions td:nth-child(2) { text-align: left; } .pct { display: inline-block; width: 4.2em; text-align: right; } .bar { display: inline-block; height: 10px; background: #d62728; vertical-align: middle; }
.row { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; }
figure.chart { margin: 6px 0; min-width: 0; } figcaption { font-weight: 600; font-size: 13px; margin-bottom: 2px; }
.empty { color: var(--muted); font-style: italic; } .error { color: #b91c1c; }
details { margin: 8px 0; } summary { cursor: pointer; color: #374151; }
code { font-size: 12px; } .small { font-size: 12px; font-weight: normal; } footer { margin-top: 28px; color: var(--muted); }
`;

/** `script` is the page script's text (client-bundle.ts); its `</script` sequences are broken up. */
export function reportPage(d: ReportData, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.title)}</title>
<script type="application/json" id="report-meta">${scriptJson(reportMeta(d))}</script>
<style>${CSS}</style></head>
<body>
${headerSection(d)}
${summarySection(d)}
${d.phases.map((p, i) => phaseSection(p, i)).join("\n")}
${modelSection(d)}
${inputsSection(d)}
<script type="application/json" id="report-data">${scriptJson(d)}</script>
<script>${script.replace(/<\/script/gi, "<\\/script")}</script>
</body></html>
`;
}
