import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { SharedAcknowledgedCounter } from "./shared-acknowledged-counter.js";

describe("SharedAcknowledgedCounter", () => {
  it("keeps last() at the highest contiguous acknowledged value, acknowledgements in any order", () => {
    const c = SharedAcknowledgedCounter.create(1000);
    expect(c.last()).toBe(999);
    const [a, b, d] = [c.next(), c.next(), c.next()];
    expect([a, b, d]).toEqual([1000, 1001, 1002]);
    c.acknowledge(d);
    c.acknowledge(b);
    expect(c.last()).toBe(999);
    c.acknowledge(a);
    expect(c.last()).toBe(1002);
  });

  it("is one counter for every view of the buffer", () => {
    const c = SharedAcknowledgedCounter.create(5);
    const other = SharedAcknowledgedCounter.attach(c.buffer);
    expect([c.next(), other.next(), c.next()]).toEqual([5, 6, 7]);
    other.acknowledge(5);
    c.acknowledge(6);
    expect(other.last()).toBe(6);
    expect(c.last()).toBe(6);
  });

  it("rejects values not outstanding and double acknowledgements", () => {
    const c = SharedAcknowledgedCounter.create(0);
    const a = c.next();
    c.next();
    expect(() => c.acknowledge(7)).toThrow(/not an outstanding value/);
    c.acknowledge(1);
    expect(() => c.acknowledge(1)).toThrow(/already acknowledged/);
    c.acknowledge(a);
    expect(() => c.acknowledge(a)).toThrow(/not an outstanding value/);
  });

  it("fails when more than the window is outstanding, as YCSB does", () => {
    const c = SharedAcknowledgedCounter.create(0, 8);
    c.next(); // 0 never acknowledged
    for (let i = 1; i < 8; i++) c.acknowledge(c.next());
    expect(c.last()).toBe(-1);
    expect(() => c.acknowledge(c.next())).toThrow("Too many unacknowledged insertion keys.");
  });

  it("wraps around its window", () => {
    const c = SharedAcknowledgedCounter.create(0, 4);
    for (let i = 0; i < 50; i++) {
      const v = c.next();
      c.acknowledge(v);
      expect(c.last()).toBe(v);
    }
  });

  it("hands out each value once and reaches the last one when threads acknowledge concurrently", async () => {
    const threads = 4;
    const perThread = 3000;
    // The default (YCSB) window: a descheduled thread may hold its values while the others take thousands.
    const counter = SharedAcknowledgedCounter.create(100);
    const tsx = import.meta.resolve("tsx/esm/api");
    const moduleUrl = new URL("./shared-acknowledged-counter.ts", import.meta.url).href;
    // Each thread takes values, acknowledges them a few at a time in reverse, and checks that last() never
    // passes a value it holds unacknowledged.
    const code = `
      const { parentPort, workerData } = await import("node:worker_threads");
      const tsx = await import(${JSON.stringify(tsx)});
      tsx.register();
      const { SharedAcknowledgedCounter } = await import(${JSON.stringify(moduleUrl)});
      const c = SharedAcknowledgedCounter.attach(workerData.buffer);
      const got = [];
      let violations = 0;
      for (let i = 0; i < workerData.perThread; i += 3) {
        const held = [c.next(), c.next(), c.next()];
        for (const v of held) if (c.last() >= v) violations++;
        for (const v of held.reverse()) c.acknowledge(v);
        got.push(...held);
      }
      parentPort.postMessage({ got, violations });
    `;
    const results = await Promise.all(
      Array.from({ length: threads }, () => {
        const w = new Worker(`(async () => { ${code} })()`, { eval: true, workerData: { buffer: counter.buffer, perThread } });
        return new Promise<{ got: number[]; violations: number }>((resolve, reject) => {
          w.once("message", (m) => {
            resolve(m);
            void w.terminate();
          });
          w.once("error", reject);
        });
      }),
    );
    const all = results.flatMap((r) => r.got);
    expect(results.map((r) => r.violations)).toEqual([0, 0, 0, 0]);
    expect(new Set(all).size).toBe(threads * perThread);
    expect(Math.min(...all)).toBe(100);
    expect(Math.max(...all)).toBe(100 + threads * perThread - 1);
    expect(counter.last()).toBe(100 + threads * perThread - 1);
  }, 30_000);
});
