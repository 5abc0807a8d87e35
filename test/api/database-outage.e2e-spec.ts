import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { call } from '../helpers/api-client';
import { createOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { allEvaluatedOnce, enrollHosts, startLoad, stopLoads, storedOnce, type LoadHost } from '../helpers/report-load';
import { until } from '../helpers/until';
import { REDIS_TEST_URL, uniqueQueuePrefix } from '../helpers/throwaway-db';

const ADMIN = 'outage-admin-token-0123456789';
const SECRET = 'outage-enroll-secret-0123456789';

const hostGauges = (metrics: string) => metrics.split('\n').filter((l) => l.startsWith('memfleet_hosts{'));

// PostgreSQL of the test's own (initdb on a temp dir, spare port), so it can be stopped and killed.
describe('PostgreSQL goes away and comes back while agents post', { timeout: 300_000 }, () => {
  let pg: OwnPostgres;
  let api: RunningApi;
  let worker: RunningProcess;
  let hosts: LoadHost[];

  before(async () => {
    pg = await createOwnPostgres();
    const env = {
      DATABASE_URL: pg.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_SWEEP_SECONDS: '2',
      MEMFLEET_METRICS_PUBLIC: 'true',
      MEMFLEET_FLEET_GAUGE_SECONDS: '1',
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    hosts = await enrollHosts(api.url, SECRET, 6);
  });

  after(async () => {
    await stopLoads();
    await api?.stop();
    await worker?.stop();
    await pg?.destroy();
  });

  for (const mode of ['fast', 'crash'] as const) {
    it(`${mode === 'fast' ? 'fast shutdown' : 'SIGKILL'}: writes and reads answer 503 with Retry-After, /readyz 503; afterwards every 2xx report is stored once and evaluated`, async () => {
      const load = startLoad(() => api.url, hosts);
      const db = new Client({ connectionString: pg.url });
      await db.connect();
      // The worker is up and evaluating before the database goes.
      await until('a report evaluated', async () => Number((await db.query(`SELECT count(*) AS n FROM reports WHERE status = 'evaluated'`)).rows[0].n) > 0);
      await db.end();
      const before = load.acceptedCount();
      const gaugesBefore = await until('the fleet gauges to count the enrolled hosts', async () => {
        const lines = hostGauges((await call(`${api.url}/metrics`)).body as string);
        return lines.includes(`memfleet_hosts{state="reporting"} ${hosts.length}`) && lines;
      });
      const warningsBefore = api.output().split('fleet gauges could not be counted').length;

      await pg.stop(mode);
      await until('three 503 answers to reports', async () => {
        assert.equal(api.child.exitCode, null, `the API survived the database going away:\n${api.output().slice(-4000)}`);
        return (load.result.statuses.get('503') ?? 0) >= 3;
      });
      const ready = await call(`${api.url}/readyz`);
      assert.deepEqual([ready.status, ready.body.database], [503, 'down']);
      const read = await call(`${api.url}/api/v1/hosts`, { token: ADMIN });
      const enrolled = await call(`${api.url}/api/v1/agents/enroll`, {
        body: { enrollSecret: SECRET, machineId: randomUUID().replace(/-/g, ''), hostname: 'late', labels: {} },
      });
      for (const res of [read, enrolled]) {
        assert.equal(res.status, 503, JSON.stringify(res.body));
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
        assert.equal(res.body.type, 'https://memfleet.dev/problems/database-unavailable');
      }

      // /metrics still answers, with the last count of the fleet gauges, and the failed count is logged once.
      await new Promise((r) => setTimeout(r, 1100));
      for (let i = 0; i < 3; i++) {
        const metrics = await call(`${api.url}/metrics`);
        assert.equal(metrics.status, 200);
        assert.deepEqual(hostGauges(metrics.body as string), gaugesBefore);
        await new Promise((r) => setTimeout(r, 1100));
      }
      assert.equal(api.output().split('fleet gauges could not be counted').length, warningsBefore + 1, 'one warning per outage');

      await pg.start();
      await until('reports accepted again', async () => load.acceptedCount() > before + 2 * hosts.length);
      await until('/readyz 200', async () => (await call(`${api.url}/readyz`)).status === 200);
      const seen = await load.stop();

      assert.equal(api.child.exitCode, null, `the API survived:\n${api.output().slice(-4000)}`);
      assert.equal(worker.child.exitCode, null, `the worker survived:\n${worker.output().slice(-4000)}`);
      assert.deepEqual(seen.unexpected, [], 'no answer other than 2xx and 503');
      assert.ok(
        seen.retryAfter.every((v) => v !== null && /^\d+$/.test(v)),
        `every 503 has Retry-After: ${JSON.stringify(seen.retryAfter)}`,
      );
      assert.equal(seen.statuses.get('network') ?? 0, 0, 'the API answered every request');

      const check = new Client({ connectionString: pg.url });
      await check.connect();
      try {
        const stored = await storedOnce(check, seen.accepted);
        assert.deepEqual(stored.missing, [], 'every report answered 2xx is stored');
        assert.deepEqual(stored.duplicateKeys, [], 'none stored twice');
        assert.deepEqual(await allEvaluatedOnce(check), [], 'every stored report evaluated exactly once');
      } finally {
        await check.end();
      }
    });
  }
});
