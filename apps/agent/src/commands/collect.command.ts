import path from 'node:path';
import { loopbackProbes, noProbes } from '../collectors/network-probes';
import type { Io } from '../output/io';
import { collectReport, type CollectOptions } from '../report/collect-report';
import type { CollectCommandOptions, CollectFlags } from './command-options';

/**
 * What collect, check and run give the collector from their common flags. Loopback probes ask this machine's
 * Redis and Envoy: unless told, only when the root read is this machine's own (/), never for a fixture tree.
 */
export function collectOptionsOf(flags: CollectFlags): CollectOptions {
  const probe = flags.networkProbes ?? path.resolve(flags.root) === '/';
  return { root: flags.root, topN: flags.top, labels: flags.labels, probes: probe ? loopbackProbes : noProbes };
}

/** Prints this host's report as JSON; sends nothing. */
export async function collectCommand(opts: CollectCommandOptions, io: Io): Promise<number> {
  const report = await collectReport(collectOptionsOf(opts));
  io.out(`${JSON.stringify(report, null, opts.pretty ? 2 : undefined)}\n`);
  return 0;
}
