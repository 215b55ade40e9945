/**
 * Resident memory of server processes, read from /proc/<pid>/status (Linux), sampled on a timer, and the small
 * statistics the soak test judges a series by.
 */
import { readFileSync } from "node:fs";

/** One process's resident memory, in KiB (VmRSS = RssAnon + RssFile + RssShmem). */
export interface ProcessMemory {
  rss: number;
  anon: number;
  file: number;
  shmem: number;
}

/** The process's memory now, or undefined when it is gone (or /proc is not there). */
export function processMemory(pid: number): ProcessMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  const m = { rss: field("VmRSS"), anon: field("RssAnon"), file: field("RssFile"), shmem: field("RssShmem") };
  return Number.isFinite(m.rss) ? m : undefined;
}

export interface RssSample {
  /** Milliseconds since the sampler started. */
  t: number;
  /** Summed over the processes, KiB. */
  rss: number;
  anon: number;
  /** Requests done by then (the caller's counter), to relate growth to work. */
  ops: number;
  /** Per process, KiB (VmRSS), in the order of `pids()`. */
  perProcess: number[];
}

/**
 * Samples every `intervalMs` until stopped. A process missing from /proc fails the sample (recorded in `missing`):
 * a server that died under the soak must not read as a server whose memory stayed flat.
 */
export function sampleRss(pids: () => number[], ops: () => number, intervalMs = 1_000): { samples: RssSample[]; missing: string[]; stop(): void } {
  const samples: RssSample[] = [];
  const missing: string[] = [];
  const started = Date.now();
  const take = () => {
    const ps = pids();
    if (ps.length === 0) {
      missing.push(`${Date.now() - started} ms: no server process`);
      return;
    }
    const mems = ps.map((pid) => processMemory(pid));
    if (mems.some((m) => m === undefined)) {
      missing.push(`${Date.now() - started} ms: process ${ps.filter((_, i) => !mems[i]).join(", ")} gone`);
      return;
    }
    const ms = mems as ProcessMemory[];
    samples.push({
      t: Date.now() - started,
      rss: ms.reduce((s, m) => s + m.rss, 0),
      anon: ms.reduce((s, m) => s + m.anon, 0),
      ops: ops(),
      perProcess: ms.map((m) => m.rss),
    });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    missing,
    stop: () => {
      clearInterval(timer);
      take();
    },
  };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Least-squares slope of y over x (NaN for fewer than two distinct x). */
export function slope(xs: number[], ys: number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
