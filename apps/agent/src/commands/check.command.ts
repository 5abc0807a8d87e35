import { exitCodeFor, formatFindings, jsonFindings } from '../output/findings-format';
import type { Io } from '../output/io';
import { collectReport } from '../report/collect-report';
import { collectOptionsOf } from './collect.command';
import type { CheckCommandOptions } from './command-options';
import { loadEvaluator, type EvaluateReport } from './rules-engine';

/** Collects and evaluates locally with the server's catalogue; exit 0 nothing fired, 1 a warning, 2 a critical. */
export async function checkCommand(opts: CheckCommandOptions, io: Io, evaluate?: EvaluateReport): Promise<number> {
  const report = await collectReport(collectOptionsOf(opts));
  const results = (evaluate ?? loadEvaluator())(report);
  io.out(opts.json ? `${JSON.stringify(jsonFindings(results), null, 2)}\n` : formatFindings(results));
  return exitCodeFor(results);
}
