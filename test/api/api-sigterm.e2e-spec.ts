import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { allEvaluatedOnce, enrollHosts, startLoad, stopLoads, storedOnce } from '../helpers/report-load';
import { until } from '../helpers/until';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'sigterm-enroll-secret-0123456789';

describe('the API gets SIGTERM while agents post', { timeout: 240_000 }, () => {
  let db: ThrowawayDb;
  let apis: RunningApi[] = [];
  let worker: RunningProcess;
  let pg: Client;
  let env: Record<string, string>;

  before(async () => {
    db = await createThrowawayDatabase();
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: 'sigterm-admin-token-0123456789',
      MEMFLEET_SWEEP_SECONDS: '2',
    };
    apis = [await startApi(env)];
    worker = startProcess(WORKER_MAIN, env);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await stopLoads();
    await pg?.end();
    await Promise.all(apis.map((a) => a.stop()));
    await worker?.stop();
    await db?.drop();
  });

  it('answers what it took before exiting cleanly, with no 5xx; every report answered 2xx is stored once and evaluated', async () => {
    const hosts = await enrollHosts(apis[0].url, SECRET, 8);
    let url = apis[0].url;
    const load = startLoad(() => url, hosts, 5);
    await until('reports accepted', async () => load.acceptedCount() >= 4 * hosts.length);

    const exit = await apis[0].stop('SIGTERM');
    assert.ok(exit === 'SIGTERM' || exit === 0, `exited on its own after SIGTERM, not by the SIGKILL fallback (${exit}):\n${apis[0].output().slice(-3000)}`);
    assert.doesNotMatch(apis[0].output(), /"level":50/, 'nothing logged at error level while shutting down');
    // Agents retry what got no answer; the replacement takes over (same key: stored once).
    apis.push(await startApi(env));
    url = apis[1].url;
    const atRestart = load.acceptedCount();
    await until('reports accepted by the new API', async () => load.acceptedCount() >= atRestart + 2 * hosts.length);
    const seen = await load.stop();

    assert.deepEqual(
      [...seen.statuses.keys()].filter((s) => !/^2\d\d$/.test(s) && s !== 'network'),
      [],
      `every answer is 2xx (a refused connection is retried): ${JSON.stringify([...seen.statuses])}`,
    );
    const stored = await storedOnce(pg, seen.accepted);
    assert.deepEqual(stored.missing, [], 'every report answered 2xx is stored');
    assert.deepEqual(stored.duplicateKeys, [], 'none stored twice');
    assert.equal(stored.total, seen.accepted.size, 'nothing stored that was not answered 2xx');
    assert.deepEqual(await allEvaluatedOnce(pg), [], 'every stored report evaluated exactly once');
  });
});
