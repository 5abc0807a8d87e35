import { configPath, readConfig, stateDir, type AgentConfig } from '../config/agent-config';
import { readRulesCache, writeRulesCache } from '../config/rules-cache';
import { fetchRulesInForce } from '../net/rules-in-force';
import { formatCheckHeader, subjectDescriptions, thresholdsText, type ThresholdsUsed } from '../output/check-header';
import { exitCodeFor, formatFindings, jsonFindings } from '../output/findings-format';
import type { Io } from '../output/io';
import { collectReport } from '../report/collect-report';
import { collectOptionsOf } from './collect.command';
import type { CheckCommandOptions } from './command-options';
import { loadEvaluator, localCatalogueRevision, type EvaluateReport } from './rules-engine';

type Thresholds = Record<string, Record<string, number>> | undefined;

interface ThresholdsChoice {
  thresholds: Thresholds;
  used: ThresholdsUsed;
  notes: string[];
}

/** check reads the cache from the state directory `run` keeps (MEMFLEET_STATE_DIR, or the default). */
export type CheckOptions = CheckCommandOptions;

/** Why check cannot ask a server, naming what is there and what is missing. */
function notEnrolled(server: string | undefined, token: string | undefined, env: NodeJS.ProcessEnv): string {
  if (server) {
    const from = env.MEMFLEET_SERVER ? 'MEMFLEET_SERVER' : 'the config file';
    return `a server is set (${server}, from ${from}) but no agent token (MEMFLEET_AGENT_TOKEN, or the config file enroll writes): enroll this host first`;
  }
  if (token) return 'an agent token is set but no server (MEMFLEET_SERVER, or the config file enroll writes)';
  return 'this host is not enrolled (neither a server nor an agent token)';
}

/**
 * The thresholds to evaluate with: on an enrolled host the server's in force, fetched and cached in the state
 * directory; its cached copy when the server cannot be asked (or --offline, which asks nothing); the
 * catalogue's defaults when not enrolled or there is no cached copy. An admin's change of a threshold can
 * change what fires, so the header says which were used and why.
 */
async function chooseThresholds(opts: CheckOptions, env: NodeJS.ProcessEnv): Promise<ThresholdsChoice> {
  const defaults = (why: string, notes: string[] = []): ThresholdsChoice => ({ thresholds: undefined, used: { source: 'defaults', why }, notes });
  let config: AgentConfig;
  try {
    config = readConfig(configPath(opts.config, env));
  } catch (err) {
    return defaults((err as Error).message);
  }
  const server = env.MEMFLEET_SERVER ?? config.server;
  const token = env.MEMFLEET_AGENT_TOKEN ?? config.agentToken;
  if (!server || !token) return defaults(notEnrolled(server, token, env));
  const dir = stateDir(opts.stateDir, env);
  const fromCache = (why: string): ThresholdsChoice => {
    const cache = readRulesCache(dir, server);
    if (!cache.ok) return defaults(`${why}; ${cache.reason}`);
    const { catalogueRevision, fetchedAt, thresholds } = cache.cached;
    return { thresholds, used: { source: 'cache', server, catalogueRevision, fetchedAt, why }, notes: [] };
  };
  if (opts.offline) return fromCache('--offline asks no server');
  const answer = await fetchRulesInForce(server, token, { caFile: config.caFile, env });
  if (!answer.ok) return fromCache(answer.reason);
  const unwritten = writeRulesCache(dir, server, answer.rules);
  return {
    thresholds: answer.rules.thresholds,
    used: { source: 'server', server, catalogueRevision: answer.rules.catalogueRevision },
    notes: unwritten ? [`no cached copy for offline use: ${unwritten}`] : [],
  };
}

/**
 * Collects and evaluates locally with the agent's catalogue and, on an enrolled host, the server's thresholds in
 * force; exit 0 nothing fired, 1 a warning, 2 a critical. Text begins with a header (host, kernel,
 * virtualization, runtimes, thresholds, collection errors); --json is the flat array of results alone, and the
 * thresholds used go to stderr.
 */
export async function checkCommand(opts: CheckOptions, io: Io, env: NodeJS.ProcessEnv = process.env, evaluate?: EvaluateReport): Promise<number> {
  const [report, choice] = await Promise.all([collectReport(collectOptionsOf(opts)), chooseThresholds(opts, env)]);
  const results = (evaluate ?? loadEvaluator())(report, choice.thresholds);
  if (opts.json) {
    io.err(`memfleet-agent check: thresholds: ${thresholdsText(choice.used, localCatalogueRevision())}\n`);
    for (const note of choice.notes) io.err(`memfleet-agent check: ${note}\n`);
    io.out(`${JSON.stringify(jsonFindings(results), null, 2)}\n`);
  } else {
    const header = formatCheckHeader({ report, thresholds: choice.used, localRevision: localCatalogueRevision(), notes: choice.notes });
    const ctx = { subjects: subjectDescriptions(report), bootTimeEpochSeconds: report.configuration.host.bootTimeEpochSeconds };
    io.out(header + formatFindings(results, ctx));
  }
  return exitCodeFor(results);
}
