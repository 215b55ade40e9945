/**
 * Ctrl-C for the commands: the first one stops the running phase at the threads' next operation (the
 * results of what ran are still written, marked stoppedEarly); a second one exits at once.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\ninterrupted: stopping (Ctrl-C again to exit now)\n");
    controller.abort();
  });
  return controller.signal;
}
