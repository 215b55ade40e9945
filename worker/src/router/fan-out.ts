/**
 * At most FAN_OUT partition calls at a time: a 1,024-partition table must not open 1,024 databases at once
 * (DescribeTable's counts, the metrics endpoint's counts and WAL sizes).
 */
export const FAN_OUT = 64;

/**
 * `fn` over every item, at most `limit` running at once; results in input order. The first failure rejects the
 * whole call, and no further item is started after it (the calls already running finish on their own).
 */
export async function mapLimited<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, limit = FAN_OUT): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
