/**
 * The HTML report of a real run: a quick lab (harness/cli/lab.ts, in-process: client threads, the shvm and
 * dynamodb targets and their binding) against the run's shvm-db and dynalite (global-setup.ts), each on a table
 * of its own; the lab builds its report at the end. The page is opened from disk in Debian's headless Chromium
 * with every network request refused, and must draw without console errors: one throughput line per target,
 * heatmap cells for every partition of the table, a latency table row per operation and target. Screenshot:
 * test-output/report.png. Skipped only when /usr/bin/chromium is missing (`apt-get install chromium`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { labCommand, type LabSummary } from "../../harness/cli/lab";
import type { YcsbResult } from "../../harness/results/result-file";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT_DIR = resolve("test-output");
const SCREENSHOT = join(OUTPUT_DIR, "report.png");
const PARTITIONS = 4;
const hasChromium = existsSync(CHROMIUM);
const why = hasChromium ? "" : ` (skipped: ${CHROMIUM} not found; apt-get install chromium)`;
const dir = mkdtempSync(join(tmpdir(), "report-e2e-"));
const table = `report_e2e_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;

// Browser globals of the in-page function below (this file is compiled with Node's types, not the DOM's).
interface DomNode {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
}
declare const document: DomNode;

interface PageState {
  figures: { chart: string; phase: string; op: string | null; rendered: boolean; svg: boolean }[];
  /** Per phase index: paths drawn by the throughput chart's line mark, and the legend's entries. */
  throughputLines: Record<string, number>;
  /** Per phase index: heatmap rows that have at least one cell (from each cell's tooltip, "table/partition\n..."). */
  heatmapRows: Record<string, string[]>;
  /** Per phase: the latency table's rows as "OPERATION target". */
  latencyRows: Record<string, string[]>;
  summaryTargets: string[];
  /** The cost table's phases. */
  costRows: string[];
  errors: string[];
}

// Runs in the page: plain JavaScript over the DOM.
const readPage = (): PageState => {
  const figures = [...document.querySelectorAll("figure[data-chart]")].map((f) => ({
    chart: f.getAttribute("data-chart") ?? "",
    phase: f.getAttribute("data-phase") ?? "",
    op: f.getAttribute("data-op"),
    rendered: f.getAttribute("data-rendered") === "true",
    svg: f.querySelector("svg") !== null,
  }));
  const throughputLines: Record<string, number> = {};
  const heatmapRows: Record<string, string[]> = {};
  for (const f of document.querySelectorAll('figure[data-chart="throughput"]')) {
    throughputLines[f.getAttribute("data-phase") ?? ""] = [...f.querySelectorAll('g[aria-label="line"] path')].length;
  }
  for (const f of document.querySelectorAll('figure[data-chart="heatmap"]')) {
    const rows = [...f.querySelectorAll('g[aria-label="bar"] rect title')].map((t) => (t.textContent ?? "").split("\n")[0] ?? "");
    heatmapRows[f.getAttribute("data-phase") ?? ""] = [...new Set(rows)].sort();
  }
  const latencyRows: Record<string, string[]> = {};
  for (const t of document.querySelectorAll('table[data-table="latency"]')) {
    latencyRows[t.getAttribute("data-phase-table") ?? ""] = [...t.querySelectorAll("tbody tr")].map((tr) => {
      const cells = [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim());
      return `${cells[0]} ${cells[1]}`;
    });
  }
  const summaryTargets = [...document.querySelectorAll("table.summary thead [data-target]")].map((th) => th.textContent ?? "");
  const costRows = [...document.querySelectorAll('table[data-table="cost"] tbody tr')].map((tr) => (tr.querySelector("td")?.textContent ?? "").trim());
  const errors = [...document.querySelectorAll("figure .error")].map((e) => e.textContent ?? "");
  return { figures, throughputLines, heatmapRows, latencyRows, summaryTargets, costRows, errors };
};

describe("HTML report of a real lab run", () => {
  const shvm = inject("shvm");
  const dynalite = inject("dynalite");
  let reportPath = "";
  let summary: LabSummary;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (shvm.error !== undefined) throw new Error(shvm.error);
    if (dynalite.error !== undefined) throw new Error(dynalite.error);
    const err: string[] = [];
    const code = await labCommand(
      [
        "--quick",
        "--targets", "shvm,dynamodb",
        "--workloads", "a,c",
        "--endpoint", shvm.endpoint,
        "-p", `dynamodb.endpoint=${dynalite.endpoint}`,
        "-p", `table=${table}`,
        "-p", `shvm.partitions=${PARTITIONS}`,
        "-p", "requestdistribution=zipfian",
        "--out-dir", dir,
        "-q",
      ],
      { stdout: () => {}, stderr: (t) => err.push(t) },
    );
    expect(err.join("\n")).not.toMatch(/FAILED|lab: /);
    expect(code).toBe(0);
    reportPath = /^report: (.*)$/m.exec(err.join("\n"))?.[1] ?? "";
    expect(reportPath, err.join("\n")).not.toBe("");
    summary = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith("-lab.json"))!), "utf8")) as LabSummary;
    if (hasChromium) {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        timeout: 20_000,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("samples shvm-db's partitions during each phase into the results file, and only shvm-db's", () => {
    const read = (target: string, phase: string) => JSON.parse(readFileSync(summary.targets.find((t) => t.target === target)!.files[phase]!, "utf8")) as YcsbResult;
    for (const phase of ["load", "workloada", "workloadc"]) {
      const m = read("shvm", phase).partitionMetrics;
      expect(m?.table).toBe(table);
      expect(m?.failures).toBe(0);
      // One sample before the threads start and one after they end, at the least.
      expect(m?.samples.length).toBeGreaterThanOrEqual(2);
      expect(m?.samples.at(-1)?.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3]);
      expect(read("dynamodb", phase).partitionMetrics).toBeUndefined();
    }
    // Every phase's operations succeeded on both targets (else the page's tables would be missing their rows).
    for (const target of ["shvm", "dynamodb"]) {
      const loaded = read(target, "load");
      expect(loaded.operations.INSERT?.returnCodes, `${target} load: ${loaded.warnings.join("; ")}`).toEqual({ OK: 200 });
    }
    const load = read("shvm", "load").partitionMetrics!;
    // The counters are the server's own: every insert of the load reached a partition.
    const ops = (s: (typeof load.samples)[number]) => s.partitions.reduce((n, p) => n + p.operations, 0);
    expect(ops(load.samples.at(-1)!) - ops(load.samples[0]!)).toBe(200);
  });

  it("index lists the report, which carries no external reference", () => {
    const html = readFileSync(reportPath, "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);
    const index = readFileSync(join(dir, "index.html"), "utf8");
    expect(index).toContain(encodeURIComponent(reportPath.split("/").pop()!));
  });

  it.skipIf(!hasChromium)(`draws every chart offline without console errors, and screenshots it${why}`, async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    // Self-contained: anything but the file itself is refused (and noted).
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    try {
      await page.goto(pathToFileURL(reportPath).href, { waitUntil: "load", timeout: 15_000 });
      const state = await page.evaluate(readPage);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(state.errors).toEqual([]);
      expect(state.summaryTargets).toEqual(["shvm", "dynamodb"]);

      // Phases: load, run workloada, run workloadc; every figure drawn as a chart.
      expect(new Set(state.figures.map((f) => f.phase))).toEqual(new Set(["0", "1", "2"]));
      for (const f of state.figures) expect(f, JSON.stringify(f)).toMatchObject({ rendered: true, svg: true });
      const charts = (phase: string) => state.figures.filter((f) => f.phase === phase).map((f) => `${f.chart}${f.op ? ":" + f.op : ""}`);
      expect(charts("0")).toEqual(["throughput", "heatmap", "latency:INSERT"]);
      // The run phases also get the scaling model's chart (harness/model/), in the model section.
      expect(charts("1")).toEqual(["throughput", "heatmap", "latency:READ", "latency:UPDATE", "scaling"]);
      expect(charts("2")).toEqual(["throughput", "heatmap", "latency:READ", "scaling"]);
      expect(state.costRows).toEqual(["run workloada", "run workloadc"]);

      const partitions = Array.from({ length: PARTITIONS }, (_, i) => `${table}/${i}`);
      for (const phase of ["0", "1", "2"]) {
        expect(state.throughputLines[phase], `phase ${phase}: one line per target`).toBe(2);
        expect(state.heatmapRows[phase], `phase ${phase}: cells for every partition`).toEqual(partitions);
      }
      expect(state.latencyRows.load, JSON.stringify(state.latencyRows)).toEqual(["INSERT shvm", "INSERT dynamodb"]);
      expect(state.latencyRows["run workloada"]).toEqual(["READ shvm", "READ dynamodb", "UPDATE shvm", "UPDATE dynamodb"]);
      expect(state.latencyRows["run workloadc"]).toEqual(["READ shvm", "READ dynamodb"]);

      mkdirSync(OUTPUT_DIR, { recursive: true });
      const png = await page.screenshot({ fullPage: true, timeout: 15_000 });
      writeFileSync(SCREENSHOT, png);
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.readUInt32BE(16)).toBe(1400); // IHDR width
      expect(png.readUInt32BE(20)).toBeGreaterThan(2000); // a full page: three phases, not one screen
    } finally {
      await page.close();
    }
  }, 60_000);
});
