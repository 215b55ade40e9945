import { describe, expect, it } from "vitest";
import { EventLoopTurns, now, Scheduler, SPIN_MS } from "./clock.js";

/** setImmediate callbacks pending in this thread right now. */
const pendingImmediates = () => process.getActiveResourcesInfo().filter((r) => r === "Immediate").length;

describe("Scheduler", () => {
  it("releases many concurrent sleepers in deadline order (ties in call order), never before their deadline", async () => {
    const scheduler = new Scheduler();
    const start = now() + 20; // the 300 calls are made well before the first deadline
    const released: { id: number; deadline: number; at: number }[] = [];
    // 300 sleepers over 40 ms, asked for in random order, some sharing a deadline.
    const deadlines = Array.from({ length: 300 }, (_, i) => start + ((i * 7919) % 300) * (40 / 300) + (i % 3 === 0 ? 0 : 0.001 * (i % 2)));
    await Promise.all(
      deadlines.map((deadline, id) =>
        scheduler.sleepUntil(deadline).then(() => {
          released.push({ id, deadline, at: now() });
        }),
      ),
    );
    expect(released).toHaveLength(300);
    for (const r of released) expect(r.at).toBeGreaterThanOrEqual(r.deadline);
    const expected = deadlines.map((deadline, id) => ({ id, deadline })).sort((a, b) => a.deadline - b.deadline || a.id - b.id);
    expect(released.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    expect(scheduler.waiting).toBe(0);
    expect(scheduler.isSpinning).toBe(false);
    expect(scheduler.spinMs()).toBeGreaterThan(0);
  });

  it("spins with one setImmediate at most, however many sleepers are within the spin margin", async () => {
    const scheduler = new Scheduler();
    const baseline = pendingImmediates();
    const start = now();
    let most = 0;
    // 40 sleepers 0.02 ms apart, all within SPIN_MS from the moment they ask, so the spin starts at once (no timer
    // whose lateness could release them all together). Spinning each on its own would leave one setImmediate
    // pending per sleeper still waiting whenever one of them is released.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        scheduler.sleepUntil(start + SPIN_MS / 5 + i * 0.02).then(() => {
          most = Math.max(most, pendingImmediates() - baseline);
        }),
      ),
    );
    expect(most).toBeLessThanOrEqual(1);
    expect(scheduler.spinTurnCount).toBeGreaterThan(0);
  });

  it("returns at once for a deadline already passed, and releases a stopped sleeper early", async () => {
    const scheduler = new Scheduler();
    const t = now();
    await scheduler.sleepUntil(t - 1);
    let stopped = false;
    setTimeout(() => (stopped = true), 20);
    await scheduler.sleepUntil(now() + 60_000, () => stopped);
    // Stopped at 20 ms, noticed at the next timer (100 ms apart at most), with room for a late timer.
    expect(now() - t).toBeLessThan(250);
    expect(scheduler.waiting).toBe(0);
  });

  /** Twenty short sleeps (0.7–2.7 ms): each released at or after its deadline. */
  const sleepsNeverEarly = async (scheduler: Scheduler) => {
    for (let i = 0; i < 20; i++) {
      const deadline = now() + 0.7 + (i % 5) * 0.5;
      await scheduler.sleepUntil(deadline);
      expect(now()).toBeGreaterThanOrEqual(deadline);
    }
  };

  it("when idle, blocks instead of spinning (counted in blockedMs), still never early", async () => {
    const scheduler = new Scheduler(now, { idle: () => true });
    await sleepsNeverEarly(scheduler);
    expect(scheduler.blockedMs()).toBeGreaterThan(0);
    expect(scheduler.blockedMs()).toBeLessThanOrEqual(scheduler.spinMs());
    // Blocking is not polling: the two are disjoint parts of the spin's wall time.
    expect(scheduler.pollMs() + scheduler.blockedMs()).toBeLessThanOrEqual(scheduler.spinMs() + 1e-9);
  });

  it("never blocks when the thread is not idle", async () => {
    const scheduler = new Scheduler(now, { idle: () => false });
    await sleepsNeverEarly(scheduler);
    expect(scheduler.spinMs()).toBeGreaterThan(0);
    expect(scheduler.blockedMs()).toBe(0);
  });

  it("counts as polling the spin's own turns, not the other work that runs between them", async () => {
    // A 15 ms spin alone: (nearly) all of it is polling.
    const alone = new Scheduler(now, { spinMs: 20 });
    await alone.sleepUntil(now() + 15);
    expect(alone.pollMs()).toBeLessThanOrEqual(alone.spinMs() + 1e-9);
    expect(alone.pollMs()).toBeGreaterThan(alone.spinMs() * 0.25);

    // The same spin while other work (0.5 ms per event-loop turn) runs between its turns: that work is no polling.
    const shared = new Scheduler(now, { spinMs: 20 });
    let working = true;
    const work = () => {
      const until = now() + 0.5;
      while (now() < until);
      if (working) setImmediate(work);
    };
    setImmediate(work);
    await shared.sleepUntil(now() + 15);
    working = false;
    expect(shared.spinMs()).toBeGreaterThanOrEqual(14);
    expect(shared.pollMs()).toBeLessThan(shared.spinMs() * 0.25);
    expect(shared.blockedMs()).toBe(0);
  });
});

describe("EventLoopTurns", () => {
  it("asks for a yield only after the event loop has not turned for the budget", async () => {
    let t = 0;
    const turns = new EventLoopTurns(() => t, 5);
    expect(turns.due()).toBeUndefined(); // arms the heartbeat
    t = 4;
    expect(turns.due()).toBeUndefined();
    t = 6;
    const y = turns.due();
    expect(y).toBeInstanceOf(Promise);
    expect(turns.due()).toBe(y); // one shared yield
    await y;
    expect(turns.yields).toBe(1);
    // The heartbeat ran during that turn: the budget starts again.
    t = 100;
    expect(turns.due()).toBeUndefined();
    t = 104;
    expect(turns.due()).toBeUndefined();
  });

  it("never asks while the event loop keeps turning (an asynchronous binding)", async () => {
    let t = 0;
    const turns = new EventLoopTurns(() => t, 5);
    for (let i = 0; i < 100; i++) {
      expect(turns.due()).toBeUndefined();
      await new Promise((r) => setImmediate(r));
      t += 1;
    }
    expect(turns.yields).toBe(0);
  });
});
