/**
 * The engine benchmark's figures, read from harness results files (harness/results/result-file.ts): one
 * operation's throughput, latency and CPU per phase, the best round, and the engine ÷ ceiling ratios. Pure
 * functions, so they are unit-tested; the measuring is the harness runner's.
 */
import type { YcsbResult } from "../../harness/results/result-file.js";

export interface PhaseFigures {
  /** Successful operations of the phase's series per second. */
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Failed operations (every `-FAILED` series). */
  errors: number;
  /** % of ONE core (100 = one core busy). */
  clientCpuPct: number;
  serverCpuPct?: number;
  /** Server CPU µs per successful op: less moved by other load on the machine than ops/s. */
  serverUsPerOp?: number;
  /** % of the whole machine (100 = every core busy). */
  machineCpuPct?: number;
  /** The machine's CPU not explained by the client and the server, % of the machine: somebody else's load. */
  otherLoadPct?: number;
  /** The harness's warnings for the phase (saturation, a stall, ...). */
  warnings: string[];
  /** The results file it was read from. */
  file: string;
}

/** The figures of `series` (READ, INSERT, UPDATE) in one results file. */
export function phaseFigures(r: YcsbResult, series: string, file: string): PhaseFigures {
  const s = r.operations[series];
  const errors = Object.entries(r.operations).reduce((n, [name, f]) => n + (name.endsWith("-FAILED") ? f.operations : 0), 0);
  const opsPerSec = s?.throughput ?? 0;
  const f: PhaseFigures = {
    opsPerSec,
    p50Ms: (s?.p50LatencyUs ?? 0) / 1000,
    p99Ms: (s?.p99LatencyUs ?? 0) / 1000,
    errors,
    clientCpuPct: r.cpu.clientPercentOfCore,
    warnings: r.warnings,
    file,
  };
  if (r.cpu.serverUs !== undefined && r.cpu.serverPercentOfCore !== undefined) {
    f.serverCpuPct = r.cpu.serverPercentOfCore;
    // The CPU window runs to the last thread's end, the throughput's to the last completion: near enough at ≥ 1 s.
    const opsInWindow = opsPerSec * (r.cpu.windowMs / 1000);
    if (opsInWindow > 0) f.serverUsPerOp = r.cpu.serverUs / opsInWindow;
  }
  if (r.cpu.machinePercent !== undefined) {
    f.machineCpuPct = r.cpu.machinePercent;
    if (f.serverCpuPct !== undefined && r.cpu.cores > 0) f.otherLoadPct = Math.max(0, r.cpu.machinePercent - (f.clientCpuPct + f.serverCpuPct) / r.cpu.cores);
  }
  return f;
}

/** Best of several rounds by throughput: machine noise only ever slows a run down, so the best run is the least disturbed. */
export function pickBest<T extends { opsPerSec: number }>(runs: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of runs) if (best === undefined || r.opsPerSec > best.opsPerSec) best = r;
  return best;
}

export interface Ratios {
  /** engine ops/s ÷ ceiling ops/s. */
  throughput?: number;
  /** ceiling server CPU per op ÷ the engine's: the throughput ratio a purely CPU-bound server would reach. */
  cpu?: number;
}

/** Engine ÷ ceiling; a figure missing on either side (or zero on the ceiling's) is left out. */
export function ratios(engine: PhaseFigures | undefined, ceiling: PhaseFigures | undefined): Ratios {
  const out: Ratios = {};
  if (engine && ceiling && ceiling.opsPerSec > 0) out.throughput = engine.opsPerSec / ceiling.opsPerSec;
  if (engine?.serverUsPerOp && ceiling?.serverUsPerOp) out.cpu = ceiling.serverUsPerOp / engine.serverUsPerOp;
  return out;
}
