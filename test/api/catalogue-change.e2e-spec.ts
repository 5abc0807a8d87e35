import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { catalogueRevision } from '@memfleet/rules';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const SECRET = 'catalogue-enroll-secret-0123456789';
const HOSTS = 6;

describe('re-evaluation at start after a rule catalogue change', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let pg: Client;
  let apis: RunningApi[] = [];
  const env = () => ({ DATABASE_URL: db.url, MEMFLEET_ENROLL_SECRET: SECRET, MEMFLEET_ADMIN_TOKEN: 'catalogue-admin-0123456789' });
  const latestAttempts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await pg.query(`SELECT h.id, r.attempts FROM hosts h JOIN reports r ON r.id = h.latest_report_id`)).rows.map((r) => [r.id, r.attempts]),
    );

  before(async () => {
    db = await createThrowawayDatabase();
    const first = await startApi(env());
    for (let i = 0; i < HOSTS; i++) {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
      const { agentToken } = await enroll(first.url, SECRET, report);
      assert.equal((await postReport(first.url, agentToken, report, { wait: 20 })).status, 200);
    }
    await first.stop();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await Promise.all(apis.map((a) => a.stop()));
    await db?.drop();
  });

  it('starts no run when the catalogue is the one the findings came from', async () => {
    assert.deepEqual((await pg.query(`SELECT value #>> '{}' AS v FROM settings WHERE key = 'evaluated-catalogue-revision'`)).rows, [{ v: catalogueRevision }]);
    assert.equal((await pg.query(`SELECT count(*)::int AS n FROM reevaluation_runs`)).rows[0].n, 0);
  });

  it('re-evaluates every host once when processes start with a changed catalogue, however many start together', async () => {
    // The stored findings came from another catalogue, as after deploying changed rules.
    await pg.query(`UPDATE settings SET value = to_jsonb('an-older-catalogue'::text) WHERE key = 'evaluated-catalogue-revision'`);
    const before = await latestAttempts();
    const shared = { ...env(), REDIS_URL: REDIS_TEST_URL, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_RUN_WORKERS: 'true' };
    apis = await Promise.all([startApi(shared), startApi(shared)]);
    const run = await until('the re-evaluation to finish', async () => {
      const rows = (await pg.query(`SELECT reason, catalogue_revision, total, done, failed, finished_at FROM reevaluation_runs`)).rows;
      return rows.length > 0 && rows.every((r) => r.finished_at) && rows;
    });
    await new Promise((r) => setTimeout(r, 1000)); // a second run, if one were started late, would show by now
    const runs = (await pg.query(`SELECT reason, catalogue_revision, total, done, failed FROM reevaluation_runs`)).rows;
    assert.equal(runs.length, 1, `one run, started by one of the two processes: ${JSON.stringify(runs)}`);
    assert.deepEqual(runs[0], {
      reason: `rule catalogue changed (an-older-catalogue → ${catalogueRevision})`,
      catalogue_revision: catalogueRevision,
      total: HOSTS,
      done: HOSTS,
      failed: 0,
    });
    assert.equal(run.length, 1);
    const after = await latestAttempts();
    assert.deepEqual(
      Object.keys(after).filter((id) => after[id] !== before[id] + 1),
      [],
      `each host's latest report evaluated exactly once more: ${JSON.stringify({ before, after })}`,
    );
    const revisions = (await pg.query(`SELECT DISTINCT r.catalogue_revision FROM hosts h JOIN reports r ON r.id = h.latest_report_id`)).rows;
    assert.deepEqual(revisions, [{ catalogue_revision: catalogueRevision }]);
    assert.deepEqual((await pg.query(`SELECT value #>> '{}' AS v FROM settings WHERE key = 'evaluated-catalogue-revision'`)).rows, [{ v: catalogueRevision }]);
  });
});
