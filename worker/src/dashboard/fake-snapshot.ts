/**
 * Made-up metrics with the real snapshot's shape: the page's demo mode (`/_shvm/dashboard?demo`) and the unit
 * tests draw from it, so the page can be developed and looked at without a loaded server. Deterministic for a
 * given seed and sequence of `next(now)` calls; counters only grow, as the real ones do.
 */
import {
  HISTORY_SECONDS,
  LATENCY_BUCKET_COUNT,
  LATENCY_BUCKETS_PER_DOUBLING,
  LATENCY_BASE_SECONDS,
  METRICS_SNAPSHOT_VERSION,
  type LatencySnapshot,
  type MetricsSnapshot,
  type PartitionSnapshot,
} from "../metrics/snapshot.js";

export interface FakeTable {
  name: string;
  partitions: number;
  /** Mean operations per second over the whole table. */
  opsPerSecond: number;
  /** Partition that gets `hotShare` of the table's traffic (a hot key). */
  hot?: number;
  hotShare?: number;
}

export interface FakeOptions {
  tables: FakeTable[];
  seed?: number;
  /** Epoch ms the fake isolate started. */
  startedAt: number;
  sqliteClock?: MetricsSnapshot["sqliteClock"];
}

/** mulberry32: a small seeded PRNG, enough for plausible noise. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const emptyLatency = (): LatencySnapshot => ({ count: 0, sumSeconds: 0, maxSeconds: 0, counts: new Array<number>(LATENCY_BUCKET_COUNT).fill(0) });

/** The bucket of a latency in seconds (the inverse of latencyBucketBound, rounded up). */
export function bucketOf(seconds: number): number {
  if (seconds <= LATENCY_BASE_SECONDS) return 0;
  const i = Math.ceil(Math.log2(seconds / LATENCY_BASE_SECONDS) * LATENCY_BUCKETS_PER_DOUBLING - 1e-9);
  return Math.min(i, LATENCY_BUCKET_COUNT - 1);
}

function observe(l: LatencySnapshot, seconds: number, n: number): void {
  if (n <= 0) return;
  l.count += n;
  l.sumSeconds += seconds * n;
  l.maxSeconds = Math.max(l.maxSeconds, seconds);
  const i = bucketOf(seconds);
  l.counts[i] = (l.counts[i] ?? 0) + n;
}

interface State {
  snap: PartitionSnapshot;
  weight: number;
  /** Typical latency of this partition (a hot one queues). */
  baseSeconds: number;
}

export class FakeMetrics {
  private readonly random: () => number;
  private readonly parts: State[] = [];
  private readonly startedAt: number;
  private readonly sqliteClock: MetricsSnapshot["sqliteClock"];
  /** Seconds already counted: the next call fills (lastSecond, now's second]. */
  private lastSecond: number;

  constructor(o: FakeOptions) {
    this.random = prng(o.seed ?? 1);
    this.startedAt = o.startedAt;
    this.sqliteClock = o.sqliteClock ?? "frozen";
    this.lastSecond = Math.floor(o.startedAt / 1000) - HISTORY_SECONDS;
    o.tables.forEach((t, ti) => {
      const tableId = `fake${ti.toString(16).padStart(4, "0")}${t.name.length.toString(16)}`;
      for (let i = 0; i < t.partitions; i++) {
        const hot = t.hot === i ? (t.hotShare ?? 0.5) : 0;
        const cold = t.hot === undefined ? 1 / t.partitions : (1 - (t.hotShare ?? 0.5)) / Math.max(1, t.partitions - 1);
        const weight = t.opsPerSecond * (hot || cold);
        this.parts.push({
          weight,
          baseSeconds: 0.0004 * (1 + weight / 400),
          snap: {
            table: t.name,
            tableId,
            partition: i,
            operations: {},
            errors: {},
            rowsRead: 0,
            rowsWritten: 0,
            bytesIn: 0,
            bytesOut: 0,
            latency: emptyLatency(),
            sqliteLatency: this.sqliteClock === "advancing" ? emptyLatency() : null,
            storageBytes: 8192,
            walBytes: 0,
            items: 0,
            itemsAt: o.startedAt,
            restarts: 1 + Math.floor(this.random() * 3),
            lastStartAt: o.startedAt - Math.floor(this.random() * 600_000),
            historyStart: this.lastSecond + 1,
            history: [],
          },
        });
      }
    });
  }

  /** Advances the fake traffic to `now` (epoch ms) and returns a snapshot, as the endpoint would. */
  next(now: number): MetricsSnapshot {
    const second = Math.floor(now / 1000);
    if (second - this.lastSecond > HISTORY_SECONDS) {
      // Asleep for longer than the history window: only its last HISTORY_SECONDS are simulated.
      this.lastSecond = second - HISTORY_SECONDS;
      for (const st of this.parts) {
        st.snap.history = [];
        st.snap.historyStart = this.lastSecond + 1;
      }
    }
    for (let s = this.lastSecond + 1; s <= second; s++) {
      // A slow wave over the minute so the heatmap shows movement.
      const wave = 0.75 + 0.25 * Math.sin((s / 60) * 2 * Math.PI);
      for (const st of this.parts) this.tick(st, Math.round(st.weight * wave * (0.8 + 0.4 * this.random())), now);
    }
    this.lastSecond = Math.max(this.lastSecond, second);
    for (const st of this.parts) {
      const p = st.snap;
      const keep = Math.max(0, p.history.length - HISTORY_SECONDS);
      p.history.splice(0, keep);
      p.historyStart += keep;
    }
    // A deep copy: callers keep old snapshots to difference against.
    return JSON.parse(
      JSON.stringify({
        version: METRICS_SNAPSHOT_VERSION,
        now,
        startedAt: this.startedAt,
        enabled: true,
        sqliteClock: this.sqliteClock,
        clockResolutionSeconds: 0.000001,
        partitions: this.parts.map((x) => x.snap),
      } satisfies MetricsSnapshot),
    ) as MetricsSnapshot;
  }

  private tick(st: State, ops: number, now: number): void {
    const p = st.snap;
    p.history.push(ops);
    if (ops === 0) return;
    const puts = Math.round(ops * 0.3);
    const reads = ops - puts;
    const add = (r: Record<string, number>, k: string, n: number) => {
      if (n > 0) r[k] = (r[k] ?? 0) + n;
    };
    add(p.operations, "GetItem", reads);
    add(p.operations, "PutItem", puts);
    add(p.errors, "ConditionalCheckFailedException", Math.floor(puts * 0.05 * this.random()));
    if (this.random() < 0.02) add(p.errors, "ValidationException", 1);
    p.rowsRead += reads;
    p.rowsWritten += puts;
    p.bytesIn += ops * 180;
    p.bytesOut += reads * 1100 + puts * 60;
    for (const [q, share] of [[1, 0.5], [1.8, 0.4], [4, 0.09], [12, 0.01]] as const) {
      observe(p.latency, st.baseSeconds * q * (0.9 + 0.2 * this.random()), Math.round(ops * share));
      if (p.sqliteLatency) observe(p.sqliteLatency, (st.baseSeconds / 8) * q, Math.round(ops * share));
    }
    p.items = (p.items ?? 0) + Math.round(puts * 0.2);
    p.itemsAt = now;
    p.storageBytes = 8192 + Math.ceil(((p.items ?? 0) * 1100) / 4096) * 4096;
    // The WAL grows with writes and is truncated at a checkpoint (every ~4 MB here).
    p.walBytes = ((p.walBytes ?? 0) + puts * 1200) % 4_000_000;
  }
}
