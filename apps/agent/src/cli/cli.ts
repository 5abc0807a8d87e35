import { collectCommand } from '../commands/collect.command';
import { AGENT_VERSION } from '../version';
import { UsageError } from './args';
import type { Io } from './io';

export const MAIN_HELP = `Usage: memfleet-agent <command> [options]

Collects memory-runtime facts of this host and judges them with memfleet's rule catalogue.

Commands:
  collect    Print this host's report as JSON.
  check      Evaluate locally with the server's rule catalogue; exit 0 ok, 1 warning, 2 critical.
  enroll     Exchange the enroll secret for this host's agent token and store it.
  run        Collect and post reports every interval; spool while the server is unreachable.

Options:
  --version  Print the agent version.
  -h, --help Show this help; "memfleet-agent <command> --help" for a command.

Environment: MEMFLEET_SERVER, MEMFLEET_AGENT_TOKEN, MEMFLEET_CONFIG, MEMFLEET_STATE_DIR, HTTPS_PROXY, NO_PROXY.
`;

type Command = (argv: readonly string[], io: Io) => Promise<number>;

async function lazy(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'collect':
      return collectCommand;
    case 'check':
      return (await import('../commands/check.command')).checkCommand;
    case 'enroll':
      return (await import('../commands/enroll.command')).enrollCommand;
    case 'run':
      return (await import('../commands/run.command')).runCommand;
    default:
      return undefined;
  }
}

/** Runs one CLI invocation and returns the exit code (64 = usage error). */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`memfleet-agent ${AGENT_VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(MAIN_HELP);
    return name === undefined ? 64 : 0;
  }
  const command = await lazy(name);
  if (!command) {
    io.err(`memfleet-agent: unknown command "${name}"\n\n${MAIN_HELP}`);
    return 64;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`memfleet-agent ${name}: ${err.message} (see --help)\n`);
      return 64;
    }
    throw err;
  }
}
