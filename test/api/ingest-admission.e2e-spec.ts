import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { sendPartialBody } from '../helpers/raw-http';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';
import { sample } from '../helpers/metrics-text';
import { until } from '../helpers/until';

const ADMIN = 'admission-admin-token-0123456789abcdef';
const SECRET = 'admission-enroll-secret-0123456789abcdef';
const newReport = (): Report => sampleReport({ machineId: randomUUID().replace(/-/g, '') });

describe('admission control: report posts past MEMFLEET_INGEST_MAX_PENDING are shed with 503 before their body is read', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  const metrics = async () => (await call(`${api.url}/metrics`, { token: ADMIN })).body as string;
  const storedReports = async (hostId: string) => Number((await pg.query('SELECT count(*) FROM reports WHERE host_id = $1', [hostId])).rows[0].count);

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_INGEST_MAX_PENDING: '1',
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('holds one post in progress, answers the next 503 overloaded with a jittered Retry-After, stores nothing of it, then takes it', async () => {
    const a = newReport();
    const b = newReport();
    const hostA = await enroll(api.url, SECRET, a);
    const hostB = await enroll(api.url, SECRET, b);
    const post = (token: string, report: Report, deadlineMs: number) =>
      sendPartialBody(api.url, {
        path: '/api/v1/reports',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: Buffer.from(JSON.stringify(report)),
        sendBytes: 64,
        deadlineMs,
      });

    // A's body stops after 64 bytes: the server waits for the rest, with A's post in progress.
    const held = post(hostA.agentToken, a, 6_000);
    await until('A in progress', async () => sample(await metrics(), 'memfleet_reports_in_progress') === 1, 10_000, 50);

    // B's body also stops short, so an answer proves the server decided without reading or parsing it.
    const shed = await post(hostB.agentToken, b, 5_000);
    assert.ok(shed, 'B was answered before its body was complete');
    assert.equal(shed.status, 503, shed.body);
    assert.match(shed.headers['content-type'], /application\/problem\+json/);
    const problem = JSON.parse(shed.body);
    assert.equal(problem.type, 'https://memfleet.dev/problems/overloaded');
    assert.match(problem.detail, /nothing was stored/);
    const retryAfter = Number(shed.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 5 && retryAfter <= 15, `Retry-After ${shed.headers['retry-after']}`);
    assert.equal(await storedReports(hostB.hostId), 0);

    // A's client gives up; its slot is free again and B, sent whole, is accepted.
    assert.equal(await held, null, 'A was not answered: its body never completed');
    await until('A left', async () => sample(await metrics(), 'memfleet_reports_in_progress') === 0, 10_000, 50);
    const accepted = await postReport(api.url, hostB.agentToken, b);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(await storedReports(hostB.hostId), 1);
    assert.equal(await storedReports(hostA.hostId), 0);
    const text = await metrics();
    assert.match(text, /memfleet_reports_rejected_total\{status="503"\} 1\b/);
    // No line per shed post: they are logged at debug, and the summary line says how many.
    assert.match(api.output(), /overloaded: 1 report post\(s\) answered 503/);
  });

  it('does not count or shed other routes: reads go through while a post is held', async () => {
    const a = newReport();
    const host = await enroll(api.url, SECRET, a);
    const held = sendPartialBody(api.url, {
      path: '/api/v1/reports',
      headers: { Authorization: `Bearer ${host.agentToken}`, 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify(a)),
      sendBytes: 64,
      deadlineMs: 2_000,
    });
    await until('in progress', async () => sample(await metrics(), 'memfleet_reports_in_progress') === 1, 10_000, 50);
    const hosts = await call(`${api.url}/api/v1/hosts?limit=5`, { token: ADMIN });
    assert.equal(hosts.status, 200);
    assert.equal(await held, null);
  });
});
