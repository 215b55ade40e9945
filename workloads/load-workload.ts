/**
 * Loads a workload the way YCSB's command line does: `-P file` property files in order (a later file wins),
 * then every `-p key=value` over all of them, then CoreWorkload's defaults under whatever is still unset.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolveConfig, type CoreWorkloadConfig } from "./config.js";
import { normaliseOverrides, parseProperties, type Properties } from "./properties.js";

/** YCSB's core workloads, shipped beside this file as property files. */
export const CORE_WORKLOADS = ["workloada", "workloadb", "workloadc", "workloadd", "workloade", "workloadf"] as const;
export type CoreWorkloadName = (typeof CORE_WORKLOADS)[number];

/** Path of a built-in workload file ("workloada" ... "workloadf", or the letter alone: "a"). */
export function coreWorkloadPath(name: string): string {
  const full = name.length === 1 ? `workload${name.toLowerCase()}` : name;
  if (!(CORE_WORKLOADS as readonly string[]).includes(full)) {
    throw new Error(`Unknown core workload "${name}" (expected one of ${CORE_WORKLOADS.join(", ")})`);
  }
  return fileURLToPath(new URL(`./${full}`, import.meta.url));
}

/** Reads one property file: a built-in name ("workloada", "a") or a path. */
export function readWorkloadFile(nameOrPath: string): Properties {
  const path = isCoreName(nameOrPath) ? coreWorkloadPath(nameOrPath) : nameOrPath;
  return parseProperties(readFileSync(path, "utf8"));
}

/**
 * Loads and validates a workload.
 * @param files   one or more property files (`-P`), built-in names or paths, applied in order.
 * @param overrides `-p` arguments (`["recordcount=100000", ...]`) or an object; they beat every file.
 */
export function loadWorkload(
  files: string | readonly string[],
  overrides?: readonly string[] | Readonly<Properties>,
): CoreWorkloadConfig {
  const list = typeof files === "string" ? [files] : files;
  return mergeAndResolve(list.map(readWorkloadFile), overrides);
}

/** Same as {@link loadWorkload} for property text already in memory. */
export function loadWorkloadText(text: string, overrides?: readonly string[] | Readonly<Properties>): CoreWorkloadConfig {
  return mergeAndResolve([parseProperties(text)], overrides);
}

function mergeAndResolve(
  fileProps: readonly Properties[],
  overrides: readonly string[] | Readonly<Properties> | undefined,
): CoreWorkloadConfig {
  const merged: Properties = Object.create(null) as Properties;
  for (const p of fileProps) Object.assign(merged, p);
  Object.assign(merged, normaliseOverrides(overrides));
  return resolveConfig(merged);
}

function isCoreName(s: string): boolean {
  return (CORE_WORKLOADS as readonly string[]).includes(s) || /^[a-fA-F]$/.test(s);
}
