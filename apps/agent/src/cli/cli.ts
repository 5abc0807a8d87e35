import { Command, CommanderError, Option } from 'commander';
import {
  COLLECT_DEFAULTS,
  INTERVAL_BOUNDS,
  MAX_TOP,
  MAX_WAIT_SECONDS,
  RUN_DEFAULTS,
  type CheckCommandOptions,
  type CollectCommandOptions,
  type CollectFlags,
  type EnrollCommandOptions,
  type RunCommandOptions,
} from '../commands/command-options';
import type { TraceAnalyzeOptions } from '../commands/trace-analyze.command';
import type { TraceConvertOptions } from '../commands/trace-convert.command';
import { UsageError } from '../commands/usage-error';
import { DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR } from '../config/agent-config';
import type { Io } from '../output/io';
import { AGENT_VERSION } from '../version';
import { countArg, durationArg, labelArg, serverArg } from './option-values';

/** What each command is handed once its command line parsed; tests replace them to see the parsed options. */
export interface CommandHandlers {
  collect(opts: CollectCommandOptions, io: Io): Promise<number>;
  check(opts: CheckCommandOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number>;
  enroll(opts: EnrollCommandOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number>;
  run(opts: RunCommandOptions, io: Io, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<number>;
  traceAnalyze(opts: TraceAnalyzeOptions, io: Io): Promise<number>;
  traceConvert(opts: TraceConvertOptions, io: Io): Promise<number>;
}

// Loaded on use: check pulls in the whole rule catalogue, run the spool and the HTTP client.
const COMMANDS: CommandHandlers = {
  collect: async (o, io) => (await import('../commands/collect.command')).collectCommand(o, io),
  check: async (o, io, env) => (await import('../commands/check.command')).checkCommand(o, io, env),
  enroll: async (o, io, env) => (await import('../commands/enroll.command')).enrollCommand(o, io, env),
  run: async (o, io, env, signal) => (await import('../commands/run.command')).runCommand(o, io, env, signal),
  traceAnalyze: async (o, io) => (await import('../commands/trace-analyze.command')).traceAnalyzeCommand(o, io),
  traceConvert: async (o, io) => (await import('../commands/trace-convert.command')).traceConvertCommand(o, io),
};

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  commands?: Partial<CommandHandlers>;
}

/** Exit status of a command line the agent cannot act on (sysexits EX_USAGE). */
export const USAGE_EXIT = 64;

const ENVIRONMENT = 'Environment: MEMFLEET_SERVER, MEMFLEET_AGENT_TOKEN, MEMFLEET_CONFIG, MEMFLEET_STATE_DIR, MEMFLEET_ENROLL_SECRET, HTTPS_PROXY, NO_PROXY.';

// The options collect, check and run share, one definition each.
const rootOption = (what = 'Read every host path under DIR (e.g. /host in a container; a fixture tree in tests).') =>
  new Option('--root <DIR>', what).default(COLLECT_DEFAULTS.root);
const topOption = () =>
  new Option('--top <N>', 'Report the N largest processes by RSS besides recognised runtimes.').argParser(countArg(0, MAX_TOP)).default(COLLECT_DEFAULTS.top);
const labelOption = (what = 'Add a label (repeatable).') => new Option('--label <k=v>', what).argParser(labelArg);
const probesOption = () => new Option('--no-network-probes', 'Do not query Redis INFO / Envoy admin /stats on loopback.');
// collect and check describe or judge the tree under --root: with another root than / this machine's loopback
// services are not that tree's, so they are asked only when told to.
const rootProbesOptions = () => [
  new Option('--network-probes', 'Query Redis INFO / Envoy admin /stats on loopback also with --root other than / (the default there is not to).'),
  new Option('--no-network-probes', 'Do not query Redis INFO / Envoy admin /stats on loopback (the default with --root other than /).'),
];
const configOption = () => new Option('--config <FILE>', `Config file written by enroll (default ${DEFAULT_CONFIG_PATH}, or MEMFLEET_CONFIG).`);
const caFileOption = () => new Option('--ca-file <FILE>', 'PEM CA bundle that signs the server certificate. HTTPS_PROXY / NO_PROXY are honoured.');

interface RawCollectFlags {
  root: string;
  top: number;
  label?: Record<string, string>;
  /** Undefined for collect and check when neither --network-probes nor --no-network-probes is given. */
  networkProbes?: boolean;
}
const collectFlags = (o: RawCollectFlags): CollectFlags => ({ root: o.root, top: o.top, labels: o.label ?? {}, networkProbes: o.networkProbes });

/** Where commander writes; its errors start with the command they are about, as UsageError's do. */
const output = (io: Io, prefix: string) => ({
  writeOut: (t: string) => io.out(t),
  writeErr: (t: string) => io.err(t),
  outputError: (t: string, write: (t: string) => void) => write(t.replace(/^error: /, `${prefix}: `)),
});

/** The commander program; a fresh one per invocation, since commander keeps parsed values on it. */
function buildProgram(io: Io, handlers: CommandHandlers, options: CliOptions, exit: { code: number }): Command {
  const env = options.env ?? process.env;
  const program = new Command('memfleet-agent')
    .description("Collects memory-runtime facts of this host and judges them with memfleet's rule catalogue.")
    .version(`memfleet-agent ${AGENT_VERSION}`, '-V, --version', 'Print the agent version.')
    .helpOption('-h, --help', 'Show this help.')
    .helpCommand('help [command]', 'Show the help of a command.')
    // settings below are inherited by every command added after them
    .exitOverride()
    .configureOutput(output(io, 'memfleet-agent'))
    .showHelpAfterError('(see --help)')
    .addHelpText('after', `\n${ENVIRONMENT}\n"memfleet-agent <command> --help" shows a command's options.`);

  program
    .command('collect')
    .summary("Print this host's report as JSON.")
    .description("Collects this host's memory-runtime facts and prints the report as JSON. Nothing is sent.")
    .usage('[--root DIR] [--pretty] [options]')
    .addOption(
      rootOption(
        'Read every host path under DIR (e.g. /host in a container; a fixture tree in tests). Host mounts come from DIR/proc/1/mounts; process files from DIR/proc/<pid>/root.',
      ),
    )
    .option('--pretty', 'Indent the JSON.')
    .addOption(topOption())
    .addOption(labelOption())
    .addOption(rootProbesOptions()[0])
    .addOption(rootProbesOptions()[1])
    .action(async (o: RawCollectFlags & { pretty?: true }) => {
      exit.code = await handlers.collect({ ...collectFlags(o), pretty: o.pretty === true }, io);
    });

  program
    .command('check')
    .summary("Evaluate locally with the server's rule catalogue; exit 0 ok, 1 warning, 2 critical.")
    .description(
      "Collects this host's facts and evaluates them locally with the same rule catalogue as the server. " +
        'On an enrolled host (server and agent token in the config file, or MEMFLEET_SERVER and MEMFLEET_AGENT_TOKEN) it ' +
        'asks the server for the thresholds in force and caches them in the state directory (MEMFLEET_STATE_DIR); offline or ' +
        'unreachable it uses the cached copy, not enrolled or without one the default thresholds. Prints a header (host, ' +
        'kernel, virtualization, runtimes, the thresholds used, collection errors), then each finding per subject with its ' +
        'evidence and remediation.',
    )
    .usage('[--root DIR] [--json] [--offline] [options]')
    .addOption(rootOption('Read host paths under DIR (see "collect --help").'))
    .option('--json', 'Print every rule result as JSON (ruleId, subject, severity, outcome, evidence, remediation).')
    .option('--offline', 'Do not ask the server for the thresholds in force; use its cached copy, else the defaults.')
    .addOption(new Option('--state-dir <DIR>', `Where the cached thresholds are kept (default ${DEFAULT_STATE_DIR}, or MEMFLEET_STATE_DIR).`))
    .addOption(configOption())
    .addOption(topOption())
    .addOption(labelOption('Add a label to the evaluated report (repeatable).'))
    .addOption(rootProbesOptions()[0])
    .addOption(rootProbesOptions()[1])
    .addHelpText('after', `\nExit status: 0 nothing fired, 1 a warning fired, 2 a critical fired (${USAGE_EXIT} usage error).`)
    .action(async (o: RawCollectFlags & { json?: true; offline?: true; config?: string; stateDir?: string }) => {
      exit.code = await handlers.check(
        { ...collectFlags(o), json: o.json === true, offline: o.offline === true, config: o.config, stateDir: o.stateDir },
        io,
        env,
      );
    });

  program
    .command('enroll')
    .summary("Exchange the enroll secret for this host's agent token and store it.")
    .description("Exchanges the deployment's enroll secret for this host's agent token and stores it (mode 0600).")
    .usage('--server URL --enroll-secret S [--label k=v …] [options]')
    .addOption(new Option('--server <URL>', 'memfleet server (or MEMFLEET_SERVER).').argParser(serverArg))
    .addOption(new Option('--enroll-secret <S>', 'The enroll secret (or MEMFLEET_ENROLL_SECRET).'))
    .addOption(labelOption('Host label (repeatable).'))
    .addOption(new Option('--config <FILE>', `Where to store server and token (default ${DEFAULT_CONFIG_PATH}, or MEMFLEET_CONFIG).`))
    .addOption(caFileOption())
    .addOption(rootOption('Read machine-id and hostname under DIR.'))
    .action(async (o: { server?: string; enrollSecret?: string; label?: Record<string, string>; config?: string; caFile?: string; root: string }) => {
      const opts: EnrollCommandOptions = {
        server: o.server,
        enrollSecret: o.enrollSecret,
        labels: o.label ?? {},
        config: o.config,
        caFile: o.caFile,
        root: o.root,
      };
      exit.code = await handlers.enroll(opts, io, env);
    });

  program
    .command('run')
    .summary('Collect and post reports every interval; spool while the server is unreachable.')
    .description(
      'Collects a report, posts it (gzip, Idempotency-Key, per-host sequence) and prints the findings the server ' +
        'returns; repeats every interval. While the server is unreachable reports wait in a bounded on-disk spool ' +
        '(oldest dropped first, counted) and are sent in order when it is back. Exponential backoff with jitter; ' +
        'Retry-After is honoured. A 401/403 stops the agent: the token is wrong or revoked (an admin can grant a re-enroll).',
    )
    .usage('[--server URL] [--once | --interval 5m] [options]')
    .addOption(
      new Option('--server <URL>', 'Server (or MEMFLEET_SERVER, or the enrolled one). Token: MEMFLEET_AGENT_TOKEN or the config file.').argParser(serverArg),
    )
    .option('--once', 'One report, a few retries, then exit (0 sent, 75 left in the spool, 3 token refused).')
    .addOption(
      new Option('--interval <D>', 'Time between reports (e.g. 30s, 5m, 1h).')
        .argParser(durationArg(INTERVAL_BOUNDS.min, INTERVAL_BOUNDS.max))
        .default(RUN_DEFAULTS.intervalSeconds, '5m'),
    )
    .addOption(
      new Option('--wait <D>', 'How long the server may take to evaluate before answering "queued".')
        .argParser((v: string) => Math.round(durationArg(0, MAX_WAIT_SECONDS)(v)))
        .default(RUN_DEFAULTS.waitSeconds, '10s'),
    )
    .addOption(
      new Option('--sample-interval <D>', 'How often the online CPU set is sampled between reports, so a hot-add is seen with its time (at most --interval).')
        .argParser(durationArg(1, INTERVAL_BOUNDS.max))
        .default(RUN_DEFAULTS.sampleIntervalSeconds, '5s'),
    )
    .addOption(configOption())
    .addOption(new Option('--state-dir <DIR>', `Spool and sequence (default ${DEFAULT_STATE_DIR}, or MEMFLEET_STATE_DIR).`))
    .addOption(new Option('--spool-max <N>', 'Reports kept in the spool at most.').argParser(countArg(1, 1_000_000)).default(RUN_DEFAULTS.spoolMax))
    .addOption(caFileOption())
    .addOption(rootOption('Read host paths under DIR (see "collect --help").'))
    .addOption(topOption())
    .addOption(labelOption('Add a label to every report, over the enrolled ones (repeatable).'))
    .addOption(probesOption())
    .action(
      async (
        o: RawCollectFlags & {
          server?: string;
          once?: true;
          interval: number;
          wait: number;
          sampleInterval: number;
          config?: string;
          stateDir?: string;
          spoolMax: number;
          caFile?: string;
        },
      ) => {
        const opts: RunCommandOptions = {
          ...collectFlags(o),
          server: o.server,
          once: o.once === true,
          intervalSeconds: o.interval,
          waitSeconds: o.wait,
          sampleIntervalSeconds: o.sampleInterval,
          config: o.config,
          stateDir: o.stateDir,
          spoolMax: o.spoolMax,
          caFile: o.caFile,
        };
        exit.code = await handlers.run(opts, io, env, options.signal);
      },
    );
  addTraceCommands(program, io, handlers, exit);
  for (const command of program.commands) command.configureOutput(output(io, `memfleet-agent ${command.name()}`));
  const trace = program.commands.find((c) => c.name() === 'trace');
  for (const command of trace?.commands ?? []) command.configureOutput(output(io, `memfleet-agent trace ${command.name()}`));
  return program;
}

/** `trace analyze` and `trace convert`: the allocation-trace lab offline. */
function addTraceCommands(program: Command, io: Io, handlers: CommandHandlers, exit: { code: number }): void {
  const trace = program
    .command('trace')
    .summary('Replay an allocation trace against allocator designs, offline; convert lalloc records.')
    .description('The allocation-trace lab without a server (see the README, "Allocation-trace lab").')
    .usage('<analyze|convert> [options]');
  trace
    .command('analyze')
    .summary('Print the analysis of a trace (a/f/r lines, plain or gzip).')
    .description(
      'Validates the trace, replays it through the six allocator runs and prints live bytes, sizes, leaks, trace ' +
        'errors and per model the footprint and internal/external fragmentation at its peak, with the definitions. ' +
        'Limits: 10,000,000 events, 200 MiB uncompressed.',
    )
    .usage('FILE [--json]')
    .argument('<FILE>', 'Trace file; gzip is recognised by its first bytes.')
    .option('--json', "Print exactly the API's analysis object as JSON.")
    .addHelpText('after', '\nExit status: 0 analysed, 65 malformed trace (line N: reason) or over a limit, 66 unreadable file.')
    .action(async (file: string, o: { json?: true }) => {
      exit.code = await handlers.traceAnalyze({ file, json: o.json === true }, io);
    });
  trace
    .command('convert')
    .summary('Convert lalloc-style {action, index, size, osize} records to trace lines.')
    .description(
      'Reads one record per line, JSON ({"action":"realloc","index":3,"size":64,"osize":32}) or a Lua table ' +
        '({ action = "r", index = 3, size = 64, osize = 32 },), and writes a/f/r trace lines.',
    )
    .usage('[FILE|-] [-o OUT] [--vm N]')
    .argument('[FILE]', 'Records file (gzip recognised); stdin when absent or "-".')
    .option('-o, --output <OUT>', 'Write the trace here instead of stdout (removed again on a malformed record).')
    .addOption(new Option('--vm <N>', 'VM number for records without a vm field.').argParser(countArg(0, Number.MAX_SAFE_INTEGER)).default(1))
    .addHelpText('after', '\nExit status: 0 converted, 65 malformed record (line N: reason), 66 unreadable file.')
    .action(async (file: string | undefined, o: { output?: string; vm: number }) => {
      exit.code = await handlers.traceConvert({ file, output: o.output, vm: o.vm }, io);
    });
}

/** Runs one CLI invocation and returns the exit code (64 = usage error). */
export async function runCli(argv: readonly string[], io: Io, options: CliOptions = {}): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(io, { ...COMMANDS, ...options.commands }, options, exit);
  if (argv.length === 0) {
    io.out(program.helpInformation());
    return USAGE_EXIT;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (err) {
    // commander has printed its message (or the help or version asked for)
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : USAGE_EXIT;
    if (err instanceof UsageError) {
      io.err(`memfleet-agent ${argv[0]}: ${err.message} (see --help)\n`);
      return USAGE_EXIT;
    }
    throw err;
  }
}
