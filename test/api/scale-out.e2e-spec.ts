import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { evaluateReport } from '@memfleet/rules';
import { generateReport } from '../../libs/rules/src/testing/generate-reports';
import { enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const SECRET = 'scale-enroll-secret-0123456789';

/** The first `n` generated host reports on which some rule hits, so finding events have something to count. */
function hittingReports(n: number) {
  const reports = [];
  for (let i = 0; reports.length < n; i++) {
    const report = generateReport(i);
    const hits = evaluateReport(report).filter((r) => r.outcome === 'hit').length;
    if (hits > 0) reports.push(report);
    if (i > 10 * n) throw new Error(`only ${reports.length} of the first ${i} generated reports hit`);
  }
  return reports;
}

describe('scale-out: two API processes and two worker processes on one queue', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  const apis: RunningApi[] = [];
  const workers: RunningProcess[] = [];
  let pg: Client;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_ADMIN_TOKEN: 'scale-admin-token-0123456789',
    };
    // Two APIs starting together also exercise the migration lock.
    apis.push(...(await Promise.all([startApi(env), startApi(env)])));
    workers.push(
      startProcess(WORKER_MAIN, { ...env, MEMFLEET_WORKER_CONCURRENCY: '3' }),
      startProcess(WORKER_MAIN, { ...env, MEMFLEET_WORKER_CONCURRENCY: '3' }),
    );
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
      hittingReports(20).map(async (report, i) => ({ report, token: (await enroll(apis[i % 2].url, SECRET, report)).agentToken })),
    );
    const accepted = await Promise.all(
      hosts.flatMap(({ report, token }, i) => [1, 2, 3, 4, 5].map((sequence) => postReport(apis[(i + sequence) % 2].url, token, { ...report, sequence }))),
    );
    // a report may settle at once (200) when its host's earlier one was already evaluated and it changes nothing
    assert.ok(accepted.every((a) => a.status === 202 || (a.status === 200 && a.body.status === 'settled')));
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
    assert.ok(
      rows.every((r) => (r.attempts === 1 && (r.status === 'evaluated' || r.status === 'superseded')) || (r.attempts === 0 && r.status === 'settled')),
      JSON.stringify(rows.filter((r) => r.attempts !== 1)),
    );
    const events = Number((await pg.query(`SELECT count(*) AS n FROM finding_events`)).rows[0].n);
    const hits = (await pg.query(`SELECT host_id, id FROM findings WHERE outcome = 'hit'`)).rows;
    assert.equal(new Set(hits.map((h) => h.host_id)).size, 20, 'every host has a hit');
    assert.equal(events, hits.length, 'identical reports open each finding once: no duplicate events');
    const notOpenedOnce = await pg.query(
      `SELECT f.id, count(e.id) AS opened FROM findings f LEFT JOIN finding_events e ON e.finding_id = f.id AND e.kind = 'opened'
        WHERE f.outcome = 'hit' GROUP BY f.id HAVING count(e.id) <> 1`,
    );
    assert.deepEqual(notOpenedOnce.rows, [], 'each hit has exactly one opened event');
  });
});
