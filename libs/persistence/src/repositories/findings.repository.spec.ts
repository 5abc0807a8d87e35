import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, evaluatedReport, findingWrite } from '../testing/repository-fixtures';
import { FindingsRepository, type FindingFilter, type FindingSort } from './findings.repository';
import { HostsRepository } from './hosts.repository';
import type { KeysetCursor } from './sql-fragments';

describe('FindingsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: FindingsRepository;
  const host: Record<string, string> = {};
  const report: Record<string, string> = {};

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new FindingsRepository(ds);
    const fleet = {
      a: [findingWrite('r1', 'x', 'hit', 'critical'), findingWrite('r1', 'y', 'hit', 'warning'), findingWrite('r2', '', 'pass', null)],
      b: [findingWrite('r1', '', 'hit', 'critical'), findingWrite('r2', '', 'hit', 'info', { silenced: true })],
      retired: [findingWrite('r1', '', 'hit', 'critical')],
    };
    for (const [name, findings] of Object.entries(fleet)) {
      const h = await enrolledHost(ds);
      host[name] = h.id;
      report[name] = await evaluatedReport(ds, h.id, 1, findings, sampleReport({ machineId: h.machineId, hostname: `host-${name}` }));
    }
    await new HostsRepository(ds).updateLabels(host.b, { tier: 'prod' }, []);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [host.retired]);
  });
  after(async () => close());

  const keys = async (filter: FindingFilter, sort: FindingSort = '-lastSeenAt') => {
    const page = await repo.list(filter, sort, null, 50);
    assert.equal(page.total, page.rows.length);
    return page.rows.map((f) => `${f.hostname}/${f.ruleId}/${f.subject}`).sort();
  };

  it('lists findings of active hosts by outcome, severity, rule, silencing, host and labels', async () => {
    assert.deepEqual(await keys({ outcome: 'hit' }), ['host-a/r1/x', 'host-a/r1/y', 'host-b/r1/', 'host-b/r2/']);
    assert.deepEqual(await keys({}), ['host-a/r1/x', 'host-a/r1/y', 'host-a/r2/', 'host-b/r1/', 'host-b/r2/'], 'every outcome; never a retired host');
    assert.deepEqual(await keys({ outcome: 'hit', severity: 'critical' }), ['host-a/r1/x', 'host-b/r1/']);
    assert.deepEqual(await keys({ rule: 'r2' }), ['host-a/r2/', 'host-b/r2/']);
    assert.deepEqual(await keys({ silenced: true }), ['host-b/r2/']);
    assert.deepEqual(await keys({ outcome: 'hit', silenced: false, hostId: host.a }), ['host-a/r1/x', 'host-a/r1/y']);
    assert.deepEqual(await keys({ labels: { tier: 'prod' } }), ['host-b/r1/', 'host-b/r2/']);
    const [row] = (await repo.list({ hostId: host.a, rule: 'r1', severity: 'critical' }, '-lastSeenAt', null, 50)).rows;
    assert.deepEqual([row.hostId, row.outcome, row.severity, row.ruleVersion, row.silenced, row.resolvedAt], [host.a, 'hit', 'critical', 1, false, null]);
    assert.ok(row.openedAt instanceof Date && row.firstSeenAt instanceof Date);
  });

  it('sorts by severity and pages with a keyset cursor, every finding once', async () => {
    const bySeverity = (await repo.list({ outcome: 'hit' }, 'severity', null, 50)).rows.map((f) => f.severity);
    assert.deepEqual(bySeverity, ['critical', 'critical', 'warning', 'info']);
    const seen: string[] = [];
    let after: KeysetCursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await repo.list({ outcome: 'hit' }, 'severity', after, 1);
      assert.equal(page.total, 4);
      seen.push(page.rows[0].id);
      if (page.rows.length <= 1) break;
      after = { v: page.rows[0].sort_value as number, id: page.rows[0].id };
    }
    assert.equal(new Set(seen).size, 4);
  });

  it('exports in batches after the last row: every finding of the filter once, even ones a millisecond cursor could not tell apart', async () => {
    const all = async (filter: FindingFilter, sort: FindingSort | null, size: number) => {
      const out: { id: string; ruleId: string; subject: string; hostname: string }[] = [];
      let after: KeysetCursor | null = null;
      for (;;) {
        const batch = await repo.exportBatch(filter, sort, after, size);
        out.push(...batch);
        if (batch.length < size) return out;
        const last = batch[batch.length - 1];
        after = { v: last.sort_value, id: last.id };
      }
    };
    // Two of host a's findings one microsecond apart, within the same millisecond.
    await ds.query(
      `UPDATE findings SET last_seen_at = '2026-11-30 10:00:00.123456+00'::timestamptz + make_interval(secs => CASE subject WHEN 'x' THEN 0 ELSE 0.000001 END)
        WHERE host_id = $1 AND rule_id = 'r1'`,
      [host.a],
    );
    for (const filter of [{}, { outcome: 'hit' }, { silenced: true }, { labels: { tier: 'prod' } }, { hostId: host.a }] as FindingFilter[]) {
      for (const sort of [null, '-lastSeenAt', 'severity', '-openedAt'] as const) {
        const exported = await all(filter, sort, 1);
        assert.deepEqual(exported.map((f) => `${f.hostname}/${f.ruleId}/${f.subject}`).sort(), await keys(filter), `${JSON.stringify(filter)} ${sort}`);
        if (sort) {
          const listed = (await repo.list(filter, sort, null, 50)).rows.map((f) => f.id);
          assert.deepEqual(
            exported.map((f) => f.id),
            listed,
            `${sort}: the list's order`,
          );
        }
      }
    }
    const byId = (await all({}, null, 2)).map((f) => f.id);
    assert.deepEqual(byId, [...byId].sort());
  });

  it('gives one host’s findings, and the findings of a report’s host, by rule and subject', async () => {
    assert.deepEqual(
      (await repo.ofHost(host.a)).map((f) => [f.hostname, f.ruleId, f.subject]),
      [
        ['host-a', 'r1', 'x'],
        ['host-a', 'r1', 'y'],
        ['host-a', 'r2', ''],
      ],
    );
    const results = await repo.ofReportHost(report.b);
    assert.deepEqual(await repo.resultsOfHost(host.b), results, "a host's results are its reports' host's");
    assert.deepEqual(
      results.map((f) => [f.ruleId, f.subject, f.outcome, f.severity, f.silenced]),
      [
        ['r1', '', 'hit', 'critical', false],
        ['r2', '', 'hit', 'info', true],
      ],
    );
    assert.deepEqual(Object.keys(results[0]).sort(), [
      'evidence',
      'missing',
      'outcome',
      'remediation',
      'ruleId',
      'ruleVersion',
      'severity',
      'silenced',
      'subject',
      'summary',
    ]);
  });

  it('counts the active hosts each rule hits unsilenced, by severity', async () => {
    const all = await repo.hostsAffected();
    assert.deepEqual(
      all.map((r) => [r.rule_id, r.critical, r.warning, r.info]).sort(),
      [['r1', 2, 1, 0]],
      'host a counts once per severity; silenced and retired hits not at all',
    );
    assert.deepEqual(await repo.hostsAffected('r2'), []);
    assert.deepEqual(
      (await repo.hostsAffected('r1')).map((r) => r.rule_id),
      ['r1'],
    );
  });
});
