/** `npm run report -- <results or lab-summary files...>`: a self-contained HTML report; see harness/report/report-command.ts. */
import { reportCommand } from "../harness/report/report-command.js";

process.exit(await reportCommand(process.argv.slice(2)));
