/** What the e2e global setup hands to the test files (vitest provide/inject). */
export type TargetEndpoint = { endpoint: string; error?: undefined } | { endpoint?: undefined; error: string };

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared shvm-db of the run (one workerd process, as `npm start`), or why it could not be started. */
    shvm: TargetEndpoint;
    /** A second shvm-db served by two workerd processes (router/cluster.ts), for the conformance cases. */
    shvm2: TargetEndpoint;
    /** The in-process dynalite of the run, or why it is not there. */
    dynalite: TargetEndpoint;
  }
}
