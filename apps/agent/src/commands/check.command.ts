import { parseArgs, rejectUnknown } from '../cli/args';
import type { Io } from '../cli/io';
import { collectReport } from '../report/collect-report';
import { COLLECT_KNOWN, COLLECT_VALUED, collectOptionsFrom } from './collect.command';
import { exitCodeFor, formatFindings, jsonFindings } from './findings-format';
import { loadEvaluator, type EvaluateReport } from './rules-engine';

export const CHECK_HELP = `Usage: memfleet-agent check [--root DIR] [--json] [options]

Collects this host's facts and evaluates them locally with the same rule catalogue as the server (no server needed).
Prints each finding with its evidence and remediation.

Exit status: 0 nothing fired, 1 a warning fired, 2 a critical fired (64 usage error).

Options:
  --root DIR             Read host paths under DIR (see "collect --help").
  --json                 Print every rule result as JSON (ruleId, subject, severity, outcome, evidence, remediation).
  --top N                Largest processes by RSS to include besides recognised runtimes (default 50).
  --no-network-probes    Do not query Redis INFO / Envoy admin /stats on loopback.
  -h, --help             Show this help.
`;

export async function checkCommand(argv: readonly string[], io: Io, evaluate?: EvaluateReport): Promise<number> {
  const args = parseArgs(argv, COLLECT_VALUED);
  if (args.flags.has('help')) {
    io.out(CHECK_HELP);
    return 0;
  }
  rejectUnknown(args, [...COLLECT_KNOWN, 'json']);
  const report = await collectReport(collectOptionsFrom(args));
  const results = (evaluate ?? loadEvaluator())(report);
  io.out(args.flags.has('json') ? `${JSON.stringify(jsonFindings(results), null, 2)}\n` : formatFindings(results));
  return exitCodeFor(results);
}
