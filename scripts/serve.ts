/**
 * Serves shvm-db on workerd directly: bundles the Worker with esbuild, writes a workerd config whose
 * Durable Objects keep their SQLite databases on local disk, and runs the workerd binary. No Miniflare
 * or `wrangler dev` layer sits in the request path (they cost 2-10x in throughput).
 */
import { build } from "esbuild";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { dashboardPlugin } from "./build-dashboard.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

export interface ServeOptions {
  /** Folder holding the Durable Objects' SQLite files. */
  stateDir: string;
  port: number;
  host: string;
  /** Delete the state folder first. */
  fresh: boolean;
  /** Where the bundle and config go. */
  buildDir: string;
  /** Extra `name = "value"` text bindings for the Worker (feature switches). */
  vars?: Record<string, string>;
}

export const defaultServeOptions = (): ServeOptions => ({
  stateDir: resolve(process.env.SHVM_STATE_DIR ?? join(root, ".shvm", "state")),
  port: Number(process.env.SHVM_PORT ?? 8787),
  host: process.env.SHVM_HOST ?? "127.0.0.1",
  fresh: process.env.SHVM_FRESH === "1",
  buildDir: join(root, ".shvm", "build"),
});

export async function bundleWorker(outFile: string, entry = join(root, "worker/src/index.ts")): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
    // The dashboard's browser script is imported as text (built in memory by the plugin); `.txt` as wrangler does.
    plugins: [dashboardPlugin()],
    loader: { ".txt": "text" },
    minify: false,
    sourcemap: false,
    logLevel: "warning",
  });
}

const capnpString = (s: string) => JSON.stringify(s);

/** `name = "value"` text bindings, each as `,\n (…)` to follow the bindings before them. */
export const textBindings = (vars: Record<string, string>): string =>
  Object.entries(vars)
    .map(([k, v]) => `,\n      (name = ${capnpString(k)}, text = ${capnpString(v)})`)
    .join("");

/**
 * The engine Worker as a workerd config constant: the bundle, its two Durable Object namespaces (SQLite, on the
 * `state` disk service) under `<uniqueKeyPrefix>-catalog` / `-partition`, and `bindings` after the namespaces.
 */
export function engineWorker(constName: string, bundleName: string, uniqueKeyPrefix: string, bindings: string): string {
  return `const ${constName} :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed ${capnpString(bundleName)}) ],
  compatibilityDate = "2026-04-01",
  bindings = [
      (name = "CATALOG", durableObjectNamespace = "Catalog"),
      (name = "PARTITION", durableObjectNamespace = "Partition")${bindings}
  ],
  durableObjectNamespaces = [
    (className = "Catalog", uniqueKey = ${capnpString(`${uniqueKeyPrefix}-catalog`)}, enableSql = true),
    (className = "Partition", uniqueKey = ${capnpString(`${uniqueKeyPrefix}-partition`)}, enableSql = true),
  ],
  durableObjectStorage = (localDisk = "state"),
);
`;
}

/** workerd's text config: one Worker, its two Durable Object classes, SQLite on local disk. */
export function workerdConfig(o: ServeOptions, bundleName: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .shvm),
    (name = "state", disk = (path = ${capnpString(o.stateDir)}, writable = true)),
    # The same folder, read-only, for the Worker's metrics endpoint (WAL file sizes).
    (name = "state-read", disk = (path = ${capnpString(o.stateDir)}, writable = false)),
  ],
  sockets = [ (name = "http", address = ${capnpString(`${o.host}:${o.port}`)}, http = (), service = "main") ],
);

${engineWorker("shvm", bundleName, "shvm-db", `,\n      (name = "SHVM_STATE", service = "state-read")${textBindings(o.vars ?? {})}`)}`;
}

export async function prepare(o: ServeOptions, entry?: string): Promise<string> {
  if (o.fresh) rmSync(o.stateDir, { recursive: true, force: true });
  mkdirSync(o.stateDir, { recursive: true });
  mkdirSync(o.buildDir, { recursive: true });
  await bundleWorker(join(o.buildDir, "worker.js"), entry);
  const configPath = join(o.buildDir, "workerd.capnp");
  writeFileSync(configPath, workerdConfig(o, "worker.js"));
  return configPath;
}

export function workerdBinary(): string {
  // The workerd package exports the path of its platform binary.
  const pkg = require("workerd") as { default?: string } | string;
  return typeof pkg === "string" ? pkg : (pkg.default as string);
}

export function startWorkerd(configPath: string, stdio: "inherit" | "pipe" = "inherit"): ChildProcess {
  return spawn(workerdBinary(), ["serve", configPath, "--verbose"], { stdio: ["ignore", stdio, stdio] });
}

async function main(): Promise<void> {
  const o = defaultServeOptions();
  for (const arg of process.argv.slice(2)) {
    if (arg === "--fresh") o.fresh = true;
    else if (arg.startsWith("--port=")) o.port = Number(arg.slice(7));
    else if (arg.startsWith("--state=")) o.stateDir = resolve(arg.slice(8));
    else if (arg === "--help") {
      console.log("usage: npm start -- [--fresh] [--port=8787] [--state=DIR]\n  env: SHVM_FRESH=1 SHVM_PORT SHVM_HOST SHVM_STATE_DIR");
      return;
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  const config = await prepare(o);
  const child = startWorkerd(config);
  console.log(`shvm-db on http://${o.host}:${o.port} (workerd, state in ${o.stateDir}${o.fresh ? ", started empty" : ""})`);
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
