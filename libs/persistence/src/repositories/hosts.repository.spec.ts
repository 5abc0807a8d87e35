import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, evaluatedReport, findingWrite, storedReport } from '../testing/repository-fixtures';
import { HostsRepository, type HostFilter, type HostSort } from './hosts.repository';
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

    const names = async (filter: HostFilter, sort: HostSort = 'hostname') => {
      const page = await repo.list(filter, sort, null, 50);
      assert.equal(page.total, page.rows.length);
      return page.rows.map((r) => r.hostname);
    };

    it('filters by search text, labels, rule, severity, staleness, hypervisor and retirement', async () => {
      assert.deepEqual(await names({}), ['alpha', 'beta', 'gam_ma', 'gamxma']);
      assert.deepEqual(await names({ retired: true }), ['alpha', 'beta', 'gam_ma', 'gamxma', 'retired-one']);
      assert.deepEqual(await names({ q: 'GAM_' }), ['gam_ma'], 'case-insensitive, and _ matches only itself');
      assert.deepEqual(await names({ q: 'mid-b' }), ['beta'], 'a machine-id prefix');
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
      for (const filter of [{}, { retired: true }, { stale: false }, { rule: 'r1' }, { q: 'gam' }] as HostFilter[]) {
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
});
