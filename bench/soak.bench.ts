// npm run bench:soak — API + two workers on the real PostgreSQL and Redis (throwaway database and queue
// prefix) under a steady open-loop report load for BENCH_SOAK_MINUTES (default 10) at BENCH_RATE (default
// 200/s). Records throughput and accept latency per minute, errors by status, each process's RSS and the
// queue depth over time, and at the end whether every accepted report was evaluated. Not a test: the
// numbers depend on the machine; the JSON says what held.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { QueueName } from '@memfleet/contracts';
import { enroll } from '../test/helpers/api-client';
import { REPO_ROOT, startApi, startProcess, UNLIMITED_RATES, WORKER_MAIN, type RunningProcess } from '../test/helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix } from '../test/helpers/throwaway-db';
import { gzipReport, hostReport } from './lib/ingest-reports';
import { percentile, send } from './lib/load';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 2000);
const CHANGED_PERCENT = Number(process.env.BENCH_CHANGED_PERCENT ?? 10);
const SAMPLE_SECONDS = 10;
/** RSS may grow this much from minute 1 to the end before the run flags it. */
const RSS_GROWTH_LIMIT = 0.1;
const log = (s: string) => console.log(`[bench:soak] ${s}`);

/** Resident set of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null; // the process is gone
  }
}

interface Sample {
  atSeconds: number;
  rssMiB: Record<string, number | null>;
  queue: Record<string, number>;
  /** Reports stored and not yet evaluated (PostgreSQL's view of the backlog). */
  queuedInDatabase: number;
}

interface Minute {
  minute: number;
  accepted: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

async function main(): Promise<void> {
  const db = await createThrowawayDatabase('memfleet_bench');
  const prefix = uniqueQueuePrefix();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_TEST_URL,
    MEMFLEET_QUEUE_PREFIX: prefix,
    MEMFLEET_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    MEMFLEET_ENROLL_SECRET: 'bench-enroll-secret-0123456789',
    LOG_LEVEL: 'warn',
    // The load is one fleet's worth of agents from one address: limits must not shape it.
    ...UNLIMITED_RATES,
  };
  const api = await startApi(env);
  const workerEnv = { ...env, MEMFLEET_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '16' };
  const workers: RunningProcess[] = [startProcess(WORKER_MAIN, workerEnv), startProcess(WORKER_MAIN, workerEnv)];
  const processes: Record<string, RunningProcess> = { api, worker1: workers[0], worker2: workers[1] };
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const redis = new IORedis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  const evaluationQueue = new Queue(QueueName.Evaluation, { connection: redis, prefix });
  const base = new URL(api.url);
  try {
    log(`enrolling ${HOSTS} hosts`);
    const tokens: string[] = [];
    for (let i = 0; i < HOSTS; i += 64) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(64, HOSTS - i) }, (_, k) => enroll(api.url, env.MEMFLEET_ENROLL_SECRET, hostReport(i + k, 1, 0))),
      );
      tokens.push(...batch.map((b) => b.agentToken));
    }

    log(`open loop: ${RATE} reports/s for ${MINUTES} min, ${HOSTS} hosts, ${CHANGED_PERCENT}% with a changed configuration`);
    // Bodies are built before the clock starts, so the load generator's own work stays out of the run.
    const total = Math.round(RATE * MINUTES * 60);
    const bodies = Array.from({ length: total }, (_, n) => {
      const sequence = 2 + Math.floor(n / HOSTS);
      const changed = (n * 7919) % 100 < CHANGED_PERCENT;
      return gzipReport(hostReport(n % HOSTS, sequence, changed ? sequence : 0));
    });

    const samples: Sample[] = [];
    const started = Date.now();
    const sample = async () => {
      const c = await evaluationQueue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      const queued = (await pg.query(`SELECT count(*)::int AS n FROM reports WHERE status = 'queued'`)).rows[0].n as number;
      samples.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        rssMiB: Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, rssMiB(p.child.pid)])),
        queue: c,
        queuedInDatabase: queued,
      });
      const last = samples[samples.length - 1];
      log(
        `  t=${last.atSeconds}s rss ${Object.entries(last.rssMiB)
          .map(([k, v]) => `${k} ${v?.toFixed(0)} MiB`)
          .join(', ')}; queue waiting ${c.waiting} active ${c.active}; queued in PostgreSQL ${queued}`,
      );
    };
    const sampler = setInterval(() => void sample().catch((err: Error) => log(`sample failed: ${err.message}`)), SAMPLE_SECONDS * 1000);

    const minutes: { latencies: number[]; accepted: number; errors: number }[] = [];
    const errorsByStatus: Record<string, number> = {};
    let accepted = 0;
    const inflight = new Set<Promise<void>>();
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const h = n % HOSTS;
      const body = bodies[n];
      const minute = Math.floor((Date.now() - started) / 60_000);
      const bucket = (minutes[minute] ??= { latencies: [], accepted: 0, errors: 0 });
      const t0 = process.hrtime.bigint();
      const p = send(base, {
        path: '/api/v1/reports',
        body,
        headers: { authorization: `Bearer ${tokens[h]}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'idempotency-key': randomUUID() },
      }).then(
        (res) => {
          bucket.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (res.status >= 200 && res.status < 300) {
            accepted++;
            bucket.accepted++;
          } else {
            bucket.errors++;
            errorsByStatus[res.status] = (errorsByStatus[res.status] ?? 0) + 1;
          }
        },
        (err: Error) => {
          bucket.errors++;
          errorsByStatus[err.message] = (errorsByStatus[err.message] ?? 0) + 1;
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await Promise.all(inflight);
    const loadSeconds = (Date.now() - started) / 1000;
    const perMinute: Minute[] = minutes.map((m, minute) => {
      const sorted = m.latencies.sort((a, b) => a - b);
      return { minute: minute + 1, accepted: m.accepted, errors: m.errors, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
    });
    const all = minutes.flatMap((m) => m.latencies).sort((a, b) => a - b);
    log(`load done: ${accepted} accepted in ${loadSeconds.toFixed(0)} s; waiting for the backlog`);

    const drainStarted = Date.now();
    let left = -1;
    while (Date.now() - drainStarted < 300_000) {
      left = (await pg.query(`SELECT count(*)::int AS n FROM reports WHERE status = 'queued'`)).rows[0].n as number;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await sample();
    clearInterval(sampler);
    const statuses = Object.fromEntries(
      (await pg.query(`SELECT status, count(*)::int AS n FROM reports WHERE sequence >= 2 GROUP BY status`)).rows.map((r) => [r.status, r.n]),
    ) as Record<string, number>;
    const evaluated = (statuses.evaluated ?? 0) + (statuses.superseded ?? 0);

    // RSS at minute 1 (the first sample at or after 60 s) against the last sample.
    const atMinute1 = samples.find((s) => s.atSeconds >= 60) ?? samples[0];
    const atEnd = samples[samples.length - 1];
    const rss = Object.fromEntries(
      Object.keys(processes).map((name) => {
        const first = atMinute1?.rssMiB[name] ?? null;
        const last = atEnd?.rssMiB[name] ?? null;
        const growth = first && last ? (last - first) / first : null;
        return [name, { minute1MiB: first, endMiB: last, growth, flagged: growth !== null && growth > RSS_GROWTH_LIMIT }];
      }),
    );
    const maxWaiting = Math.max(...samples.map((s) => s.queue.waiting + (s.queue.prioritized ?? 0)));
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
      settings: {
        minutes: MINUTES,
        rate: RATE,
        hosts: HOSTS,
        changedPercent: CHANGED_PERCENT,
        workers: 2,
        workerConcurrency: Number(workerEnv.MEMFLEET_WORKER_CONCURRENCY),
      },
      throughput: { sent: total, accepted, perSecond: accepted / loadSeconds, seconds: loadSeconds },
      acceptLatencyMs: { p50: percentile(all, 50), p99: percentile(all, 99) },
      errors: { total: total - accepted, byStatus: errorsByStatus },
      perMinute,
      rss,
      queue: { maxWaiting, samples },
      end: { accepted, statuses, evaluated, queuedLeft: left, acceptedEqualsEvaluated: evaluated === accepted && left === 0 },
      flags: {
        rssGrowthOver10Percent: Object.entries(rss)
          .filter(([, v]) => v.flagged)
          .map(([k]) => k),
        errors: total - accepted > 0,
        backlogNotDrained: left !== 0,
      },
    };
    log(
      `accepted ${results.throughput.perSecond.toFixed(0)}/s, p50 ${results.acceptLatencyMs.p50.toFixed(1)} ms, p99 ${results.acceptLatencyMs.p99.toFixed(1)} ms, errors ${results.errors.total}; max waiting ${maxWaiting}`,
    );
    for (const [name, r] of Object.entries(rss))
      log(
        `  ${name}: RSS ${r.minute1MiB?.toFixed(0)} → ${r.endMiB?.toFixed(0)} MiB (${r.growth === null ? '?' : (r.growth * 100).toFixed(1)}%)${r.flagged ? ' FLAGGED' : ''}`,
      );
    log(`  accepted ${accepted}, evaluated ${evaluated} (${JSON.stringify(statuses)}): ${results.end.acceptedEqualsEvaluated ? 'equal' : 'NOT EQUAL'}`);
    const out = path.join(REPO_ROOT, 'bench/results/soak.json');
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await evaluationQueue.close();
    redis.disconnect();
    await pg.end();
    await Promise.all([api, ...workers].map((p) => p.stop()));
    await db.drop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
