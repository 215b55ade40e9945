/** Test helpers: draw many samples, then assert once (an expect() per sample costs more than the draw). */

export function draw(count: number, next: () => number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = next();
  return out;
}

export function range(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

export function histogram(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

export function countWhere(values: readonly number[], pred: (v: number) => boolean): number {
  let n = 0;
  for (const v of values) if (pred(v)) n++;
  return n;
}
