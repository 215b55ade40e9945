/**
 * The engine with a fixed amount of extra CPU work in front of every request: the build the performance gate's
 * self-check runs (`npm run bench:gate -- --slowed`) to show that the gate fails on a regression of that size.
 * (Workers' clock does not move during synchronous work, so the delay is work, not a wait.)
 */
import engine from "../../worker/src/index.js";

export { Catalog, Partition, internal } from "../../worker/src/index.js";

/**
 * Iterations of a cheap integer mix. Measured through the gate here: 400,000 added ~600 µs of server CPU per
 * request (GetItem ~1,100 µs/op instead of ~450) and failed all four figures; 150,000 added ~220 µs (~1.5× a
 * GetItem) and failed GetItem's CPU figure only, with its throughput at the floor. The self-check uses the former so
 * that it fails however the machine's minute goes.
 */
const SPIN = 400_000;
let sink = 0;

export default {
  async fetch(request: Request, env: never): Promise<Response> {
    let x = sink | 1;
    for (let i = 0; i < SPIN; i++) x = Math.imul(x ^ i, 0x9e3779b1) >>> 0;
    sink = x;
    return engine.fetch(request, env);
  },
};
