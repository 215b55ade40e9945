/**
 * Serves shvm-db on workerd directly: bundles the Worker with esbuild, writes a workerd config whose
 * Durable Objects keep their SQLite databases on local disk, and runs the workerd binary. No Miniflare
 * or `wrangler dev` layer sits in the request path (they cost 2-10x in throughput).
 */
import { build } from "esbuild";
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { dashboardPlugin } from "./build-dashboard.js";
import { parseAccessKeys } from "../worker/src/auth/access-keys.js";

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
  /**
   * workerd processes to serve with (each runs its JavaScript on one thread): 1 … 16. Default: SHVM_PROCESSES,
   * else 1 — two processes measured no faster on this 2-core machine (README "Serving on several processes").
   */
  processes?: number;
  /**
   * `id:secret[,id:secret...]`: requests must be SigV4-signed by one of these keys (default: SHVM_ACCESS_KEYS).
   * Without keys the local server runs open (SHVM_AUTH=open), like DynamoDB Local, and says so at start.
   */
  accessKeys?: string;
}

export const MAX_PROCESSES = 16;

/** The process count: `SHVM_PROCESSES` when set, else 1. */
export function defaultProcesses(): number {
  const given = process.env.SHVM_PROCESSES;
  return given ? parseProcesses(given) : 1;
}

/** Where process `index` of `n` keeps its Durable Objects: the state folder itself with one process. */
export const processStateDir = (stateDir: string, index: number, n: number): string => (n > 1 ? join(stateDir, `process-${index}`) : stateDir);

/** The file recording how many processes a multi-process state folder was written by. */
const LAYOUT_FILE = "processes.json";

/**
 * A partition's data lives in its owning process's folder, and which process owns it depends on the count: a state
 * folder must always be served by the count that wrote it. Records it on first use, refuses a different one.
 */
export function checkStateLayout(stateDir: string, n: number): void {
  const layoutPath = join(stateDir, LAYOUT_FILE);
  const recorded = existsSync(layoutPath) ? (JSON.parse(readFileSync(layoutPath, "utf8")) as { processes: number }).processes : undefined;
  const single = existsSync(join(stateDir, "shvm-db-partition")) || existsSync(join(stateDir, "shvm-db-catalog"));
  const written = recorded ?? (single ? 1 : undefined);
  if (written !== undefined && written !== n) {
    throw new Error(
      `the state in ${stateDir} was written by ${written} process${written > 1 ? "es" : ""}; start with --processes=${written}, or use another --state (or --fresh to empty it)`,
    );
  }
  if (n > 1 && recorded === undefined) writeFileSync(layoutPath, JSON.stringify({ processes: n }) + "\n");
}

export function parseProcesses(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PROCESSES) throw new Error(`the process count must be 1 to ${MAX_PROCESSES}, got ${JSON.stringify(text)}`);
  return n;
}

export const defaultServeOptions = (): ServeOptions => ({
  stateDir: resolve(process.env.SHVM_STATE_DIR ?? join(root, ".shvm", "state")),
  port: Number(process.env.SHVM_PORT ?? 8787),
  host: process.env.SHVM_HOST ?? "127.0.0.1",
  fresh: process.env.SHVM_FRESH === "1",
  accessKeys: process.env.SHVM_ACCESS_KEYS || undefined,
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
 * `withCatalog` false (processes other than the first of a multi-process server): no Catalog namespace, so no
 * catalog object or alarm can run there; the Worker reaches the catalog through process 0.
 */
export function engineWorker(constName: string, bundleName: string, uniqueKeyPrefix: string, bindings: string, withCatalog = true): string {
  const catalogBinding = withCatalog ? `(name = "CATALOG", durableObjectNamespace = "Catalog"),\n      ` : "";
  const catalogClass = withCatalog ? `(className = "Catalog", uniqueKey = ${capnpString(`${uniqueKeyPrefix}-catalog`)}, enableSql = true),\n    ` : "";
  return `const ${constName} :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed ${capnpString(bundleName)}) ],
  compatibilityDate = "2026-04-01",
  bindings = [
      ${catalogBinding}(name = "PARTITION", durableObjectNamespace = "Partition"),
      # Every local server may run open (auth/access.ts); SHVM_ACCESS_KEYS, when bound, takes precedence.
      (name = "SHVM_AUTH", text = "open")${bindings}
  ],
  durableObjectNamespaces = [
    ${catalogClass}(className = "Partition", uniqueKey = ${capnpString(`${uniqueKeyPrefix}-partition`)}, enableSql = true),
  ],
  durableObjectStorage = (localDisk = "state"),
);
`;
}

/**
 * What `prepare` made: one workerd config per process, all serving one listening socket (made by
 * startWorkerd and handed to each process), plus the Unix sockets the processes reach each other on.
 */
export interface ServePlan {
  host: string;
  port: number;
  configs: string[];
  /** The peers' Unix socket paths (removed before a start: a stale file would refuse the bind). */
  peerSockets: string[];
}

/**
 * workerd's text config for process `index` of `n`: the engine Worker with its Durable Object classes on the shared
 * state folder, the public socket (overridden by the listening descriptor startWorkerd passes), and with n > 1 an
 * internal socket for the other processes plus a service binding to each of theirs (worker/src/router/cluster.ts).
 * The Catalog class is declared in process 0 only: the one catalog object, and its alarm, can never start elsewhere.
 */
export function workerdConfig(o: ServeOptions, bundleName: string, index = 0, peerSockets: string[] = []): string {
  const n = Math.max(1, peerSockets.length);
  const peers = peerSockets.map((path, i) => (i === index ? "" : `\n    (name = "peer-${i}", external = (address = ${capnpString(`unix:${path}`)}, http = ())),`)).join("");
  const internalSocket =
    n > 1 ? `,\n    (name = "internal", address = ${capnpString(`unix:${peerSockets[index]}`)}, http = (), service = (name = "main", entrypoint = "internal"))` : "";
  const clusterVars: Record<string, string> = n > 1 ? { SHVM_PROCESSES: String(n), SHVM_PROCESS_INDEX: String(index) } : {};
  if (o.accessKeys) clusterVars.SHVM_ACCESS_KEYS = o.accessKeys;
  const peerBindings = peerSockets.map((_, i) => (i === index ? "" : `,\n      (name = "SHVM_PEER_${i}", service = "peer-${i}")`)).join("");
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .shvm),
    (name = "state", disk = (path = ${capnpString(processStateDir(o.stateDir, index, n))}, writable = true)),
    # The whole state folder, read-only, for the Worker's metrics endpoint (WAL file sizes).
    (name = "state-read", disk = (path = ${capnpString(o.stateDir)}, writable = false)),${peers}
  ],
  sockets = [ (name = "http", address = ${capnpString(`${o.host}:${o.port}`)}, http = (), service = "main")${internalSocket} ],
);

${engineWorker("shvm", bundleName, "shvm-db", `,\n      (name = "SHVM_STATE", service = "state-read")${textBindings({ ...clusterVars, ...(o.vars ?? {}) })}${peerBindings}`, index === 0)}`;
}

export async function prepare(o: ServeOptions, entry?: string): Promise<ServePlan> {
  if (o.fresh) rmSync(o.stateDir, { recursive: true, force: true });
  mkdirSync(o.stateDir, { recursive: true });
  mkdirSync(o.buildDir, { recursive: true });
  const n = o.processes ?? defaultProcesses();
  checkStateLayout(o.stateDir, n);
  for (let i = 0; i < n; i++) mkdirSync(processStateDir(o.stateDir, i, n), { recursive: true });
  await bundleWorker(join(o.buildDir, "worker.js"), entry);
  // Unix socket paths are limited to ~107 bytes: a short folder of their own, not the (maybe deep) build folder.
  const socketDir = n > 1 ? mkdtempSync(join(tmpdir(), "shvm-peers-")) : "";
  const peerSockets = n > 1 ? Array.from({ length: n }, (_, i) => join(socketDir, `p${i}.sock`)) : [];
  const configs: string[] = [];
  for (let i = 0; i < n; i++) {
    const configPath = join(o.buildDir, n > 1 ? `workerd-${i}.capnp` : "workerd.capnp");
    // 0600: with SHVM_ACCESS_KEYS the config holds the secrets.
    writeFileSync(configPath, workerdConfig(o, "worker.js", i, peerSockets), { mode: 0o600 });
    chmodSync(configPath, 0o600); // the mode above applies only to a file it creates
    configs.push(configPath);
  }
  return { host: o.host, port: o.port, configs, peerSockets };
}

export function workerdBinary(): string {
  // The workerd package exports the path of its platform binary.
  const pkg = require("workerd") as { default?: string } | string;
  return typeof pkg === "string" ? pkg : (pkg.default as string);
}

/** One workerd process on `configPath` (stdio piped or inherited), listening on its config's sockets. */
export function spawnWorkerd(configPath: string, stdio: "inherit" | "pipe" = "inherit", extraArgs: string[] = [], extraFds: number[] = []): ChildProcess {
  return spawn(workerdBinary(), ["serve", configPath, "--verbose", ...extraArgs], { stdio: ["ignore", stdio, stdio, ...extraFds] });
}

/** Binds and listens on host:port here, so every workerd process can accept on the same socket. */
function listenSocket(host: string, port: number): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port, backlog: 1024 }, () => resolvePromise(server));
  });
}

/**
 * The processes of one server, looking like one child process to its callers (kill, exit, output, pid): a signal
 * goes to every process; when one exits the others are stopped (a server missing a process would fail the
 * requests routed to it), and `exit` is emitted once all have exited, with the first one's code and signal.
 */
export class WorkerdGroup extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  private running: number;

  constructor(readonly children: ChildProcess[]) {
    super();
    this.running = children.length;
    let first: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    for (const c of children) {
      c.stdout?.pipe(this.stdout, { end: false });
      c.stderr?.pipe(this.stderr, { end: false });
      c.once("error", (e) => this.emit("error", e));
      c.once("exit", (code, signal) => {
        if (!first) {
          first = { code, signal };
          for (const other of children) if (other !== c && other.exitCode === null && other.signalCode === null) other.kill("SIGTERM");
        }
        if (--this.running > 0) return;
        this.exitCode = first.code;
        this.signalCode = first.signal;
        this.stdout.end();
        this.stderr.end();
        this.emit("exit", first.code, first.signal);
      });
    }
  }

  /** The first process's pid (each one's: `pids`). */
  get pid(): number | undefined {
    return this.children[0]?.pid;
  }

  get pids(): number[] {
    return this.children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    let any = false;
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) any = c.kill(signal) || any;
    return any;
  }
}

/**
 * Starts the plan's processes. With several, the public socket is bound here and its descriptor handed to each
 * (`--socket-fd`): the kernel gives each accepted connection to one of them. This process then closes its copy.
 */
export async function startWorkerd(plan: ServePlan, stdio: "inherit" | "pipe" = "inherit", readyTimeoutMs = 60_000): Promise<WorkerdGroup> {
  if (plan.configs.length === 1) return new WorkerdGroup([spawnWorkerd(plan.configs[0] as string, stdio)]);
  for (const path of plan.peerSockets) rmSync(path, { force: true });
  const server = await listenSocket(plan.host, plan.port);
  let group: WorkerdGroup;
  try {
    const fd = (server as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (typeof fd !== "number" || fd < 0) throw new Error("could not get the listening socket's descriptor to share with workerd");
    group = new WorkerdGroup(plan.configs.map((config) => spawnWorkerd(config, stdio, ["--socket-fd=http=3"], [fd])));
  } finally {
    server.close();
  }
  // The public socket accepts at once (it was bound here), so any one process can answer `GET /` while another is
  // still starting: wait until every process serves its internal socket, or one exits (the caller sees the exit).
  const deadline = Date.now() + readyTimeoutMs;
  for (const path of plan.peerSockets) {
    while (group.exitCode === null && group.signalCode === null && !(await accepts(path)) && Date.now() < deadline) await sleep(50);
  }
  // The peers' socket folder goes with the processes.
  group.once("exit", () => rmSync(dirname(plan.peerSockets[0] as string), { recursive: true, force: true }));
  return group;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a Unix socket accepts a connection now. */
function accepts(path: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once("error", () => resolvePromise(false));
  });
}

async function main(): Promise<void> {
  const o = defaultServeOptions();
  for (const arg of process.argv.slice(2)) {
    if (arg === "--fresh") o.fresh = true;
    else if (arg.startsWith("--port=")) o.port = Number(arg.slice(7));
    else if (arg.startsWith("--state=")) o.stateDir = resolve(arg.slice(8));
    else if (arg.startsWith("--processes=")) o.processes = parseProcesses(arg.slice(12));
    else if (arg === "--help") {
      console.log(
        "usage: npm start -- [--fresh] [--port=8787] [--state=DIR] [--processes=N]\n  env: SHVM_FRESH=1 SHVM_PORT SHVM_HOST SHVM_STATE_DIR SHVM_PROCESSES SHVM_ACCESS_KEYS=id:secret[,id:secret...]",
      );
      return;
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  const keys = o.accessKeys ? parseAccessKeys(o.accessKeys) : undefined;
  const plan = await prepare(o);
  const group = await startWorkerd(plan);
  const n = plan.configs.length;
  console.log(
    `shvm-db on http://${o.host}:${o.port} (workerd × ${n} process${n > 1 ? "es" : ""}, state in ${o.stateDir}${o.fresh ? ", started empty" : ""})`,
  );
  if (keys) console.log(`requests must be SigV4-signed by one of ${keys.size} access key${keys.size > 1 ? "s" : ""} (SHVM_ACCESS_KEYS): ${[...keys.keys()].join(", ")}`);
  else {
    console.warn(
      "\n" +
        "  !!! NO AUTHENTICATION: any client that can reach this port can read, write and delete every table.\n" +
        "  !!! Signatures are not checked (like DynamoDB Local). Set SHVM_ACCESS_KEYS=id:secret[,id:secret...] to require them.\n",
    );
  }
  const stop = () => group.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  group.on("exit", (code: number | null, signal: NodeJS.Signals | null) => process.exit(code ?? (signal ? 0 : 1)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
