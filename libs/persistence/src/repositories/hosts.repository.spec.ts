import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { parseHostSearch, sampleReport, versionKey, withProcess, type Runtime } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, evaluatedReport, findingWrite, storedReport } from '../testing/repository-fixtures';
import { HostsRepository, type HostFilter, type HostSort } from './hosts.repository';

const search = (q: string): HostFilter => {
  const parsed = parseHostSearch(q);
  assert.ok(parsed.ok, q);
  return { search: parsed.terms };
};
import type { KeysetCursor } from './sql-fragments';

describe('HostsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: HostsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new HostsRepository(ds);
  });
  after(async () => close());

  const names = async (filter: HostFilter, sort: HostSort = 'hostname') => {
    const page = await repo.list(filter, sort, null, 50);
    assert.equal(page.total, page.rows.length);
    return page.rows.map((r) => r.hostname);
  };

  it('enrols a new identity; an existing one stays untouched without a grant, and with one is revived once, its old tokens revoked', async () => {
    const first = { machineId: 'm-enrol', dmiProductUuid: '', hostname: 'first', labels: { env: 'a' } };
    const second = { ...first, hostname: 'second', labels: { env: 'b' } };
    const { hostId: id, created } = await repo.enroll(first, 'a'.repeat(64));
    assert.equal(created, true);
    await repo.updateLabels(id, { owner: 'x' }, []);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [id]);
    const row = () => ds.query(`SELECT hostname, agent_labels, admin_labels, labels, retired_at IS NULL AS live FROM hosts WHERE id = $1`, [id]);
    const tokens = async () =>
      (await ds.query(`SELECT token_hash, revoked_at IS NOT NULL AS revoked FROM agent_tokens WHERE host_id = $1 ORDER BY created_at`, [id])).map(
        (t: { token_hash: string; revoked: boolean }) => `${t.token_hash[0]}${t.revoked ? ' revoked' : ''}`,
      );
    const before = await row();

    assert.deepEqual(await repo.enroll(second, 'b'.repeat(64)), { hostId: id, created: false });
    assert.equal(await repo.reenroll(id, second, 'b'.repeat(64)), null, 'no grant');
    assert.deepEqual(await row(), before, 'nothing changed');
    assert.deepEqual(await tokens(), ['a']);

    assert.equal(await repo.grantReenroll(id, new Date(Date.now() - 1000), 'admin').then((g) => g?.hostId), id);
    assert.equal(await repo.reenroll(id, second, 'b'.repeat(64)), null, 'an expired grant is no grant');

    const grant = (await repo.grantReenroll(id, new Date(Date.now() + 60_000), 'admin'))!;
    assert.deepEqual([grant.hostId, grant.createdBy, grant.expiresAt instanceof Date], [id, 'admin', true]);
    assert.equal(await repo.reenroll(id, second, 'b'.repeat(64)), 1);
    assert.deepEqual(await row(), [
      { hostname: 'second', agent_labels: { env: 'b' }, admin_labels: { owner: 'x' }, labels: { env: 'b', owner: 'x' }, live: true },
    ]);
    assert.deepEqual(await tokens(), ['a revoked', 'b']);
    assert.equal(await repo.reenroll(id, first, 'c'.repeat(64)), null, 'the grant is used up');
    assert.deepEqual(await tokens(), ['a revoked', 'b']);

    assert.equal(await repo.grantReenroll(randomUUID(), new Date(Date.now() + 60_000), 'admin'), null, 'no such host');
    const clone = await repo.enroll({ ...first, dmiProductUuid: 'dmi-2', hostname: 'clone' }, 'c'.repeat(64));
    assert.equal(clone.created, true, 'another DMI product UUID is another host');
  });

  it('gives concurrent enrolls of one new identity one host and one token', async () => {
    const host = { machineId: `m-race-${randomUUID()}`, dmiProductUuid: '', hostname: 'race', labels: {} };
    const outcomes = await Promise.all(['d', 'e', 'f', '1'].map((c) => repo.enroll(host, c.repeat(64))));
    assert.equal(outcomes.filter((o) => o.created).length, 1);
    assert.equal(new Set(outcomes.map((o) => o.hostId)).size, 1);
    assert.equal((await ds.query(`SELECT count(*)::int AS n FROM agent_tokens WHERE host_id = $1`, [outcomes[0].hostId]))[0].n, 1);
  });

  it('lets one of several concurrent re-enrolls use a grant, and issues one token', async () => {
    const host = { machineId: `m-regrant-${randomUUID()}`, dmiProductUuid: '', hostname: 'regrant', labels: {} };
    const { hostId } = await repo.enroll(host, '2'.repeat(64));
    await repo.grantReenroll(hostId, new Date(Date.now() + 60_000), 'admin');
    const outcomes = await Promise.all(['3', '4', '5'].map((c) => repo.reenroll(hostId, host, c.repeat(64))));
    assert.deepEqual(
      outcomes.filter((o) => o !== null),
      [1],
    );
    const live = await ds.query(`SELECT count(*)::int AS n FROM agent_tokens WHERE host_id = $1 AND revoked_at IS NULL`, [hostId]);
    assert.equal(live[0].n, 1);
  });

  it('reads a host summary, sets and removes admin labels, and deletes a host with its reports', async () => {
    const h = await enrolledHost(ds, { hostname: 'sum' });
    await storedReport(ds, h.id, { report: sampleReport({ machineId: h.machineId, hostname: 'sum-1' }) });
    const s = (await repo.summary(h.id))!;
    assert.deepEqual(
      [s.id, s.hostname, s.machineId, s.intervalSeconds, s.stale, s.retiredAt, s.agentVersion, s.memTotalBytes, s.cpuOnlineCount, s.critical_count],
      [h.id, 'sum-1', h.machineId, 300, false, null, '0.1.0', 16 * 1024 ** 3, 8, 0],
    );
    assert.ok(s.lastSeenAt instanceof Date);
    assert.equal(await repo.summary(randomUUID()), null);
    assert.equal(await repo.exists(h.id), true);

    assert.deepEqual(await repo.updateLabels(h.id, { team: 'mem', env: 'admin' }, []), { old: {}, new: { team: 'mem', env: 'admin' } });
    assert.deepEqual((await repo.summary(h.id))!.labels, { env: 'admin', team: 'mem' }, 'admin labels win over the agent’s');
    await repo.updateLabels(h.id, {}, ['env']);
    assert.deepEqual((await repo.summary(h.id))!.labels, { env: 'test', team: 'mem' }, "removing the admin label shows the agent's again");
    assert.equal(await repo.updateLabels(randomUUID(), { a: 'b' }, []), null);

    assert.deepEqual(await repo.remove(h.id), { hostname: 'sum-1', machineId: h.machineId });
    assert.equal(await repo.exists(h.id), false);
    assert.equal((await ds.query(`SELECT count(*)::int AS n FROM reports WHERE host_id = $1`, [h.id]))[0].n, 0);
    assert.equal(await repo.remove(h.id), null);
  });

  it('retires hosts silent for the given days, once', async () => {
    const silent = await enrolledHost(ds);
    const recent = await enrolledHost(ds);
    await ds.query(`UPDATE hosts SET retired_at = NULL, last_seen_at = now() - interval '40 days' WHERE id = $1`, [silent.id]);
    await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '2 days' WHERE id = $1`, [recent.id]);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id NOT IN ($1, $2)`, [silent.id, recent.id]);
    assert.equal(await repo.retireSilent(30), 1);
    assert.equal(await repo.retireSilent(30), 0);
    assert.ok((await repo.summary(silent.id))!.retiredAt instanceof Date);
    assert.equal((await repo.summary(recent.id))!.retiredAt, null);
  });

  it('pages the ids of active hosts that reported, and gives their latest reports', async () => {
    await ds.query(`DELETE FROM hosts`);
    const reporting = await Promise.all([0, 1, 2].map(() => enrolledHost(ds)));
    const latest: string[] = [];
    for (const h of reporting) latest.push((await storedReport(ds, h.id)).report_id!);
    await enrolledHost(ds); // never reported
    const retired = await enrolledHost(ds);
    await storedReport(ds, retired.id);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [retired.id]);
    const sorted = reporting.map((h) => h.id).sort();
    assert.deepEqual(await repo.reportingIdsAfter('00000000-0000-0000-0000-000000000000', 10), sorted);
    assert.deepEqual(await repo.reportingIdsAfter(sorted[0], 1), [sorted[1]]);
    assert.deepEqual((await repo.latestReportIds([...reporting.map((h) => h.id), randomUUID()])).sort(), [...latest].sort());
  });

  it('recounts host totals from unsilenced hits', async () => {
    const h = await enrolledHost(ds);
    await evaluatedReport(ds, h.id, 1, [
      findingWrite('r1', 'a', 'hit', 'critical'),
      findingWrite('r1', 'b', 'hit', 'critical', { silenced: true }),
      findingWrite('r2', '', 'hit', 'info'),
      findingWrite('r3', '', 'pass', null),
    ]);
    await ds.query(`UPDATE hosts SET critical_count = 9, warning_count = 9, info_count = 9 WHERE id = $1`, [h.id]);
    await repo.recountHits([h.id]);
    const s = (await repo.summary(h.id))!;
    assert.deepEqual([s.critical_count, s.warning_count, s.info_count], [1, 0, 1]);
  });

  describe('list', () => {
    const ids: Record<string, string> = {};

    before(async () => {
      await ds.query(`DELETE FROM hosts`);
      // alpha: critical r1 hit, prod; beta: warning, stale, xen; gam_ma: silenced hit only; retired-one: retired.
      for (const name of ['alpha', 'beta', 'gam_ma', 'gamxma', 'retired-one']) {
        const h = await enrolledHost(ds, { machineId: `mid-${name}` });
        ids[name] = h.id;
        const report = sampleReport({ machineId: h.machineId, hostname: name });
        if (name === 'beta') report.configuration.virtualization.hypervisor = 'xen';
        const findings =
          name === 'alpha'
            ? [findingWrite('r1', '', 'hit', 'critical')]
            : name === 'beta'
              ? [findingWrite('r2', '', 'hit', 'warning')]
              : name === 'gam_ma'
                ? [findingWrite('r1', '', 'hit', 'critical', { silenced: true })]
                : [];
        await evaluatedReport(ds, h.id, 1, findings, report);
      }
      await repo.updateLabels(ids.alpha, { tier: 'prod' }, []);
      await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [ids.beta]);
      await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [ids['retired-one']]);
    });

    it('filters by search text, labels, rule, severity, staleness, hypervisor and retirement', async () => {
      assert.deepEqual(await names({}), ['alpha', 'beta', 'gam_ma', 'gamxma']);
      assert.deepEqual(await names({ retired: true }), ['alpha', 'beta', 'gam_ma', 'gamxma', 'retired-one']);
      assert.deepEqual(await names(search('GAM_')), ['gam_ma'], 'case-insensitive, and _ matches only itself');
      assert.deepEqual(await names(search('mid-b')), ['beta'], 'a machine id');
      assert.deepEqual(await names({ labels: { tier: 'prod', env: 'test' } }), ['alpha']);
      assert.deepEqual(await names({ rule: 'r1' }), ['alpha'], 'a silenced hit does not count');
      assert.deepEqual(await names({ severity: 'warning' }), ['beta']);
      assert.deepEqual(await names({ stale: true }), ['beta']);
      assert.deepEqual(await names({ stale: false }), ['alpha', 'gam_ma', 'gamxma']);
      assert.deepEqual(await names({ hypervisor: 'xen' }), ['beta']);
      assert.deepEqual(await names({ severity: 'critical', labels: { tier: 'dev' } }), []);
    });

    it('sorts and pages with a keyset cursor: every host once, in order, the total on every page', async () => {
      for (const [sort, expected] of [
        ['-hostname', ['gamxma', 'gam_ma', 'beta', 'alpha']],
        ['-critical', ['alpha']],
        ['lastSeenAt', ['beta']],
      ] as const) {
        assert.deepEqual((await names({}, sort)).slice(0, expected.length), expected, sort);
      }
      const seen: string[] = [];
      let after: KeysetCursor | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const page = await repo.list({}, '-lastSeenAt', after, 1);
        assert.equal(page.total, 4);
        seen.push(page.rows[0].hostname);
        if (page.rows.length <= 1) break;
        assert.equal(page.rows.length, 2, 'one row more than the limit says there is a next page');
        const v = page.rows[0].sort_value;
        after = { v: v instanceof Date ? v.toISOString() : v, id: page.rows[0].id };
      }
      assert.deepEqual([...seen].sort(), ['alpha', 'beta', 'gam_ma', 'gamxma']);
      assert.equal(seen[seen.length - 1], 'beta', 'the stale host last when newest first');
    });

    it('exports in batches after the last row: the list’s hosts, each once, in id order or in a sort order', async () => {
      const all = async (filter: HostFilter, sort: HostSort | null, size: number) => {
        const out: { id: string; hostname: string }[] = [];
        let after: KeysetCursor | null = null;
        for (;;) {
          const batch = await repo.exportBatch(filter, sort, after, size);
          out.push(...batch);
          if (batch.length < size) return out;
          const last = batch[batch.length - 1];
          after = { v: last.sort_value, id: last.id };
        }
      };
      for (const filter of [{}, { retired: true }, { stale: false }, { rule: 'r1' }, search('gam')] as HostFilter[]) {
        const listed = await names(filter);
        const byId = await all(filter, null, 1);
        assert.deepEqual(byId.map((h) => h.hostname).sort(), [...listed].sort(), JSON.stringify(filter));
        assert.deepEqual(
          byId.map((h) => h.id),
          byId.map((h) => h.id).sort(),
          'id order',
        );
      }
      assert.deepEqual(
        (await all({}, '-hostname', 3)).map((h) => h.hostname),
        await names({}, '-hostname'),
      );
      assert.deepEqual(
        (await all({}, '-lastSeenAt', 1)).map((h) => h.hostname),
        await names({}, '-lastSeenAt'),
      );
    });
  });

  describe('search by inventory and sort by every column', () => {
    const ids: Record<string, string> = {};
    const runtime = (kind: Runtime['kind'], version: string | null): Runtime => ({ kind, version, versionSource: 'binary' });

    before(async () => {
      await ds.query(`DELETE FROM hosts`);
      const hosts: [string, (r: ReturnType<typeof sampleReport>) => void][] = [
        // A Higress gateway: nothing in its name says envoy, its runtime and process do.
        ['gw-higress-1', (r) => withProcess(r, { subject: 'envoy:/usr/local/bin/envoy', exe: '/usr/local/bin/envoy', runtimes: [runtime('envoy', '1.33.2')] })],
        ['edge-new', (r) => withProcess(r, { subject: 'envoy:/usr/local/bin/envoy', exe: '/usr/local/bin/envoy', runtimes: [runtime('envoy', '1.34.0')] })],
        ['edge-newer', (r) => withProcess(r, { subject: 'envoy:/usr/local/bin/envoy', exe: '/usr/local/bin/envoy', runtimes: [runtime('envoy', '1.35.1')] })],
        // An old redis beside a new envoy: runtime:envoy version:<1.34 must not match it.
        [
          'mixed',
          (r) => {
            withProcess(r, { subject: 'envoy:/opt/envoy', exe: '/opt/envoy', runtimes: [runtime('envoy', '1.40')] });
            withProcess(r, { subject: 'redis:/usr/bin/redis-server', exe: '/usr/bin/redis-server', runtimes: [runtime('redis', '1.2')] });
          },
        ],
        [
          'cache-1',
          (r) => withProcess(r, { subject: 'redis:/usr/bin/redis-server|:6379', exe: '/usr/bin/redis-server', runtimes: [runtime('redis', '7.2.4')] }),
        ],
        ['plain', () => undefined],
      ];
      for (const [i, [name, shape]] of hosts.entries()) {
        const h = await enrolledHost(ds, { machineId: `inv-${name}` });
        ids[name] = h.id;
        const report = sampleReport({ machineId: h.machineId, hostname: name });
        shape(report);
        report.configuration.memory.memTotalBytes = (i === 3 ? 64 : i + 1) * 2 ** 30;
        report.configuration.cpu.onlineCount = i === 4 ? null : 16 - i;
        report.configuration.host.kernelRelease = name === 'cache-1' ? '6.1.0-18-amd64' : '5.15.0-91-generic';
        if (name === 'edge-new') report.configuration.host.addresses = ['10.0.0.5', 'fd00::5'];
        await storedReport(ds, h.id, { report });
      }
      await repo.updateLabels(ids['gw-higress-1'], { team: 'edge' }, []);
    });

    it('finds hosts by runtime kind and version (compared as versions), by process, label, kernel, address and a plain word', async () => {
      assert.deepEqual(await names(search('envoy')), ['edge-new', 'edge-newer', 'gw-higress-1', 'mixed'], 'a plain word matches the inventory');
      assert.deepEqual(await names(search('runtime:envoy version:<1.34')), ['gw-higress-1'], 'one runtime holds both terms; 1.34.0 is not < 1.34');
      assert.deepEqual(await names(search('runtime:envoy version:=1.34')), ['edge-new'], '1.34.0 = 1.34');
      assert.deepEqual(await names(search('runtime:envoy version:>1.9')), ['edge-new', 'edge-newer', 'gw-higress-1', 'mixed'], '1.33 > 1.9 as numbers');
      assert.deepEqual(await names(search('runtime:envoy version:>=1.35')), ['edge-newer', 'mixed']);
      assert.deepEqual(await names(search('version:<=1.2')), ['mixed'], 'any runtime');
      assert.deepEqual(await names(search('process:redis-server')), ['cache-1', 'mixed']);
      assert.deepEqual(await names(search('process:/opt/envoy')), ['mixed'], 'a whole exe');
      assert.deepEqual(await names(search('label:team=edge')), ['gw-higress-1']);
      assert.deepEqual(await names({ ...search('label:team=edge'), labels: { team: 'core' } }), [], 'both label filters hold');
      assert.deepEqual(await names(search('kernel:6.1')), ['cache-1']);
      assert.deepEqual(await names(search('ip:10.0.0.5')), ['edge-new']);
      assert.deepEqual(await names(search('ip:10.0.0.55')), [], 'an address matches whole');
      assert.deepEqual(await names(search('fd00::5')), ['edge-new'], 'a plain word matches an address');
      assert.deepEqual(await names(search('HIGRESS runtime:envoy')), ['gw-higress-1'], 'every term holds');
      assert.deepEqual(await names(search('redis 7.2')), ['cache-1']);
    });

    it('keeps the inventory current when the latest configuration changes, and drops it with the host', async () => {
      const report = sampleReport({ machineId: 'inv-plain', hostname: 'plain', sequence: 2 });
      withProcess(report, { subject: 'jvm:/usr/bin/java|app.jar', exe: '/usr/bin/java', runtimes: [runtime('jvm', '17.0.9+9')] });
      await storedReport(ds, ids.plain, { report });
      assert.deepEqual(await names(search('runtime:jvm version:>=17')), ['plain']);
      const again = sampleReport({ machineId: 'inv-plain', hostname: 'plain', sequence: 3 });
      await storedReport(ds, ids.plain, { report: again });
      assert.deepEqual(await names(search('runtime:jvm')), [], 'the newer configuration has no JVM');
      assert.deepEqual(await names(search('java')), []);
    });

    it('rewrites only the runtime rows a new configuration changes', async () => {
      // A host of its own, removed after: the tests below count every host's runtimes.
      const h = await enrolledHost(ds, { machineId: 'inv-diff' });
      const shaped = (sequence: number, redisVersion: string, addresses: string[]) => {
        const r = sampleReport({ machineId: h.machineId, hostname: 'diff', sequence });
        withProcess(r, { subject: 'envoy:/opt/envoy', exe: '/opt/envoy', runtimes: [runtime('envoy', '1.40')] });
        withProcess(r, { subject: 'redis:/usr/bin/redis-server', exe: '/usr/bin/redis-server', runtimes: [runtime('redis', redisVersion)] });
        r.configuration.host.addresses = addresses;
        return r;
      };
      const rows = async (): Promise<Record<string, string>> =>
        Object.fromEntries(
          ((await ds.query(`SELECT subject, kind, version, ctid::text AS at FROM host_runtimes WHERE host_id = $1`, [h.id])) as Record<string, string>[]).map(
            (x) => [`${x.subject} ${x.kind} ${x.version}`, x.at],
          ),
        );
      try {
        await storedReport(ds, h.id, { report: shaped(1, '1.2', ['10.9.9.8']) });
        const before = await rows();
        await storedReport(ds, h.id, { report: shaped(2, '1.2', ['10.9.9.9']) });
        assert.deepEqual(await rows(), before, 'a new address keeps every runtime row as it was');
        assert.deepEqual(await names(search('10.9.9.9')), ['diff'], 'the inventory text still follows');
        await storedReport(ds, h.id, { report: shaped(3, '7.4.1', ['10.9.9.9']) });
        const after = await rows();
        const key = (version: string) => `redis:/usr/bin/redis-server redis ${version}`;
        assert.deepEqual(
          Object.keys(after).sort(),
          Object.keys(before)
            .map((k) => (k === key('1.2') ? key('7.4.1') : k))
            .sort(),
          'one row per runtime',
        );
        for (const [k, at] of Object.entries(after)) if (k !== key('7.4.1')) assert.equal(at, before[k], `${k} is not rewritten`);
        assert.deepEqual(await names(search('runtime:redis version:>=7.4')), ['diff']);
        assert.deepEqual(await names(search('diff version:<=1.2')), [], 'the old version is gone');
      } finally {
        await ds.query(`DELETE FROM hosts WHERE id = $1`, [h.id]);
      }
    });

    it('counts runtimes by kind and version across active hosts, in pages', async () => {
      const all = await repo.runtimeInventory(null, 'kind', 0, 50);
      assert.deepEqual(
        all.rows.map((r) => `${r.kind} ${r.version} ${r.hosts}`),
        ['envoy 1.33.2 1', 'envoy 1.34.0 1', 'envoy 1.35.1 1', 'envoy 1.40 1', 'redis 1.2 1', 'redis 7.2.4 1'],
      );
      assert.equal(all.total, 6);
      await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [ids.mixed]);
      const page = await repo.runtimeInventory('envoy', '-hosts', 1, 2);
      assert.deepEqual([page.total, page.rows.map((r) => r.version)], [3, ['1.34.0', '1.35.1']], 'a retired host counts no more');
      assert.deepEqual((await repo.runtimeInventory(null, 'kind', 10, 5)).rows, []);
      await ds.query(`UPDATE hosts SET retired_at = NULL WHERE id = $1`, [ids.mixed]);
    });

    it('agrees with the contract on version order (memfleet_version_key)', async () => {
      const samples = ['1.34', '1.34.0', '0.0', '17.0.9+9', '1.8.0_392', 'v2.10.00', 'unknown', '007.1'];
      const rows: { k: string[] | null }[] = await ds.query(
        `SELECT memfleet_version_key(v)::text[] AS k FROM unnest($1::text[]) WITH ORDINALITY t(v, i) ORDER BY i`,
        [samples],
      );
      assert.deepEqual(
        rows.map((r) => r.k && r.k.map(Number)),
        samples.map((v) => versionKey(v)),
      );
    });

    for (const field of ['hostname', 'lastSeenAt', 'memTotalBytes', 'cpuOnlineCount', 'critical', 'warning'] as const)
      for (const sort of [field, `-${field}`] as HostSort[])
        it(`pages every host once in ${sort} order`, async () => {
          const whole = (await repo.list({}, sort, null, 50)).rows.map((r) => r.id);
          const seen: string[] = [];
          let after: KeysetCursor | null = null;
          for (let pages = 0; pages < 20; pages++) {
            const page = await repo.list({}, sort, after, 2);
            seen.push(...page.rows.slice(0, 2).map((r) => r.id));
            if (page.rows.length <= 2) break;
            const v = page.rows[1].sort_value;
            after = { v: v instanceof Date ? v.toISOString() : v, id: page.rows[1].id };
          }
          assert.deepEqual(seen, whole);
          assert.equal(new Set(seen).size, 6);
          if (field === 'memTotalBytes') {
            const mem = (await repo.list({}, sort, null, 50)).rows.map((r) => r.memTotalBytes!);
            assert.deepEqual(
              mem,
              [...mem].sort((a, b) => (sort === field ? a - b : b - a)),
            );
            assert.equal(sort === field ? mem[5] : mem[0], 64 * 2 ** 30);
          }
          if (field === 'cpuOnlineCount') {
            const cpus = (await repo.list({}, sort, null, 50)).rows.map((r) => r.cpuOnlineCount);
            assert.equal(sort === field ? cpus[0] : cpus[5], null, 'an unknown count sorts lowest');
          }
        });
  });
});
