/**
 * Starts one benchmark target on workerd through scripts/serve.ts (prepare + startWorkerd) on a free
 * port, with its own temporary build and state folders (so it never touches .shvm/ or a running
 * `npm start`), waits until `GET /` answers, and stops it again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultServeOptions, prepare, startWorkerd, type ServePlan, type WorkerdGroup } from "../serve.js";

export interface RunningTarget {
  url: string;
  pid: number;
  /** Last lines workerd printed (for error reports). */
  logTail(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: WorkerdGroup): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

/**
 * `vars`: text bindings for the Worker (e.g. SHVM_METRICS=off). Always one workerd process (whatever SHVM_PROCESSES
 * says): the engine and the single-process ceiling are compared on equal terms.
 */
export async function startTarget(entry: string, readyTimeoutMs = 30_000, vars: Record<string, string> = {}): Promise<RunningTarget> {
  const dir = mkdtempSync(join(tmpdir(), "shvm-bench-"));
  const port = await freePort();
  const options = { ...defaultServeOptions(), stateDir: join(dir, "state"), buildDir: join(dir, "build"), host: "127.0.0.1", port, fresh: true, vars, processes: 1 };
  let config: ServePlan;
  try {
    config = await prepare(options, entry);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const child = await startWorkerd(config, "pipe");
  // Pipes must be drained or workerd blocks once they fill; keep only a tail for error reports.
  let tail = "";
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`workerd exited before answering (${child.exitCode ?? child.signalCode}):\n${tail}`);
    }
    try {
      await (await fetch(url + "/")).arrayBuffer(); // any HTTP answer means it is serving
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`workerd did not answer GET / within ${readyTimeoutMs} ms:\n${tail}`);
      }
      await sleep(100);
    }
  }
  if (child.pid === undefined) throw new Error("workerd has no pid");
  return { url, pid: child.pid, logTail: () => tail, stop };
}
