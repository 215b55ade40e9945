import type { Catalog } from "../catalog/catalog.js";
import type { Partition } from "../partition/partition.js";

export interface Env {
  CATALOG: DurableObjectNamespace<Catalog>;
  PARTITION: DurableObjectNamespace<Partition>;
  /** Analytics Engine dataset for per-partition metrics (production; absent locally). */
  METRICS?: AnalyticsEngineDataset;
  /** "off" disables metrics (router and partitions); anything else, or unset, leaves them on. */
  SHVM_METRICS?: string;
  /** Local only: a workerd disk service over the Durable Objects' state folder, to read `-wal` file sizes. */
  SHVM_STATE?: Fetcher;
  /** Set per request by the router when METRICS is bound: Analytics Engine points this request may still write. */
  aePoints?: { left: number };
}

export const metricsEnabled = (env: Env): boolean => env.SHVM_METRICS !== "off";
