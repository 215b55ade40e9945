/**
 * dynalite (an in-process DynamoDB emulator that reproduces DynamoDB's validation messages) as a second
 * conformance target: a case that passes there proves the expected strings. Optional: when the package
 * is missing or fails to load, callers get a reason instead of an exception.
 */
import { create as createDomain } from "node:domain";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";

export interface DynaliteServer {
  endpoint: string;
  stop(): Promise<void>;
}

export type DynaliteStart = { server: DynaliteServer; reason?: undefined } | { server: null; reason: string };

type DynaliteFactory = (options?: Record<string, unknown>) => Server;

const require = createRequire(import.meta.url);

export async function startDynalite(): Promise<DynaliteStart> {
  let factory: DynaliteFactory;
  try {
    factory = require("dynalite") as DynaliteFactory;
  } catch (e) {
    return { server: null, reason: `dynalite is not available: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Short state transitions keep the suite fast while still going through CREATING/DELETING/UPDATING,
  // which the cases must wait out as they would on DynamoDB.
  const server = factory({ createTableMs: 30, deleteTableMs: 30, updateTableMs: 30 });
  isolateRequests(server);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("dynalite did not start listening within 10 s")), 10_000);
      server.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      server.listen(0, "127.0.0.1", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } catch (e) {
    return { server: null, reason: `dynalite failed to start: ${e instanceof Error ? e.message : String(e)}` };
  }
  const addr = server.address();
  if (!addr || typeof addr !== "object") return { server: null, reason: "dynalite has no TCP address" };
  return {
    server: {
      endpoint: `http://127.0.0.1:${addr.port}`,
      stop: () =>
        new Promise<void>((resolve) => {
          // Idle keep-alive sockets would keep close() waiting; the timer bounds it anyway.
          const timer = setTimeout(resolve, 5_000);
          (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
    },
  };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * dynalite throws from its request handlers on some malformed input (a JSON `null` body, a null key in
 * BatchGetItem) and when a client aborts. In-process, such a throw would take the whole test runner
 * down; each request runs in its own domain instead, so the failure becomes a 500 for that request.
 * (node:domain is deprecated, but it is the only way to catch throws from event-emitter callbacks.)
 */
function isolateRequests(server: Server): void {
  const listeners = server.listeners("request") as Listener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const d = createDomain();
    d.add(req);
    d.add(res);
    d.on("error", (e: unknown) => {
      if (res.headersSent || res.writableEnded) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({ __type: "dynalite#InternalError", message: e instanceof Error ? e.message : String(e) });
      res.writeHead(500, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    d.run(() => {
      for (const l of listeners) l.call(server, req, res);
    });
  });
}
