// npm run bench:ingest [-- --apis N --workers M] — N API processes + M workers + PostgreSQL + Redis +
// this load generator on one machine (default 1 and 1; a comma-separated list runs each combination in
// turn, each on its own database). Per configuration: accept throughput and latency for changed and
// unchanged configurations (closed loops), and a mixed open loop (BENCH_RATE/s for BENCH_SECONDS, 10%
// changed configurations) with POST→findings latency. Once per run, the raw baselines: a bare Node HTTP
// server parsing and hashing the same payloads, and bare `pg` running the same ingest statement.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client, Pool } from 'pg';
import { enroll } from '../test/helpers/api-client';
import { REPO_ROOT, startProcess, UNLIMITED_RATES } from '../test/helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix } from '../test/helpers/throwaway-db';
import { barePgIngest } from './lib/bare-pg';
import { toFindings, waitEvaluated, type ToFindings } from './lib/evaluated';
import { countsArg, startFleet } from './lib/fleet';
import { hostReport, reportBody, type BodyMode } from './lib/ingest-reports';
import { closedLoop, openLoop, percentile, type LoadResult, type RequestSpec, type Target } from './lib/load';
import { cpuSplitFrom, cpuSplitText, rssBytesOf, type CpuSplit } from './lib/proc-usage';
import { seedHistory } from './lib/seed-history';
import { sizing, SIZING_ASSUMPTIONS, sizingTable, type PerReportCost, type SizingRow } from './lib/sizing';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MIXED_RATE = Number(process.env.BENCH_RATE ?? 1000);
const MIXED_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/** One report in this many changes its host's configuration in the mixed run. */
const CHANGE_EVERY = 10;
const GOAL_HOSTS = 1_000_000;
/** How long the mixed run's evaluation may trail its last accept; what is left then is the backlog. */
const DRAIN_SECONDS = 90;
/** A host reports every 5 minutes: each report/s sustained holds 300 hosts. */
const REPORT_INTERVAL_SECONDS = 300;
const APIS = countsArg(process.argv.slice(2), 'apis', 1);
const WORKERS = countsArg(process.argv.slice(2), 'workers', 1);
const STARTED = Date.now();
const log = (s: string) => console.log(`[bench:ingest ${String(Math.round((Date.now() - STARTED) / 1000)).padStart(4)} s] ${s}`);

/** BENCH_PROFILE_DIR=dir writes V8 CPU profiles of every API and worker process there (open them in Chrome DevTools). */
const profileArgs = (): string[] => (process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : []);

function spec(token: string, body: Buffer): RequestSpec {
  return {
    path: '/api/v1/reports',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'idempotency-key': randomUUID() },
  };
}

// A report's sequence is its time (5 minutes apart, see hostReport): before the mixed run every host
// gets the 6 h of earlier reports a real host has, so evaluation loads a full history window.
const MIXED_FROM = 100;
const HISTORY_FROM = MIXED_FROM - 72;

/**
 * The configuration variant of host h at sequence seq in the mixed run: it changes once every
 * CHANGE_EVERY reports of the host, staggered across hosts, and stays changed until the next change.
 */
const variantAt = (h: number, seq: number) => Math.floor((seq - MIXED_FROM + (h % CHANGE_EVERY)) / CHANGE_EVERY);

/** What the errors of an open loop were: 503 is the API's admission control shedding, "not sent" the load generator's. */
const refusedText = (r: LoadResult): string => {
  if (!r.refused || r.errors === 0) return '';
  const parts = Object.entries(r.refused.byStatus).map(([status, n]) => `${n} answered ${status}`);
  if (r.refused.notSent) parts.push(`${r.refused.notSent} not sent (over 1 s outstanding)`);
  if (r.refused.failed) parts.push(`${r.refused.failed} failed`);
  return ` (${parts.join(', ')})`;
};

const describe = (r: LoadResult) =>
  `${r.perSecond.toFixed(0)}/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, errors ${r.errors}`;

interface ConfigurationResult {
  apis: number;
  workers: number;
  changed: LoadResult;
  unchanged: LoadResult;
  mixed: LoadResult & { rate: number; changedShare: number; earlierReportsPerHost: number; postToFindingsMs: ToFindings };
  hostsAt5MinuteInterval: { sustainedPerSecond: number; hosts: number; offeredCap: number; closedLoopCeiling: number; goal: number };
  /** Measured in the mixed run and its drain, per settled report. */
  perReport: PerReportCost;
  sizing: SizingRow[];
}

const baseEnv = (dbUrl: string) => ({
  DATABASE_URL: dbUrl,
  REDIS_URL: REDIS_TEST_URL,
  MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
  MEMFLEET_ADMIN_TOKEN: 'bench-admin-token-0123456789',
  MEMFLEET_ENROLL_SECRET: 'bench-enroll-secret-0123456789',
  MEMFLEET_SWEEP_SECONDS: '3600',
  LOG_LEVEL: 'warn',
  ...UNLIMITED_RATES, // one token per host, far above an agent's rate
});

async function runConfiguration(dbUrl: string, apis: number, workers: number, results: Record<string, unknown>): Promise<ConfigurationResult> {
  const env = baseEnv(dbUrl);
  log(`configuration: ${apis} API process(es), ${workers} worker process(es)`);
  const fleet = await startFleet({
    apis,
    workers,
    env,
    workerEnv: { MEMFLEET_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '16' },
    nodeArgs: profileArgs(),
  });
  const target: Target = fleet.urls;
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    log(`enrolling ${HOSTS} hosts`);
    const tokens: string[] = [];
    for (let i = 0; i < HOSTS; i += 64) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(64, HOSTS - i) }, (_, k) => enroll(fleet.apis[0].url, env.MEMFLEET_ENROLL_SECRET, hostReport(i + k, 1, 0))),
      );
      tokens.push(...batch.map((b) => b.agentToken));
    }
    // Each host's first report (configuration variant 1, untimed) fills the tables; the timed loop then
    // changes every host's configuration (back to variant 0, which the later phases keep).
    const warmUp = tokens.map((_, h) => reportBody(hostReport(h, 1, 1), 'full'));
    const changedBodies = tokens.map((_, h) => reportBody(hostReport(h, 2, 0), 'full'));
    const unchanged = [3, 4, 5].flatMap((seq) => tokens.map((_, h) => reportBody(hostReport(h, seq, 0), 'unchanged')));
    const sizes = changedBodies.map((b) => b.length).sort((a, b) => a - b);
    results.reportBytes ??= {
      gzipP50: percentile(sizes, 50),
      jsonP50: gunzipSync(changedBodies[0]).length,
      unchangedGzipP50: percentile(
        unchanged.map((b) => b.length).sort((a, b) => a - b),
        50,
      ),
    };

    const database = new URL(dbUrl).pathname.slice(1);
    const pids = { apis: fleet.apis.map((a) => a.child.pid!), workers: fleet.workers.map((w) => w.child.pid!) };

    log("warm-up: each host's first report, not timed");
    await closedLoop(target, (n) => spec(tokens[n], warmUp[n]), HOSTS, CONCURRENCY);
    await waitEvaluated(pg, 1, 1, 120_000);
    // A live server's tables hold rows and statistics (autovacuum analyzes within a minute or so); these
    // loops start sooner, and a statement planned on empty tables keeps that plan until statistics arrive.
    await pg.query('ANALYZE');
    log("changed configurations (each host's second report, a new configuration): closed loop");
    let split = cpuSplitFrom(pids, database);
    const changed: LoadResult & { cpuMsPerReport?: CpuSplit } = await closedLoop(target, (n) => spec(tokens[n], changedBodies[n]), HOSTS, CONCURRENCY);
    await waitEvaluated(pg, 2, 2, 60_000);
    changed.cpuMsPerReport = split.per(changed.ok);
    log(`  ${describe(changed)}`);
    log(`  CPU per report, accept and evaluation: ${cpuSplitText(changed.cpuMsPerReport)}`);

    log('unchanged configurations: closed loop');
    await pg.query('ANALYZE');
    split = cpuSplitFrom(pids, database);
    const same: LoadResult & { cpuMsPerReport?: CpuSplit } = await closedLoop(
      target,
      (n) => spec(tokens[n % HOSTS], unchanged[n]),
      unchanged.length,
      CONCURRENCY,
    );
    await waitEvaluated(pg, 3, 5, 90_000);
    same.cpuMsPerReport = split.per(same.ok);
    log(`  ${describe(same)}`);
    log(`  CPU per report, accept and evaluation: ${cpuSplitText(same.cpuMsPerReport)}`);

    await seedHistory(dbUrl, HOSTS, HISTORY_FROM, MIXED_FROM - 1, log);

    log(`mixed open loop: ${MIXED_RATE}/s for ${MIXED_SECONDS}s (1 in ${CHANGE_EVERY} reports changes its configuration)`);
    const total = Math.round(MIXED_RATE * MIXED_SECONDS);
    let changedCount = 0;
    const mixedBodies = Array.from({ length: total }, (_, n) => {
      const h = n % HOSTS;
      const seq = MIXED_FROM + Math.floor(n / HOSTS);
      const variant = variantAt(h, seq);
      const mode: BodyMode = seq > MIXED_FROM && variant !== variantAt(h, seq - 1) ? 'full' : 'unchanged';
      if (mode === 'full') changedCount++;
      return reportBody(hostReport(h, seq, variant), mode);
    });
    const mixedSplit = cpuSplitFrom(pids, database);
    const diskBefore = await databaseBytes(pg);
    const t0 = new Date();
    const mixed = await openLoop(target, (n) => spec(tokens[n % HOSTS], mixedBodies[n]), MIXED_RATE, MIXED_SECONDS);
    const backlog = await waitEvaluated(pg, MIXED_FROM, MIXED_FROM + 100_000, DRAIN_SECONDS * 1000);
    const findings = await toFindings(pg, t0, MIXED_FROM, backlog);
    const settled = Math.max(1, findings.evaluated);
    const cpuMs = mixedSplit.per(settled);
    const perReport: PerReportCost = {
      apiCpuSeconds: cpuMs.api / 1000,
      workerCpuSeconds: cpuMs.worker / 1000,
      postgresCpuSeconds: cpuMs.postgres / 1000,
      diskBytes: ((await databaseBytes(pg)) - diskBefore) / settled,
      apiRssBytes: Math.max(...pids.apis.map(rssBytesOf)),
      workerRssBytes: Math.max(...pids.workers.map(rssBytesOf)),
    };
    log(
      `  per settled report: API ${(perReport.apiCpuSeconds * 1000).toFixed(2)} ms CPU, worker ${(perReport.workerCpuSeconds * 1000).toFixed(2)} ms, PostgreSQL backends ${(perReport.postgresCpuSeconds * 1000).toFixed(2)} ms, database +${Math.round(perReport.diskBytes)} B`,
    );
    log(
      `  accepted ${mixed.perSecond.toFixed(0)}/s, errors ${mixed.errors}${refusedText(mixed)}, accept p50 ${mixed.latencyMs.p50.toFixed(1)} ms p99 ${mixed.latencyMs.p99.toFixed(1)} ms; POST→findings p50 ${findings.p50.toFixed(0)} ms p99 ${findings.p99.toFixed(0)} ms; evaluated or settled ${findings.evaluatedPerSecond.toFixed(0)}/s, backlog ${backlog}, failed ${findings.failed}`,
    );

    // Sustained means both accepted and settled at that rate, with nothing left behind.
    const sustainedPerSecond =
      backlog > 0 ? Math.min(mixed.perSecond, findings.evaluated / (mixed.seconds + DRAIN_SECONDS)) : Math.min(mixed.perSecond, findings.evaluatedPerSecond);
    const share = changedCount / total;
    const hostsAt5MinuteInterval = {
      sustainedPerSecond,
      hosts: Math.round(sustainedPerSecond * REPORT_INTERVAL_SECONDS),
      offeredCap: MIXED_RATE * REPORT_INTERVAL_SECONDS,
      // The same mix at the closed loops' accept rates: an upper bound that ignores evaluation.
      closedLoopCeiling: Math.round(REPORT_INTERVAL_SECONDS / (share / changed.perSecond + (1 - share) / same.perSecond)),
      goal: GOAL_HOSTS,
    };
    log(
      `  hosts at a 5-minute interval this machine holds: ${hostsAt5MinuteInterval.hosts.toLocaleString('en')} (sustained ${sustainedPerSecond.toFixed(0)}/s × 300; goal ${GOAL_HOSTS.toLocaleString('en')}; the offered ${MIXED_RATE}/s caps this run at ${hostsAt5MinuteInterval.offeredCap.toLocaleString('en')}; closed-loop accept ceiling ${hostsAt5MinuteInterval.closedLoopCeiling.toLocaleString('en')})`,
    );
    return {
      apis,
      workers,
      changed,
      unchanged: same,
      mixed: { ...mixed, rate: MIXED_RATE, changedShare: share, earlierReportsPerHost: MIXED_FROM - HISTORY_FROM, postToFindingsMs: findings },
      hostsAt5MinuteInterval,
      perReport,
      sizing: sizing(perReport),
    };
  } finally {
    await pg.end();
    await fleet.stop();
  }
}

/** The database's size on disk: tables, indexes and TOAST (WAL is the cluster's). */
async function databaseBytes(pg: Client): Promise<number> {
  const { rows } = await pg.query(`SELECT pg_database_size(current_database())::float8 AS bytes`);
  return rows[0].bytes as number;
}

async function bareHttpBaseline(): Promise<LoadResult> {
  log('baseline: bare Node HTTP server parsing and hashing the same payloads');
  const bodies = [2, 3, 4].flatMap((seq) => Array.from({ length: HOSTS }, (_, h) => reportBody(hostReport(h, seq, 0), 'unchanged')));
  const bare = startProcess(path.join(REPO_ROOT, 'dist/bench/lib/bare-server.js'), {});
  try {
    const port = await new Promise<number>((resolve) => {
      const t = setInterval(() => {
        const m = /listening (\d+)/.exec(bare.output());
        if (m) {
          clearInterval(t);
          resolve(Number(m[1]));
        }
      }, 20);
    });
    const r = await closedLoop(new URL(`http://127.0.0.1:${port}`), (n) => spec('x', bodies[n]), bodies.length, CONCURRENCY);
    log(`  ${describe(r)}`);
    return r;
  } finally {
    await bare.stop();
  }
}

async function barePgBaselines(dbUrl: string): Promise<Record<string, LoadResult>> {
  log('baseline: bare pg running the same ingest statement, one report per statement and 64 per statement');
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  // An idle connection ended from the server side (another session's pg_terminate_backend) is not this run's failure.
  pool.on('error', (err) => log(`  bare pg: an idle connection ended: ${err.message}`));
  try {
    const hostIds = (await pool.query(`SELECT id, machine_id FROM hosts`)).rows as { id: string; machine_id: string }[];
    const idByMachine = new Map(hostIds.map((r) => [r.machine_id, r.id]));
    // Sequences past the API's, so none is a replay; the same generator, so the same sizes and shapes.
    const reportsAt = (seqs: number[]) => seqs.flatMap((k) => Array.from({ length: HOSTS }, (_, h) => hostReport(h, 100_000 + k, 100_000)));
    const changed = await barePgIngest(pool, idByMachine, reportsAt([0]), false, 1, CONCURRENCY);
    const same = await barePgIngest(pool, idByMachine, reportsAt([1, 2, 3]), true, 1, CONCURRENCY);
    const batched = await barePgIngest(pool, idByMachine, reportsAt([4, 5, 6]), true, 64, CONCURRENCY);
    log(`  changed ${changed.perSecond.toFixed(0)}/s, unchanged ${same.perSecond.toFixed(0)}/s, unchanged in batches of 64 ${batched.perSecond.toFixed(0)}/s`);
    return { barePgChanged: changed, barePgUnchanged: same, barePgUnchangedBatch64: batched };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    hosts: HOSTS,
    concurrency: CONCURRENCY,
  };
  const configurations: ConfigurationResult[] = [];
  let baselines: Record<string, LoadResult> = {};
  for (const apis of APIS) {
    for (const workers of WORKERS) {
      const db = await createThrowawayDatabase('memfleet_bench');
      try {
        configurations.push(await runConfiguration(db.url, apis, workers, results));
        // Once, on the first configuration's database (it holds the enrolled hosts).
        if (configurations.length === 1) baselines = { bareHttp: await bareHttpBaseline(), ...(await barePgBaselines(db.url)) };
      } finally {
        await db.drop();
      }
    }
  }
  const [main] = configurations;
  const fractions = {
    unchangedOfBareHttp: main.unchanged.perSecond / baselines.bareHttp.perSecond,
    unchangedOfBarePg: main.unchanged.perSecond / baselines.barePgUnchanged.perSecond,
    changedOfBarePg: main.changed.perSecond / baselines.barePgChanged.perSecond,
  };
  const findings = main.mixed.postToFindingsMs;
  Object.assign(results, {
    apis: main.apis,
    workers: main.workers,
    changed: main.changed,
    unchanged: main.unchanged,
    mixed: main.mixed,
    baselines,
    fractions,
    hostsAt5MinuteInterval: main.hostsAt5MinuteInterval,
    perReport: main.perReport,
    sizing: { assumptions: SIZING_ASSUMPTIONS, rows: main.sizing },
    // The issue's targets, for this run's first configuration.
    targets: {
      unchangedAtLeast1500PerSecond: main.unchanged.perSecond >= 1500,
      unchangedAtLeastHalfOfBarePg: fractions.unchangedOfBarePg >= 0.5,
      changedAtLeast500PerSecond: main.changed.perSecond >= 500,
      mixedSustained: Math.min(main.mixed.perSecond, findings.evaluatedPerSecond) >= 0.99 * MIXED_RATE && findings.backlogAfterRun === 0,
      mixedNoErrors: main.mixed.errors === 0 && findings.failed === 0,
      p99PostToFindingsUnder1s: findings.p99 < 1000,
    },
    configurations,
    durationSeconds: Math.round((Date.now() - STARTED) / 1000),
  });
  log(
    `unchanged = ${(fractions.unchangedOfBareHttp * 100).toFixed(0)}% of bare HTTP, ${(fractions.unchangedOfBarePg * 100).toFixed(0)}% of bare pg; changed = ${(fractions.changedOfBarePg * 100).toFixed(0)}% of bare pg`,
  );
  log('throughput per configuration (reports/s):');
  log('  apis workers  changed  unchanged  mixed accepted  mixed settled  POST→settled p99  hosts at 5 min');
  for (const c of configurations) {
    const f = c.mixed.postToFindingsMs;
    log(
      `  ${String(c.apis).padStart(4)} ${String(c.workers).padStart(7)} ${c.changed.perSecond.toFixed(0).padStart(8)} ${c.unchanged.perSecond.toFixed(0).padStart(10)} ${c.mixed.perSecond.toFixed(0).padStart(15)} ${f.evaluatedPerSecond.toFixed(0).padStart(14)} ${`${f.p99.toFixed(0)} ms`.padStart(17)} ${c.hostsAt5MinuteInterval.hosts.toLocaleString('en').padStart(15)}`,
    );
  }
  log(
    `goal: ${GOAL_HOSTS.toLocaleString('en')} hosts at a 5-minute interval (${Math.round(GOAL_HOSTS / REPORT_INTERVAL_SECONDS).toLocaleString('en')} reports/s); run took ${results.durationSeconds as number} s`,
  );
  log(`sizing on paper from the first configuration's per-report costs (${main.apis} API, ${main.workers} worker):`);
  for (const line of sizingTable(main.sizing)) log(`  ${line}`);
  for (const a of SIZING_ASSUMPTIONS) log(`  - ${a}`);
  const out = path.join(REPO_ROOT, 'bench/results/ingest.json');
  fs.writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
  log(`wrote ${path.relative(REPO_ROOT, out)}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
