import type { Catalog } from "../catalog/catalog.js";
import type { Partition } from "../partition/partition.js";

export interface Env {
  CATALOG: DurableObjectNamespace<Catalog>;
  PARTITION: DurableObjectNamespace<Partition>;
}
