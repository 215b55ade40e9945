/**
 * Starts a real shvm-db (workerd serving the bundled Worker) for end-to-end tests.
 * Every wait is bounded: a test run must fail with a reason, never hang.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../harness/targets/local-server.js";
import { dynamoClient } from "./client";
import { defaultServeOptions, prepare, startWorkerd, type ServePlan, type WorkerdGroup } from "../../scripts/serve";

// One free-port helper for the harness and these tests; re-exported for callers of this module.
export { freePort };

export interface ShvmOptions {
  /** Where the Durable Objects' SQLite files live; a temp folder (removed on stop) when omitted. */
  stateDir?: string;
  /** A free port is picked when omitted. */
  port?: number;
  /** Empty the state folder before the first start. */
  fresh?: boolean;
  /** How long to wait for `GET /` to answer 200. */
  startTimeoutMs?: number;
  /** Worker entry to bundle instead of worker/src/index.ts (for testing this harness). */
  entry?: string;
  /** workerd processes (default 1, as `npm start`). */
  processes?: number;
  /** `id:secret[,...]`: require SigV4 signatures by these keys. Default: open, whatever SHVM_ACCESS_KEYS says. */
  accessKeys?: string;
  /** Extra Worker text bindings (e.g. SHVM_FAULT for the transaction crash test). */
  vars?: Record<string, string>;
}

export interface ShvmServer {
  endpoint: string;
  stateDir: string;
  /** SIGTERM, then SIGKILL if workerd has not exited in time; removes temp folders it made. */
  stop(): Promise<void>;
  /** Stops (SIGTERM) and starts again on the same port and state folder. */
  restart(): Promise<void>;
  /** SIGKILL, as a crash would: nothing gets a chance to flush. The server can be started again with restart(). */
  kill(): Promise<void>;
  /** The last output of workerd (stdout and stderr), for failure messages. */
  output(): string;
  /** The running workerd processes' pids (one per process; empty while stopped), e.g. to sample their memory. */
  pids(): number[];
}

const HOST = "127.0.0.1";
const OUTPUT_LIMIT = 64 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitForExit(child: WorkerdGroup, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/**
 * Where a server's own temporary state goes: tmpfs (/dev/shm) where there is one. A fresh 1,024-partition table's
 * first DescribeTable opens 1,024 SQLite files; on this shared machine's disk that took 5–6 s at times, past the
 * ~5 s after which workerd resets a connection it has not served — a test failing on the disk's mood, not on the
 * engine. The durability tests (restart.test.ts) keep their state on disk: they choose their own folder.
 */
function scratchRoot(): string {
  return existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
}

export async function startShvm(opts: ShvmOptions = {}): Promise<ShvmServer> {
  const ownState = opts.stateDir === undefined;
  const stateDir = opts.stateDir ?? mkdtempSync(join(scratchRoot(), "shvm-state-"));
  // A build folder per server: parallel runs (and the restart tests' own servers) must not overwrite
  // each other's bundle and config.
  const buildDir = mkdtempSync(join(tmpdir(), "shvm-build-"));
  const port = opts.port ?? (await freePort());
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
  const endpoint = `http://${HOST}:${port}`;

  let log = "";
  let child: WorkerdGroup | undefined;
  const append = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > OUTPUT_LIMIT) log = log.slice(-OUTPUT_LIMIT);
  };

  async function launch(): Promise<void> {
    const c = await startWorkerd(plan, "pipe");
    child = c;
    // Pipes are always drained: workerd blocks once a full pipe buffer is not read (it logs with --verbose).
    c.stdout?.on("data", append);
    c.stderr?.on("data", append);
    let spawnError: Error | undefined;
    c.once("error", (e) => (spawnError = e));

    const deadline = Date.now() + startTimeoutMs;
    let lastProblem = "no answer yet";
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`workerd could not be started: ${spawnError.message}`);
      if (c.exitCode !== null || c.signalCode !== null) {
        throw new Error(
          `workerd exited (code ${c.exitCode}, signal ${c.signalCode}) before answering on ${endpoint}.\n--- workerd output ---\n${log}`,
        );
      }
      try {
        const res = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(2_000) });
        const body = await res.text();
        if (res.status === 200) return;
        lastProblem = `GET / answered ${res.status}: ${body.slice(0, 200)}`;
      } catch (e) {
        lastProblem = e instanceof Error ? `${e.message}${e.cause ? ` (${String(e.cause)})` : ""}` : String(e);
      }
      await sleep(100);
    }
    await terminate("SIGKILL");
    throw new Error(
      `shvm-db did not answer GET / with 200 within ${startTimeoutMs} ms on ${endpoint} (last: ${lastProblem}).\n--- workerd output ---\n${log}`,
    );
  }

  async function terminate(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    const c = child;
    if (!c) return;
    child = undefined;
    if (c.exitCode !== null || c.signalCode !== null) return;
    c.kill(signal);
    if (await waitForExit(c, signal === "SIGTERM" ? 10_000 : 5_000)) return;
    if (signal === "SIGTERM") {
      c.kill("SIGKILL");
      if (await waitForExit(c, 5_000)) return;
    }
    throw new Error(`workerd (pid ${c.pid}) did not exit after ${signal}`);
  }

  const cleanup = () => {
    rmSync(buildDir, { recursive: true, force: true });
    if (ownState) rmSync(stateDir, { recursive: true, force: true });
  };
  let plan: ServePlan;
  try {
    plan = await prepare(
      { ...defaultServeOptions(), stateDir, port, host: HOST, fresh: opts.fresh ?? false, buildDir, accessKeys: opts.accessKeys, ...(opts.vars ? { vars: opts.vars } : {}), ...(opts.processes ? { processes: opts.processes } : {}) },
      opts.entry,
    );
    await launch();
  } catch (e) {
    cleanup();
    throw e;
  }

  return {
    endpoint,
    stateDir,
    output: () => log,
    pids: () => (child && child.exitCode === null && child.signalCode === null ? child.pids : []),
    async stop() {
      try {
        await terminate("SIGTERM");
      } finally {
        cleanup();
      }
    },
    async restart() {
      await terminate("SIGTERM");
      await launch();
    },
    async kill() {
      await terminate("SIGKILL");
    },
  };
}

/**
 * A suite's own fresh server and SDK client: started before its tests, stopped after (register inside `describe`).
 * The getters throw until the server is up.
 */
export function suiteServer(opts: ShvmOptions = { fresh: true }): { server(): ShvmServer; client(): DynamoDBClient } {
  let server: ShvmServer | undefined;
  let client: DynamoDBClient | undefined;
  beforeAll(async () => {
    server = await startShvm(opts);
    client = dynamoClient(server.endpoint);
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });
  const up = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("the suite's server is not started");
    return v;
  };
  return { server: () => up(server), client: () => up(client) };
}
