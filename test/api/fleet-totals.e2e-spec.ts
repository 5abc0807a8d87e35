import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { envoyHost, ENVOY_RULE as ENVOY } from '../helpers/envoy-hosts';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'totals-admin-token-0123456789';
const SECRET = 'totals-enroll-secret-0123456789';

describe('fleet totals say what they leave out (real PostgreSQL, inline evaluation)', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  let escalating: string; // one Envoy: warning, then critical
  let twoCritical: string; // two critical Envoys on one host
  let passing: string; // one Envoy under the warning line
  let operator: string;
  const get = (path: string, token = ADMIN) => call(`${api.url}${path}`, { token });
  const envoyTop = async () => ((await get('/api/v1/stats/summary')).body.topRules as { ruleId: string }[]).find((r) => r.ruleId === ENVOY);

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    const seed = async (report: Report) => {
      const { hostId, agentToken } = await enroll(api.url, SECRET, report);
      const res = await postReport(api.url, agentToken, report, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { hostId, agentToken };
    };
    const first = envoyHost('gw-escalates', 64, [{ name: 'edge', concurrency: 40 }]);
    const esc = await seed(first);
    escalating = esc.hostId;
    const later = envoyHost('gw-escalates', 64, [{ name: 'edge', concurrency: 120 }]);
    later.identity = first.identity;
    const res = await postReport(api.url, esc.agentToken, { ...later, sequence: 2 }, { wait: 30 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    twoCritical = (
      await seed(
        envoyHost('gw-two', 255, [
          { name: 'a', concurrency: null },
          { name: 'b', concurrency: null },
        ]),
      )
    ).hostId;
    passing = (await seed(envoyHost('gw-small', 64, [{ name: 'edge', concurrency: 16 }]))).hostId;
    operator = (await call(`${api.url}/api/v1/tokens`, { token: ADMIN, body: { name: 'oncall', role: 'operator' } })).body.token;
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('counts hosts in every column of the top rules, not hits', async () => {
    const hits = (await get(`/api/v1/findings?rule=${ENVOY}`)).body;
    assert.equal(hits.total, 3, 'three hits: one on the escalated host, two on the other');
    const top = (await envoyTop()) as unknown as { hosts: number; critical: number; warning: number; info: number };
    assert.deepEqual([top.hosts, top.critical, top.warning, top.info], [2, 2, 0, 0], 'two hosts, both with a critical hit');
  });

  it('charts an escalation (warning → critical) beside the openings, so the chart adds up to the active counts', async () => {
    const today = (await get('/api/v1/stats/finding-events?days=1')).body.buckets[0];
    assert.deepEqual(today.escalated, { critical: 1, warning: 0 }, JSON.stringify(today));
    assert.equal(today.deescalated, 0);
    const envoyCriticalNow = (await get(`/api/v1/findings?rule=${ENVOY}&severity=critical`)).body.total;
    assert.equal(envoyCriticalNow, 3);
    assert.ok(today.opened.warning >= 1, 'the escalated hit opened as a warning');
  });

  it('covers only hits with a fleet-wide silence, and each silenced finding says who silenced it, why and until when', async () => {
    const before = (await get('/api/v1/stats/summary')).body;
    assert.deepEqual(before.silenced, { critical: 0, warning: 0, info: 0 });
    assert.equal((await get(`/api/v1/findings?rule=${ENVOY}&outcome=pass`)).body.total, 1, 'the small gateway passes');
    const created = await call(`${api.url}/api/v1/silences`, {
      token: operator,
      body: { ruleId: ENVOY, reason: 'gateways resized on Friday', durationHours: 24 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.findingsCovered, 3, 'three hits, not the pass');
    const listed = (await get(`/api/v1/silences?ruleId=${ENVOY}`)).body;
    assert.equal(listed[0].findingsCovered, 3);

    const after = (await get('/api/v1/stats/summary')).body;
    assert.deepEqual(after.silenced, { critical: 3, warning: 0, info: 0 });
    assert.equal(after.findings.critical, before.findings.critical - 3, 'the silenced hits leave the active total');
    assert.equal(await envoyTop(), undefined, 'a fully silenced rule leaves the top rules');

    const silenced = (await get(`/api/v1/findings?rule=${ENVOY}&silenced=true`)).body.items as { hostId: string; silence: Record<string, string> | null }[];
    assert.equal(silenced.length, 3);
    for (const f of silenced) {
      assert.deepEqual(f.silence, { id: created.body.id, reason: 'gateways resized on Friday', author: 'oncall', expiresAt: created.body.expiresAt });
    }
    const host = (await get(`/api/v1/hosts/${twoCritical}`)).body;
    assert.ok(
      host.findings.filter((f: { ruleId: string }) => f.ruleId === ENVOY).every((f: { silence: { id: string } | null }) => f.silence?.id === created.body.id),
      'the host page carries the silence too',
    );

    assert.equal((await call(`${api.url}/api/v1/silences/${created.body.id}`, { method: 'DELETE', token: operator })).status, 204);
    const revoked = (await get(`/api/v1/findings?rule=${ENVOY}`)).body.items as { silenced: boolean; silence: unknown }[];
    assert.ok(
      revoked.every((f) => !f.silenced && f.silence === null),
      JSON.stringify(revoked),
    );
    assert.deepEqual((await get('/api/v1/stats/summary')).body.silenced, { critical: 0, warning: 0, info: 0 });
  });

  it('filters hosts by each distribution the overview shows', async () => {
    const names = async (q: string) => ((await get(`/api/v1/hosts?${q}`)).body.items as { id: string }[]).map((h) => h.id).sort();
    assert.deepEqual(await names('cpuOnlineCount=255'), [twoCritical]);
    assert.deepEqual(await names('cpuOnlineCount=64'), [escalating, passing].sort());
    assert.equal((await names('thpEnabled=madvise')).length, 3);
    assert.equal((await names('thpEnabled=never')).length, 0);
    assert.equal((await names('overcommitMemory=0')).length, 3);
    assert.equal((await names('architecture=x86_64')).length, 3);
    assert.equal((await names('architecture=s390x')).length, 0);
    assert.equal((await names('allocator=mimalloc')).length, 0);
  });

  it('answers bad distribution filters and event ranges with 400 naming the parameter', async () => {
    for (const [q, path] of [
      ['hosts?overcommitMemory=7', 'overcommitMemory'],
      ['hosts?overcommitMemory=one', 'overcommitMemory'],
      ['hosts?cpuOnlineCount=0', 'cpuOnlineCount'],
      ['hosts?cpuOnlineCount=2.5', 'cpuOnlineCount'],
      ['hosts?thpEnabled=sometimes', 'thpEnabled'],
      ['hosts?allocator=dlmalloc', 'allocator'],
      ['hosts/export?format=csv&allocator=dlmalloc', 'allocator'],
      ['stats/finding-events?days=0', 'days'],
      ['stats/finding-events?days=many', 'days'],
    ]) {
      const res = await get(`/api/v1/${q}`);
      assert.equal(res.status, 400, `${q}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { path: string; reason: string }) => e.path === path && e.reason.length > 0),
        `${q}: ${JSON.stringify(res.body.errors)}`,
      );
    }
  });
});
