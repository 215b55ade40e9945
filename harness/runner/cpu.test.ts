import { describe, expect, it } from "vitest";
import { cpuReport, cpuSnapshot, saturationWarnings, type CpuReport } from "./cpu.js";

const report = (r: Partial<CpuReport>): CpuReport => ({ windowMs: 10_000, cores: 2, clientUs: 0, clientPercentOfCore: 0, clientPercentOfCores: 0, serverPids: [], ...r });

describe("CPU", () => {
  it("measures this process and a server pid over a window", () => {
    const a = cpuSnapshot(0, [process.pid]);
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
    const b = cpuSnapshot(100, [process.pid]);
    const r = cpuReport(a, b, [process.pid], 2);
    expect(x).toBeGreaterThan(0);
    expect(r.windowMs).toBe(100);
    expect(r.clientUs).toBeGreaterThan(0);
    expect(r.clientPercentOfCores).toBeCloseTo(r.clientPercentOfCore / 2);
    if (process.platform === "linux") expect(r.serverUs).toBeGreaterThanOrEqual(0);
  });

  it("warns when the generator, one of its threads, or the machine was saturated", () => {
    expect(saturationWarnings(report({ clientPercentOfCores: 50, machinePercent: 60 }), [0.5])).toEqual([]);
    const w = saturationWarnings(report({ clientPercentOfCores: 95, machinePercent: 97 }), [0.2, 0.93]);
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/load generator itself used 95% of the 2 usable core\(s\).*measure the client, not the target/);
    expect(w[1]).toMatch(/client thread\(s\) 1 \(93%\)/);
    expect(w[2]).toMatch(/machine was 97% busy/);
  });

  it("does not judge windows too short to mean anything", () => {
    expect(saturationWarnings(report({ windowMs: 200, clientPercentOfCores: 100 }), [1])).toEqual([]);
  });
});
