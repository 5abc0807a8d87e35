import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'host-retire-admin-token-0123456789';
const SECRET = 'host-retire-enroll-secret-0123456789';

describe('retiring a host by hand: POST /api/v1/hosts/:id/retire', { timeout: 120_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let viewer: string;
  const as = (token: string, path: string, init: { method?: string; body?: unknown } = {}) => call(`${api.url}${path}`, { token, ...init });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    viewer = (await as(ADMIN, '/api/v1/tokens', { body: { name: 'v', role: 'viewer' } })).body.token;
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('hides the host from lists, keeps it with retired=true, records it once, and its next report brings it back', async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'to-retire' });
    const { hostId, agentToken } = await enroll(api.url, SECRET, report);
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 1 }, { wait: 30 })).status, 200);
    const listed = async (retired: boolean) =>
      ((await as(ADMIN, `/api/v1/hosts${retired ? '?retired=true' : ''}`)).body.items as { id: string }[]).some((h) => h.id === hostId);
    assert.equal(await listed(false), true);

    const res = await as(ADMIN, `/api/v1/hosts/${hostId}/retire`, { method: 'POST' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.id, hostId);
    assert.ok(Date.parse(res.body.retiredAt) > Date.now() - 60_000, res.body.retiredAt);
    assert.equal(await listed(false), false, 'hidden from the active list');
    assert.equal(await listed(true), true, 'kept, with its findings, for audits');

    const again = await as(ADMIN, `/api/v1/hosts/${hostId}/retire`, { method: 'POST' });
    assert.equal(again.status, 200);
    assert.equal(again.body.retiredAt, res.body.retiredAt, 'retiring twice keeps the first time');
    const activity = (await as(ADMIN, '/api/v1/activity?action=host.retired')).body.items as { targetId: string }[];
    assert.deepEqual(
      activity.map((a) => a.targetId),
      [hostId],
    );

    // The next report: a later sequence of the same instance.
    report.collectedAt = new Date().toISOString();
    assert.equal((await postReport(api.url, agentToken, { ...report, sequence: 2 }, { wait: 30 })).status, 200);
    assert.equal(await listed(false), true, 'a report brings it back');
  });

  it('answers 400 naming id for a malformed id, 404 for an unknown host, 403 for a viewer, 401 without a token', async () => {
    const bad = await as(ADMIN, '/api/v1/hosts/not-a-uuid/retire', { method: 'POST' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.deepEqual(bad.body.errors, [{ path: 'id', reason: 'must be a UUID' }]);
    const unknown = await as(ADMIN, `/api/v1/hosts/${randomUUID()}/retire`, { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.detail, /No host/);
    assert.equal((await as(viewer, `/api/v1/hosts/${randomUUID()}/retire`, { method: 'POST' })).status, 403);
    assert.equal((await call(`${api.url}/api/v1/hosts/${randomUUID()}/retire`, { method: 'POST' })).status, 401);
  });
});
