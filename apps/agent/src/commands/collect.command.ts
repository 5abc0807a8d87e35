import { loopbackProbes, noProbes } from '../collectors/network-probes';
import type { Io } from '../output/io';
import { collectReport, type CollectOptions } from '../report/collect-report';
import type { CollectCommandOptions, CollectFlags } from './command-options';

/** What collect, check and run give the collector from their common flags. */
export function collectOptionsOf(flags: CollectFlags): CollectOptions {
  return { root: flags.root, topN: flags.top, labels: flags.labels, probes: flags.networkProbes ? loopbackProbes : noProbes };
}

/** Prints this host's report as JSON; sends nothing. */
export async function collectCommand(opts: CollectCommandOptions, io: Io): Promise<number> {
  const report = await collectReport(collectOptionsOf(opts));
  io.out(`${JSON.stringify(report, null, opts.pretty ? 2 : undefined)}\n`);
  return 0;
}
