/**
 * Builds one report page from results files and lab summaries, writes it to the reports folder (default
 * reports/out/, gitignored) and rewrites that folder's index page.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fileTimestamp } from "../results/result-file.js";
import { reportClientScript } from "./client-bundle.js";
import { writeIndex } from "./index-page.js";
import { readInputs } from "./inputs.js";
import { reportPage } from "./page.js";
import { reportData, type ReportData } from "./report-data.js";

export const REPORTS_DIR = fileURLToPath(new URL("../../reports/out/", import.meta.url));

export interface BuildReportOptions {
  /** Results files and/or lab summaries. */
  inputs: readonly string[];
  /** Folder of the report and its index (default reports/out/). */
  outDir?: string;
  /** The report's file; default `<lab summary name>.html`, or `<first run's time>-<targets>-<phases>.html`. */
  out?: string;
  title?: string;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_+.-]+/g, "_");

function defaultName(d: ReportData, inputs: readonly string[], labs: number): string {
  if (labs === 1 && inputs.length === 1) return basename(inputs[0]!).replace(/\.json$/, "") + ".html";
  const first = d.phases.flatMap((p) => p.runs.map((r) => r.timing.startedAt)).sort()[0];
  const workloads = d.phases.filter((p) => p.phase === "run").map((p) => p.workload.replace(/^workload/, ""));
  return `${fileTimestamp(first ? new Date(first) : new Date(0))}-${safe(d.targets.join("+"))}${workloads.length ? "-" + safe(workloads.join("")) : ""}.html`;
}

export async function buildReport(o: BuildReportOptions): Promise<{ path: string; index: string; data: ReportData }> {
  const inputs = readInputs(o.inputs);
  const data = reportData(inputs, o.title);
  const path = o.out ? resolve(o.out) : join(resolve(o.outDir ?? REPORTS_DIR), defaultName(data, o.inputs, inputs.labs.length));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, reportPage(data, await reportClientScript()));
  return { path, index: writeIndex(dirname(path)), data };
}
