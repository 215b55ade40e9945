/**
 * The report page's script (bundled inline with Observable Plot by report/client-bundle.ts): reads the page's
 * ReportData and draws every <figure data-chart> the HTML left for it. Tables are already in the HTML.
 */
import type { PhaseData, ReportData } from "../report-data.js";
import { colours, heatmapChart, percentileChart, scalingChart, throughputChart, type Colours } from "./charts.js";
import { doc, note, type El } from "./dom.js";

function draw(fig: El, phase: PhaseData, index: number, data: ReportData, c: Colours): El {
  const width = Math.max(320, fig.clientWidth);
  const op = fig.getAttribute("data-op");
  switch (fig.getAttribute("data-chart")) {
    case "throughput":
      return phase.throughput.length ? throughputChart(phase.throughput, c, width) : note("No operations in the measured window.");
    case "latency": {
      // The series the latency table uses: intended start in open loop, actual start in closed loop.
      const from = phase.openLoop ? "intended" : "actual";
      const curves = phase.curves.filter((s) => s.operation === op && (s.from === from || !phase.curves.some((x) => x.target === s.target && x.operation === op && x.from === from)));
      return curves.length ? percentileChart(curves, c, width) : note(`No ${op} latencies.`);
    }
    case "intended":
      return percentileChart(phase.curves.filter((s) => s.operation === op), c, width, "actual");
    case "scaling": {
      const s = data.model?.phases.find((p) => p.phaseIndex === index)?.scaling;
      return s ? scalingChart(s, width) : note("No scaling model for this phase.");
    }
    case "heatmap":
      return phase.partitions?.cells.length ? heatmapChart(phase.partitions, width) : note("No partition operations were sampled.");
    default:
      return note(`unknown chart ${fig.getAttribute("data-chart")}`);
  }
}

function main(): void {
  const data = JSON.parse(doc.getElementById("report-data")?.textContent ?? "null") as ReportData | null;
  if (!data) throw new Error("the report page has no report-data");
  const c = colours(data.targets);
  for (const fig of doc.querySelectorAll("figure[data-chart]")) {
    const phase = data.phases[Number(fig.getAttribute("data-phase"))];
    if (!phase) continue;
    try {
      fig.append(draw(fig, phase, Number(fig.getAttribute("data-phase")), data, c));
      fig.setAttribute("data-rendered", "true");
    } catch (e) {
      fig.append(note(`This chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`, "error"));
      console.error(e);
    }
  }
}

main();
