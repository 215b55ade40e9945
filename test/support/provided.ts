/** What the e2e global setup hands to the test files (vitest provide/inject). */
export type TargetEndpoint = { endpoint: string; error?: undefined } | { endpoint?: undefined; error: string };

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared shvm-db of the run, or why it could not be started. */
    shvm: TargetEndpoint;
    /** The in-process dynalite of the run, or why it is not there. */
    dynalite: TargetEndpoint;
  }
}
