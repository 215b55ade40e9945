/**
 * The dashboard's browser code: polls `/_shvm/metrics?format=json` once a second and redraws every card.
 * `?demo` in the page's URL draws made-up metrics instead (fake-snapshot.ts), to look at the page without load.
 */
import { METRICS_SNAPSHOT_VERSION, type MetricsSnapshot } from "../../metrics/snapshot.js";
import { baselineFor, errorRows, heatmap, latencyRows, onlyTables, restartRows, sizeRows, totals, type LatencyRow } from "../data.js";
import { FakeMetrics } from "../fake-snapshot.js";
import { formatBytes, formatCount, formatTime } from "../format.js";
import { empty, errorChart, heatmapChart, latencyChart, restartChart, sizeCharts } from "./charts.js";
import { browser, must, type Elem } from "./dom.js";

const METRICS_URL = "/_shvm/metrics?format=json";
const POLL_MS = 1000;
const FETCH_TIMEOUT_MS = 5000;
/** The latency percentiles' window: differences with the snapshot about this old. */
const LATENCY_WINDOW_MS = 10_000;
/** Per-partition charts keep to the heatmap's rows (the busiest ones when there are many). */
const MAX_ROWS = 64;

const params = new URLSearchParams(browser.location.search);
const demo = params.has("demo");
/** `?table=a,b` draws only those tables. */
const tables = (params.get("table") ?? "").split(",").map((t) => t.trim()).filter((t) => t.length > 0);
const fake = demo
  ? new FakeMetrics({
      startedAt: Date.now() - 30 * 60_000,
      seed: 42,
      tables: [
        { name: "usertable", partitions: 8, opsPerSecond: 2400, hot: 5, hotShare: 0.45 },
        { name: "orders", partitions: 4, opsPerSecond: 300 },
      ],
    })
  : undefined;

/** Recent snapshots, oldest first: enough to difference over the latency window. */
const recent: MetricsSnapshot[] = [];
let lastSuccess: number | undefined;

async function readSnapshot(): Promise<MetricsSnapshot> {
  if (fake) return fake.next(Date.now());
  const res = await fetch(METRICS_URL, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${METRICS_URL} answered ${res.status} ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as MetricsSnapshot;
  if (body.version !== METRICS_SNAPSHOT_VERSION || !Array.isArray(body.partitions)) {
    throw new Error(`${METRICS_URL} sent snapshot version ${String(body.version)}, this page reads ${METRICS_SNAPSHOT_VERSION}`);
  }
  return body;
}

function setTotal(name: string, text: string): void {
  must(`[data-total="${name}"]`).textContent = text;
}

/** Puts a chart in its card and marks it rendered (the screenshot test waits for the marks). */
function place(name: string, content: Elem): void {
  const slot = must(`[data-chart="${name}"]`);
  slot.replaceChildren(content);
  slot.setAttribute("data-rendered", String(Date.now()));
}

const widthOf = (name: string) => Math.max(280, must(`[data-chart="${name}"]`).clientWidth);

function render(s: MetricsSnapshot): void {
  const before = recent.length > 1 ? recent[recent.length - 2] : undefined;
  const t = totals(s, before);
  setTotal("opsPerSecond", formatCount(Math.round(t.opsPerSecond)));
  setTotal("operations", formatCount(t.operations));
  setTotal("partitions", `${t.partitions} in ${t.tables} table${t.tables === 1 ? "" : "s"}`);
  setTotal("errors", formatCount(t.errors));
  setTotal("conditionalCheckFailed", formatCount(t.conditionalCheckFailed));
  setTotal("storage", `${formatBytes(t.storageBytes)} · ${formatCount(t.items)} items`);
  must("[data-updated]").textContent = formatTime(s.now);
  const modes = [demo ? "demo data" : "", s.enabled ? "" : "metrics are off (SHVM_METRICS=off)", tables.length ? `only ${tables.join(", ")}` : ""];
  must("[data-mode]").textContent = modes.filter((m) => m).join(" · ");

  const h = heatmap(s, { maxRows: MAX_ROWS });
  const hm = must('[data-chart="heatmap"]');
  place("heatmap", heatmapChart(h, widthOf("heatmap")));
  hm.setAttribute("data-rows", String(h.rows.length));
  hm.setAttribute("data-cells", String(h.cells.length));
  must('[data-note="heatmap"]').textContent = h.hidden > 0 ? `The ${h.rows.length} busiest partitions of ${s.partitions.length}.` : "";

  const shown = new Set(h.rows);
  const keep = <R extends { label: string }>(rows: R[]) => rows.filter((r) => shown.has(r.label));

  const baseline = baselineFor(recent, s, LATENCY_WINDOW_MS);
  const router = latencyView(s, baseline, "latency", shown);
  must('[data-note="latency"]').textContent =
    `Wall time around each Durable Object call as the router measures it (Workers timers advance across I/O; locally in whole milliseconds, so a point at the far left means under 1 ms): ${router.over}.`;
  place("latency", latencyChart(router.rows, router.idle, h.rows, widthOf("latency")));

  const sqlite = latencyView(s, baseline, "sqliteLatency", shown);
  must('[data-note="sqlite"]').textContent =
    s.sqliteClock === "frozen"
      ? "Not measurable: inside a Durable Object the clock stands still during synchronous SQLite work (Workers' Spectre mitigation), so it would read 0 ms. The router's view includes the SQLite time."
      : s.sqliteClock === "unknown"
        ? "No SQLite work observed yet, so it is not known whether the runtime's clock advances during it."
        : `The partition's own clock around its SQLite statements (it advances here, in whole milliseconds: a point at the far left means under 1 ms, not that value): ${sqlite.over}.`;
  place(
    "sqlite-latency",
    sqlite.rows.length || sqlite.idle.length
      ? latencyChart(sqlite.rows, sqlite.idle, h.rows, widthOf("sqlite-latency"))
      : empty(s.sqliteClock === "advancing" ? "No SQLite timings yet." : "Only the router's view is available."),
  );

  const sizes = sizeCharts(keep(sizeRows(s)), widthOf("storage"));
  place("storage", sizes.storage);
  place("wal", sizes.wal);
  place("items", sizes.items);
  place("restarts", restartChart(keep(restartRows(s)), widthOf("restarts")));
  place("errors", errorChart(errorRows(s), widthOf("errors")));
}

/**
 * Percentile rows over the latency window (the difference with a snapshot about LATENCY_WINDOW_MS old), and the
 * phrase that says which clock and window they are. Cumulative since the server started until the page has been
 * open that long, and after a restart of the server. Partitions with earlier calls but none in the window are `idle`.
 */
function latencyView(s: MetricsSnapshot, baseline: MetricsSnapshot | undefined, view: "latency" | "sqliteLatency", shown: Set<string>) {
  const keep = (rows: LatencyRow[]) => rows.filter((r) => shown.has(r.label));
  const cumulative = keep(latencyRows(s, undefined, view));
  const seconds = baseline ? Math.round((s.now - baseline.now) / 1000) : 0;
  if (!baseline || seconds < (LATENCY_WINDOW_MS / 1000) * 0.9) {
    const over = `p50 / p90 / p99 of all calls since the server started (of the last ${LATENCY_WINDOW_MS / 1000} s once the page has that much history)`;
    return { rows: cumulative, idle: [], over };
  }
  const windowed = keep(latencyRows(s, baseline, view));
  const idle = cumulative.map((r) => r.label).filter((l) => !windowed.some((r) => r.label === l));
  return { rows: windowed, idle, over: `p50 / p90 / p99 over the last ${seconds} s` };
}

function showError(what: string, e: unknown): void {
  const banner = must("[data-banner]");
  const why = e instanceof Error ? e.message : String(e);
  const since = lastSuccess === undefined ? "no data yet" : `showing data from ${formatTime(lastSuccess)}`;
  banner.textContent = `${what}: ${why}. Retrying every second (${since}).`;
  banner.hidden = false;
}

async function poll(): Promise<void> {
  const started = Date.now();
  try {
    const s = onlyTables(await readSnapshot(), tables);
    recent.push(s);
    // Keep a little more than the latency window; snapshots of an older isolate are of no more use.
    while (s.now - recent[0]!.now > LATENCY_WINDOW_MS + 5000 || recent[0]!.startedAt !== s.startedAt) recent.shift();
    try {
      render(s);
      lastSuccess = s.now;
      must("[data-banner]").hidden = true;
    } catch (e) {
      showError("Could not draw the metrics", e);
    }
  } catch (e) {
    showError("Could not read the metrics", e);
  } finally {
    // One poll at a time: the next starts a second after this one started, or at once if it took longer.
    setTimeout(() => void poll(), Math.max(0, POLL_MS - (Date.now() - started)));
  }
}

browser.addEventListener("resize", () => {
  const s = recent[recent.length - 1];
  if (s) render(s);
});

void poll();
