import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, evaluatedReport, findingWrite } from '../testing/repository-fixtures';
import { DISTRIBUTION_COLUMNS, StatsRepository } from './stats.repository';

describe('StatsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: StatsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new StatsRepository(ds);
    // a: critical r1 + warning r2, two glibc processes; b: warning r2, THP always, one jemalloc; stale: no hits; retired: critical r1.
    const hosts = {
      a: {
        findings: [findingWrite('r1', '', 'hit', 'critical'), findingWrite('r2', 'p', 'hit', 'warning'), findingWrite('r2', 'q', 'hit', 'warning')],
        procs: ['glibc', 'glibc'],
        thp: 'madvise',
      },
      b: {
        findings: [findingWrite('r2', '', 'hit', 'warning'), findingWrite('r3', '', 'hit', 'info', { silenced: true })],
        procs: ['jemalloc'],
        thp: 'always',
      },
      stale: { findings: [], procs: [], thp: 'madvise' },
      retired: { findings: [findingWrite('r1', '', 'hit', 'critical')], procs: ['glibc'], thp: 'never' },
    };
    for (const [name, h] of Object.entries(hosts)) {
      const { id, machineId } = await enrolledHost(ds);
      const report = sampleReport({ machineId, hostname: name });
      report.configuration.thp.enabled = h.thp as 'madvise';
      h.procs.forEach((allocator, i) => withProcess(report, { subject: `p${i}`, allocator: allocator as 'glibc' }));
      await evaluatedReport(ds, id, 1, h.findings, report);
      if (name === 'stale') await ds.query(`UPDATE hosts SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [id]);
      if (name === 'retired') await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [id]);
    }
  });
  after(async () => close());

  it('totals the fleet: hosts by state, hosts with hits, unsilenced hits of active hosts', async () => {
    assert.deepEqual(await repo.hostTotals(), {
      total: 3,
      reporting: 2,
      stale: 1,
      retired: 1,
      with_critical: 1,
      with_warning: 2,
      critical: 1,
      warning: 3,
      info: 0,
    });
  });

  it('counts the silenced hits of active hosts, which the totals leave out', async () => {
    assert.deepEqual(await repo.silencedHits(), { critical: 0, warning: 0, info: 1 });
  });

  it('ranks rules by active hosts hit, with the hosts hit at each severity (one unit in every column)', async () => {
    assert.deepEqual(await repo.topRules(), [
      { rule_id: 'r2', hosts: 2, critical: 0, warning: 2, info: 0 },
      { rule_id: 'r1', hosts: 1, critical: 1, warning: 0, info: 0 },
    ]);
  });

  it('counts finding events per UTC day within the window', async () => {
    const [f] = await ds.query(`SELECT id, host_id FROM findings LIMIT 1`);
    await ds.query(
      `INSERT INTO finding_events (finding_id, host_id, rule_id, kind, severity, at) VALUES
         ($1, $2, 'r1', 'opened', 'critical', now()), ($1, $2, 'r1', 'opened', 'critical', now()), ($1, $2, 'r1', 'resolved', NULL, now()),
         ($1, $2, 'r1', 'opened', 'warning', now() - interval '1 day'), ($1, $2, 'r1', 'opened', 'warning', now() - interval '40 days')`,
      [f.id, f.host_id],
    );
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    const rows = (await repo.eventsPerDay(30)).map((r) => [r.day, r.kind, r.severity, r.n]).sort();
    assert.deepEqual(
      rows,
      [
        [today, 'opened', 'critical', 2],
        [today, 'resolved', null, 1],
        [yesterday, 'opened', 'warning', 1],
      ].sort(),
    );
    assert.deepEqual((await repo.eventsPerDay(1)).map((r) => r.day).sort(), [today, today], 'one day is today only');
  });

  it('counts active hosts per value of each distribution column, and processes per allocator', async () => {
    const { rows, allocatorTotals } = await repo.distributions(['glibc', 'jemalloc', 'tcmalloc']);
    const thpBit = 1 << (DISTRIBUTION_COLUMNS.length - 1 - DISTRIBUTION_COLUMNS.indexOf('thp_enabled'));
    const thp = rows
      .filter((r) => (r.g & thpBit) === 0)
      .map((r) => [r.thp_enabled, r.hosts])
      .sort();
    assert.deepEqual(thp, [
      ['always', 1],
      ['madvise', 2],
    ]);
    const cpus = rows.filter((r) => (r.g & (1 << (DISTRIBUTION_COLUMNS.length - 1 - DISTRIBUTION_COLUMNS.indexOf('cpu_online_count')))) === 0);
    assert.deepEqual(
      cpus.map((r) => [r.cpu_online_count, r.hosts]),
      [[8, 3]],
    );
    assert.deepEqual(allocatorTotals, [2, 1, null], 'the retired host’s process is not counted');
  });
});
