import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPrices, resolvePrice, type PriceEntry } from "./prices.js";

describe("the price file", () => {
  it("loads, dated, every figure with the page it was read from", () => {
    const p = loadPrices();
    expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const entries: PriceEntry[] = [
      ...Object.values(p.cloudflare.durableObjects),
      ...Object.values(p.cloudflare.workers),
      p.dynamodb.writeRequestUnitsPerMillion,
      p.dynamodb.readRequestUnitsPerMillion,
      p.dynamodb.storedGbMonth,
    ];
    for (const e of entries) {
      expect(e.source).toMatch(/^https:\/\//);
      // A missing figure must say why.
      if (e.value === null) expect(e.note).toBeTruthy();
    }
  });

  it("refuses a file with a mistyped figure instead of pricing with NaN later", () => {
    const p = JSON.parse(JSON.stringify(loadPrices())) as { cloudflare: { durableObjects: { requestsPerMillion: { value: unknown } } } };
    p.cloudflare.durableObjects.requestsPerMillion.value = "0.15";
    const path = join(mkdtempSync(join(tmpdir(), "prices-")), "prices.json");
    writeFileSync(path, JSON.stringify(p));
    expect(() => loadPrices(path)).toThrow(/requestsPerMillion\.value/);
  });
});

describe("resolvePrice", () => {
  const entry: PriceEntry = { value: null, unit: "USD", source: "https://a", read: "2026-01-01", secondary: { value: 2, source: "https://b", read: "2026-01-01" } };
  it("uses a secondary figure only when allowed, and says so", () => {
    expect(resolvePrice(entry)).toEqual({ value: null, basis: "missing", source: "https://a" });
    expect(resolvePrice(entry, true)).toEqual({ value: 2, basis: "secondary", source: "https://b" });
    expect(resolvePrice({ ...entry, value: 1 }, true)).toEqual({ value: 1, basis: "published", source: "https://a" });
  });
});
