/**
 * YCSB's text summary (TextMeasurementsExporter fed by Client and OneMeasurementHdrHistogram), line for line:
 *
 *   [OVERALL], RunTime(ms), 10110
 *   [OVERALL], Throughput(ops/sec), 98.91196834817013
 *   [READ], Operations, 511
 *   [READ], AverageLatency(us), 1325.0548
 *   [READ], MinLatency(us), 391
 *   [READ], MaxLatency(us), 12895
 *   [READ], 95thPercentileLatency(us), 2415
 *   [READ], 99thPercentileLatency(us), 4835
 *   [READ], Return=OK, 511
 *
 * Series come in YCSB's two groups: the measured ones, then (open loop) the Intended- ones. Percentiles are
 * YCSB's `hdrhistogram.percentiles` property (default 95,99), named as YCSB names them (95th, 99th, 99.9).
 * Doubles are printed the way Java's Double.toString prints them ("1234.0", "1.2345E7").
 */
import { decodeHistogram, valueAt } from "./histogram.js";
import type { YcsbResult } from "./result-file.js";

export const DEFAULT_PERCENTILES = [95, 99];

/** Java's Double.toString for finite and non-finite doubles (shortest round-trip digits, as JDK 19+ prints them). */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x); // plain notation in this range
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mantissa = "", exponent = ""] = x.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

/** YCSB's ordinal for a percentile: 95 → "95th", 99 → "99th", 1 → "1st", 99.9 → "99.9". */
export function percentileLabel(p: number): string {
  if (!Number.isInteger(p)) return javaDouble(p);
  const mod100 = p % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${p}th`;
  const suffix = ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][p % 10];
  return `${p}${suffix}`;
}

/** YCSB's hdrhistogram.percentiles: comma-separated numbers; malformed falls back to the default, as YCSB does. */
export function parsePercentiles(value: string | undefined): number[] {
  if (value === undefined || value.trim() === "") return DEFAULT_PERCENTILES;
  const list = value.split(",").map((s) => Number(s.trim()));
  return list.every((p) => Number.isFinite(p) && p >= 0 && p <= 100) ? list : DEFAULT_PERCENTILES;
}

const line = (metric: string, measurement: string, value: string | number) => `[${metric}], ${measurement}, ${value}`;

/** The summary lines of a result (no trailing newline). */
export function formatYcsbSummary(result: YcsbResult, percentiles = parsePercentiles(result.workload.properties["hdrhistogram.percentiles"])): string {
  const out: string[] = [
    line("OVERALL", "RunTime(ms)", Math.round(result.overall.runTimeMs)),
    line("OVERALL", "Throughput(ops/sec)", javaDouble(result.overall.throughput)),
  ];
  const groups: [string, YcsbResult["operations"], Record<string, string>][] = [
    ["", result.operations, result.histograms.actual],
    ["Intended-", result.intended, result.histograms.intended],
  ];
  for (const [prefix, series, histograms] of groups) {
    for (const [name, s] of Object.entries(series)) {
      const metric = prefix + name;
      out.push(line(metric, "Operations", s.operations));
      out.push(line(metric, "AverageLatency(us)", javaDouble(s.averageLatencyUs)));
      out.push(line(metric, "MinLatency(us)", s.minLatencyUs));
      out.push(line(metric, "MaxLatency(us)", s.maxLatencyUs));
      const encoded = histograms[name];
      const h = encoded === undefined ? undefined : decodeHistogram(encoded);
      for (const p of percentiles) out.push(line(metric, `${percentileLabel(p)}PercentileLatency(us)`, h ? valueAt(h, p) : 0));
      h?.destroy();
      for (const [status, n] of Object.entries(s.returnCodes)) out.push(line(metric, `Return=${status}`, n));
    }
  }
  return out.join("\n");
}
