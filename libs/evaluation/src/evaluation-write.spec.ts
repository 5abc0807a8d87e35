import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import type { RuleResult } from '@memfleet/contracts';
import { EvaluationRepository } from '@memfleet/persistence';
import { enrolledHost, storedReport } from '../../persistence/src/testing/repository-fixtures';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { evaluationWrite } from './evaluation-write';
import { HISTORY_SAMPLES } from './evaluation.service';

const result = (subject: string, outcome: RuleResult['outcome'], severity: RuleResult['severity'], ruleId = 'r1'): RuleResult => ({
  ruleId,
  ruleVersion: 1,
  subject,
  outcome,
  severity,
  summary: `${outcome} ${severity ?? ''}`,
  evidence: [{ key: 'vms', label: 'VMs', value: 2304, unit: 'count' }],
  remediation: [],
});

describe('evaluation writes: rule results become findings, events and host totals (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: EvaluationRepository;
  let hostId: string;
  let seq = 0;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new EvaluationRepository(ds);
    hostId = (await enrolledHost(ds)).id;
  });
  after(async () => close());

  /** Stores the host's next report, loads it, and writes these results as the evaluation does. */
  async function evaluateWith(results: RuleResult[], silenced: string[] = []) {
    seq++;
    const reportId = (await storedReport(ds, hostId, { sequence: seq })).report_id!;
    const row = (await repo.load(reportId, HISTORY_SAMPLES))!;
    const write = evaluationWrite(
      hostId,
      reportId,
      { epoch: row.epoch, sequence: seq },
      'rev1',
      results,
      row.existing ?? [],
      row.host_version,
      new Set(silenced),
    );
    return { reportId, ...(await repo.store(write)) };
  }

  const events = async () =>
    (await ds.query(`SELECT kind, subject, severity, previous_severity FROM finding_events ORDER BY id`)).map((e: Record<string, string | null>) => [
      e.kind,
      e.subject,
      e.severity,
      e.previous_severity,
    ]);
  const counts = async () => (await ds.query(`SELECT critical_count, warning_count, info_count FROM hosts WHERE id = $1`, [hostId]))[0];

  it('opens a finding once, records a severity change, and resolves it', async () => {
    assert.equal((await evaluateWith([result('envoy:a', 'hit', 'warning')])).events, 1);
    assert.equal((await evaluateWith([result('envoy:a', 'hit', 'warning')])).events, 0, 'an unchanged hit appends nothing');
    await evaluateWith([result('envoy:a', 'hit', 'critical')]);
    assert.deepEqual(await counts(), { critical_count: 1, warning_count: 0, info_count: 0 });
    await evaluateWith([result('envoy:a', 'pass', null)]);
    assert.deepEqual(await events(), [
      ['opened', 'envoy:a', 'warning', null],
      ['severity-changed', 'envoy:a', 'critical', 'warning'],
      ['resolved', 'envoy:a', null, 'critical'],
    ]);
    const [f] = await ds.query(`SELECT outcome, opened_at, resolved_at FROM findings WHERE subject = 'envoy:a'`);
    assert.equal(f.outcome, 'pass');
    assert.equal(f.opened_at, null);
    assert.ok(f.resolved_at instanceof Date);
  });

  it('resolves the hit of a vanished process and drops its vanished non-hits', async () => {
    await evaluateWith([result('envoy:a', 'hit', 'warning'), result('envoy:b', 'pass', null)]);
    const { reportId } = await evaluateWith([result('', 'not-applicable', null)]);
    const rows = await ds.query(`SELECT subject, outcome, report_id FROM findings WHERE rule_id = 'r1' ORDER BY subject`);
    assert.deepEqual(
      rows.map((r: { subject: string; outcome: string }) => [r.subject, r.outcome]),
      [
        ['', 'not-applicable'],
        ['envoy:a', 'not-applicable'],
      ],
    );
    assert.ok(rows.every((r: { report_id: string }) => r.report_id === reportId));
    assert.deepEqual((await events()).slice(-1), [['resolved', 'envoy:a', null, 'warning']]);
  });

  it('keeps silenced hits recorded but out of the host totals', async () => {
    await evaluateWith([result('x', 'hit', 'critical', 'r2'), result('y', 'hit', 'warning', 'r3')], ['r2']);
    assert.deepEqual(await counts(), { critical_count: 0, warning_count: 1, info_count: 0 });
    const [f] = await ds.query(`SELECT outcome, silenced FROM findings WHERE rule_id = 'r2'`);
    assert.deepEqual([f.outcome, f.silenced], ['hit', true]);
  });
});
