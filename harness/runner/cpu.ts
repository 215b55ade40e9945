/**
 * CPU used over the measured window by the generator (this process: every client thread, plus whatever a
 * binding runs in-process, e.g. SQLite), by the target's server processes (PreparedTarget.serverPids, from
 * /proc on Linux) and by the whole machine, so a report can tell a saturated generator from a saturated target.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";

export interface CpuSnapshot {
  /** Absolute ms (clock.ts). */
  at: number;
  /** This process's user + system CPU, µs. */
  processUs: number;
  /** Sum over the server pids, µs; undefined when any of them cannot be read (not Linux, process gone). */
  serverUs?: number;
  machineBusyUs?: number;
  machineTotalUs?: number;
}

export interface CpuReport {
  windowMs: number;
  /** Cores this process may use (os.availableParallelism). */
  cores: number;
  /** The generator's CPU: µs, % of one core, % of the usable cores. */
  clientUs: number;
  clientPercentOfCore: number;
  clientPercentOfCores: number;
  serverPids: number[];
  serverUs?: number;
  serverPercentOfCore?: number;
  /** Whole machine, % busy (100 = every core). */
  machinePercent?: number;
}

/** USER_HZ, the unit of /proc CPU times: getconf where available, else 100 (every mainstream Linux). */
let clockTicks: number | undefined;
function ticks(): number {
  if (clockTicks === undefined) {
    try {
      const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8", timeout: 2_000 }).trim());
      clockTicks = n > 0 ? n : 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process and its threads, µs; undefined where /proc cannot be read. */
export function processCpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "pid (comm) ": state is index 0, utime (field 14) index 11, stime (15) index 12.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const us = ((Number(fields[11]) + Number(fields[12])) / ticks()) * 1e6;
    return Number.isFinite(us) ? us : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU time of the machine, µs (/proc/stat, iowait counted as idle; os.cpus() elsewhere). */
function machineTimes(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    const toUs = 1e6 / ticks();
    return { busy: busy * toUs, total: (busy + idle + iowait) * toUs };
  } catch {
    let busy = 0;
    let total = 0;
    for (const c of cpus()) {
      const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
      total += t * 1000;
      busy += (t - c.times.idle) * 1000;
    }
    return total > 0 ? { busy, total } : undefined;
  }
}

export function cpuSnapshot(at: number, serverPids: readonly number[]): CpuSnapshot {
  const u = process.cpuUsage();
  const s: CpuSnapshot = { at, processUs: u.user + u.system };
  if (serverPids.length > 0) {
    const per = serverPids.map(processCpuUs);
    if (per.every((v) => v !== undefined)) s.serverUs = per.reduce<number>((a, b) => a + (b as number), 0);
  }
  const m = machineTimes();
  if (m) {
    s.machineBusyUs = m.busy;
    s.machineTotalUs = m.total;
  }
  return s;
}

export function cpuReport(a: CpuSnapshot, b: CpuSnapshot, serverPids: readonly number[], cores = availableParallelism()): CpuReport {
  const windowMs = Math.max(0, b.at - a.at);
  const pct = (us: number) => (windowMs > 0 ? (us / 1000 / windowMs) * 100 : 0);
  const clientUs = b.processUs - a.processUs;
  const report: CpuReport = {
    windowMs,
    cores,
    clientUs,
    clientPercentOfCore: pct(clientUs),
    clientPercentOfCores: pct(clientUs) / cores,
    serverPids: [...serverPids],
  };
  if (a.serverUs !== undefined && b.serverUs !== undefined) {
    report.serverUs = b.serverUs - a.serverUs;
    report.serverPercentOfCore = pct(report.serverUs);
  }
  if (a.machineBusyUs !== undefined && b.machineBusyUs !== undefined && a.machineTotalUs !== undefined && b.machineTotalUs !== undefined) {
    const total = b.machineTotalUs - a.machineTotalUs;
    if (total > 0) report.machinePercent = ((b.machineBusyUs - a.machineBusyUs) / total) * 100;
  }
  return report;
}

/** Shortest measured window whose CPU shares are worth a warning. */
export const MIN_WINDOW_MS = 1000;

/** Share of the usable cores above which the generator counts as saturated. */
export const SATURATION = 0.9;

/**
 * Warnings when the numbers may describe the generator rather than the target: the process used (nearly) all
 * the cores it can, or one client thread's event loop was busy (nearly) all the window — a thread runs on one
 * core, so it saturates long before the process does.
 */
export function saturationWarnings(cpu: CpuReport, threadElu: readonly number[]): string[] {
  const warnings: string[] = [];
  // Below a second, start-up (JIT, first connections) dominates the percentages: they say nothing.
  if (cpu.windowMs < MIN_WINDOW_MS) return warnings;
  if (cpu.clientPercentOfCores >= SATURATION * 100) {
    warnings.push(
      `the load generator itself used ${cpu.clientPercentOfCores.toFixed(0)}% of the ${cpu.cores} usable core(s): ` +
        `it was saturated, so these numbers measure the client, not the target`,
    );
  }
  const busy = threadElu.map((elu, i) => ({ elu, i })).filter((t) => t.elu >= SATURATION);
  if (busy.length > 0) {
    warnings.push(
      `client thread(s) ${busy.map((t) => `${t.i} (${(t.elu * 100).toFixed(0)}%)`).join(", ")} had a saturated event loop: ` +
        `the generator may be the bottleneck (more --threads, if cores are free, or fewer operations in flight per thread)`,
    );
  }
  if (cpu.machinePercent !== undefined && cpu.machinePercent >= SATURATION * 100) {
    warnings.push(`the machine was ${cpu.machinePercent.toFixed(0)}% busy: generator and target competed for the cores`);
  }
  return warnings;
}
