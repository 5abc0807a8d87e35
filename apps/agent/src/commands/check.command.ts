import { configPath, readConfig, type AgentConfig } from '../config/agent-config';
import { fetchRulesInForce } from '../net/rules-in-force';
import { exitCodeFor, formatFindings, jsonFindings } from '../output/findings-format';
import type { Io } from '../output/io';
import { collectReport } from '../report/collect-report';
import { collectOptionsOf } from './collect.command';
import type { CheckCommandOptions } from './command-options';
import { loadEvaluator, localCatalogueRevision, type EvaluateReport } from './rules-engine';

type Thresholds = Record<string, Record<string, number>> | undefined;

/**
 * The thresholds in force on the server this host is enrolled with; undefined (the catalogue's defaults) when
 * it is not enrolled, --offline, or the server cannot be asked. Each case says so on stderr, since a threshold
 * an admin changed can change what fires.
 */
async function thresholdsInForce(opts: CheckCommandOptions, io: Io, env: NodeJS.ProcessEnv): Promise<Thresholds> {
  const say = (t: string) => io.err(`memfleet-agent check: ${t}\n`);
  if (opts.offline) {
    say('--offline: evaluating with the default thresholds');
    return undefined;
  }
  let config: AgentConfig;
  try {
    config = readConfig(configPath(opts.config, env));
  } catch (err) {
    say(`${(err as Error).message}; evaluating with the default thresholds`);
    return undefined;
  }
  const server = env.MEMFLEET_SERVER ?? config.server;
  const token = env.MEMFLEET_AGENT_TOKEN ?? config.agentToken;
  if (!server || !token) {
    say('not enrolled (no server and agent token): evaluating with the default thresholds');
    return undefined;
  }
  const answer = await fetchRulesInForce(server, token, { caFile: config.caFile, env });
  if (!answer.ok) {
    say(`${answer.reason}; evaluating with the default thresholds`);
    return undefined;
  }
  const { catalogueRevision, thresholds } = answer.rules;
  say(`thresholds in force from ${server}`);
  if (catalogueRevision !== localCatalogueRevision())
    say(`the server runs catalogue revision ${catalogueRevision}, this agent ${localCatalogueRevision()}: results can differ from the server's`);
  return thresholds;
}

/**
 * Collects and evaluates locally with the agent's catalogue and, on an enrolled host, the server's thresholds in
 * force; exit 0 nothing fired, 1 a warning, 2 a critical.
 */
export async function checkCommand(opts: CheckCommandOptions, io: Io, env: NodeJS.ProcessEnv = process.env, evaluate?: EvaluateReport): Promise<number> {
  const [report, thresholds] = await Promise.all([collectReport(collectOptionsOf(opts)), thresholdsInForce(opts, io, env)]);
  const results = (evaluate ?? loadEvaluator())(report, thresholds);
  io.out(opts.json ? `${JSON.stringify(jsonFindings(results), null, 2)}\n` : formatFindings(results));
  return exitCodeFor(results);
}
