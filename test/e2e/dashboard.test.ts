/**
 * The live dashboard in a real headless Chromium: traffic at a 4-partition table, then `/_shvm/dashboard`
 * must draw that table's partitions in the heatmap (one row each, cells with operations), show non-zero
 * totals and no error banner; its screenshot goes to test-output/dashboard.png and must not be blank.
 * Skipped only when Debian's chromium is not installed (`apt-get install chromium`).
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MetricsSnapshot } from "../../worker/src/metrics/snapshot";
import { createTable, sleep, tableInput, uniqueName } from "../conformance/target";
import { dynamoClient } from "../support/client";

const CHROMIUM = "/usr/bin/chromium";
const PARTITIONS = 4;
const OUTPUT_DIR = resolve("test-output");
const SCREENSHOT = join(OUTPUT_DIR, "dashboard.png");
const hasChromium = existsSync(CHROMIUM);
const why = hasChromium ? "" : ` (skipped: ${CHROMIUM} not found; apt-get install chromium)`;

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function scrape(endpoint: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${endpoint}/_shvm/metrics?format=json`, { signal: AbortSignal.timeout(5_000) });
  if (res.status !== 200) throw new Error(`GET /_shvm/metrics answered ${res.status}`);
  return (await res.json()) as MetricsSnapshot;
}

// The browser globals the in-page functions below use: this file is compiled with Node's types, not the DOM's,
// and these declarations are module-scoped (the functions run in Chromium, where the real globals exist).
interface DomNode {
  textContent: string | null;
  hidden?: boolean;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
}
interface Canvas2d {
  drawImage(img: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray; width: number; height: number };
}
declare const document: DomNode & {
  createElement(tag: "canvas"): { width: number; height: number; getContext(kind: "2d"): Canvas2d | null };
};
declare const Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };

/** What the page shows, read from its DOM. */
interface PageState {
  rowLabels: string[];
  /** Heatmap cells per row label. */
  cellsByRow: Record<string, number>;
  cellFills: number;
  operations: string;
  bannerHidden: boolean;
  bannerText: string;
  charts: Record<string, boolean>;
  /** Cards drawn as a chart (an svg), not as a placeholder text. */
  drawn: Record<string, boolean>;
  /** Each card's data-rendered mark (the time it was last drawn). */
  renderedAt: Record<string, number>;
}

// Runs in the page: plain JavaScript over the DOM (no imports).
const readPage = (): PageState => {
  const heatmap = document.querySelector('[data-chart="heatmap"]');
  const rowLabels = [...(heatmap?.querySelectorAll('g[aria-label="y-axis tick label"] text') ?? [])].map((t) => t.textContent ?? "");
  // The cells are the heatmap's rects with a tooltip ("table/partition\ntime: n ops/s"); the idle rows have none.
  const cells = [...(heatmap?.querySelectorAll("rect") ?? [])].filter((r) => r.querySelector("title") !== null);
  const cellsByRow: Record<string, number> = {};
  for (const c of cells) {
    const row = (c.querySelector("title")?.textContent ?? "").split("\n")[0] ?? "";
    cellsByRow[row] = (cellsByRow[row] ?? 0) + 1;
  }
  const banner = document.querySelector("[data-banner]");
  const charts: Record<string, boolean> = {};
  const drawn: Record<string, boolean> = {};
  const renderedAt: Record<string, number> = {};
  for (const el of document.querySelectorAll("[data-chart]")) {
    const name = el.getAttribute("data-chart") ?? "";
    charts[name] = el.hasAttribute("data-rendered") && el.querySelector("svg, .empty") !== null;
    drawn[name] = el.querySelector("svg") !== null;
    renderedAt[name] = Number(el.getAttribute("data-rendered") ?? 0);
  }
  return {
    rowLabels,
    cellsByRow,
    cellFills: new Set(cells.map((c) => c.getAttribute("fill"))).size,
    operations: document.querySelector('[data-total="operations"]')?.textContent ?? "",
    bannerHidden: banner?.hidden ?? false,
    bannerText: banner?.textContent ?? "",
    charts,
    drawn,
    renderedAt,
  };
};

// Runs in a blank page: decodes the PNG with the browser and counts distinct colours on a grid of samples.
const countColours = async (base64: string): Promise<number> => {
  const img = new Image();
  img.src = `data:image/png;base64,${base64}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  if (!ctx) return 0;
  ctx.drawImage(img, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set<number>();
  for (let y = 0; y < height; y += 3) {
    for (let x = 0; x < width; x += 3) {
      const i = (y * width + x) * 4;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
  }
  return colours.size;
};

describe("dashboard", () => {
  const target = inject("shvm");
  const table = uniqueName("dashboard");
  let endpoint: string;
  let client: DynamoDBClient;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    if (!target.endpoint) throw new Error(target.error);
    endpoint = target.endpoint;
    client = dynamoClient(endpoint);
    await createTable(client, { ...tableInput(table), Tags: [{ Key: "shvm:partitions", Value: String(PARTITIONS) }] });
    // Every partition gets writes (160 keys over 4 hash slices), one key gets many reads: a hot partition.
    const keys = Array.from({ length: 160 }, (_, i) => `user${i}`);
    await inParallel(keys, 8, (k) => client.send(new PutItemCommand({ TableName: table, Item: { id: { S: k }, v: { S: "x".repeat(200) } } })));
    await inParallel(Array.from({ length: 240 }, () => "user7"), 8, (k) => client.send(new GetItemCommand({ TableName: table, Key: { id: { S: k } } })));
    // A few failed conditions: counted apart from errors.
    for (const k of keys.slice(0, 5)) {
      await client
        .send(new PutItemCommand({ TableName: table, Item: { id: { S: k } }, ConditionExpression: "attribute_not_exists(id)" }))
        .catch((e: { name?: string }) => expect(e.name).toBe("ConditionalCheckFailedException"));
    }
    const s = await scrape(endpoint);
    expect(s.partitions.filter((p) => p.table === table).map((p) => p.partition).sort()).toEqual([0, 1, 2, 3]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 20_000,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    client?.destroy();
  });

  it("serves the page and its script from the Worker, and 404 under it", async () => {
    if (!target.endpoint) throw new Error(target.error);
    const get = (path: string) => fetch(`${target.endpoint}${path}`, { signal: AbortSignal.timeout(10_000) });
    const page = await get("/_shvm/dashboard");
    expect(page.status, "is /_shvm/dashboard routed to dashboardResponse in worker/src/index.ts?").toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('data-chart="heatmap"');
    expect(html).toContain('src="/_shvm/dashboard/app.js"');
    const script = await get("/_shvm/dashboard/app.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    // Observable Plot is bundled in: no CDN, the page works offline.
    expect((await script.text()).length).toBeGreaterThan(100_000);
    expect((await get("/_shvm/dashboard/nothing-here")).status).toBe(404);
  });

  it.skipIf(!hasChromium)(`draws the table's partitions from live metrics and screenshots them${why}`, async () => {
    const b = browser!;
    const page: Page = await b.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });

    // Light traffic while the page polls, so the newest seconds have cells too; stopped in `finally`.
    let stop = false;
    let backgroundOk = 0;
    let backgroundError: unknown;
    const background = (async () => {
      for (let i = 0; !stop; i++) {
        await client
          .send(new GetItemCommand({ TableName: table, Key: { id: { S: `user${i % 160}` } } }))
          .then(() => backgroundOk++, (e: unknown) => (backgroundError ??= e));
        await sleep(40);
      }
    })();

    try {
      const res = await page.goto(`${endpoint}/_shvm/dashboard?table=${encodeURIComponent(table)}`, { waitUntil: "load", timeout: 15_000 });
      expect(res?.status(), "GET /_shvm/dashboard: is it routed to dashboardResponse in worker/src/index.ts?").toBe(200);

      const labels = Array.from({ length: PARTITIONS }, (_, i) => `${table}/${i}`);
      // Until every partition's row has cells (a second's traffic shows once the second is over) and every card
      // is drawn; bounded.
      const ready = (s: PageState) => labels.every((l) => (s.cellsByRow[l] ?? 0) > 0) && Object.values(s.charts).every(Boolean);
      let seen: PageState | undefined;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
        seen = await page.evaluate(readPage);
        if (ready(seen)) break;
      }
      if (!seen || !ready(seen)) {
        throw new Error(`the dashboard never showed cells for ${labels.join(", ")}\npage: ${JSON.stringify(seen)}\n${problems.join("\n")}`);
      }

      const state = await page.evaluate(readPage);
      for (const l of labels) expect(state.rowLabels).toContain(l);
      expect(Object.values(state.cellsByRow).reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(PARTITIONS);
      // A sequential colour scale: the hot partition's cells and the others' differ.
      expect(state.cellFills).toBeGreaterThan(1);
      expect(state.operations).not.toBe("0");
      expect(state.operations).not.toBe("–");
      expect(state.bannerHidden, state.bannerText).toBe(true);
      expect(state.charts).toMatchObject({ heatmap: true, latency: true, storage: true, items: true, restarts: true, errors: true });
      // Drawn from data, not placeholders: every partition answered, was counted, and failed conditions were sent.
      expect(state.drawn).toMatchObject({ heatmap: true, latency: true, storage: true, items: true, restarts: true, errors: true });
      // Refreshed about every second: the heatmap is drawn again, and the newest seconds get cells (the
      // background traffic) that the first drawing could not have.
      const firstCells = Object.values(state.cellsByRow).reduce((a, n) => a + n, 0);
      let later = state;
      for (const deadline = Date.now() + 8_000; Date.now() < deadline; await sleep(250)) {
        later = await page.evaluate(readPage);
        if ((later.renderedAt.heatmap ?? 0) >= (state.renderedAt.heatmap ?? 0) + 2_000) break;
      }
      expect(later.renderedAt.heatmap, "the heatmap was not drawn again within 8 s").toBeGreaterThanOrEqual((state.renderedAt.heatmap ?? 0) + 2_000);
      expect(Object.values(later.cellsByRow).reduce((a, n) => a + n, 0)).toBeGreaterThan(firstCells);
      expect(problems).toEqual([]);

      mkdirSync(OUTPUT_DIR, { recursive: true });
      const png = await page.screenshot({ fullPage: true, timeout: 15_000 });
      writeFileSync(SCREENSHOT, png);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
      expect(png.length).toBeGreaterThan(20_000);

      const blank = await b.newPage();
      try {
        // Charts, text and the colour scale: many colours; a blank or one-colour page has one or two.
        expect(await blank.evaluate(countColours, png.toString("base64"))).toBeGreaterThan(20);
      } finally {
        await blank.close();
      }

      // A failing poll raises the error banner (and the page keeps its last charts).
      await page.route("**/_shvm/metrics*", (route) => route.fulfill({ status: 503, body: "down for the test" }));
      let banner = { hidden: true, text: "" };
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && banner.hidden; await sleep(200)) {
        const s = await page.evaluate(readPage);
        banner = { hidden: s.bannerHidden, text: s.bannerText };
      }
      expect(banner.hidden).toBe(false);
      expect(banner.text).toContain("Could not read the metrics");
      expect(banner.text).toContain("503");
    } finally {
      stop = true;
      await background;
      await page.close();
    }
    // The traffic while the page polled really ran (else the newest seconds prove nothing).
    expect(backgroundError, "background GetItem failed").toBeUndefined();
    expect(backgroundOk).toBeGreaterThan(0);
  }, 60_000);
});
