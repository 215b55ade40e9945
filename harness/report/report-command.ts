/** `npm run report -- <results or lab-summary files...>`: one self-contained HTML report, plus the folder's index. */
import { parseArgs } from "node:util";
import { errorLine, processIo, type CommandIo } from "../cli/ycsb.js";
import { buildReport, REPORTS_DIR } from "./build-report.js";

export const REPORT_USAGE = `Usage: npm run report -- [options] <file...>

Builds one self-contained HTML page (no network needed to open it) from YCSB results files
(results/*.json) and/or lab summaries (results/*-lab.json, which name their results files), and
rewrites the folder's index.html listing every report in it.

  --out-dir <dir>   where the report and the index go (default ${REPORTS_DIR})
  --out <file>      the report's file (its folder gets the index)
  --title <text>    the page's title (default: targets and workloads)
  -h, --help        this text`;

export async function reportCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { "out-dir": { type: "string" }, out: { type: "string" }, title: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.stdout(REPORT_USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new Error("give at least one results file or lab summary (see --help)");
    const { path, index } = await buildReport({
      inputs: positionals,
      ...(values["out-dir"] ? { outDir: values["out-dir"] } : {}),
      ...(values.out ? { out: values.out } : {}),
      ...(values.title ? { title: values.title } : {}),
    });
    io.stdout(`report: ${path}`);
    io.stderr(`index: ${index}`);
    return 0;
  } catch (e) {
    io.stderr(`report: ${errorLine(e)}`);
    return 1;
  }
}
