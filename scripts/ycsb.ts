/** `npm run ycsb -- load|run ...`: see harness/cli/ycsb.ts and harness/README.md. */
import { ycsbCommand } from "../harness/cli/ycsb.js";
import { interruptSignal } from "../harness/cli/interrupt.js";

const code = await ycsbCommand(process.argv.slice(2), undefined, { signal: interruptSignal() });
// Bindings' keep-alive sockets or a target's child must not keep the process alive once the work is done.
process.exit(code);
