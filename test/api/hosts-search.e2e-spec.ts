import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleReport, withProcess, type Report, type RuntimeKind } from '@memfleet/contracts';
import { call, enroll, postReport } from '../helpers/api-client';
import { startApi, type RunningApi } from '../helpers/processes';
import { createThrowawayDatabase, type ThrowawayDb } from '../helpers/throwaway-db';

const ADMIN = 'hosts-search-admin-token-0123456789';
const SECRET = 'hosts-search-enroll-secret-0123456789';

type Shape = { name: string; mem: number; runtimes: [RuntimeKind, string, string][]; labels?: Record<string, string> };
// [kind, version, exe]; the Higress gateway's hostname says nothing of envoy.
const FLEET: Shape[] = [
  { name: 'gw-higress-1', mem: 8, runtimes: [['envoy', '1.33.2', '/usr/local/bin/envoy']], labels: { team: 'edge' } },
  { name: 'gw-higress-2', mem: 32, runtimes: [['envoy', '1.34.1', '/usr/local/bin/envoy']], labels: { team: 'edge' } },
  { name: 'cache-a', mem: 64, runtimes: [['redis', '7.2.4', '/usr/bin/redis-server']] },
  { name: 'cache-b', mem: 16, runtimes: [['redis', '7.2.4', '/usr/bin/redis-server']] },
  { name: 'batch-1', mem: 4, runtimes: [['jvm', '17.0.9', '/usr/lib/jvm/bin/java']] },
];

describe('hosts search, sort and the runtime inventory over HTTP', { timeout: 180_000 }, () => {
  let db: ThrowawayDb;
  let api: RunningApi;
  const get = (path: string) => call(`${api.url}${path}`, { token: ADMIN });
  const hostnames = async (query: string) => {
    const res = await get(`/api/v1/hosts?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { hostname: string }[]).map((h) => h.hostname);
  };

  before(async () => {
    db = await createThrowawayDatabase();
    api = await startApi({ DATABASE_URL: db.url, MEMFLEET_ADMIN_TOKEN: ADMIN, MEMFLEET_ENROLL_SECRET: SECRET });
    for (const shape of FLEET) {
      const report: Report = sampleReport({ machineId: randomUUID().replace(/-/g, ''), hostname: shape.name });
      report.labels = shape.labels ?? {};
      report.configuration.memory.memTotalBytes = shape.mem * 2 ** 30;
      for (const [kind, version, exe] of shape.runtimes)
        withProcess(report, { subject: `${kind}:${exe}`, exe, runtimes: [{ kind, version, versionSource: 'binary' }] });
      const { agentToken } = await enroll(api.url, SECRET, report);
      const res = await postReport(api.url, agentToken, { ...report, sequence: 1 }, { wait: 30 });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });

  after(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('finds hosts by runtime and version, by process, by label and by a plain word that only the inventory holds', async () => {
    assert.deepEqual(await hostnames(`q=${encodeURIComponent('runtime:envoy version:<1.34')}`), ['gw-higress-1']);
    assert.deepEqual(await hostnames(`q=${encodeURIComponent('runtime:envoy version:>=1.34')}`), ['gw-higress-2']);
    assert.deepEqual(await hostnames(`q=envoy`), ['gw-higress-1', 'gw-higress-2']);
    assert.deepEqual(await hostnames(`q=${encodeURIComponent('process:redis-server')}`), ['cache-a', 'cache-b']);
    assert.deepEqual(await hostnames(`q=${encodeURIComponent('label:team=edge version:>1.9')}`), ['gw-higress-1', 'gw-higress-2'], '1.33 > 1.9');
    const res = await get(`/api/v1/hosts?q=${encodeURIComponent('runtime:redis')}`);
    assert.equal(res.body.total, 2);
  });

  it('answers 400 as problem+json naming a malformed term and why', async () => {
    for (const [q, reason] of [
      ['envoy version:<abc', /term "version:<abc": "abc" is not a version/],
      ['colour:red', /term "colour:red": unknown key "colour"/],
      ['runtime:nginx', /term "runtime:nginx": unknown runtime kind "nginx"/],
      ['label:team', /term "label:team": label must look like key=value/],
    ] as const) {
      const res = await get(`/api/v1/hosts?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 400, q);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(res.body.errors.length, 1);
      assert.equal(res.body.errors[0].path, 'query.q');
      assert.match(res.body.errors[0].reason, reason);
      assert.match(res.body.detail, reason);
    }
    const exported = await get(`/api/v1/hosts/export?format=csv&q=${encodeURIComponent('version:<')}`);
    assert.equal(exported.status, 400, 'the export reads q the same way');
  });

  it('sorts by every column and pages every host once, in order, for each sort key', async () => {
    assert.deepEqual(await hostnames('sort=-memTotalBytes'), ['cache-a', 'gw-higress-2', 'cache-b', 'gw-higress-1', 'batch-1']);
    for (const field of ['hostname', 'lastSeenAt', 'memTotalBytes', 'cpuOnlineCount', 'critical', 'warning'])
      for (const sort of [field, `-${field}`]) {
        const whole = await hostnames(`sort=${sort}`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await get(`/api/v1/hosts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.status, 200, `${sort}: ${JSON.stringify(res.body)}`);
          paged.push(...(res.body.items as { hostname: string }[]).map((h) => h.hostname));
          cursor = res.body.nextCursor;
        } while (cursor);
        assert.deepEqual(paged, whole, sort);
        assert.equal(new Set(paged).size, FLEET.length, sort);
      }
    assert.deepEqual(await hostnames('sort=-lastSeen'), await hostnames('sort=-lastSeenAt'), 'lastSeen is lastSeenAt');
    assert.deepEqual(await hostnames('sort=onlineCpus'), await hostnames('sort=cpuOnlineCount'), 'onlineCpus is cpuOnlineCount');
    const bad = await get('/api/v1/hosts?sort=memory');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'sort');
  });

  it('counts runtimes by kind and version with a hosts search for each, in pages, and refuses bad input by name', async () => {
    const res = await get('/api/v1/inventory/runtimes');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.items[0], { kind: 'redis', version: '7.2.4', hosts: 2, processes: 2, hostsQuery: 'runtime:redis version:=7.2.4' });
    assert.equal(res.body.total, 4);
    for (const item of res.body.items as { hosts: number; hostsQuery: string }[])
      assert.equal((await get(`/api/v1/hosts?q=${encodeURIComponent(item.hostsQuery)}`)).body.total, item.hosts, item.hostsQuery);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/inventory/runtimes?sort=kind&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...(page.body.items as { kind: string; version: string }[]).map((r) => `${r.kind} ${r.version}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(pages, ['envoy 1.33.2', 'envoy 1.34.1', 'jvm 17.0.9', 'redis 7.2.4']);
    assert.deepEqual(
      ((await get('/api/v1/inventory/runtimes?kind=envoy&sort=-kind')).body.items as { version: string }[]).map((r) => r.version),
      ['1.34.1', '1.33.2'],
    );

    for (const [query, path] of [
      ['sort=popularity', 'sort'],
      ['kind=nginx', 'kind'],
      ['limit=0', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ]) {
      const bad = await get(`/api/v1/inventory/runtimes?${query}`);
      assert.equal(bad.status, 400, query);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.deepEqual(
        (bad.body.errors as { path: string }[]).map((e) => e.path),
        [path],
        query,
      );
    }
  });
});
