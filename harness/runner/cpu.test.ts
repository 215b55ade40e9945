import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { cpuReport, cpuSnapshot, processCpuUs, saturationWarnings, utilisationOutsideWaits, withSpin, START_LAG_P99_MS, type CpuReport, type ThreadLoad } from "./cpu.js";

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

  it("event-loop utilisation outside the waits: the plain one without waits, else the non-waiting share of the whole window", () => {
    // No wait (closed loop, or a synchronous binding): the plain utilisation, however short the window.
    expect(utilisationOutsideWaits({ idle: 0, active: 40, utilization: 1 }, 0)).toBe(1);
    expect(utilisationOutsideWaits({ idle: 700, active: 300, utilization: 0.3 }, 0)).toBe(0.3);
    // 10 s window, 7 s active of which 6 s polling or blocked: 1 s of work, a tenth of the window.
    expect(utilisationOutsideWaits({ idle: 3000, active: 7000, utilization: 0.7 }, 6000)).toBeCloseTo(0.1);
    // A thread that only waited and worked (never idle): its work's share, not 1.
    expect(utilisationOutsideWaits({ idle: 0, active: 10_000, utilization: 1 }, 9500)).toBeCloseTo(0.05);
    // Working 95 % of the window between short waits: saturated.
    expect(utilisationOutsideWaits({ idle: 0, active: 10_000, utilization: 1 }, 500)).toBeCloseTo(0.95);
  });

  it("leaves precise-wait polling out of the judgement, and names it when the machine was saturated", () => {
    // One thread polled 9 of the 10 s (ahead of its schedule all along): 95% of one core, ELU 1 including the waits.
    const raw = report({ cores: 1, clientUs: 9_500_000, clientPercentOfCore: 95, clientPercentOfCores: 95, machinePercent: 99 });
    const cpu = withSpin(raw, [9000]);
    expect(cpu.clientSpinUs).toBe(9_000_000);
    expect(cpu.clientPercentOfCoresOutsideSpin).toBeCloseTo(5);
    const w = saturationWarnings(cpu, [load(0.05), load(null)]);
    expect(w).toEqual([expect.stringMatching(/^the machine was 99% busy \(the generator's precise-wait polling alone took 90% of a core\)/)]);
    // Without the polling left out, the same CPU would read as a saturated generator.
    expect(withSpin(raw, [0])).toBe(raw);
    expect(saturationWarnings(raw, threads(0.3))[0]).toMatch(/load generator itself used 95%/);
    expect(saturationWarnings({ ...cpu, clientSpinUs: 0, clientPercentOfCoresOutsideSpin: 95 }, threads(0.95))).toHaveLength(3);
  });

  it("the scratch run that read as 0 %: 1991 ms of spin, 1563 ms of it blocked, 565 ms of CPU", () => {
    // Subtracting the spin's wall time claimed more CPU than the process used; only its polling is subtracted now.
    const raw = report({ windowMs: 10_000, cores: 2, clientUs: 565_000, clientPercentOfCore: 5.65, clientPercentOfCores: 2.825 });
    const pollMs = 300; // at most spin − blocked = 428 ms
    const cpu = withSpin(raw, [pollMs]);
    expect(cpu.clientSpinUs).toBe(300_000);
    expect(cpu.clientPercentOfCoresOutsideSpin).toBeCloseTo(((565 - 300) / 10_000) * 100 / 2);
  });

  it("open loop: warns about a thread that started operations late with their loop free", () => {
    const lag = (p50Ms: number, p99Ms: number) => ({ operations: 1000, p50Ms, p99Ms, maxMs: p99Ms * 2 });
    const r = report({ clientPercentOfCores: 30 });
    expect(saturationWarnings(r, [load(0.3, lag(0.05, 0.4)), load(0.3, null)])).toEqual([]);
    const w = saturationWarnings(r, [load(0.3, lag(0.05, 0.4)), load(0.4, lag(2, START_LAG_P99_MS + 3))]);
    expect(w).toEqual([expect.stringMatching(/^client thread\(s\) 1 \(p99 8\.0 ms, median 2\.0 ms\) started operations late although their loop was free/)]);
  });
});

function load(elu: number | null, startLag: ThreadLoad["startLag"] = null): ThreadLoad {
  return { eluOutsideWaits: elu, startLag };
}

function threads(...elu: number[]): ThreadLoad[] {
  return elu.map((e) => load(e));
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
