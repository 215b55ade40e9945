/**
 * reports/out/index.html: every report in the folder, newest run first, read back from each page's meta block
 * (so a deleted report drops out and a copied-in one appears: the folder is the list).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CSS, type ReportMeta } from "./page.js";
import { esc, table } from "./html-util.js";

export const INDEX_FILE = "index.html";

/** The meta block of a report page's text; undefined for any other HTML. */
export function readMeta(html: string): ReportMeta | undefined {
  const m = /<script type="application\/json" id="report-meta">(.*?)<\/script>/s.exec(html.slice(0, 20_000));
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as ReportMeta;
  } catch {
    return undefined;
  }
}

export function indexPage(reports: readonly { file: string; meta: ReportMeta }[]): string {
  const sorted = [...reports].sort((a, b) => b.meta.startedAt.localeCompare(a.meta.startedAt) || a.file.localeCompare(b.file));
  const rows = sorted.map(({ file, meta }) => [
    `<a href="${esc(encodeURIComponent(file))}">${esc(meta.title)}</a>`,
    esc(meta.startedAt.replace("T", " ").slice(0, 19)),
    esc(meta.targets.join(", ")),
    esc(meta.phases.join(", ")),
    `<code>${esc(meta.commit?.slice(0, 10) ?? "–")}</code>`,
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>YCSB reports</title><style>${CSS} td { text-align: left; }</style></head>
<body><h1>YCSB reports</h1><p class="muted">${reports.length} report${reports.length === 1 ? "" : "s"} in this folder, newest run first (UTC).</p>
${table(["report", "runs from", "targets", "phases", "commit"], rows, 'class="index"')}
</body></html>
`;
}

/** Rewrites `dir`/index.html from the reports found in `dir`; returns its path. */
export function writeIndex(dir: string): string {
  const reports = readdirSync(dir)
    .filter((f) => f.endsWith(".html") && f !== INDEX_FILE)
    .flatMap((file) => {
      const meta = readMeta(readFileSync(join(dir, file), "utf8"));
      return meta ? [{ file, meta }] : [];
    });
  const path = join(dir, INDEX_FILE);
  writeFileSync(path, indexPage(reports));
  return path;
}
