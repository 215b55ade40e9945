/**
 * What a report is built from: results files (`kind: "ycsb-phase"`) and lab summaries (`kind: "ycsb-lab"`,
 * which name their results files and the targets that were skipped), read and grouped by phase.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { LabSummary, LabTargetOutcome } from "../cli/lab.js";
import type { YcsbResult } from "../results/result-file.js";

export interface LoadedResult {
  /** Where it was read from. */
  file: string;
  result: YcsbResult;
}

export interface ReportInputs {
  results: LoadedResult[];
  labs: { file: string; summary: LabSummary }[];
  /** Targets a lab skipped or that failed, with the reason: the comparison says who is missing and why. */
  absent: Pick<LabTargetOutcome, "target" | "status" | "reason" | "startHint">[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A lab summary's results file: where the summary says, else (results moved with their summary) beside it. */
function labFile(summaryFile: string, path: string): string {
  const beside = resolve(dirname(summaryFile), basename(path));
  return existsSync(path) || !existsSync(beside) ? resolve(path) : beside;
}

export function readInputs(files: readonly string[]): ReportInputs {
  const inputs: ReportInputs = { results: [], labs: [], absent: [] };
  const seen = new Set<string>();
  const addResult = (file: string, value: unknown) => {
    const r = value as Partial<YcsbResult>;
    if (r.kind !== "ycsb-phase") throw new Error(`${file}: not a YCSB results file or lab summary (kind ${JSON.stringify(r.kind)})`);
    if (r.schemaVersion !== 2) throw new Error(`${file}: results schemaVersion ${r.schemaVersion}, this report reads version 2`);
    if (seen.has(file)) return;
    seen.add(file);
    inputs.results.push({ file, result: value as YcsbResult });
  };
  for (const given of files) {
    const file = resolve(given);
    const value = readJson(file);
    if ((value as { kind?: string }).kind === "ycsb-lab") {
      const summary = value as LabSummary;
      inputs.labs.push({ file, summary });
      for (const t of summary.targets) {
        if (t.status !== "ok") inputs.absent.push({ target: t.target, status: t.status, ...(t.reason ? { reason: t.reason } : {}), ...(t.startHint ? { startHint: t.startHint } : {}) });
        for (const path of Object.values(t.files)) {
          const f = labFile(file, path);
          addResult(f, readJson(f));
        }
      }
    } else {
      addResult(file, value);
    }
  }
  if (inputs.results.length === 0) throw new Error("no results to report: give results files (results/*.json) or lab summaries (results/*-lab.json)");
  return inputs;
}

export interface PhaseGroup {
  /** "load" or "run workloada": one section of the report. */
  key: string;
  phase: YcsbResult["phase"];
  workload: string;
  runs: { label: string; file: string; result: YcsbResult }[];
}

/**
 * Results grouped by phase (a load, then each run workload in the order first seen), shvm-db first within a
 * phase, then the order given. A target present twice in a phase (two labs) gets its start time in its label.
 */
export function groupPhases(results: readonly LoadedResult[]): PhaseGroup[] {
  const groups = new Map<string, PhaseGroup>();
  for (const { file, result } of results) {
    const key = result.phase === "load" ? "load" : `run ${result.workload.name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, phase: result.phase, workload: result.workload.name, runs: [] }));
    g.runs.push({ label: result.target.name, file, result });
  }
  const ordered = [...groups.values()].sort((a, b) => (a.phase === b.phase ? 0 : a.phase === "load" ? -1 : 1));
  for (const g of ordered) {
    g.runs.sort((a, b) => (a.result.target.name === "shvm" ? 0 : 1) - (b.result.target.name === "shvm" ? 0 : 1));
    const count = new Map<string, number>();
    for (const r of g.runs) count.set(r.label, (count.get(r.label) ?? 0) + 1);
    for (const r of g.runs) if ((count.get(r.label) ?? 0) > 1) r.label = `${r.label} @${r.result.timing.startedAt.slice(11, 19)}`;
  }
  return ordered;
}
