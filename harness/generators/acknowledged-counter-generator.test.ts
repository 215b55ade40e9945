import { describe, expect, it } from "vitest";
import { AcknowledgedCounterGenerator, WINDOW_SIZE } from "./acknowledged-counter-generator.js";

describe("AcknowledgedCounterGenerator", () => {
  it("keeps last() at the highest contiguous acknowledged value", () => {
    const c = new AcknowledgedCounterGenerator(1000);
    expect(c.last()).toBe(999);
    const [a, b, d] = [c.next(), c.next(), c.next()];
    expect([a, b, d]).toEqual([1000, 1001, 1002]);
    c.acknowledge(b);
    c.acknowledge(d);
    expect(c.last()).toBe(999); // 1000 still outstanding
    c.acknowledge(a);
    expect(c.last()).toBe(1002);
  });

  it("rejects acknowledging twice or a value never handed out", () => {
    const c = new AcknowledgedCounterGenerator(0);
    const v = c.next();
    c.acknowledge(v);
    expect(() => c.acknowledge(v)).toThrow(/not an outstanding value/);
    expect(() => c.acknowledge(5)).toThrow(/not an outstanding value/);
  });

  it("fails when more than the window is outstanding, as YCSB does", () => {
    const c = new AcknowledgedCounterGenerator(0);
    const first = c.next(); // never acknowledged
    for (let i = 1; i < WINDOW_SIZE; i++) c.acknowledge(c.next());
    expect(c.last()).toBe(-1);
    expect(() => c.acknowledge(c.next())).toThrow("Too many unacknowledged insertion keys.");
    void first;
  });

  it("drains a full window in one acknowledgement", () => {
    const c = new AcknowledgedCounterGenerator(0);
    const first = c.next();
    for (let i = 1; i < WINDOW_SIZE; i++) c.acknowledge(c.next());
    c.acknowledge(first);
    expect(c.last()).toBe(WINDOW_SIZE - 1);
    const again = c.next();
    c.acknowledge(again);
    expect(c.last()).toBe(WINDOW_SIZE);
  });
});
