import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const ADMIN = 'failed-admin-token-0123456789abcdef';
const SECRET = 'failed-enroll-secret-0123456789';
const PROBLEM = 'https://memfleet.dev/problems/';

/**
 * A job whose worker dies twice while it runs: BullMQ (maxStalledCount 1) fails it without running its
 * handler, so nothing marks the report; the sweep must. Real API and worker processes on the real
 * PostgreSQL and Redis; a job is made to hang mid-evaluation by a trigger that sleeps in PostgreSQL, and
 * its worker is SIGKILLed there.
 */
describe('an evaluation that stalls twice is marked failed, listed in the dead-letter view and re-run', { timeout: 300_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  const prefix = uniqueQueuePrefix();
  const workers: RunningProcess[] = [];
  const env = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_TEST_URL,
    MEMFLEET_QUEUE_PREFIX: prefix,
    MEMFLEET_ADMIN_TOKEN: ADMIN,
    MEMFLEET_ENROLL_SECRET: SECRET,
    MEMFLEET_SWEEP_SECONDS: '1',
    MEMFLEET_JOB_LOCK_SECONDS: '2',
  });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi(env());
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  const startWorker = async (): Promise<RunningProcess> => {
    const w = startProcess(WORKER_MAIN, { ...env(), LOG_LEVEL: 'info' });
    workers.push(w);
    await until('worker ready', async () => w.output().includes('worker ready'), 60_000);
    return w;
  };
  /** The backend of a worker sleeping inside the trigger, i.e. mid-evaluation. */
  const sleeping = async (): Promise<number | undefined> =>
    (await pg.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`)).rows[0]?.pid;
  /** SIGKILLs the worker mid-evaluation and ends its database session, whose statement would otherwise commit later. */
  const killMidEvaluation = async (w: RunningProcess) => {
    const pid = await until('a worker mid-evaluation', sleeping);
    await w.stop('SIGKILL');
    await pg.query(`SELECT pg_terminate_backend($1)`, [pid]);
  };

  it('marks the report failed with the queue’s reason, logs it, lists it, and re-runs it under a fresh job id', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(api.url, SECRET, report);
    await pg.query(`CREATE FUNCTION hang_findings() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await pg.query(`CREATE TRIGGER hang BEFORE INSERT ON findings FOR EACH ROW WHEN (NEW.host_id = '${hostId}') EXECUTE FUNCTION hang_findings()`);
    const posted = await postReport(api.url, agentToken, report);
    assert.equal(posted.status, 202);
    const reportId: string = posted.body.reportId;

    await killMidEvaluation(await startWorker()); // first stall: BullMQ runs the job again
    await killMidEvaluation(await startWorker()); // second stall: BullMQ fails it without running it
    const survivor = await startWorker();
    const failed = await until(
      'the report marked failed',
      async () => {
        const r = await call(`${api.url}/api/v1/reports/${reportId}`, { token: ADMIN });
        return r.body.status === 'failed' && r.body;
      },
      90_000,
    );
    assert.match(failed.error, /stalled more than allowable limit/);
    assert.ok(failed.failedAt);
    await until('the failure logged with the report id', async () => survivor.output().includes(`evaluation of report ${reportId} failed in the queue`));

    const dead = await call(`${api.url}/api/v1/reports?status=failed`, { token: ADMIN });
    assert.equal(dead.status, 200);
    assert.deepEqual(
      dead.body.items.map((i: { id: string; hostId: string }) => [i.id, i.hostId]),
      [[reportId, hostId]],
    );
    assert.match(dead.body.items[0].error, /stalled/);

    await pg.query(`DROP TRIGGER hang ON findings`);
    const retry = await call(`${api.url}/api/v1/reports/${reportId}/retry`, { method: 'POST', token: ADMIN });
    assert.deepEqual([retry.status, retry.body.status, retry.body.retries], [202, 'queued', 1]);
    const done = await until('the re-run evaluated', async () => {
      const r = await call(`${api.url}/api/v1/reports/${reportId}`, { token: ADMIN });
      return r.body.status === 'evaluated' && r.body;
    });
    assert.deepEqual([done.error, done.retries, done.findings.length > 0], [null, 1, true]);
    assert.deepEqual((await call(`${api.url}/api/v1/reports?status=failed`, { token: ADMIN })).body.items, []);
  });

  it('logs an evaluation that fails on each attempt, and lists it with its error, page by page', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(api.url, SECRET, report);
    await pg.query(`CREATE FUNCTION refuse_findings() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated storage failure'; END $$ LANGUAGE plpgsql`);
    await pg.query(`CREATE TRIGGER refuse BEFORE INSERT ON findings FOR EACH ROW WHEN (NEW.host_id = '${hostId}') EXECUTE FUNCTION refuse_findings()`);
    const ids: string[] = [];
    for (const sequence of [1, 2, 3]) ids.push((await postReport(api.url, agentToken, { ...report, sequence })).body.reportId);
    for (const id of ids)
      await until(`report ${id} failed`, async () => (await call(`${api.url}/api/v1/reports/${id}`, { token: ADMIN })).body.status === 'failed');
    const out = workers.map((w) => w.output()).join('');
    assert.match(out, new RegExp(`evaluation of report ${ids[0]} failed on its last attempt \\(.*simulated storage failure`));
    const first = await call(`${api.url}/api/v1/reports?status=failed&limit=2`, { token: ADMIN });
    assert.equal(first.body.items.length, 2);
    const second = await call(`${api.url}/api/v1/reports?status=failed&limit=2&cursor=${first.body.nextCursor}`, { token: ADMIN });
    assert.equal(second.body.nextCursor, null);
    const listed = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    assert.deepEqual([...listed].sort(), [...ids].sort(), 'every failed report once, across pages');
    for (const i of [...first.body.items, ...second.body.items]) assert.match(i.error, /simulated storage failure/);
    await pg.query(`DROP TRIGGER refuse ON findings`);
  });

  it('refuses bad input and other roles on the dead-letter view and the re-run', async () => {
    const viewer = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'viewer', role: 'viewer' } });
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken } = await enroll(api.url, SECRET, report);
    const cases: [string, string, string | undefined, number, string | null][] = [
      ['GET', '/api/v1/reports', ADMIN, 400, 'status'],
      ['GET', '/api/v1/reports?status=queued', ADMIN, 400, 'status'],
      ['GET', '/api/v1/reports?status=failed&limit=0', ADMIN, 400, 'limit'],
      ['GET', '/api/v1/reports?status=failed&limit=x', ADMIN, 400, 'limit'],
      ['GET', '/api/v1/reports?status=failed&cursor=nonsense', ADMIN, 400, 'query.cursor'],
      ['GET', '/api/v1/reports?status=failed&extra=1', ADMIN, 400, 'extra'],
      ['GET', '/api/v1/reports?status=failed', viewer.body.token, 403, null],
      ['GET', '/api/v1/reports?status=failed', agentToken, 403, null],
      ['GET', '/api/v1/reports?status=failed', undefined, 401, null],
      ['POST', '/api/v1/reports/not-a-uuid/retry', ADMIN, 400, 'id'],
      ['POST', `/api/v1/reports/${randomUUID()}/retry`, ADMIN, 404, null],
      ['POST', `/api/v1/reports/${randomUUID()}/retry`, viewer.body.token, 403, null],
    ];
    for (const [method, url, token, status, path] of cases) {
      const res = await call(`${api.url}${url}`, { method, token });
      assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      if (path)
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === path),
          `${url} names ${path}: ${JSON.stringify(res.body)}`,
        );
    }
    const posted = await postReport(api.url, agentToken, report);
    const notFailed = await call(`${api.url}/api/v1/reports/${posted.body.reportId}/retry`, { method: 'POST', token: ADMIN });
    assert.deepEqual([notFailed.status, notFailed.body.type], [409, `${PROBLEM}report-not-failed`]);
  });
});
