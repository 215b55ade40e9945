import { describe, expect, it } from "vitest";
import { formatTable, ratioLine } from "./report.js";

describe("formatTable", () => {
  it("left-aligns the two label columns and right-aligns the numbers", () => {
    const t = formatTable(["operation", "target", "ops/s"], [["GetItem", "engine", "1,234"], ["PutItem", "ceiling", "56"]]).split("\n");
    expect(t[0]).toBe("operation  target   ops/s");
    expect(t[2]).toBe("GetItem    engine   1,234");
    expect(t[3]).toBe("PutItem    ceiling     56");
  });
});

describe("ratioLine", () => {
  it("states the ratio against the threshold", () => {
    expect(ratioLine("GetItem", { throughput: 0.9 }, 0.85)).toBe("GetItem: engine/ceiling throughput 90.0% (≥ 85%)");
    expect(ratioLine("PutItem", { throughput: 0.5 }, 0.85)).toBe("PutItem: engine/ceiling throughput 50.0% (< 85%)");
    expect(ratioLine("PutItem", {}, 0.85)).toMatch(/n\/a/);
    expect(ratioLine("GetItem", { throughput: 0.9, cpu: 0.8 }, 0.85)).toMatch(/server CPU per op, ceiling\/engine: 80.0%$/);
  });
});
