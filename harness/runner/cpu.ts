/**
 * CPU used over the measured window by the generator (this process: every client thread, plus whatever a
 * binding runs in-process, e.g. SQLite), by the target's server processes (PreparedTarget.serverPids, from
 * /proc on Linux) and by the whole machine, so a report can tell a saturated generator from a saturated target.
 *
 * A server pid stands for its whole process tree: PostgreSQL does its work in one backend process per
 * connection, children of the postmaster, so the postmaster's own CPU alone would read ~0. At each snapshot
 * the tree is found afresh by walking /proc/<n>/stat's parent pids. A process's total counts its own time
 * (utime + stime) plus that of its children it has already waited for (cutime + cstime), so a child that
 * exits between the two snapshots and is reaped by its parent in the tree (a postmaster reaps its backends)
 * still counts. What is lost: a child that exits between the snapshots without being reaped within the tree
 * (re-parented to init, or still a zombie whose parent never waits), and a process started and gone between
 * the snapshots in such a way. Children that existed only before the first snapshot are in both and cancel.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import type { StartLag } from "./recorder.js";

export interface CpuSnapshot {
  /** Absolute ms (clock.ts). */
  at: number;
  /** This process's user + system CPU, µs. */
  processUs: number;
  /** Sum over the server pids' process trees, µs; undefined when any server pid cannot be read (not Linux, process gone). */
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
  /** CPU of the server pids and all their descendants (see the header), µs. */
  serverUs?: number;
  serverPercentOfCore?: number;
  /** Whole machine, % busy (100 = every core). */
  machinePercent?: number;
  /**
   * Open loop: CPU the client threads' precise waits cost by polling (clock.ts Scheduler.pollMs: the spin turns
   * without their Atomics.wait blocks, plus the gaps under 50 µs between turns), summed over threads, µs. Approximate:
   * a short gap may hold a small callback of real work, and the thread may have been descheduled during a turn. Not
   * the spin's wall time, which also holds the blocks (no CPU) and the other loops' work between turns.
   */
  clientSpinUs?: number;
  /** clientPercentOfCores without clientSpinUs: what the saturation warning judges. */
  clientPercentOfCoresOutsideSpin?: number;
}

/** The CPU report with the threads' precise-wait polling (ms each, Scheduler.pollMs over the window) left out of the client's share. */
export function withSpin(cpu: CpuReport, threadPollMs: readonly number[]): CpuReport {
  const spinUs = threadPollMs.reduce((a, b) => a + b, 0) * 1000;
  if (!(spinUs > 0)) return cpu;
  const outsideUs = Math.max(0, cpu.clientUs - spinUs);
  const pctOfCores = cpu.windowMs > 0 ? (outsideUs / 1000 / cpu.windowMs) * 100 / cpu.cores : 0;
  return { ...cpu, clientSpinUs: Math.round(spinUs), clientPercentOfCoresOutsideSpin: pctOfCores };
}

/**
 * Share of the window a thread's event loop was busy with something other than waiting for a deadline:
 * (active − waitMs) / window, with waitMs the Scheduler's polling plus its Atomics.wait blocks (pollMs + blockedMs),
 * both of which read as active in the event-loop utilisation. The denominator is the whole window, so a thread
 * that mostly waits reads low however little else it did (dividing by the time outside the spin would read ~1 for
 * any thread that only spins and works). Closed loop (no waits): the plain utilisation. Approximate as pollMs is.
 */
export function utilisationOutsideWaits(window: { idle: number; active: number; utilization: number }, waitMs: number): number {
  if (!(waitMs > 0)) return window.utilization;
  const total = window.idle + window.active;
  if (total <= 0) return window.utilization;
  return Math.min(1, Math.max(0, window.active - waitMs) / total);
}

/** What saturationWarnings needs of a client thread (protocol.ts ThreadResult). */
export interface ThreadLoad {
  /** utilisationOutsideWaits over the window; null when the window never began. */
  eluOutsideWaits: number | null;
  /** Open loop: the thread's start lag (Recorder.startLag) over the window; null in closed loop or without operations. */
  startLag: StartLag | null;
}

/** p99 start lag from which a thread counts as too late on its own schedule: far above the waits' own precision (an Atomics.wait block oversleeps by ~0.1 ms). */
export const START_LAG_P99_MS = 5;

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

interface ProcStat {
  ppid: number;
  /** utime + stime, clock ticks (every thread of the process). */
  own: number;
  /** cutime + cstime: children already waited for, clock ticks. */
  reapedChildren: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "pid (comm) " (comm may hold spaces and parentheses, hence the last ")"): state is index 0,
    // ppid (field 4) index 1, utime (14) index 11, stime (15) index 12, cutime (16) index 13, cstime (17) index 14.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const own = Number(fields[11]) + Number(fields[12]);
    const reapedChildren = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ppid) && Number.isFinite(own) && Number.isFinite(reapedChildren) ? { ppid, own, reapedChildren } : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a process and its threads (not its children), µs; undefined where /proc cannot be read. */
export function processCpuUs(pid: number): number | undefined {
  const s = readStat(pid);
  return s === undefined ? undefined : (s.own / ticks()) * 1e6;
}

/**
 * CPU of the process trees under `pids`, µs: each process's own time plus its reaped children's (see the
 * header), every process of the union of the trees counted once. Undefined when a root cannot be read.
 */
export function processTreeCpuUs(pids: readonly number[]): number | undefined {
  const roots = pids.map((pid) => ({ pid, stat: readStat(pid) }));
  if (roots.some((r) => r.stat === undefined)) return undefined;
  // Every process's stat once: parent → children.
  const stats = new Map<number, ProcStat>(roots.map((r) => [r.pid, r.stat as ProcStat]));
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    entries = [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = stats.get(pid) ?? readStat(pid); // a process gone since the listing is skipped
    if (stat === undefined) continue;
    stats.set(pid, stat);
    let list = children.get(stat.ppid);
    if (!list) children.set(stat.ppid, (list = []));
    list.push(pid);
  }
  const seen = new Set<number>();
  const queue = [...pids];
  let total = 0;
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = stats.get(pid);
    if (stat) total += stat.own + stat.reapedChildren;
    queue.push(...(children.get(pid) ?? []));
  }
  return (total / ticks()) * 1e6;
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
    const tree = processTreeCpuUs(serverPids);
    if (tree !== undefined) s.serverUs = tree;
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
 * the cores it can; one client thread's event loop was busy (nearly) all the window with work — a thread runs on
 * one core, so it saturates long before the process does; in open loop, one thread started its operations late
 * (p99 start lag ≥ START_LAG_P99_MS) while their loops were free; or the machine was (nearly) fully busy.
 *
 * The first two leave out the precise waits of open loop (clock.ts Scheduler): their polling CPU from the process's
 * share (withSpin) and their polling and blocks from the thread's busy share (utilisationOutsideWaits) — waiting
 * for a deadline is the opposite of saturated. The polling's CPU is real, though: when the machine was saturated,
 * the warning says how much of it was the generator polling.
 */
export function saturationWarnings(cpu: CpuReport, threads: readonly ThreadLoad[]): string[] {
  const warnings: string[] = [];
  // Below a second, start-up (JIT, first connections) dominates the percentages: they say nothing.
  if (cpu.windowMs < MIN_WINDOW_MS) return warnings;
  const clientShare = cpu.clientPercentOfCoresOutsideSpin ?? cpu.clientPercentOfCores;
  if (clientShare >= SATURATION * 100) {
    const spin = cpu.clientSpinUs ? ` (precise-wait polling left out)` : "";
    warnings.push(
      `the load generator itself used ${clientShare.toFixed(0)}% of the ${cpu.cores} usable core(s)${spin}: ` +
        `it was saturated, so these numbers measure the client, not the target`,
    );
  }
  const busy = threads.flatMap((t, i) => (t.eluOutsideWaits !== null && t.eluOutsideWaits >= SATURATION ? [{ elu: t.eluOutsideWaits, i }] : []));
  if (busy.length > 0) {
    warnings.push(
      `client thread(s) ${busy.map((t) => `${t.i} (${(t.elu * 100).toFixed(0)}%)`).join(", ")} had a saturated event loop: ` +
        `the generator may be the bottleneck (more --threads, if cores are free, or fewer operations in flight per thread)`,
    );
  }
  const late = threads.flatMap((t, i) => (t.startLag !== null && t.startLag.p99Ms >= START_LAG_P99_MS ? [{ lag: t.startLag, i }] : []));
  if (late.length > 0) {
    warnings.push(
      `client thread(s) ${late.map((t) => `${t.i} (p99 ${t.lag.p99Ms.toFixed(1)} ms, median ${t.lag.p50Ms.toFixed(1)} ms)`).join(", ")} ` +
        `started operations late although their loop was free: the generator did not keep its schedule, so the intended latencies ` +
        `include its own delay (more --threads, if cores are free)`,
    );
  }
  if (cpu.machinePercent !== undefined && cpu.machinePercent >= SATURATION * 100) {
    const spinPctOfCore = cpu.clientSpinUs && cpu.windowMs > 0 ? (cpu.clientSpinUs / 1000 / cpu.windowMs) * 100 : 0;
    const spin = spinPctOfCore >= 1 ? ` (the generator's precise-wait polling alone took ${spinPctOfCore.toFixed(0)}% of a core)` : "";
    warnings.push(`the machine was ${cpu.machinePercent.toFixed(0)}% busy${spin}: generator and target competed for the cores`);
  }
  return warnings;
}
