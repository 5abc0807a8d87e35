import { loopbackProbes, noProbes } from '../collectors/network-probes';
import { option, parseArgs, parseLabels, rejectUnknown, type ParsedArgs } from '../cli/args';
import { collectReport, type CollectOptions } from '../report/collect-report';
import type { Io } from '../cli/io';

export const COLLECT_HELP = `Usage: memfleet-agent collect [--root DIR] [--pretty] [options]

Collects this host's memory-runtime facts and prints the report as JSON. Nothing is sent.

Options:
  --root DIR             Read every host path under DIR (e.g. /host in a container; a fixture tree in tests).
                         Host mounts come from DIR/proc/1/mounts; process files from DIR/proc/<pid>/root.
  --pretty               Indent the JSON.
  --top N                Report the N largest processes by RSS besides recognised runtimes (default 50).
  --label k=v            Add a label (repeatable).
  --no-network-probes    Do not query Redis INFO / Envoy admin /stats on loopback.
  -h, --help             Show this help.
`;

export const COLLECT_KNOWN = ['root', 'pretty', 'top', 'label', 'no-network-probes', 'help'];
export const COLLECT_VALUED = ['root', 'top', 'label'];

export function collectOptionsFrom(args: ParsedArgs): CollectOptions {
  const top = option(args, 'top');
  return {
    root: option(args, 'root') ?? '/',
    topN: top === undefined ? 50 : Math.max(0, Number.parseInt(top, 10) || 0),
    labels: parseLabels(args.options.get('label') ?? []),
    probes: args.flags.has('no-network-probes') ? noProbes : loopbackProbes,
  };
}

export async function collectCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, COLLECT_VALUED);
  if (args.flags.has('help')) {
    io.out(COLLECT_HELP);
    return 0;
  }
  rejectUnknown(args, COLLECT_KNOWN);
  const report = await collectReport(collectOptionsFrom(args));
  io.out(`${JSON.stringify(report, null, args.flags.has('pretty') ? 2 : undefined)}\n`);
  return 0;
}
