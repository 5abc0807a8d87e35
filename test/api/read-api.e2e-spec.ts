import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'read-admin-token-0123456789';
const SECRET = 'read-enroll-secret-0123456789';
const REDIS_RULE = 'redis-overcommit-bgsave';

describe('read API over a seeded fleet (real PostgreSQL, inline evaluation)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  const hosts: { id: string; hostname: string; token: string; report: Report }[] = [];
  const get = (path: string, token = ADMIN) => call(`${api.url}${path}`, { token });

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (let i = 0; i < 6; i++) {
      const report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: `web-${String(i).padStart(2, '0')}` });
      report.labels = { env: i < 3 ? 'prod' : 'staging' };
      if (i < 3) withProcess(report, { subject: 'redis:/usr/bin/redis-server', exe: '/usr/bin/redis-server', runtimes: [{ kind: 'redis', version: '7.2.4' }] });
      const { hostId, agentToken } = await enroll(api.url, SECRET, report, report.labels);
      for (const sequence of [1, 2]) {
        const res = await postReport(api.url, agentToken, { ...report, sequence }, { wait: 30 });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      hosts.push({ id: hostId, hostname: report.configuration.host.hostname, token: agentToken, report });
    }
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('pages through every host with a cursor, in hostname order, with the total', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await get(`/api/v1/hosts?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.total, 6);
      seen.push(...page.body.items.map((h: { hostname: string }) => h.hostname));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['web-00', 'web-01', 'web-02', 'web-03', 'web-04', 'web-05']);
    const desc = await get('/api/v1/hosts?sort=-hostname&limit=2');
    assert.deepEqual(
      desc.body.items.map((h: { hostname: string }) => h.hostname),
      ['web-05', 'web-04'],
    );
  });

  it('filters hosts by label, rule, search text and staleness', async () => {
    assert.equal((await get('/api/v1/hosts?label=env=prod')).body.total, 3);
    assert.equal((await get(`/api/v1/hosts?rule=${REDIS_RULE}`)).body.total, 3);
    assert.deepEqual(
      (await get('/api/v1/hosts?q=web-04')).body.items.map((h: { hostname: string }) => h.hostname),
      ['web-04'],
    );
    assert.equal((await get('/api/v1/hosts?stale=true')).body.total, 0);
    assert.equal((await get('/api/v1/hosts?stale=false')).body.total, 6);
  });

  it('answers bad query parameters with 400 and the parameter path', async () => {
    for (const [q, path] of [
      ['limit=0', 'limit'],
      ['sort=bogus', 'sort'],
      ['cursor=garbage', 'query.cursor'],
      ['severity=huge', 'severity'],
      ['label=novalue', 'query.label'],
      ['label=bad%20key=x', 'query.label'],
    ]) {
      const res = await get(`/api/v1/hosts?${q}`);
      assert.equal(res.status, 400, q);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${q}: ${JSON.stringify(res.body.errors)}`,
      );
    }
  });

  it('shows a host with its latest facts, every rule result and its report history', async () => {
    const h = hosts[0];
    const res = await get(`/api/v1/hosts/${h.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.configuration.memory.memTotalBytes, h.report.configuration.memory.memTotalBytes);
    assert.equal(res.body.latestReport.sequence, 2);
    assert.deepEqual(
      res.body.history.map((e: { sequence: number }) => e.sequence),
      [2, 1],
    );
    const redis = res.body.findings.find((f: { ruleId: string; subject: string }) => f.ruleId === REDIS_RULE && f.subject === 'redis:/usr/bin/redis-server');
    assert.equal(redis?.outcome, 'hit');
    assert.ok(redis.remediation.length > 0, 'a hit carries remediation');
    const outcomes = new Set(res.body.findings.map((f: { outcome: string }) => f.outcome));
    assert.ok(outcomes.has('not-applicable'), 'rules for absent runtimes say not-applicable');
    const facts = await get(`/api/v1/hosts/${h.id}/reports/${res.body.history[1].reportId}/facts`);
    assert.equal(facts.body.sequence, 1);
    assert.equal((await get(`/api/v1/hosts/${randomUUID()}`)).status, 404);
  });

  it('lists findings across the fleet by rule and outcome', async () => {
    const hits = await get(`/api/v1/findings?rule=${REDIS_RULE}`);
    assert.equal(hits.body.total, 3);
    assert.ok(hits.body.items.every((f: { outcome: string; hostname: string }) => f.outcome === 'hit' && f.hostname.startsWith('web-0')));
    const prod = await get(`/api/v1/findings?rule=${REDIS_RULE}&label=env=staging`);
    assert.equal(prod.body.total, 0);
  });

  it('computes fleet statistics that agree with the host list', async () => {
    const summary = (await get('/api/v1/stats/summary')).body;
    assert.deepEqual(summary.hosts, { total: 6, reporting: 6, stale: 0, retired: 0 });
    const all = (await get('/api/v1/hosts?limit=500')).body.items as { findingCounts: { critical: number; warning: number; info: number } }[];
    const sum = (k: 'critical' | 'warning' | 'info') => all.reduce((n, h) => n + h.findingCounts[k], 0);
    assert.deepEqual(summary.findings, { critical: sum('critical'), warning: sum('warning'), info: sum('info') });
    assert.equal(summary.topRules.find((r: { ruleId: string }) => r.ruleId === REDIS_RULE)?.hosts, 3);
    const dist = (await get('/api/v1/stats/distributions')).body;
    assert.deepEqual(dist.overcommitMemory, [{ value: 0, hosts: 6 }]);
    assert.ok(dist.allocator.some((a: { value: string; processes: number }) => a.value === 'glibc' && a.processes === 3));
    const events = (await get('/api/v1/stats/finding-events?days=7')).body;
    assert.equal(events.buckets.length, 7);
    const today = events.buckets[6];
    assert.ok(today.opened.critical + today.opened.warning + today.opened.info >= 3, JSON.stringify(today));
    const rules = (await get('/api/v1/rules')).body;
    const redis = rules.items.find((r: { id: string }) => r.id === REDIS_RULE);
    assert.equal(redis.hostsAffected.critical + redis.hostsAffected.warning + redis.hostsAffected.info, 3);
    assert.deepEqual(redis.inputs, ['withRuntime', 'overcommitMemory'], 'each rule lists the facts it declares');
    assert.deepEqual(
      redis.remediations.map((s: { key: string; effect: string }) => [s.key, s.effect]),
      [['sysctl.overcommit-1', 'fixes']],
      'each step the rule can offer, with what it does',
    );
  });

  it('enforces roles: viewers read, only admins label, delete and mint tokens', async () => {
    const created = await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'dash', role: 'viewer' } });
    assert.equal(created.status, 201);
    const viewer = created.body.token;
    assert.deepEqual((await get('/api/v1/auth/whoami', viewer)).body, { kind: 'api', name: 'dash', role: 'viewer' });
    assert.equal((await get('/api/v1/hosts', viewer)).status, 200);
    const patchAs = (token: string, labels: Record<string, string | null>) =>
      call(`${api.url}/api/v1/hosts/${hosts[5].id}/labels`, { method: 'PATCH', token, body: { labels } });
    assert.equal((await patchAs(viewer, { owner: 'sre' })).status, 403);
    assert.equal((await call(`${api.url}/api/v1/tokens`, { token: viewer, body: { name: 'x', role: 'admin' } })).status, 403);
    const labelled = await patchAs(ADMIN, { owner: 'sre', env: 'canary' });
    assert.deepEqual(labelled.body.labels, { env: 'canary', owner: 'sre' }, 'admin labels overlay agent labels');
    assert.equal((await get('/api/v1/hosts?label=owner=sre')).body.total, 1);
    const unlabelled = await patchAs(ADMIN, { env: null });
    assert.deepEqual(unlabelled.body.labels, { env: 'staging', owner: 'sre' }, 'removing the admin label shows the agent label again');
    assert.equal((await call(`${api.url}/api/v1/tokens/${created.body.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    assert.equal((await get('/api/v1/hosts', viewer)).status, 401, 'a revoked token is refused');
  });

  it('deletes a host with its findings (admin), after which its agent token no longer works', async () => {
    const h = hosts[4];
    assert.equal((await call(`${api.url}/api/v1/hosts/${h.id}`, { method: 'DELETE', token: ADMIN })).status, 204);
    assert.equal((await get(`/api/v1/hosts/${h.id}`)).status, 404);
    assert.equal((await get(`/api/v1/findings?hostId=${h.id}&outcome=not-applicable`)).body.total, 0);
    assert.equal((await postReport(api.url, h.token, { ...h.report, sequence: 3 })).status, 401);
  });
});
