import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ACTIVITY_ACTIONS, sampleReport } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'activity-admin-token-0123456789';
const SECRET = 'activity-enroll-secret-0123456789';
const ENVOY = 'envoy-wasm-vm-explosion';

interface Entry {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

describe('activity log: every admin and operator action, who did it and what changed', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let pg: Client;
  let opsAdmin: string;
  let operator: string;
  let operatorId: string;
  let viewer: string;
  /** Every secret value the API handed out: none may appear in the log. */
  const secrets: string[] = [ADMIN, SECRET];
  const started = new Date().toISOString();
  const as =
    (token: string) =>
    (path: string, init: { method?: string; body?: unknown } = {}) =>
      call(`${api.url}${path}`, { token, ...init });

  /** The newest entry of `action`, after checking that exactly `count` exist. */
  async function only(action: string, count = 1): Promise<Entry> {
    const res = await call(`${api.url}/api/v1/activity?action=${action}`, { token: ADMIN });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.items.length, count, `${action}: ${JSON.stringify(res.body.items)}`);
    assert.equal(res.body.total, count);
    return res.body.items[0];
  }

  before(async () => {
    db = await createThrowawayDatabase();
    // No REDIS_URL: the inline queue, so evaluation and re-evaluation run in the API process.
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  after(async () => {
    await pg?.end();
    await api?.stop();
    await db?.drop();
  });

  it('records API tokens created (name, role, expiry) by the token that created them, never the token', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await as(ADMIN)('/api/v1/tokens', { body: { name: 'ops-admin', role: 'admin', expiresAt } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    opsAdmin = created.body.token;
    secrets.push(opsAdmin);
    const e = await only('token.created');
    assert.deepEqual(
      { actor: e.actor, actorRole: e.actorRole, targetType: e.targetType, targetId: e.targetId, details: e.details },
      {
        actor: 'bootstrap-admin (MEMFLEET_ADMIN_TOKEN)',
        actorRole: 'admin',
        targetType: 'token',
        targetId: created.body.id,
        details: { name: 'ops-admin', role: 'admin', expiresAt },
      },
    );
    const op = await as(opsAdmin)('/api/v1/tokens', { body: { name: 'oncall', role: 'operator' } });
    operator = op.body.token;
    operatorId = op.body.id;
    viewer = (await as(opsAdmin)('/api/v1/tokens', { body: { name: 'watcher', role: 'viewer' } })).body.token;
    secrets.push(operator, viewer);
    const second = await only('token.created', 3);
    assert.deepEqual([second.actor, second.details], ['ops-admin', { name: 'watcher', role: 'viewer', expiresAt: null }]);
  });

  it('records silences created and revoked by the operator', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const s = await as(operator)('/api/v1/silences', { body: { ruleId: ENVOY, labels: { team: 'edge' }, reason: 'known, fix in review', expiresAt } });
    assert.equal(s.status, 201, JSON.stringify(s.body));
    const c = await only('silence.created');
    assert.deepEqual(
      [c.actor, c.actorRole, c.targetType, c.targetId, c.details],
      ['oncall', 'operator', 'silence', s.body.id, { ruleId: ENVOY, hostId: null, labels: { team: 'edge' }, reason: 'known, fix in review', expiresAt }],
    );
    assert.equal((await as(operator)(`/api/v1/silences/${s.body.id}`, { method: 'DELETE' })).status, 204);
    const r = await only('silence.revoked');
    assert.deepEqual([r.actor, r.targetId, r.details], ['oncall', s.body.id, { ruleId: ENVOY }]);
    assert.equal((await as(operator)(`/api/v1/silences/${s.body.id}`, { method: 'DELETE' })).status, 404);
    await only('silence.revoked'); // a refused action records nothing
  });

  it('records thresholds changed with the values in force before and after', async () => {
    const saved = await as(opsAdmin)(`/api/v1/rules/${ENVOY}/thresholds`, { method: 'PUT', body: { values: { warningVms: 100 } } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const e = await only('thresholds.changed');
    assert.deepEqual(
      [e.actor, e.targetType, e.targetId, e.details],
      [
        'ops-admin',
        'rule',
        ENVOY,
        { old: { warningVms: 256, criticalVms: 1024 }, new: { warningVms: 100, criticalVms: 1024 }, reevaluationId: saved.body.reevaluationId },
      ],
    );
    await as(opsAdmin)(`/api/v1/rules/${ENVOY}/thresholds`, { method: 'PUT', body: { values: { warningVms: 256, criticalVms: 2000 } } });
    const back = await only('thresholds.changed', 2);
    assert.deepEqual(
      [back.details.old, back.details.new],
      [
        { warningVms: 100, criticalVms: 1024 },
        { warningVms: 256, criticalVms: 2000 },
      ],
    );
  });

  it('records a re-evaluation started by hand', async () => {
    const run = await as(opsAdmin)('/api/v1/reevaluations', { body: { reason: 'catalogue check' } });
    assert.equal(run.status, 202, JSON.stringify(run.body));
    const e = await only('reevaluation.started');
    assert.deepEqual([e.actor, e.targetType, e.targetId, e.details], ['ops-admin', 'reevaluation', run.body.id, { reason: 'catalogue check' }]);
  });

  it('records enroll secrets created (name, expiry) and revoked, never the secret', async () => {
    const created = await as(opsAdmin)('/api/v1/enroll-secrets', { body: { name: 'rollout-q1' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    secrets.push(created.body.secret);
    const c = await only('enroll-secret.created');
    assert.deepEqual([c.actor, c.targetType, c.targetId, c.details], ['ops-admin', 'enroll-secret', created.body.id, { name: 'rollout-q1', expiresAt: null }]);
    assert.equal((await as(opsAdmin)(`/api/v1/enroll-secrets/${created.body.id}`, { method: 'DELETE' })).status, 204);
    const r = await only('enroll-secret.revoked');
    assert.deepEqual([r.actor, r.targetId, r.details], ['ops-admin', created.body.id, { name: 'rollout-q1' }]);
  });

  it("records a host's labels changed (old → new), its agent token revoked, a re-enroll grant, a report re-run and the host deleted", async () => {
    const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: 'gw-17' });
    const { hostId, agentToken } = await enroll(api.url, SECRET, report);
    secrets.push(agentToken);
    const posted = await postReport(api.url, agentToken, report, { wait: 30 });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));

    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}/labels`, { method: 'PATCH', body: { labels: { team: 'edge' } } })).status, 200);
    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}/labels`, { method: 'PATCH', body: { labels: { team: null, env: 'prod' } } })).status, 200);
    const labels = await call(`${api.url}/api/v1/activity?action=host.labels-changed`, { token: ADMIN });
    assert.deepEqual(
      labels.body.items.map((e: Entry) => [e.actor, e.targetType, e.targetId, e.details]),
      [
        ['ops-admin', 'host', hostId, { old: { team: 'edge' }, new: { env: 'prod' } }],
        ['ops-admin', 'host', hostId, { old: {}, new: { team: 'edge' } }],
      ],
      'newest first',
    );

    const [{ id: reportId }] = (
      await pg.query(`UPDATE reports SET status = 'failed', failed_at = now(), error = 'test' WHERE host_id = $1 RETURNING id`, [hostId])
    ).rows;
    assert.equal((await as(opsAdmin)(`/api/v1/reports/${reportId}/retry`, { body: {} })).status, 202);
    const retried = await only('report.retried');
    assert.deepEqual([retried.actor, retried.targetType, retried.targetId, retried.details], ['ops-admin', 'report', reportId, { hostId, retry: 1 }]);

    const [token] = (await as(opsAdmin)(`/api/v1/hosts/${hostId}/agent-tokens`)).body;
    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}/agent-tokens/${token.id}`, { method: 'DELETE' })).status, 204);
    const revoked = await only('agent-token.revoked');
    assert.deepEqual([revoked.actor, revoked.targetType, revoked.targetId, revoked.details], ['ops-admin', 'agent-token', token.id, { hostId }]);

    const grantExpiry = new Date(Date.now() + 600_000).toISOString();
    const grant = await as(opsAdmin)(`/api/v1/hosts/${hostId}/re-enroll-grant`, { body: { expiresAt: grantExpiry } });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    const g = await only('re-enroll-grant.created');
    assert.deepEqual([g.actor, g.targetType, g.targetId, g.details], ['ops-admin', 'host', hostId, { expiresAt: grantExpiry }]);

    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}/retire`, { method: 'POST' })).status, 200);
    const rt = await only('host.retired');
    assert.deepEqual(
      [rt.actor, rt.targetType, rt.targetId, rt.details],
      ['ops-admin', 'host', hostId, { hostname: 'gw-17', machineId: report.identity.machineId }],
    );

    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}`, { method: 'DELETE' })).status, 204);
    const d = await only('host.deleted');
    assert.deepEqual(
      [d.actor, d.targetType, d.targetId, d.details],
      ['ops-admin', 'host', hostId, { hostname: 'gw-17', machineId: report.identity.machineId }],
    );
    assert.equal((await as(opsAdmin)(`/api/v1/hosts/${hostId}`, { method: 'DELETE' })).status, 404);
    await only('host.deleted');
  });

  it('records API tokens revoked', async () => {
    assert.equal((await as(opsAdmin)(`/api/v1/tokens/${operatorId}`, { method: 'DELETE' })).status, 204);
    const e = await only('token.revoked');
    assert.deepEqual([e.actor, e.targetType, e.targetId, e.details], ['ops-admin', 'token', operatorId, { name: 'oncall' }]);
  });

  it('records sessions ended by an admin (a sign-out is not an admin action)', async () => {
    const signedIn = await call(`${api.url}/api/v1/sessions`, { body: { token: opsAdmin } });
    assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body));
    assert.equal((await as(opsAdmin)(`/api/v1/sessions/${signedIn.body.id}`, { method: 'DELETE' })).status, 204);
    const e = await only('session.revoked');
    assert.deepEqual([e.actor, e.targetType, e.targetId, e.details], ['ops-admin', 'session', signedIn.body.id, { name: 'ops-admin' }]);
  });

  it('records audit schedules created, changed (old → new) and deleted, and an audit run by hand with its scope', async () => {
    const made = await as(opsAdmin)('/api/v1/audit-schedules', {
      body: { name: 'edge nightly', cron: '0 2 * * *', timeZone: 'Europe/Berlin', scope: { team: 'edge' }, formats: ['csv'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    const c = await only('audit-schedule.created');
    assert.deepEqual(
      [c.actor, c.actorRole, c.targetType, c.targetId, c.details],
      ['ops-admin', 'admin', 'audit-schedule', id, { name: 'edge nightly', cron: '0 2 * * *', timeZone: 'Europe/Berlin', scope: { team: 'edge' } }],
    );
    const changed = await as(opsAdmin)(`/api/v1/audit-schedules/${id}`, { method: 'PATCH', body: { cron: '0 3 * * *', enabled: false, formats: ['csv'] } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const u = await only('audit-schedule.updated');
    assert.deepEqual(
      [u.actor, u.targetId, u.details],
      ['ops-admin', id, { name: 'edge nightly', changed: { cron: { old: '0 2 * * *', new: '0 3 * * *' }, enabled: { old: true, new: false } } }],
      'only the fields that changed',
    );
    assert.equal((await as(opsAdmin)(`/api/v1/audit-schedules/${id}`, { method: 'PATCH', body: { cron: 'never' } })).status, 400);
    await only('audit-schedule.updated'); // a refused change records nothing
    assert.equal((await as(opsAdmin)(`/api/v1/audit-schedules/${id}`, { method: 'DELETE' })).status, 204);
    const d = await only('audit-schedule.deleted');
    assert.deepEqual(
      [d.actor, d.targetId, d.details],
      ['ops-admin', id, { name: 'edge nightly', cron: '0 3 * * *', timeZone: 'Europe/Berlin', scope: { team: 'edge' } }],
    );
    assert.equal((await as(opsAdmin)(`/api/v1/audit-schedules/${id}`, { method: 'DELETE' })).status, 404);
    await only('audit-schedule.deleted');

    const run = await as(opsAdmin)('/api/v1/audits', { body: { scope: { team: 'edge' } } });
    assert.equal(run.status, 202, JSON.stringify(run.body));
    const a = await only('audit.run');
    assert.deepEqual([a.actor, a.actorRole, a.targetType, a.targetId, a.details], ['ops-admin', 'admin', 'audit', run.body.id, { scope: { team: 'edge' } }]);
    assert.equal((await as(opsAdmin)('/api/v1/audits', { body: { scope: { 'bad key!': 'x' } } })).status, 400);
    await only('audit.run');

    const trace = await call(`${api.url}/api/v1/traces?name=t1`, { token: opsAdmin, raw: 'a 1 1 64\nf 1 1 64\n', headers: { 'content-type': 'text/plain' } });
    assert.equal(trace.status, 202, JSON.stringify(trace.body));
    const t = await only('trace.uploaded');
    assert.deepEqual([t.actor, t.actorRole, t.targetType, t.targetId, t.details], ['ops-admin', 'admin', 'trace', trace.body.id, { bytes: 18, events: 2 }]);
    const bad = await call(`${api.url}/api/v1/traces`, { token: opsAdmin, raw: 'a 1 1\n', headers: { 'content-type': 'text/plain' } });
    assert.equal(bad.status, 400);
    await only('trace.uploaded');
  });

  it('pages newest first with filters by actor, target type and time, and never holds a secret', async () => {
    const all = await as(ADMIN)('/api/v1/activity?limit=500');
    assert.equal(all.status, 200);
    const items: Entry[] = all.body.items;
    assert.equal(all.body.total, items.length);
    assert.equal(all.body.nextCursor, null);
    assert.deepEqual(
      items.map((e) => Number(e.id)),
      items.map((e) => Number(e.id)).sort((a, b) => b - a),
      'newest first',
    );
    const recorded = new Set(items.map((e) => e.action));
    for (const action of ACTIVITY_ACTIONS.filter((a) => !a.startsWith('destination.'))) assert.ok(recorded.has(action), `${action} was recorded`);
    const text = JSON.stringify(all.body);
    for (const s of secrets) assert.ok(!text.includes(s), 'no token or secret value in the log');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await as(ADMIN)(`/api/v1/activity?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.total, items.length);
      seen.push(...page.body.items.map((e: Entry) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      items.map((e) => e.id),
      'the pages together are the whole log, in order, once',
    );

    const byOncall = await as(ADMIN)('/api/v1/activity?actor=oncall');
    assert.deepEqual(
      byOncall.body.items.map((e: Entry) => e.action),
      ['silence.revoked', 'silence.created'],
    );
    const hosts = await as(ADMIN)('/api/v1/activity?targetType=host&actor=ops-admin');
    assert.deepEqual(
      hosts.body.items.map((e: Entry) => e.action),
      ['host.deleted', 'host.retired', 're-enroll-grant.created', 'host.labels-changed', 'host.labels-changed'],
    );
    assert.equal((await as(ADMIN)(`/api/v1/activity?since=${encodeURIComponent(started)}`)).body.total, items.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual((await as(ADMIN)(`/api/v1/activity?since=${encodeURIComponent(future)}`)).body, { items: [], nextCursor: null, total: 0 });
    assert.equal((await as(ADMIN)('/api/v1/activity?actor=nobody')).body.total, 0, 'an actor is any name; an unknown one matches nothing');
  });

  it('answers 400 naming the field for a bad cursor, a bad since and unknown filter values; 403 below admin', async () => {
    const refused = async (query: string, path: string) => {
      const res = await as(ADMIN)(`/api/v1/activity?${query}`);
      assert.equal(res.status, 400, `${query}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors?.some((e: { path: string }) => e.path === path),
        `${query}: an error at ${path}: ${JSON.stringify(res.body.errors)}`,
      );
    };
    await refused('cursor=not-a-cursor!', 'query.cursor');
    await refused(`cursor=${Buffer.from('-1').toString('base64url')}`, 'query.cursor');
    await refused(`cursor=${Buffer.from('99999999999999999999').toString('base64url')}`, 'query.cursor');
    await refused(`cursor=${Buffer.from(JSON.stringify({ v: 1, id: randomUUID() })).toString('base64url')}`, 'query.cursor');
    await refused('since=yesterday', 'since');
    await refused('since=2026-02-30T00:00:00Z', 'since');
    await refused('action=token.stolen', 'action');
    await refused('targetType=planet', 'targetType');
    await refused('limit=0', 'limit');
    await refused('limit=501', 'limit');
    await refused('colour=red', 'colour');
    assert.equal((await as(viewer)('/api/v1/activity')).status, 403);
    assert.equal((await call(`${api.url}/api/v1/activity`)).status, 401);
  });
});

describe('activity log in embedded mode: PGlite on one connection', { timeout: 120_000 }, () => {
  let dataDir: string;
  let api: RunningApi;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-activity-'));
    api = await startApi({ MEMFLEET_DATA_DIR: dataDir, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET, MEMFLEET_METRICS_PUBLIC: 'true' });
  });
  after(async () => {
    await api?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records actions made at once, each with its change in one transaction, without waiting on the single connection', async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: `bot-${i}`, role: 'viewer' } })),
    );
    assert.deepEqual(
      created.map((r) => r.status),
      [201, 201, 201, 201, 201, 201],
    );
    await Promise.all(created.slice(0, 3).map((r) => call(`${api.url}/api/v1/tokens/${r.body.id}`, { method: 'DELETE', token: ADMIN })));
    const log = (await call(`${api.url}/api/v1/activity?limit=500`, { token: ADMIN })).body;
    assert.deepEqual(
      [log.total, log.items.filter((e: Entry) => e.action === 'token.created').length, log.items.filter((e: Entry) => e.action === 'token.revoked').length],
      [9, 6, 3],
    );
    const metrics = await call(`${api.url}/metrics`);
    assert.match(metrics.body as string, /memfleet_hosts\{state="reporting"\} 0/);
  });
});
