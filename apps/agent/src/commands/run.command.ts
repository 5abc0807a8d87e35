import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { HostFs } from '../collectors/host-fs';
import { configPath, readConfig, stateDir } from '../cli/agent-config';
import { option, parseArgs, parseDuration, parseLabels, rejectUnknown, UsageError } from '../cli/args';
import type { Io } from '../cli/io';
import { collectReport } from '../report/collect-report';
import { backoffDelay } from '../run/backoff';
import { CpuSampler } from '../run/cpu-sampler';
import { drainSpool, type DrainResult } from '../run/sender';
import { nextSequence, Spool } from '../spool/spool';
import { collectOptionsFrom } from './collect.command';

export const RUN_HELP = `Usage: memfleet-agent run [--server URL] [--once | --interval 5m] [options]

Collects a report, posts it (gzip, Idempotency-Key, per-host sequence) and prints the findings the server
returns; repeats every interval. While the server is unreachable reports wait in a bounded on-disk spool
(oldest dropped first, counted) and are sent in order when it is back. Exponential backoff with jitter;
Retry-After is honoured. A 401/403 stops the agent: the token is wrong (enroll again).

Options:
  --server URL           Server (or MEMFLEET_SERVER, or the enrolled one). Token: MEMFLEET_AGENT_TOKEN or the config file.
  --once                 One report, a few retries, then exit (0 sent, 75 left in the spool, 3 token refused).
  --interval D           Time between reports (default 5m; e.g. 30s, 5m, 1h).
  --wait D               How long the server may take to evaluate before answering "queued" (default 10s).
  --config FILE          Config file written by enroll (default /etc/memfleet/agent.json, or MEMFLEET_CONFIG).
  --state-dir DIR        Spool and sequence (default /var/lib/memfleet-agent, or MEMFLEET_STATE_DIR).
  --spool-max N          Reports kept in the spool at most (default 500).
  --ca-file FILE         PEM CA bundle for the server's certificate. HTTPS_PROXY / NO_PROXY are honoured.
  --root DIR, --top N, --label k=v, --no-network-probes   As for collect.
  -h, --help             Show this help.
`;

const VALUED = ['server', 'interval', 'wait', 'config', 'state-dir', 'spool-max', 'ca-file', 'root', 'top', 'label', 'sample-interval'];
const ONCE_ATTEMPTS = 4;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

export async function runCommand(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  const args = parseArgs(argv, VALUED);
  if (args.flags.has('help')) {
    io.out(RUN_HELP);
    return 0;
  }
  rejectUnknown(args, [...VALUED, 'once', 'no-network-probes', 'help']);
  const config = readConfig(configPath(option(args, 'config'), env));
  const server = option(args, 'server') ?? env.MEMFLEET_SERVER ?? config.server;
  const token = env.MEMFLEET_AGENT_TOKEN ?? config.agentToken;
  if (!server) throw new UsageError('no server: give --server, MEMFLEET_SERVER, or enroll first');
  if (!token) throw new UsageError('no agent token: run "memfleet-agent enroll" or set MEMFLEET_AGENT_TOKEN');
  const once = args.flags.has('once');
  const intervalS = parseDuration(option(args, 'interval') ?? '5m');
  if (intervalS < 1) throw new UsageError('--interval must be at least 1s');
  const waitS = Math.round(parseDuration(option(args, 'wait') ?? '10s'));
  const dir = stateDir(option(args, 'state-dir'), env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spool = new Spool(dir, { maxReports: Math.max(1, Number(option(args, 'spool-max') ?? 500) || 500), maxBytes: 64 * 1024 * 1024 });
  const base = collectOptionsFrom(args);
  const labels = { ...(config.labels ?? {}), ...parseLabels(args.options.get('label') ?? []) };
  const sender = { server, token, waitSeconds: waitS, caFile: option(args, 'ca-file') ?? config.caFile, env };

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  const sampler = once ? null : new CpuSampler(new HostFs(base.root ?? '/'));
  sampler?.start(Math.min(5000, intervalS * 1000));

  try {
    for (;;) {
      const started = Date.now();
      const sequence = nextSequence(dir, spool.highestSequence());
      const counters = spool.counters();
      const report = await collectReport({
        ...base,
        labels,
        sequence,
        intervalSeconds: Math.max(1, Math.round(intervalS)),
        spool: { pending: spool.list().length, dropped: counters.dropped, rejected: counters.rejected },
        ...(sampler ? { sampled: { events: [...sampler.events], sinceSecondsSinceBoot: sampler.sinceSecondsSinceBoot } } : {}),
      });
      // spooled before sending: a crash or an outage never loses a report the server has not stored
      spool.add(sequence, crypto.randomUUID(), zlib.gzipSync(JSON.stringify(report)));

      let attempt = 0;
      for (;;) {
        const result: DrainResult = await drainSpool(spool, sender, io);
        if (result.kind === 'unauthorized') {
          io.err(`memfleet-agent: the server refused the agent token (${result.reason}); enroll again. Reports stay in ${dir}/spool.\n`);
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
