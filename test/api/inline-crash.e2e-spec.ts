import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { call } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { allEvaluatedOnce, enrollHosts, startLoad, stopLoads, storedOnce } from '../helpers/report-load';
import { until } from '../helpers/until';

const ADMIN = 'inline-crash-admin-token-0123456789';
const SECRET = 'inline-crash-enroll-secret-0123456789';

describe('embedded mode (no DATABASE_URL, no REDIS_URL) killed with SIGKILL while agents post', { timeout: 240_000 }, () => {
  let dataDir: string;
  let api: RunningApi;
  const env = () => ({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-inline-crash-'));
    api = await startApi(env());
  });
  after(async () => {
    await stopLoads();
    await api?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a restart on the same data every report answered 2xx is stored once and evaluated', async () => {
    const hosts = await enrollHosts(api.url, SECRET, 4);
    let url = api.url;
    const load = startLoad(() => url, hosts);
    await until('reports accepted', async () => load.acceptedCount() >= 5 * hosts.length);

    // The in-process queue dies with the process: what it held is only `queued` in the database now.
    assert.equal(await api.stop('SIGKILL'), 'SIGKILL');
    api = await startApi(env());
    url = api.url;
    const atRestart = load.acceptedCount();
    await until('reports accepted after the restart', async () => load.acceptedCount() >= atRestart + 2 * hosts.length);
    const seen = await load.stop();
    assert.deepEqual(
      [...seen.statuses.keys()].filter((s) => !/^2\d\d$/.test(s) && s !== 'network'),
      [],
      `every answer is 2xx (no answer while it was down is retried): ${JSON.stringify([...seen.statuses])}`,
    );
    const status = async (id: string) => (await call(`${api.url}/api/v1/reports/${id}`, { token: ADMIN })).body.status as string;
    // settled: stored without a job, as it changed no rule input since its host's last evaluation
    await until(
      'every accepted report evaluated',
      async () => (await Promise.all([...seen.accepted.values()].map(status))).every((s) => ['evaluated', 'superseded', 'settled'].includes(s)),
      90_000,
      1000,
    );

    // The database itself, read once the server has let go of it.
    assert.ok(['SIGTERM', 0].includes((await api.stop()) as string | number), 'SIGTERM shuts down cleanly');
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
    try {
      const stored = await storedOnce(db, seen.accepted);
      assert.deepEqual(stored.missing, [], 'every report answered 2xx is stored');
      assert.deepEqual(stored.duplicateKeys, [], 'none stored twice');
      assert.deepEqual(await allEvaluatedOnce(db, 5_000), [], 'every stored report evaluated exactly once');
    } finally {
      await db.close();
    }
  });
});
