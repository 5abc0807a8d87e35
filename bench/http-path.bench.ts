// node dist/bench/http-path.bench.js — where one API process spends its CPU per POST /api/v1/reports.
// Runs the API under `node --cpu-prof` (no worker: reports stay queued, evaluation is not measured),
// posts BENCH_REQUESTS reports in a closed loop, once with small bodies (a few processes, metrics only after
// each host's first report) and once with full ones (50 processes, the configuration every time), and prints self time per package and per function in
// ms/request. Profiles land in BENCH_PROFILE_DIR (default a temporary directory) for DevTools.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { enroll } from '../test/helpers/api-client';
import { REPO_ROOT, startApi, UNLIMITED_RATES } from '../test/helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix } from '../test/helpers/throwaway-db';
import { printSummary, summarizeProfile, type ProfileSummary } from './lib/cpu-profile';
import { hostReport, reportBody } from './lib/ingest-reports';
import { closedLoop, type LoadResult } from './lib/load';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Processes in a small report: about the size of a metrics-only (v3) report. */
const SMALL_PROCESSES = 5;
const log = (s: string) => console.log(`[bench:http-path] ${s}`);

async function main(): Promise<void> {
  const dir = path.resolve(process.env.BENCH_PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-http-profile-')));
  const db = await createThrowawayDatabase('memfleet_bench_http');
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_TEST_URL,
    MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
    MEMFLEET_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    MEMFLEET_ENROLL_SECRET: 'bench-enroll-secret-0123456789',
    MEMFLEET_SWEEP_SECONDS: '3600',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...UNLIMITED_RATES,
  };
  const out: Record<string, { load: LoadResult; bodyBytes: { gzip: number; json: number }; profile: ProfileSummary }> = {};
  const tokens: string[] = [];
  let sequence = 1;
  try {
    for (const kind of ['small', 'full'] as const) {
      const profDir = path.join(dir, kind);
      fs.rmSync(profDir, { recursive: true, force: true });
      const api = await startApi(env, 60_000, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
      try {
        if (!tokens.length) {
          log(`enrolling ${HOSTS} hosts`);
          for (let i = 0; i < HOSTS; i += 64) {
            const batch = await Promise.all(
              Array.from({ length: Math.min(64, HOSTS - i) }, (_, k) => enroll(api.url, env.MEMFLEET_ENROLL_SECRET, hostReport(i + k, 1, 0))),
            );
            tokens.push(...batch.map((b) => b.agentToken));
          }
        }
        const processes = kind === 'small' ? SMALL_PROCESSES : 50;
        const first = sequence;
        const bodies = Array.from({ length: REQUESTS }, (_, n) =>
          reportBody(hostReport(n % HOSTS, first + Math.floor(n / HOSTS), 0, processes), n < HOSTS || kind === 'full' ? 'full' : 'unchanged'),
        );
        sequence += Math.ceil(REQUESTS / HOSTS);
        log(`${kind} bodies: ${bodies[0].length} B gzip, ${gunzipSync(bodies[0]).length} B JSON; ${REQUESTS} requests, ${CONCURRENCY} in flight`);
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const load = await closedLoop(
          new URL(api.url),
          (n) => ({
            path: '/api/v1/reports',
            body: bodies[n],
            headers: {
              authorization: `Bearer ${tokens[n % HOSTS]}`,
              'content-type': 'application/json',
              'content-encoding': 'gzip',
              'idempotency-key': randomUUID(),
            },
          }),
          REQUESTS,
          CONCURRENCY,
        );
        const toUs = Number(process.hrtime.bigint() / 1000n);
        log(`  ${load.perSecond.toFixed(0)}/s, p50 ${load.latencyMs.p50.toFixed(1)} ms, p99 ${load.latencyMs.p99.toFixed(1)} ms, errors ${load.errors}`);
        await api.stop();
        const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
        if (!file) throw new Error(`no profile written in ${profDir}`);
        const profile = summarizeProfile(path.join(profDir, file), REQUESTS, { fromUs, toUs });
        printSummary(profile, log);
        out[kind] = { load, bodyBytes: { gzip: bodies[0].length, json: gunzipSync(bodies[0]).length }, profile };
      } finally {
        await api.stop();
      }
    }
    const file = path.join(REPO_ROOT, 'bench/results/http-path.json');
    fs.writeFileSync(
      file,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), cpus: os.cpus().length, node: process.version, hosts: HOSTS, ...out }, null, 2)}\n`,
    );
    log(`wrote ${path.relative(REPO_ROOT, file)}; profiles in ${dir}`);
  } finally {
    await db.drop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
