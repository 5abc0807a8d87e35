// npm run bench:ingest — API + one worker + PostgreSQL + Redis + this load generator on one machine.
// Measures accept throughput and latency (changed and unchanged configurations), a mixed open-loop run
// at the 350/s floor with POST→findings latency, and in the same run the raw baselines: a bare Node
// HTTP server parsing and hashing the same payloads, and bare `pg` running the same ingest statement.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client, Pool } from 'pg';
import type { Report } from '@memfleet/contracts';
import { INGEST_BATCH_SQL, ingestRowOf } from '@memfleet/persistence';
import { enroll } from '../test/helpers/api-client';
import { REPO_ROOT, startApi, startProcess, UNLIMITED_RATES, WORKER_MAIN, type RunningProcess } from '../test/helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix } from '../test/helpers/throwaway-db';
import { closedLoop, openLoop, percentile, type LoadResult, type RequestSpec } from './lib/load';
import { gzipReport, hostReport } from './lib/ingest-reports';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MIXED_RATE = Number(process.env.BENCH_RATE ?? 350);
const MIXED_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const log = (s: string) => console.log(`[bench:ingest] ${s}`);

/** BENCH_PROFILE_DIR=dir writes V8 CPU profiles of the API and the worker there (open them in Chrome DevTools). */
const profileArgs = (): string[] => (process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : []);

function spec(token: string, body: Buffer): RequestSpec {
  return {
    path: '/api/v1/reports',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'idempotency-key': randomUUID() },
  };
}

async function waitEvaluated(pg: Client, fromSequence: number, toSequence: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM reports WHERE status = 'queued' AND sequence BETWEEN $1 AND $2`, [
      fromSequence,
      toSequence,
    ]);
    if (rows[0].n === 0 || Date.now() > deadline) return rows[0].n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// A report's sequence is its time (5 minutes apart, see hostReport): before the mixed run every host
// gets the 6 h of earlier reports a real host has, so evaluation loads a full history window.
const MIXED_FROM = 100;
const HISTORY_FROM = MIXED_FROM - 72;

/** Stores sequences from..to of every host through the ingest statement, already evaluated. */
async function seedHistory(url: string, from: number, to: number): Promise<void> {
  log(`seeding 6 h of history: ${to - from + 1} earlier reports per host, through bare pg`);
  const pool = new Pool({ connectionString: url, max: 2 });
  const ids = new Map((await pool.query(`SELECT id, machine_id FROM hosts`)).rows.map((r) => [r.machine_id as string, r.id as string]));
  const hashes = new Map<number, string>();
  for (let seq = from; seq <= to; seq++) {
    await Promise.all(
      [0, 1].map(async (half) => {
        const rows = [];
        for (let h = half; h < HOSTS; h += 2) {
          const r = hostReport(h, seq, 0);
          if (!hashes.has(h)) hashes.set(h, createHash('sha256').update(JSON.stringify(r.configuration)).digest('hex'));
          rows.push(ingestRowOf(ids.get(r.identity.machineId)!, r, hashes.get(h)!, false, null));
        }
        for (let i = 0; i < rows.length; i += 200) await pool.query(INGEST_BATCH_SQL, [JSON.stringify(rows.slice(i, i + 200))]);
      }),
    );
  }
  await pool.query(`UPDATE reports SET status = 'evaluated', evaluated_at = now() WHERE sequence BETWEEN $1 AND $2`, [from, to]);
  await pool.query(`VACUUM ANALYZE`); // autovacuum keeps a live server in this state
  await pool.end();
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
    MEMFLEET_SWEEP_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    ...UNLIMITED_RATES, // one token per host, far above an agent's rate
  };
  const api = await startApi(env, 60_000, profileArgs());
  const worker: RunningProcess = startProcess(
    WORKER_MAIN,
    { ...env, MEMFLEET_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '16' },
    profileArgs(),
  );
  const base = new URL(api.url);
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const results: Record<string, unknown> = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    hosts: HOSTS,
    concurrency: CONCURRENCY,
  };
  try {
    log(`enrolling ${HOSTS} hosts`);
    const tokens: string[] = [];
    for (let i = 0; i < HOSTS; i += 64) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(64, HOSTS - i) }, (_, k) => enroll(api.url, env.MEMFLEET_ENROLL_SECRET, hostReport(i + k, 1, 0))),
      );
      tokens.push(...batch.map((b) => b.agentToken));
    }
    const first = tokens.map((_, h) => gzipReport(hostReport(h, 1, 0)));
    const unchanged = [2, 3, 4].flatMap((seq) => tokens.map((_, h) => gzipReport(hostReport(h, seq, 0))));
    const sizes = first.map((b) => b.length).sort((a, b) => a - b);
    results.reportBytes = { gzipP50: percentile(sizes, 50), jsonP50: gunzipSync(first[0]).length };

    log("changed configurations (each host's first report): closed loop");
    const changed = await closedLoop(base, (n) => spec(tokens[n], first[n]), HOSTS, CONCURRENCY);
    log(
      `  ${changed.perSecond.toFixed(0)}/s, p50 ${changed.latencyMs.p50.toFixed(1)} ms, p99 ${changed.latencyMs.p99.toFixed(1)} ms, errors ${changed.errors}`,
    );
    await waitEvaluated(pg, 1, 1, 120_000);

    log('unchanged configurations: closed loop');
    const same = await closedLoop(base, (n) => spec(tokens[n % HOSTS], unchanged[n]), unchanged.length, CONCURRENCY);
    log(`  ${same.perSecond.toFixed(0)}/s, p50 ${same.latencyMs.p50.toFixed(1)} ms, p99 ${same.latencyMs.p99.toFixed(1)} ms, errors ${same.errors}`);
    await waitEvaluated(pg, 2, 4, 300_000);

    await seedHistory(db.url, HISTORY_FROM, MIXED_FROM - 1);

    log(`mixed open loop: ${MIXED_RATE}/s for ${MIXED_SECONDS}s (10% changed configurations)`);
    const total = Math.round(MIXED_RATE * MIXED_SECONDS);
    const mixedBodies = Array.from({ length: total }, (_, n) => {
      const h = n % HOSTS;
      const seq = MIXED_FROM + Math.floor(n / HOSTS);
      return gzipReport(hostReport(h, seq, n % 10 === 0 ? seq : 0));
    });
    const t0 = new Date();
    const mixed = await openLoop(base, (n) => spec(tokens[n % HOSTS], mixedBodies[n]), MIXED_RATE, MIXED_SECONDS);
    const backlog = await waitEvaluated(pg, MIXED_FROM, MIXED_FROM + 10_000, 120_000);
    const lat = await pg.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*)::int AS n,
              EXTRACT(EPOCH FROM max(evaluated_at) - min(received_at)) AS span
         FROM (SELECT EXTRACT(EPOCH FROM evaluated_at - received_at) * 1000 AS ms, evaluated_at, received_at FROM reports WHERE sequence >= $2 AND received_at >= $1 AND evaluated_at IS NOT NULL) x`,
      [t0, MIXED_FROM],
    );
    const toFindings = {
      p50: Number(lat.rows[0].p50),
      p99: Number(lat.rows[0].p99),
      evaluated: lat.rows[0].n,
      evaluatedPerSecond: lat.rows[0].n / Number(lat.rows[0].span),
      backlogAfterRun: backlog,
    };
    log(
      `  accepted ${mixed.perSecond.toFixed(0)}/s, accept p50 ${mixed.latencyMs.p50.toFixed(1)} ms p99 ${mixed.latencyMs.p99.toFixed(1)} ms; POST→findings p50 ${toFindings.p50.toFixed(0)} ms p99 ${toFindings.p99.toFixed(0)} ms; evaluated ${toFindings.evaluatedPerSecond.toFixed(0)}/s`,
    );
    await api.stop();
    await worker.stop();

    log('baseline: bare Node HTTP server parsing and hashing the same payloads');
    const bare = startProcess(path.join(REPO_ROOT, 'dist/bench/lib/bare-server.js'), {});
    const port = await new Promise<number>((resolve) => {
      const t = setInterval(() => {
        const m = /listening (\d+)/.exec(bare.output());
        if (m) {
          clearInterval(t);
          resolve(Number(m[1]));
        }
      }, 20);
    });
    const bareResult = await closedLoop(new URL(`http://127.0.0.1:${port}`), (n) => spec('x', unchanged[n]), unchanged.length, CONCURRENCY);
    await bare.stop();
    log(`  ${bareResult.perSecond.toFixed(0)}/s, p50 ${bareResult.latencyMs.p50.toFixed(1)} ms, p99 ${bareResult.latencyMs.p99.toFixed(1)} ms`);

    log('baseline: bare pg running the same ingest statement, one report per statement and 64 per statement');
    const pool = new Pool({ connectionString: db.url, max: 10 });
    const hostIds = (await pool.query(`SELECT id, machine_id FROM hosts`)).rows as { id: string; machine_id: string }[];
    const idByMachine = new Map(hostIds.map((r) => [r.machine_id, r.id]));
    const pgRun = async (reports: Report[], known: boolean, batchSize: number): Promise<LoadResult> => {
      const started = process.hrtime.bigint();
      let i = 0;
      await Promise.all(
        Array.from({ length: Math.max(1, Math.floor(CONCURRENCY / batchSize)) }, async () => {
          while (i < reports.length) {
            const batch = reports.slice(i, i + batchSize);
            i += batchSize;
            const rows = batch.map((r) =>
              ingestRowOf(idByMachine.get(r.identity.machineId)!, r, createHash('sha256').update(JSON.stringify(r.configuration)).digest('hex'), !known, null),
            );
            await pool.query({ name: 'ingest', text: INGEST_BATCH_SQL, values: [JSON.stringify(rows)] });
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { sent: reports.length, ok: reports.length, errors: 0, seconds, perSecond: reports.length / seconds, latencyMs: { p50: NaN, p99: NaN } };
    };
    const pgChanged = await pgRun(
      tokens.map((_, h) => hostReport(h, 100_000, 100_000)),
      false,
      1,
    );
    const pgSame = await pgRun(
      [1, 2, 3].flatMap((k) => tokens.map((_, h) => hostReport(h, 100_000 + k, 100_000))),
      true,
      1,
    );
    const pgSameBatched = await pgRun(
      [4, 5, 6].flatMap((k) => tokens.map((_, h) => hostReport(h, 100_000 + k, 100_000))),
      true,
      64,
    );
    await pool.end();
    log(
      `  changed ${pgChanged.perSecond.toFixed(0)}/s, unchanged ${pgSame.perSecond.toFixed(0)}/s, unchanged in batches of 64 ${pgSameBatched.perSecond.toFixed(0)}/s`,
    );

    Object.assign(results, {
      changed,
      unchanged: same,
      mixed: { ...mixed, rate: MIXED_RATE, earlierReportsPerHost: MIXED_FROM - HISTORY_FROM, postToFindingsMs: toFindings },
      baselines: { bareHttp: bareResult, barePgChanged: pgChanged, barePgUnchanged: pgSame, barePgUnchangedBatch64: pgSameBatched },
      fractions: {
        unchangedOfBareHttp: same.perSecond / bareResult.perSecond,
        unchangedOfBarePg: same.perSecond / pgSame.perSecond,
        changedOfBarePg: changed.perSecond / pgChanged.perSecond,
      },
      floor: { mixedSustained: Math.min(mixed.perSecond, toFindings.evaluatedPerSecond) >= 0.98 * MIXED_RATE, p99PostToFindingsUnder1s: toFindings.p99 < 1000 },
    });
    const fr = results.fractions as Record<string, number>;
    log(
      `unchanged = ${(fr.unchangedOfBareHttp * 100).toFixed(0)}% of bare HTTP, ${(fr.unchangedOfBarePg * 100).toFixed(0)}% of bare pg; changed = ${(fr.changedOfBarePg * 100).toFixed(0)}% of bare pg`,
    );
    const out = path.join(REPO_ROOT, 'bench/results/ingest.json');
    fs.writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await pg.end();
    await api.stop();
    await worker.stop();
    await db.drop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
