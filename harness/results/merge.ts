/**
 * Merges the client threads' measurements (recorder.ts) into one set: histograms added, return codes and
 * per-second counts summed, the window's first start and last completion taken over all threads.
 */
import type { ThreadMeasurements } from "../runner/recorder.js";
import { decodeHistogram, newHistogram, type Histogram } from "./histogram.js";

/** A thread's measurements summed over all threads, with the histograms decoded. */
export interface MergedMeasurements extends Omit<ThreadMeasurements, "histograms" | "intended"> {
  histograms: Map<string, Histogram>;
  intended: Map<string, Histogram>;
}

export function mergeMeasurements(threads: readonly ThreadMeasurements[]): MergedMeasurements {
  const merged: MergedMeasurements = {
    histograms: new Map(),
    intended: new Map(),
    returnCodes: {},
    operations: 0,
    perSecond: [],
    perSecondByOperation: {},
    firstStart: null,
    lastEnd: null,
  };
  for (const t of threads) {
    addEncoded(merged.histograms, t.histograms);
    addEncoded(merged.intended, t.intended);
    for (const [op, codes] of Object.entries(t.returnCodes)) {
      const into = (merged.returnCodes[op] ??= {});
      for (const [status, n] of Object.entries(codes)) into[status] = (into[status] ?? 0) + n;
    }
    merged.operations += t.operations;
    addSeries(merged.perSecond, t.perSecond);
    for (const [op, series] of Object.entries(t.perSecondByOperation)) addSeries((merged.perSecondByOperation[op] ??= []), series);
    if (t.firstStart !== null && (merged.firstStart === null || t.firstStart < merged.firstStart)) merged.firstStart = t.firstStart;
    if (t.lastEnd !== null && (merged.lastEnd === null || t.lastEnd > merged.lastEnd)) merged.lastEnd = t.lastEnd;
  }
  return merged;
}

export function destroyMerged(m: MergedMeasurements): void {
  for (const h of m.histograms.values()) h.destroy();
  for (const h of m.intended.values()) h.destroy();
  m.histograms.clear();
  m.intended.clear();
}

function addEncoded(into: Map<string, Histogram>, encoded: Record<string, string>): void {
  for (const [name, e] of Object.entries(encoded)) {
    let total = into.get(name);
    if (!total) into.set(name, (total = newHistogram()));
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
}

function addSeries(into: number[], series: readonly number[]): void {
  for (let i = 0; i < series.length; i++) into[i] = (into[i] ?? 0) + (series[i] ?? 0);
  for (let i = 0; i < into.length; i++) into[i] ??= 0;
}
