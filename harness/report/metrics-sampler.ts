/**
 * Samples a target's per-partition counters (PreparedTarget.partitionMetrics) while a phase runs, for the
 * report's partition heatmap. It runs in the main thread, never in the client threads: one scrape a second
 * must not take a client's event loop from its operations.
 *
 * A scrape that fails never fails the phase: it is counted and its first message becomes a warning; after
 * GIVE_UP_AFTER failures in a row the sampler stops asking (an admin path that is hidden or refuses the
 * signature will not start answering mid-run, and each try costs the server a request).
 */
import type { PartitionMetricsSample, PartitionMetricsSource } from "../target.js";
import type { YcsbResult } from "../results/result-file.js";

export const DEFAULT_METRICS_INTERVAL_MS = 1000;
const GIVE_UP_AFTER = 3;

export type PartitionMetrics = NonNullable<YcsbResult["partitionMetrics"]>;

export interface SampledMetrics {
  metrics: PartitionMetrics;
  /** For the results' warnings: empty when every scrape answered. */
  warnings: string[];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class MetricsSampler {
  private readonly samples: PartitionMetricsSample[] = [];
  private failures = 0;
  private failuresInARow = 0;
  private firstFailure: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly source: PartitionMetricsSource,
    private readonly intervalMs = DEFAULT_METRICS_INTERVAL_MS,
    /** Bound on one scrape; a slower answer counts as a failure. */
    private readonly timeoutMs = Math.max(2 * intervalMs, 2_000),
  ) {}

  start(): void {
    this.tick();
  }

  /** Stops the schedule, then takes one last sample (so the phase's last second is covered) unless it gave up. */
  async stop(): Promise<SampledMetrics> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    if (this.failuresInARow < GIVE_UP_AFTER) await this.scrape();
    const warnings =
      this.failures === 0
        ? []
        : [
            `partition metrics: ${this.failures} of ${this.failures + this.samples.length} scrapes of ${this.source.source} failed` +
              `${this.failuresInARow >= GIVE_UP_AFTER ? " (gave up after " + GIVE_UP_AFTER + " in a row)" : ""}; first: ${this.firstFailure}`,
          ];
    return {
      metrics: { table: this.source.table, source: this.source.source, intervalMs: this.intervalMs, samples: this.samples, failures: this.failures },
      warnings,
    };
  }

  private tick(): void {
    if (this.stopped || this.failuresInARow >= GIVE_UP_AFTER) return;
    const began = Date.now();
    this.inFlight = this.scrape().then(() => {
      this.inFlight = undefined;
      // One scrape at a time; the next one an interval after this one began (or at once after a slow one).
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), Math.max(0, this.intervalMs - (Date.now() - began)));
    });
  }

  private async scrape(): Promise<void> {
    try {
      this.samples.push(await this.source.sample(AbortSignal.timeout(this.timeoutMs)));
      this.failuresInARow = 0;
    } catch (e) {
      this.failures++;
      this.failuresInARow++;
      this.firstFailure ??= message(e);
    }
  }
}

/** Runs `task` with the source sampled around it; without a source (or interval 0) it only runs the task. */
export async function sampledDuring<T>(source: PartitionMetricsSource | undefined, intervalMs: number, task: () => Promise<T>): Promise<{ value: T; sampled?: SampledMetrics }> {
  if (source === undefined || intervalMs === 0) return { value: await task() };
  const sampler = new MetricsSampler(source, intervalMs);
  sampler.start();
  let value: T;
  try {
    value = await task();
  } catch (e) {
    await sampler.stop();
    throw e;
  }
  return { value, sampled: await sampler.stop() };
}
