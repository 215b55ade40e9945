import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { modelCommand } from "./cli.js";

function run(argv: string[]): { code: number; out: string } {
  const lines: string[] = [];
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = modelCommand(argv, (s) => lines.push(s));
    return { code, out: lines.join("\n") };
  } finally {
    err.mockRestore();
  }
}

describe("npm run model", () => {
  it("scaling prints a row per partition count", () => {
    const { code, out } = run(["scaling", "--recordcount", "1000", "--distribution", "uniform", "--ceiling", "500", "--partitions", "1,2,4"]);
    expect(code).toBe(0);
    expect(out.split("\n").filter((l) => /^\d+\s/.test(l)).map((l) => Number(l.split(/\s+/)[0]))).toEqual([1, 2, 4]);
  });

  it("cost prices measured totals and a DynamoDB estimate from the workload", () => {
    const dir = mkdtempSync(join(tmpdir(), "model-cli-"));
    const totals = join(dir, "totals.json");
    writeFileSync(totals, JSON.stringify({ operations: 1000, seconds: 1, durableObjectCalls: 1000, partitionActiveSeconds: 4, activePartitions: 4, rowsRead: 1000, rowsWritten: 0, storageBytes: 1e6 }));
    const { code, out } = run(["cost", totals, "--workload", "c", "-p", "recordcount=1000", "--operations", "1000", "--seconds", "1", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { system: string }[];
    expect(parsed.map((b) => b.system)).toEqual(["shvm-db on Cloudflare", "DynamoDB on-demand (us-east-1)"]);
  });

  it("fails with the usage on bad arguments", () => {
    expect((run(["scaling", "--recordcount", "1000", "--distribution", "pareto", "--ceiling", "1"])).code).toBe(1);
    expect((run(["cost"])).code).toBe(1);
    expect((run(["nonsense"])).code).toBe(1);
  });
});
