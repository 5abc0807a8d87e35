import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { allEvaluatedOnce, duplicateOpenedEvents, enrollHosts, startLoad, stopLoads, storedOnce, until } from '../helpers/report-load';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'worker-kill-enroll-secret-0123456789';

describe('a worker SIGKILLed while it evaluates', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  const workers: RunningProcess[] = [];
  let pg: Client;
  let env: Record<string, string>;

  before(async () => {
    db = await createThrowawayDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: 'worker-kill-admin-token-0123456789',
      MEMFLEET_SWEEP_SECONDS: '2',
    };
    api = await startApi(env);
    workers.push(startProcess(WORKER_MAIN, env), startProcess(WORKER_MAIN, env));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await stopLoads();
    await pg?.end();
    await api?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await db?.drop();
  });

  it('loses no report: its jobs run again on the other workers (BullMQ stalled-job recovery), each report evaluated', async () => {
    const hosts = await enrollHosts(api.url, SECRET, 6);
    const load = startLoad(() => api.url, hosts);
    const evaluated = async () => Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE status = 'evaluated'`)).rows[0].n);
    await until('reports evaluated', async () => (await evaluated()) >= 3 * hosts.length);

    assert.equal(await workers[0].stop('SIGKILL'), 'SIGKILL');
    const atKill = load.acceptedCount();
    workers.push(startProcess(WORKER_MAIN, env)); // a replacement, as a supervisor would start
    await until('reports accepted after the kill', async () => load.acceptedCount() >= atKill + 3 * hosts.length);
    const seen = await load.stop();

    assert.deepEqual(
      [...seen.statuses.keys()].filter((s) => !/^2\d\d$/.test(s)),
      [],
      `only 2xx answers: ${JSON.stringify([...seen.statuses])}`,
    );
    const stored = await storedOnce(pg, seen.accepted);
    assert.deepEqual(stored.missing, [], 'every report answered 2xx is stored');
    assert.deepEqual(stored.duplicateKeys, [], 'none stored twice');
    // A job the killed worker held is locked for BullMQ's lock duration (30 s) before another worker takes it.
    assert.deepEqual(await allEvaluatedOnce(pg, 120_000), [], 'every stored report evaluated exactly once');
    assert.deepEqual(await duplicateOpenedEvents(pg), [], 'no finding opened twice');
  });
});
