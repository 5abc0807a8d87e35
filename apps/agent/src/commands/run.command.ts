import crypto from 'node:crypto';
import fs from 'node:fs';
import { checkLabels } from '@memfleet/contracts/labels';
import { toReportV3 } from '@memfleet/contracts/report/report-v3';
import { HostFs } from '../collectors/host-fs';
import { configPath, readConfig, stateDir } from '../config/agent-config';
import type { Io } from '../output/io';
import { collectReport } from '../report/collect-report';
import { backoffDelay } from '../run/backoff';
import { CpuSampler } from '../run/cpu-sampler';
import { drainSpool, type DrainResult } from '../run/sender';
import { HeldConfiguration } from '../spool/held-configuration';
import { agentInstanceId } from '../spool/instance-id';
import { nextSequence, Spool } from '../spool/spool';
import { collectOptionsOf } from './collect.command';
import type { RunCommandOptions } from './command-options';
import { UsageError } from './usage-error';

const ONCE_ATTEMPTS = 4;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** How often `run` samples the online CPU set: --sample-interval, but never less often than it reports. */
export function samplePeriodMs(opts: Pick<RunCommandOptions, 'sampleIntervalSeconds' | 'intervalSeconds'>): number {
  return Math.min(opts.sampleIntervalSeconds, opts.intervalSeconds) * 1000;
}

/**
 * Collects a report, spools it, posts it (schema version 3, gzip, Idempotency-Key, per-host sequence; the
 * configuration only when the server does not hold its hash) and prints what the server found; repeats every interval. Exit 0 done, 75 left in the spool (--once), 3 the token was refused.
 */
export async function runCommand(opts: RunCommandOptions, io: Io, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  const config = readConfig(configPath(opts.config, env));
  const server = opts.server ?? env.MEMFLEET_SERVER ?? config.server;
  const token = env.MEMFLEET_AGENT_TOKEN ?? config.agentToken;
  if (!server) throw new UsageError('no server: give --server, MEMFLEET_SERVER, or enroll first');
  if (!token) throw new UsageError('no agent token: run "memfleet-agent enroll" or set MEMFLEET_AGENT_TOKEN');
  const { once, intervalSeconds: intervalS, waitSeconds: waitS } = opts;
  const dir = stateDir(opts.stateDir, env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spool = new Spool(dir, { maxReports: opts.spoolMax, maxBytes: 64 * 1024 * 1024 });
  const instanceId = agentInstanceId(dir);
  const held = new HeldConfiguration(dir);
  const base = collectOptionsOf(opts);
  const labels = { ...(config.labels ?? {}), ...opts.labels };
  // the enrolled labels and --label together still have to fit the report contract, or every report is refused
  const badLabels = checkLabels(labels, 'labels');
  if (badLabels.length) throw new UsageError(`--label: ${badLabels.map((e) => `${e.path} ${e.reason}`).join('; ')} (with the enrolled labels)`);
  const sender = { server, token, waitSeconds: waitS, caFile: opts.caFile ?? config.caFile, env };

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  const sampler = once ? null : new CpuSampler(new HostFs(opts.root));
  sampler?.start(samplePeriodMs(opts));

  try {
    for (;;) {
      const started = Date.now();
      const sequence = nextSequence(dir, spool.highestSequence());
      const counters = spool.counters();
      const report = await collectReport({
        ...base,
        labels,
        sequence,
        instanceId,
        intervalSeconds: Math.max(1, Math.round(intervalS)),
        spool: { pending: spool.list().length, dropped: counters.dropped, rejected: counters.rejected },
        ...(sampler ? { sampled: { events: [...sampler.events], sinceSecondsSinceBoot: sampler.sinceSecondsSinceBoot } } : {}),
      });
      // spooled before sending: a crash or an outage never loses a report the server has not stored
      spool.add(sequence, crypto.randomUUID(), toReportV3(report, true));

      let attempt = 0;
      for (;;) {
        const result: DrainResult = await drainSpool(spool, sender, io, held);
        if (result.kind === 'unauthorized') {
          io.err(
            `memfleet-agent: the server refused the agent token (${result.reason}). Reports stay in ${dir}/spool. To enroll this host again, an admin grants a re-enroll (POST /api/v1/hosts/${config.hostId ?? '<host id>'}/re-enroll-grant), then run "memfleet-agent enroll".\n`,
          );
          return 3;
        }
        if (result.kind === 'drained') break;
        const pending = spool.list().length;
        if (once && attempt + 1 >= ONCE_ATTEMPTS) {
          io.err(`memfleet-agent: server unavailable (${result.reason}); ${pending} report(s) kept in ${dir}/spool\n`);
          return 75;
        }
        const untilNext = once ? Infinity : started + intervalS * 1000 - Date.now();
        const delay = Math.max(result.retryAfterMs ?? 0, backoffDelay(attempt++, 1000, Math.max(1000, Math.min(300_000, intervalS * 1000))));
        io.err(`memfleet-agent: server unavailable (${result.reason}); ${pending} report(s) spooled, retrying in ${Math.round(delay / 1000)}s\n`);
        // a new report is due before the retry: collect it, the spool drains in order afterwards
        if (delay >= untilNext) break;
        await sleep(delay, stop.signal);
        if (stop.signal.aborted) return 0;
      }
      if (once) return 0;
      await sleep(Math.max(0, started + intervalS * 1000 - Date.now()), stop.signal);
      if (stop.signal.aborted) return 0;
    }
  } finally {
    sampler?.stop();
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
}
