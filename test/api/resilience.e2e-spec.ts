import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { freePort, startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';
import { until } from '../helpers/until';

const ADMIN = 'resilience-admin-token-0123456789';
const SECRET = 'resilience-enroll-secret-0123456789';

describe('nothing is lost: Redis outage at accept time, and evaluation that keeps failing', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let redis: ChildProcess | undefined;
  let redisPort: number;
  let pg: Client;

  before(async () => {
    db = await createThrowawayDatabase();
    redisPort = await freePort();
    // Redis is not running yet: the API must still accept and store reports.
    api = await startApi({
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      MEMFLEET_RUN_WORKERS: 'true',
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_ENROLL_SECRET: SECRET,
      MEMFLEET_SWEEP_SECONDS: '1',
      MEMFLEET_JOB_ATTEMPTS: '2',
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    redis?.kill('SIGKILL');
    await db?.drop();
  });

  it('accepts reports while Redis is down (readiness degraded) and evaluates them once it is back', async () => {
    const ready = await call(`${api.url}/readyz`);
    assert.deepEqual([ready.status, ready.body.status, ready.body.queue], [200, 'degraded', 'down']);
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken } = await enroll(api.url, SECRET, report);
    const accepted = await postReport(api.url, agentToken, report);
    assert.equal(accepted.status, 202);
    const status = async () => (await pg.query(`SELECT status FROM reports WHERE id = $1`, [accepted.body.reportId])).rows[0]?.status;
    assert.equal(await status(), 'queued', 'stored durably before any queue saw it');

    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    assert.equal(await until('evaluation after Redis returns', async () => (await status()) === 'evaluated' && 'evaluated', 45_000), 'evaluated');
  });

  it('marks a report failed with the error after the last attempt, and keeps it stored', async () => {
    await until('Redis up', async () => (await call(`${api.url}/readyz`)).body.queue === 'ok');
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, '') });
    const { agentToken, hostId } = await enroll(api.url, SECRET, report);
    assert.equal((await postReport(api.url, agentToken, report, { wait: 20 })).status, 200);
    // Storing this host's findings now fails every time, as a broken database would.
    await pg.query(`CREATE FUNCTION refuse_findings() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated storage failure'; END $$ LANGUAGE plpgsql`);
    await pg.query(
      `CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON findings FOR EACH ROW WHEN (NEW.host_id = '${hostId}') EXECUTE FUNCTION refuse_findings()`,
    );
    // A changed input, so the report is evaluated (an unchanged one would be settled without a job).
    const changed = { ...report, sequence: 2, configuration: { ...report.configuration, vm: { ...report.configuration.vm, maxMapCount: 262_144 } } };
    const next = await postReport(api.url, agentToken, changed);
    assert.equal(next.status, 202);
    const row = await until('failed status', async () => {
      const r = (await pg.query(`SELECT status, error, attempts FROM reports WHERE id = $1`, [next.body.reportId])).rows[0];
      return r.status === 'failed' && r;
    });
    assert.match(row.error, /simulated storage failure/);
    assert.equal(row.attempts, 0, 'failed attempts roll back: nothing half-stored');
    const detail = await call(`${api.url}/api/v1/reports/${next.body.reportId}`, { token: ADMIN });
    assert.deepEqual([detail.status, detail.body.status], [200, 'failed']);
    assert.ok(detail.body.error.length > 0);
  });
});
