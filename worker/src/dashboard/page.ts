/**
 * The dashboard's HTML: a static shell (header with totals, error banner, one card per chart) that the browser
 * script fills. `data-chart`, `data-total`, `data-banner` and `data-note` attributes are what the script and the
 * screenshot test find elements by.
 */

export const DASHBOARD_SCRIPT_PATH = "/_shvm/dashboard/app.js";

const card = (chart: string, title: string, span: string, note = "") =>
  `<section class="card ${span}">
      <h2>${title}</h2>${note ? `\n      <p class="note" data-note="${note}"></p>` : ""}
      <div class="chart" data-chart="${chart}"><p class="empty">Loading…</p></div>
    </section>`;

const total = (name: string, label: string) => `<div><dt>${label}</dt><dd data-total="${name}">–</dd></div>`;

const CSS = `
:root { color-scheme: light; --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 28px; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 17px; font-weight: 650; }
h1 span { color: var(--muted); font-weight: 400; }
dl { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; }
dl div { display: flex; flex-direction: column; }
dt { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
dd { margin: 0; font-size: 15px; font-weight: 600; font-variant-numeric: tabular-nums; }
.status { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.status [data-mode]:not(:empty) { margin-left: 8px; padding: 1px 6px; border-radius: 4px; background: #fef3c7; color: #92400e; }
.banner { margin: 12px 20px 0; padding: 8px 12px; border: 1px solid #fca5a5; border-radius: 6px; background: #fef2f2; color: #991b1b; }
main { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 14px; padding: 14px 20px 24px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px 12px; min-width: 0; }
.wide { grid-column: span 6; } .half { grid-column: span 3; } .third { grid-column: span 2; }
@media (max-width: 960px) { .half, .third { grid-column: span 6; } }
h2 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.note { margin: 0 0 6px; color: var(--muted); font-size: 12px; }
.note:empty { display: none; }
.chart { min-height: 40px; }
.empty { margin: 10px 0; color: var(--muted); font-style: italic; }
figure { margin: 0; }
`;

export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>shvm-db · partitions</title>
  <link rel="icon" href="data:,">
  <style>${CSS}</style>
</head>
<body>
  <header>
    <h1>shvm-db <span>partitions</span></h1>
    <dl>
      ${total("opsPerSecond", "ops/s")}
      ${total("operations", "operations")}
      ${total("partitions", "partitions")}
      ${total("errors", "errors")}
      ${total("conditionalCheckFailed", "condition failed")}
      ${total("storage", "storage")}
    </dl>
    <p class="status">updated <time data-updated>–</time><span data-mode></span></p>
  </header>
  <div class="banner" role="alert" data-banner hidden></div>
  <main>
    ${card("heatmap", "Operations per second, per partition (last 2 minutes, one cell per second)", "wide", "heatmap")}
    ${card("latency", "Latency per partition: router's view", "half", "latency")}
    ${card("sqlite-latency", "Latency per partition: SQLite inside the partition", "half", "sqlite")}
    ${card("storage", "Storage (SQLite database size)", "third")}
    ${card("wal", "Write-ahead log", "third")}
    ${card("items", "Items", "third")}
    ${card("restarts", "Starts of each partition's Durable Object, and time since the last", "half")}
    ${card("errors", "Errors by type (all partitions)", "half")}
  </main>
  <script src="${DASHBOARD_SCRIPT_PATH}" defer></script>
</body>
</html>
`;
}
