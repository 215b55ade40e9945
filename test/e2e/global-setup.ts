/**
 * One shvm-db (workerd) and one dynalite for the whole e2e run; test files get their endpoints through
 * vitest's provide/inject. A target that fails to start does not stop the run: its endpoint is replaced
 * by the reason, and every test against it fails with that reason (the other target still runs).
 * SHVM_E2E_ENDPOINT=http://host:port uses an already running shvm-db instead of starting one.
 */
import type { TestProject } from "vitest/node";
import { startDynalite, type DynaliteServer } from "../support/dynalite";
import type { TargetEndpoint } from "../support/provided";
import { startShvm, type ShvmServer } from "../support/server";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shvm: ShvmServer | undefined;
  let shvm2: ShvmServer | undefined;
  let dynalite: DynaliteServer | undefined;

  const external = process.env.SHVM_E2E_ENDPOINT;
  const [shvmEndpoint, shvm2Endpoint, dynaliteEndpoint] = await Promise.all([
    (async (): Promise<TargetEndpoint> => {
      if (external) return { endpoint: external.replace(/\/$/, "") };
      try {
        shvm = await startShvm({ startTimeoutMs: 45_000 });
        return { endpoint: shvm.endpoint };
      } catch (e) {
        console.error(`[e2e] shvm-db did not start: ${message(e)}`);
        return { error: `shvm-db did not start: ${message(e)}` };
      }
    })(),
    (async (): Promise<TargetEndpoint> => {
      if (external) return { endpoint: external.replace(/\/$/, "") };
      try {
        // Two processes: the conformance cases then also cover forwarding between them (router/cluster.ts).
        shvm2 = await startShvm({ startTimeoutMs: 45_000, processes: 2 });
        return { endpoint: shvm2.endpoint };
      } catch (e) {
        console.error(`[e2e] shvm-db (2 processes) did not start: ${message(e)}`);
        return { error: `shvm-db (2 processes) did not start: ${message(e)}` };
      }
    })(),
    (async (): Promise<TargetEndpoint> => {
      const started = await startDynalite();
      if (!started.server) {
        console.warn(`[e2e] ${started.reason}`);
        return { error: started.reason };
      }
      dynalite = started.server;
      return { endpoint: dynalite.endpoint };
    })(),
  ]);

  project.provide("shvm", shvmEndpoint);
  project.provide("shvm2", shvm2Endpoint);
  project.provide("dynalite", dynaliteEndpoint);

  return async () => {
    await Promise.allSettled([shvm?.stop(), shvm2?.stop(), dynalite?.stop()]);
  };
}
