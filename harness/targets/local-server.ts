/**
 * What a target needs to run a local server as a child process: a free port, a child whose output is
 * drained (a full pipe would block it) and kept for error messages, a bounded wait until it answers, and a
 * bounded stop (SIGTERM, then SIGKILL). A child is also killed when this process exits, so an interrupted
 * run leaves no server behind.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Asks the kernel for a free port by listening on port 0, then releases it. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

/** Whether a process with this pid exists (signal 0 checks without signalling): tests use it to see a server stopped. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The path of a module next to `base` (an import.meta.url): `.ts` when running from source, else `.js`. */
export function modulePath(base: string, relativeWithoutExtension: string): string {
  const ts = fileURLToPath(new URL(`${relativeWithoutExtension}.ts`, base));
  return existsSync(ts) ? ts : fileURLToPath(new URL(`${relativeWithoutExtension}.js`, base));
}

/** What LocalServer needs of a server's process: a ChildProcess, or a group of them (scripts/serve.ts WorkerdGroup). */
export interface ServerProcess extends NodeJS.EventEmitter {
  readonly pid?: number | undefined;
  /** Every process of a group (a single child: absent). */
  readonly pids?: number[];
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(signal?: NodeJS.Signals): boolean;
}

const OUTPUT_LIMIT = 32 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LocalServer {
  private log = "";
  private spawnError: Error | undefined;
  private readonly killOnExit = () => {
    if (this.running) this.child.kill("SIGKILL");
  };

  private constructor(
    readonly name: string,
    readonly child: ServerProcess,
  ) {
    const append = (chunk: Buffer) => {
      this.log += chunk.toString("utf8");
      if (this.log.length > OUTPUT_LIMIT) this.log = this.log.slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    child.once("error", (e) => (this.spawnError = e));
    process.once("exit", this.killOnExit);
  }

  /** Wraps an already spawned child (stdio must be piped, or ignored). */
  static adopt(name: string, child: ServerProcess): LocalServer {
    return new LocalServer(name, child);
  }

  static spawn(name: string, command: string, args: string[], cwd?: string): LocalServer {
    return new LocalServer(name, spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}) }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Every process of the server (a multi-process shvm-db has several). */
  get pids(): number[] {
    return this.child.pids ?? (this.child.pid === undefined ? [] : [this.child.pid]);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.spawnError === undefined;
  }

  output(): string {
    return this.log;
  }

  /**
   * Polls `ready` (each attempt must bound itself) until it returns undefined, the child exits, or
   * `timeoutMs` passes; `ready` returns why the server is not ready yet. Throws with the child's output.
   */
  async waitReady(ready: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = "no answer yet";
    while (Date.now() < deadline) {
      if (this.spawnError) throw new Error(`${this.name} could not be started: ${this.spawnError.message}`);
      if (!this.running)
        throw new Error(`${this.name} exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before it was ready.\n--- output ---\n${this.log}`);
      const problem = await ready().catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
      if (problem === undefined) return;
      last = problem;
      await sleep(100);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms (last: ${last}).\n--- output ---\n${this.log}`);
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`. Idempotent. */
  async stop(graceMs = 10_000): Promise<void> {
    process.off("exit", this.killOnExit);
    if (!this.running) return;
    this.child.kill("SIGTERM");
    if (await this.exited(graceMs)) return;
    this.child.kill("SIGKILL");
    if (!(await this.exited(5_000))) throw new Error(`${this.name} (pid ${this.pid}) did not exit after SIGKILL`);
  }

  private exited(timeoutMs: number): Promise<boolean> {
    if (!this.running) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.child.off("exit", onExit);
        resolve(false);
      }, timeoutMs);
      const onExit = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.child.once("exit", onExit);
    });
  }
}
