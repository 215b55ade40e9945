import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { cpuReport, cpuSnapshot, processCpuUs, saturationWarnings, utilisationOutsideSpin, withSpin, type CpuReport, type ThreadLoad } from "./cpu.js";

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

  // PostgreSQL's work happens in backends, children of the postmaster (the server pid the target reports).
  it.runIf(process.platform === "linux")("counts a server pid's whole process tree: a busy child of an idle parent", async () => {
    // sh waits (idle) while its background child spins; the child is killed with sh's process group, and
    // `timeout` ends it anyway should the test process die first.
    const parent = spawn("sh", ["-c", "timeout --foreground 30 sh -c 'while :; do :; done' & wait"], { detached: true, stdio: "ignore" });
    const pid = parent.pid as number;
    try {
      await until(() => childrenOf(pid).length > 0, "the busy child to start");
      const a = cpuSnapshot(0, [pid]);
      const ownA = processCpuUs(pid) as number;
      let b = a;
      await until(() => (b = cpuSnapshot(1000, [pid])).serverUs! > a.serverUs!, "the tree's CPU to grow");
      const r = cpuReport(a, b, [pid], 2);
      expect(r.serverUs).toBeGreaterThan(0);
      // The growth is the child's: the parent itself only waited.
      expect((processCpuUs(pid) as number) - ownA).toBeLessThan(r.serverUs as number);
    } finally {
      process.kill(-pid, "SIGKILL");
    }
  }, 20_000);

  it("warns when the generator, one of its threads, or the machine was saturated", () => {
    expect(saturationWarnings(report({ clientPercentOfCores: 50, machinePercent: 60 }), threads(0.5))).toEqual([]);
    const w = saturationWarnings(report({ clientPercentOfCores: 95, machinePercent: 97 }), threads(0.2, 0.93));
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/load generator itself used 95% of the 2 usable core\(s\).*measure the client, not the target/);
    expect(w[1]).toMatch(/client thread\(s\) 1 \(93%\)/);
    expect(w[2]).toMatch(/machine was 97% busy/);
  });

  it("does not judge windows too short to mean anything", () => {
    expect(saturationWarnings(report({ windowMs: 200, clientPercentOfCores: 100 }), threads(1))).toEqual([]);
  });

  it("event-loop utilisation outside the spins: the plain one without spins, null when the spins filled the window", () => {
    // No spin (closed loop, or a synchronous binding): the plain utilisation, however short the window.
    expect(utilisationOutsideSpin({ idle: 0, active: 40, utilization: 1 }, 0)).toBe(1);
    expect(utilisationOutsideSpin({ idle: 700, active: 300, utilization: 0.3 }, 0)).toBe(0.3);
    // 10 s window, 6 s spinning (active), 1 s of other work: 1 of the 4 s outside the spins.
    expect(utilisationOutsideSpin({ idle: 3000, active: 7000, utilization: 0.7 }, 6000)).toBeCloseTo(0.25);
    // Spinning (nearly) all the window: nothing left to judge.
    expect(utilisationOutsideSpin({ idle: 10, active: 9990, utilization: 0.999 }, 9980)).toBeNull();
  });

  it("leaves precise-wait spinning out of the judgement, and names it when the machine was saturated", () => {
    // One thread spun 9 of the 10 s (ahead of its schedule all along): 95% of one core, ELU 1 including the spin.
    const raw = report({ cores: 1, clientUs: 9_500_000, clientPercentOfCore: 95, clientPercentOfCores: 95, machinePercent: 99 });
    const cpu = withSpin(raw, [9000]);
    expect(cpu.clientSpinUs).toBe(9_000_000);
    expect(cpu.clientPercentOfCoresOutsideSpin).toBeCloseTo(5);
    const w = saturationWarnings(cpu, [{ eluOutsideSpin: 0.3 }, { eluOutsideSpin: null }]);
    expect(w).toEqual([expect.stringMatching(/^the machine was 99% busy \(the generator's precise-wait spinning alone took 90% of a core\)/)]);
    // Without the spin left out, the same CPU would read as a saturated generator.
    expect(withSpin(raw, [0])).toBe(raw);
    expect(saturationWarnings(raw, threads(0.3))[0]).toMatch(/load generator itself used 95%/);
    expect(saturationWarnings({ ...cpu, clientSpinUs: 0, clientPercentOfCoresOutsideSpin: 95 }, threads(0.95))).toHaveLength(3);
  });
});

function threads(...elu: number[]): ThreadLoad[] {
  return elu.map((e) => ({ eluOutsideSpin: e }));
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Polls `done` every 20 ms for at most 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
