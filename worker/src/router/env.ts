import type { Catalog } from "../catalog/catalog.js";
import type { Partition } from "../partition/partition.js";
import type { ClusterEnv } from "./cluster.js";
import type { AuthEnv } from "../auth/access.js";

export interface Env extends ClusterEnv, AuthEnv {
  /** Absent in processes other than the first of a multi-process local server (router/cluster.ts). */
  CATALOG?: DurableObjectNamespace<Catalog>;
  PARTITION: DurableObjectNamespace<Partition>;
  /** Analytics Engine dataset for per-partition metrics (production; absent locally). */
  METRICS?: AnalyticsEngineDataset;
  /** "off" disables metrics (router and partitions); anything else, or unset, leaves them on. */
  SHVM_METRICS?: string;
  /**
   * Tests only (test/e2e/transactions.test.ts): `<point>:<table>` makes a TransactWriteItems whose first action is on
   * that table stop at that point of its two-phase commit ("after-prepare", "after-decide") and never go on, so a test
   * can kill the server there. Never set by `npm start` or wrangler.toml.
   */
  SHVM_FAULT?: string;
  /** Local only: a workerd disk service over the Durable Objects' state folder, to read `-wal` file sizes. */
  SHVM_STATE?: Fetcher;
  /**
   * The admin paths (`/_shvm/metrics`, `/_shvm/dashboard`): "on" serves them, "off" hides them; unset, they are
   * served where the local state folder is bound (npm start) or where access keys are configured. Either way they
   * follow the API's access rule (auth/access.ts): signed requests only once keys exist.
   */
  SHVM_ADMIN?: string;
  /** Set per request by the router when METRICS is bound: Analytics Engine points this request may still write. */
  aePoints?: { left: number };
}

export const adminEnabled = (env: Env): boolean =>
  env.SHVM_ADMIN === "on" || (env.SHVM_ADMIN !== "off" && (env.SHVM_STATE !== undefined || !!env.SHVM_ACCESS_KEYS));

export const metricsEnabled = (env: Env): boolean => env.SHVM_METRICS !== "off";
