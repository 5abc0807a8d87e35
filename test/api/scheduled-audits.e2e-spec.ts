import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { call } from '../helpers/api-client';
import { startApi, startProcess, WORKER_MAIN, type RunningApi, type RunningProcess } from '../helpers/processes';
import { createThrowawayDatabase, REDIS_TEST_URL, uniqueQueuePrefix, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'scheduled-audits-admin-0123456789';

describe('scheduled audits: an API and a worker both running jobs start one audit per tick', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let pg: Client;
  let api: RunningApi;
  let worker: RunningProcess;

  before(async () => {
    db = await createThrowawayDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      MEMFLEET_QUEUE_PREFIX: uniqueQueuePrefix(),
      MEMFLEET_ADMIN_TOKEN: ADMIN,
      MEMFLEET_AUDIT_CRON: '',
    };
    api = await startApi({ ...env, MEMFLEET_RUN_WORKERS: 'true' });
    worker = startProcess(WORKER_MAIN, env);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  after(async () => {
    await pg?.end();
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  it('runs the schedule’s audits with its scope, named by the schedule, one per tick, until disabled', async () => {
    assert.deepEqual((await call(`${api.url}/api/v1/audit-schedules`, { token: ADMIN })).body.total, 0, 'MEMFLEET_AUDIT_CRON= creates no default');
    const created = await call(`${api.url}/api/v1/audit-schedules`, {
      method: 'POST',
      token: ADMIN,
      body: { name: 'every two seconds', cron: '*/2 * * * * *', scope: { team: 'edge' }, formats: ['json'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    await new Promise((r) => setTimeout(r, 9000));
    assert.equal((await call(`${api.url}/api/v1/audit-schedules/${id}`, { method: 'PATCH', token: ADMIN, body: { enabled: false } })).status, 200);
    await new Promise((r) => setTimeout(r, 1000)); // a tick already taken finishes

    const audits = (await call(`${api.url}/api/v1/audits?scheduleId=${id}&limit=100`, { token: ADMIN })).body;
    const ticks: { tick: string; audit_id: string }[] = (await pg.query(`SELECT tick, audit_id FROM audit_schedule_ticks WHERE schedule_id = $1`, [id])).rows;
    assert.ok(ticks.length >= 3, `about four ticks in 9 s, got ${ticks.length}`);
    assert.equal(new Set(ticks.map((t) => t.tick)).size, ticks.length);
    assert.deepEqual(
      audits.items.map((a: { id: string }) => a.id).sort(),
      ticks.map((t) => t.audit_id).sort(),
      'one audit per tick, whichever process took it',
    );
    for (const a of audits.items)
      assert.deepEqual([a.trigger, a.scheduleId, a.requestedBy, a.scope], ['schedule', id, 'schedule:every two seconds', { team: 'edge' }]);

    const after = audits.total;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await call(`${api.url}/api/v1/audits?scheduleId=${id}`, { token: ADMIN })).body.total, after, 'none after it was disabled');
  });
});
