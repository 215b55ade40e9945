import { describe, expect, it } from "vitest";
import { PhaseProgress, StallWatchdog, stallTimeoutSeconds } from "./progress.js";

describe("stall watchdog", () => {
  it("fires only when operations are in flight and none completed for the timeout", () => {
    const p = PhaseProgress.create();
    const w = new StallWatchdog(p, 1000, 0);
    // Nothing in flight (a slow open-loop rate): idle, never a stall.
    expect(w.stalled(5000)).toBe(false);
    p.started();
    expect(w.stalled(5500)).toBe(false);
    expect(w.stalled(5999)).toBe(false);
    expect(w.stalled(6000)).toBe(true);
    // A completion is progress: the clock restarts.
    p.completed();
    p.started();
    expect(w.stalled(6500)).toBe(false);
    expect(w.stalled(7400)).toBe(false);
    expect(w.stalled(7500)).toBe(true);
  });

  it("counts across threads through the shared buffer", () => {
    const main = PhaseProgress.create();
    const thread = PhaseProgress.attach(main.buffer);
    thread.started();
    thread.started();
    thread.completed();
    expect(main.inFlight()).toBe(1);
    expect(main.completions()).toBe(1);
  });

  it("reads harness.stallTimeoutSeconds (default 60)", () => {
    expect(stallTimeoutSeconds({})).toBe(60);
    expect(stallTimeoutSeconds({ "harness.stallTimeoutSeconds": "0.5" })).toBe(0.5);
    expect(() => stallTimeoutSeconds({ "harness.stallTimeoutSeconds": "-1" })).toThrow(/positive number/);
    expect(() => stallTimeoutSeconds({ "harness.stallTimeoutSeconds": "soon" })).toThrow(/positive number/);
  });
});
