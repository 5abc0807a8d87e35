import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'scale-enroll-secret-0123456789';

describe('scale-out: two API processes and two worker processes on one queue', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  const apis: RunningApi[] = [];
  const workers: RunningProcess[] = [];
  let pg: Client;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(), MEMFLEET_ENROLL_SECRET: SECRET, MEMFLEET_ADMIN_TOKEN: 'scale-admin-token-0123456789' };
    // Two APIs starting together also exercise the migration lock.
    apis.push(...(await Promise.all([startApi(env), startApi(env)])));
    workers.push(startProcess(WORKER_MAIN, { ...env, MEMFLEET_WORKER_CONCURRENCY: '3' }), startProcess(WORKER_MAIN, { ...env, MEMFLEET_WORKER_CONCURRENCY: '3' }));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await db?.drop();
  });

  it('evaluates every report exactly once', async () => {
    const hosts = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
        return { report, token: (await enroll(apis[i % 2].url, SECRET, report)).agentToken };
      }),
    );
    const accepted = await Promise.all(hosts.flatMap(({ report, token }, i) => [1, 2, 3, 4, 5].map((sequence) => postReport(apis[(i + sequence) % 2].url, token, { ...report, sequence }))));
    assert.ok(accepted.every((a) => a.status === 202));
    const deadline = Date.now() + 60_000;
    let pending = -1;
    while (Date.now() < deadline) {
      pending = Number((await pg.query(`SELECT count(*) AS n FROM reports WHERE status = 'queued'`)).rows[0].n);
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(pending, 0, 'all reports evaluated within a minute');
    const rows = (await pg.query(`SELECT status, attempts FROM reports`)).rows;
    assert.equal(rows.length, 100);
    // attempts counts committed evaluations: exactly one each. Out-of-order jobs of one host may be superseded.
    assert.ok(rows.every((r) => r.attempts === 1 && (r.status === 'evaluated' || r.status === 'superseded')), JSON.stringify(rows.filter((r) => r.attempts !== 1)));
    const events = Number((await pg.query(`SELECT count(*) AS n FROM finding_events`)).rows[0].n);
    const hits = Number((await pg.query(`SELECT count(*) AS n FROM findings WHERE outcome = 'hit'`)).rows[0].n);
    assert.equal(events, hits, 'identical reports open each finding once: no duplicate events');
  });
});
