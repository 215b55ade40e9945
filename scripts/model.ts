/** `npm run model -- scaling|cost ...`: see harness/model/cli.ts and harness/README.md ("Cost and scaling model"). */
import { modelCommand } from "../harness/model/cli.js";

process.exitCode = modelCommand(process.argv.slice(2));
