/** Human-readable numbers for the dashboard's labels (pure; tested in Node). */

const trim = (x: number, digits: number) => {
  const s = x.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
};

/** 1234 → "1.23k", 5_600_000 → "5.6M"; integers below 1000 as they are. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a < 1000) return Number.isInteger(n) ? String(n) : trim(n, a < 10 ? 2 : 1);
  for (const [unit, size] of [["G", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
    if (a >= size) return `${trim(n / size, a / size < 10 ? 2 : a / size < 100 ? 1 : 0)}${unit}`;
  }
  return String(n);
}

/** Binary units: 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${trim(v, Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0)} ${units[u]}`;
}

/** A latency in seconds: 0.000042 → "42 µs", 0.0153 → "15.3 ms", 2.5 → "2.5 s". */
export function formatSeconds(s: number): string {
  const a = Math.abs(s);
  if (a < 1e-3) return `${trim(s * 1e6, a < 1e-5 ? 1 : 0)} µs`;
  if (a < 1) return `${trim(s * 1e3, a < 1e-2 ? 2 : a < 0.1 ? 1 : 0)} ms`;
  return `${trim(s, a < 10 ? 2 : 1)} s`;
}

/** An elapsed time: 42_000 → "42s", 200_000 → "3m 20s", 90_000_000 → "1d 1h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Wall-clock time of day (local), for "last updated". */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Tick values for a log axis over [lo, hi] (lo > 0): 1-2-5 steps, thinned to powers of ten when there would be
 * more than `max`, and the two ends' nearest steps when the range is too narrow to hold two.
 */
export function logTicks(lo: number, hi: number, max = 7): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const steps: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) steps.push(Number(v.toPrecision(12)));
    }
  }
  if (steps.length > max) {
    const decades = steps.filter((v) => Number.isInteger(Math.round(Math.log10(v) * 1e9) / 1e9));
    if (decades.length >= 2) return decades;
  }
  return steps;
}
