/**
 * The target registry as the commands see it (harness/targets/index.ts), loaded lazily so that a command's
 * usage errors do not pay for importing every binding's dependencies, and injectable for tests.
 */
import type { TargetDefinition } from "../target.js";
import { UsageError } from "./options.js";

export interface TargetRegistry {
  targets: Record<string, TargetDefinition>;
  /** The order the lab runs them in. */
  order: readonly string[];
  /** The property --endpoint sets for a target, or undefined when it takes none. */
  endpointProperty(target: string): string | undefined;
}

export async function loadRegistry(): Promise<TargetRegistry> {
  const mod = (await import("../targets/index.js")) as {
    targets: Record<string, TargetDefinition>;
    TARGET_ORDER?: readonly string[];
    endpointProperty?: (target: string) => string | undefined;
  };
  return {
    targets: mod.targets,
    order: mod.TARGET_ORDER ?? Object.keys(mod.targets),
    endpointProperty: mod.endpointProperty ?? ((t) => `${t}.endpoint`),
  };
}

export function findTarget(registry: TargetRegistry, name: string | undefined): TargetDefinition {
  if (name === undefined) throw new UsageError(`--target is required (one of ${Object.keys(registry.targets).join(", ")})`);
  const target = registry.targets[name];
  if (!target) throw new UsageError(`unknown target "${name}" (known: ${Object.keys(registry.targets).join(", ")})`);
  return target;
}
