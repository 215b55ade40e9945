/** Where a result was measured: enough to tell two machines, two Node versions or two commits apart. */
import { execFileSync } from "node:child_process";
import { availableParallelism, arch, cpus, hostname, platform, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export interface Environment {
  node: string;
  platform: string;
  release: string;
  arch: string;
  hostname: string;
  cpuModel: string;
  cpus: number;
  availableParallelism: number;
  totalMemoryBytes: number;
  /** HEAD of the repository, and whether the working tree had uncommitted changes; null outside git. */
  gitCommit: string | null;
  gitDirty: boolean | null;
  /** ISO time the environment was read. */
  time: string;
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", timeout: 5_000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

export function readEnvironment(): Environment {
  const list = cpus();
  const commit = git(["rev-parse", "HEAD"]);
  const status = commit === null ? null : git(["status", "--porcelain", "--untracked-files=no"]);
  return {
    node: process.version,
    platform: platform(),
    release: release(),
    arch: arch(),
    hostname: hostname(),
    cpuModel: list[0]?.model ?? "unknown",
    cpus: list.length,
    availableParallelism: availableParallelism(),
    totalMemoryBytes: totalmem(),
    gitCommit: commit,
    gitDirty: status === null ? null : status.length > 0,
    time: new Date().toISOString(),
  };
}
