import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { sample } from '../helpers/metrics-text';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'raw-route-admin-token-0123456789ab';
const SECRET = 'raw-route-enroll-secret-0123456789';
/** Preloaded into the API: each ReportsController handler Nest enters writes `${ENTERED} ReportsController.<name>`. */
const SPY = path.join(__dirname, '../helpers/nest-handler-spy.js');
const ENTERED = 'nest-handler-entered';

/** A counter's value, 0 before its first increment. */
const counted = (text: string, name: string, labels: Record<string, string>): number => sample(text, name, labels) ?? 0;

describe('POST /api/v1/reports is served by the raw route, with everything the Nest route gave it', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let agentToken: string;
  const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
  const entered = () =>
    api
      .output()
      .split('\n')
      .filter((l) => l.startsWith(ENTERED));
  const requestLines = () =>
    api
      .output()
      .split('\n')
      .filter((l) => l.includes('"req":') && l.includes('"res":')) // the request log's lines, not others logged in a request's context
      .map((l) => JSON.parse(l) as { level: number; req: { id: string; method: string; url: string }; res: { statusCode: number } });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi(
      {
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
        MEMFLEET_RUN_WORKERS: 'true',
        MEMFLEET_ADMIN_TOKEN: ADMIN,
        MEMFLEET_ENROLL_SECRET: SECRET,
        LOG_LEVEL: 'debug',
      },
      60_000,
      ['-r', SPY],
    );
    agentToken = (await enroll(api.url, SECRET, report)).agentToken;
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('answers report posts without entering the Nest controller (whose other routes Nest still serves)', async () => {
    const first = await postReport(api.url, agentToken, { ...report, sequence: 1 }, { wait: 30, idempotencyKey: 'raw-route-1' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'evaluated');
    assert.ok(Array.isArray(first.body.findings));
    const replay = await postReport(api.url, agentToken, { ...report, sequence: 1 }, { idempotencyKey: 'raw-route-1' });
    assert.equal(replay.body.reportId, first.body.reportId, 'Idempotency-Key: the replay answers as the first request did');
    // a new label is an input of every rule: queued for evaluation, not settled
    const changed = { ...report, sequence: 2, labels: { ...report.labels, rack: 'raw-route-b' } };
    const queued = await postReport(api.url, agentToken, changed, { gzip: true });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    assert.equal(queued.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(entered(), [], 'no report post entered ReportsController.create');

    const detail = await call(`${api.url}/api/v1/reports/${first.body.reportId}`, { token: ADMIN });
    assert.equal(detail.status, 200);
    assert.deepEqual(entered(), [`${ENTERED} ReportsController.get`], 'the spy sees what Nest serves');
  });

  it('carries the request id, security headers and no-store, and logs a successful post at debug', async () => {
    const res = await postReport(api.url, agentToken, { ...report, sequence: 3 }, { wait: 30 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.headers.get('x-request-id');
    assert.ok(id);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    await new Promise((r) => setTimeout(r, 200));
    const line = requestLines().find((l) => l.req.id === id);
    assert.ok(line, 'the request is logged');
    assert.deepEqual([line.level, line.req.method, line.req.url, line.res.statusCode], [20, 'POST', '/api/v1/reports?wait=30', 200]);
  });

  it('refuses as the Nest route did: API token 403, no token 401, bad ?wait= and query text 400, 409, each a problem counted on /metrics', async () => {
    const metricsBefore = (await call(`${api.url}/metrics`, { token: ADMIN })).body as string;
    const problem = (res: { status: number; headers: Headers; body: { type: string; detail: string; requestId: string; instance: string } }) => {
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.requestId, res.headers.get('x-request-id'));
      assert.equal(res.body.instance, '/api/v1/reports');
      return res;
    };
    const byApiToken = problem(await postReport(api.url, ADMIN, { ...report, sequence: 4 }));
    assert.equal(byApiToken.status, 403);
    assert.deepEqual(
      [byApiToken.body.type, byApiToken.body.detail],
      ['https://memfleet.dev/problems/forbidden', 'This endpoint takes an agent token (memfleet-agent enroll).'],
    );
    const noToken = problem(await call(`${api.url}/api/v1/reports`, { method: 'POST' }));
    assert.equal(noToken.status, 401);
    const badWait = problem(await call(`${api.url}/api/v1/reports?wait=61`, { token: agentToken, body: { ...report, sequence: 4 } }));
    assert.equal(badWait.status, 400);
    assert.deepEqual(badWait.body, { ...badWait.body, errors: [{ path: 'query.wait', reason: 'must be a number of seconds from 0 to 60' }] });
    const badText = problem(await call(`${api.url}/api/v1/reports?note=a%00b`, { token: agentToken, body: { ...report, sequence: 4 } }));
    assert.equal(badText.status, 400);
    assert.equal((badText.body as unknown as { errors: { path: string }[] }).errors[0].path, 'query.note');
    const { configuration: _configuration, ...metricsOnly } = { ...report, schemaVersion: 3, configurationHash: 'f'.repeat(64), sequence: 4 };
    const required = problem(await postReport(api.url, agentToken, metricsOnly));
    assert.equal(required.status, 409);
    assert.equal(required.body.type, 'https://memfleet.dev/problems/configuration-required');

    const metricsAfter = (await call(`${api.url}/metrics`, { token: ADMIN })).body as string;
    const rejected = (status: string) =>
      counted(metricsAfter, 'memfleet_reports_rejected_total', { status }) - counted(metricsBefore, 'memfleet_reports_rejected_total', { status });
    assert.deepEqual([rejected('403'), rejected('401'), rejected('400'), rejected('409')], [1, 1, 2, 1]);
    assert.deepEqual(entered(), [`${ENTERED} ReportsController.get`]);
  });

  it('answers an unexpected error with the 500 problem, logged as an error with its request id', async () => {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query(`CREATE FUNCTION refuse_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'report refused by test'; END $$`);
      await pg.query(`CREATE TRIGGER refuse_report BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION refuse_report()`);
      const res = await postReport(api.url, agentToken, { ...report, sequence: 5 });
      assert.equal(res.status, 500, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.type, 'https://memfleet.dev/problems/internal');
      const id = res.headers.get('x-request-id');
      assert.equal(res.body.requestId, id);
      await new Promise((r) => setTimeout(r, 200));
      assert.match(api.output(), /report refused by test/, 'the error is logged');
      const line = requestLines().find((l) => l.req.id === id);
      assert.deepEqual([line?.level, line?.res.statusCode], [50, 500]);
    } finally {
      await pg.query('DROP TRIGGER IF EXISTS refuse_report ON reports');
      await pg.end();
    }
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 5 })).status, 200);
  });
});
