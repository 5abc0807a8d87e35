import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { createOwnRedis, type OwnRedis } from '../helpers/own-redis';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { allEvaluatedOnce, duplicateOpenedEvents, enrollHosts, startLoad, stopLoads, storedOnce } from '../helpers/report-load';
import { until } from '../helpers/until';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'redis-loss-enroll-secret-0123456789';

// Redis of the test's own without persistence: killing it loses every queued job.
describe('Redis killed while agents post', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let redis: OwnRedis;
  let api: RunningApi;
  let worker: RunningProcess;
  let pg: Client;

  before(async () => {
    db = await createThrowawayDatabase();
    redis = await createOwnRedis();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: 'redis-loss-admin-token-0123456789',
      MEMFLEET_SWEEP_SECONDS: '1',
    };
    api = await startApi(env);
    worker = startProcess(WORKER_MAIN, env);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await stopLoads();
    await pg?.end();
    await api?.stop();
    await worker?.stop();
    await redis?.kill();
    await db?.drop();
  });

  it('keeps accepting reports; once Redis is back every one is evaluated exactly once, none lost', async () => {
    const hosts = await enrollHosts(api.url, SECRET, 6);
    const load = startLoad(() => api.url, hosts);
    await until('a report evaluated', async () => Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE status = 'evaluated'`)).rows[0].n) > 0);

    await redis.kill();
    const atKill = load.acceptedCount();
    await until('reports accepted without Redis', async () => load.acceptedCount() >= atKill + 2 * hosts.length);
    await redis.start(); // empty: the jobs it held are gone; the reports are still queued in PostgreSQL
    const atStart = load.acceptedCount();
    await until('reports accepted after Redis returned', async () => load.acceptedCount() >= atStart + 2 * hosts.length);
    const seen = await load.stop();

    assert.deepEqual(
      [...seen.statuses.keys()].filter((s) => !/^2\d\d$/.test(s)),
      [],
      `only 2xx answers: ${JSON.stringify([...seen.statuses])}`,
    );
    const stored = await storedOnce(pg, seen.accepted);
    assert.deepEqual(stored.missing, [], 'every report answered 2xx is stored');
    assert.deepEqual(stored.duplicateKeys, [], 'none stored twice');
    assert.equal(stored.total, seen.accepted.size, 'nothing stored that was not answered 2xx');
    assert.deepEqual(await allEvaluatedOnce(pg), [], 'every stored report evaluated exactly once');
    assert.deepEqual(await duplicateOpenedEvents(pg), [], 'no finding opened twice');
    assert.equal(worker.child.exitCode, null, 'the worker survived');
  });
});
