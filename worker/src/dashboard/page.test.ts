import { describe, expect, it } from "vitest";
import { DASHBOARD_SCRIPT_PATH, dashboardHtml } from "./page.js";

describe("dashboard page", () => {
  const html = dashboardHtml();

  it("has every element the browser script fills", () => {
    for (const chart of ["heatmap", "latency", "sqlite-latency", "storage", "wal", "items", "restarts", "errors"]) {
      expect(html).toContain(`data-chart="${chart}"`);
    }
    for (const total of ["opsPerSecond", "operations", "partitions", "errors", "conditionalCheckFailed", "storage"]) {
      expect(html).toContain(`data-total="${total}"`);
    }
    for (const note of ["heatmap", "latency", "sqlite"]) expect(html).toContain(`data-note="${note}"`);
    for (const attr of ["data-banner", "data-updated", "data-mode"]) expect(html).toContain(attr);
  });

  it("loads its script from the Worker and nothing from elsewhere", () => {
    expect(html).toContain(`<script src="${DASHBOARD_SCRIPT_PATH}" defer></script>`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
