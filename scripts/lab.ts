/** `npm run lab`: YCSB A, B and C against shvm-db and every reachable peer; see harness/cli/lab.ts. */
import { labCommand } from "../harness/cli/lab.js";
import { interruptSignal } from "../harness/cli/interrupt.js";

const code = await labCommand(process.argv.slice(2), undefined, { signal: interruptSignal() });
process.exit(code);
