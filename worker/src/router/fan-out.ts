/**
 * At most FAN_OUT partition calls at a time: a 1,024-partition table must not open 1,024 databases at once
 * (DescribeTable's counts, the metrics endpoint's counts and WAL sizes).
 */
export const FAN_OUT = 64;

/** `fn` over every item, at most `limit` running at once; results in input order. */
export async function mapLimited<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, limit = FAN_OUT): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
