import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { QueueName } from '@memfleet/contracts';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { allEvaluatedOnce, duplicateOpenedEvents, enrollHosts, startLoad, stopLoads, storedOnce } from '../helpers/report-load';
import { until } from '../helpers/until';
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
      MEMFLEET_JOB_LOCK_SECONDS: '10', // how long a dead worker's jobs stay locked before another takes them
    };
    api = await startApi(env);
    workers.push(startProcess(WORKER_MAIN, env));
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

  it('loses no report: the jobs it held run again on its replacement (BullMQ stalled-job recovery), each report evaluated once', async () => {
    const hosts = await enrollHosts(api.url, SECRET, 12);
    const load = startLoad(() => api.url, hosts, 5);
    const evaluated = async () => Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE status = 'evaluated'`)).rows[0].n);
    await until('reports evaluated', async () => (await evaluated()) >= 3 * hosts.length);

    // The only worker is killed while it holds jobs: nothing acknowledges them but the stalled-job check.
    const redis = new IORedis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
    const queue = new Queue(QueueName.Evaluation, { connection: redis, prefix: env.MEMFLEET_QUEUE_PREFIX });
    try {
      await until('the worker running jobs', async () => (await queue.getJobCounts('active')).active > 0, 60_000, 5);
      assert.equal(await workers[0].stop('SIGKILL'), 'SIGKILL');
    } finally {
      await queue.close();
      redis.disconnect();
    }
    const atKill = load.acceptedCount();
    workers.push(startProcess(WORKER_MAIN, env)); // its replacement, as a supervisor would start it
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
    assert.deepEqual(await allEvaluatedOnce(pg, 120_000), [], 'every stored report evaluated exactly once');
    assert.deepEqual(await duplicateOpenedEvents(pg), [], 'no finding opened twice');
  });
});
