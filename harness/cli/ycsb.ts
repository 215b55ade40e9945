/**
 * `npm run ycsb -- load|run --workload a --target shvm [options]`: one YCSB phase against one target, YCSB's
 * summary on stdout, a status line per second and warnings on stderr, the results JSON in results/.
 */
import { loadWorkload } from "../../workloads/load-workload.js";
import { normaliseOverrides } from "../../workloads/properties.js";
import { TargetUnavailable, type Phase, type PreparedTarget } from "../target.js";
import { readEnvironment } from "../results/environment.js";
import { formatYcsbSummary } from "../results/ycsb-text.js";
import { parseCommandArgs, runSettings, UsageError } from "./options.js";
import { runOne, workloadNameOf } from "./run-one.js";
import { findTarget, loadRegistry, type TargetRegistry } from "./targets.js";

export const YCSB_USAGE = `Usage: npm run ycsb -- load|run --target <name> (--workload a..f | -P <file>)... [options]

  load | run             YCSB's load phase (insert the records) or run phase (the workload's operations)
  --target <name>        shvm, dynamodb, redis, postgres, sqlite
  --workload, -w <a..f>  a built-in core workload (workloads/workloada ... workloadf)
  -P <file>              a YCSB property file, as-is (repeatable; a later file wins)
  -p <key=value>         a property override (repeatable; beats every file), e.g. -p recordcount=100000
  --endpoint <url>       the target's server (sets e.g. shvm.endpoint / dynamodb.endpoint)
  --threads <n>          client threads (default 1, like YCSB; also -p threadcount=)
  --concurrency <c>      operations in flight per thread (default 1; also -p concurrency=)
  --target-rate <r>      open loop at r ops/s in total (YCSB's -target; also -p target=); default closed loop
  --warmup <s>           seconds of operations run first and not recorded (default 0)
  --seed <n>             random seed (default: random; recorded in the results)
  --out <file>           results file (default results/<time>-<target>-<workload>-<phase>.json)
  --quiet, -q            no per-second status line
  -h, --help             this text

Also read from properties: maxexecutiontime (seconds), hdrhistogram.percentiles (default 95,99).`;

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CommandIo = {
  stdout: (t) => process.stdout.write(t + "\n"),
  stderr: (t) => process.stderr.write(t + "\n"),
};

export interface CommandDeps {
  registry?: TargetRegistry;
  /** Aborting stops a running phase early (the scripts wire Ctrl-C to it). */
  signal?: AbortSignal;
}

/** Runs the command; returns the exit code (0 ok, 1 any error). Never throws. */
export async function ycsbCommand(argv: readonly string[], io: CommandIo = processIo, deps: CommandDeps = {}): Promise<number> {
  let prepared: PreparedTarget | undefined;
  try {
    const { values, positionals } = parseCommandArgs(argv, {
      target: { type: "string", short: "t" },
      workload: { type: "string", short: "w", multiple: true },
      P: { type: "string", short: "P", multiple: true },
      out: { type: "string", short: "o" },
    });
    if (values.help) {
      io.stdout(YCSB_USAGE);
      return 0;
    }
    const [command, ...extra] = positionals;
    if (command !== "load" && command !== "run") throw new UsageError(`expected "load" or "run", got ${command === undefined ? "nothing" : `"${command}"`}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const phase: Phase = command;

    const files = [...(values.workload ?? []), ...(values.P ?? [])];
    if (files.length === 0) throw new UsageError("a workload is required: --workload a..f or -P <property file>");
    const registry = deps.registry ?? (await loadRegistry());
    const target = findTarget(registry, values.target);
    const overrides = normaliseOverrides(values.p ?? []);
    if (values.endpoint !== undefined) {
      const property = registry.endpointProperty(target.name);
      if (property === undefined) throw new UsageError(`--endpoint is not used by target "${target.name}": set its own properties with -p`);
      overrides[property] = values.endpoint;
    }
    const config = loadWorkload(files, overrides);
    const settings = runSettings(values, config.properties, { threads: 1, concurrency: 1, warmupSeconds: 0 });
    const workloadName = workloadNameOf(files);

    prepared = await target.prepare(config.properties, phase);
    const label = `[${target.name} ${phase} ${workloadName}]`;
    const { result, path } = await runOne({
      target,
      prepared,
      properties: prepared.properties,
      phase,
      workloadName,
      workloadFiles: files,
      settings,
      environment: readEnvironment(),
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(values.quiet ? {} : { onStatus: (line: string) => io.stderr(line) }),
      label,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    io.stdout(formatYcsbSummary(result));
    for (const w of result.warnings) io.stderr(`WARNING: ${w}`);
    if (result.run.stoppedEarly) {
      io.stderr(`stopped early (${deps.signal?.aborted ? "interrupted" : "the target stalled, see the warning"}): the numbers cover the part that ran`);
    }
    io.stderr(`results: ${path}`);
    return 0;
  } catch (e) {
    io.stderr(`ycsb: ${errorLine(e)}`);
    return 1;
  } finally {
    await prepared?.close().catch((e: unknown) => io.stderr(`ycsb: closing the target failed: ${errorLine(e)}`));
  }
}

/** One clear line for an error (TargetUnavailable's message already says how to start the target). */
export function errorLine(e: unknown): string {
  if (e instanceof TargetUnavailable) return e.message;
  if (e instanceof Error) return e.message.split("\n")[0] ?? e.message;
  return String(e);
}
