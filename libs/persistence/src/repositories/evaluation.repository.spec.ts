import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { enrolledHost, storedReport } from '../testing/repository-fixtures';
import { EvaluationRepository, type EvaluationRow, type EvaluationWrite, type FindingWrite } from './evaluation.repository';
import { HostsRepository } from './hosts.repository';
import { historySampleOf } from './report-rows';
import { SilencesRepository } from './silences.repository';

const SAMPLES = 12;

const finding = (subject: string, outcome: string, severity: FindingWrite['severity'], over: Partial<FindingWrite> = {}): FindingWrite => ({
  rule_id: 'r1',
  subject,
  outcome,
  severity,
  rule_version: 1,
  summary: `${outcome} ${severity ?? ''}`,
  evidence: [{ key: 'vms', label: 'VMs', value: 2304, unit: 'count' }],
  remediation: [],
  missing: [],
  thresholds: { limit: 1 },
  silenced: false,
  ...over,
});

const writeFor = (row: EvaluationRow, reportId: string, over: Partial<EvaluationWrite>): EvaluationWrite => ({
  hostId: row.host_id,
  reportId,
  epoch: row.epoch,
  sequence: Number(row.sequence),
  catalogueRevision: 'rev1',
  findings: [],
  resolvedIds: [],
  droppedIds: [],
  events: [],
  counts: { critical: 0, warning: 0, info: 0 },
  hostVersion: row.host_version,
  ...over,
});

describe('EvaluationRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: EvaluationRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new EvaluationRepository(ds);
  });
  after(async () => close());

  /** A host with a report at each given sequence; returns the last report's id and load. */
  async function hostWithReports(...sequences: number[]) {
    const host = await enrolledHost(ds);
    await new HostsRepository(ds).updateLabels(host.id, { team: 'mem' }, []);
    let reportId = '';
    for (const sequence of sequences)
      reportId = (await storedReport(ds, host.id, { report: sampleReport({ machineId: host.machineId, sequence }) })).report_id!;
    return { hostId: host.id, reportId, row: (await repo.load(reportId, SAMPLES))! };
  }

  const findingsOf = async (hostId: string) =>
    ds.query(`SELECT id, subject, outcome, severity, report_id, opened_at, resolved_at, silenced FROM findings WHERE host_id = $1 ORDER BY subject`, [hostId]);

  it('loads a report with its configuration, host, version and stored findings; null for an unknown id', async () => {
    const { hostId, row } = await hostWithReports(1);
    const r = sampleReport({ sequence: 1 });
    assert.equal(row.host_id, hostId);
    assert.equal(Number(row.sequence), 1);
    assert.deepEqual(row.configuration, (await ds.query(`SELECT configuration FROM host_configs WHERE host_id = $1`, [hostId]))[0].configuration);
    assert.deepEqual(row.metrics, r.metrics);
    assert.deepEqual(row.labels, { env: 'test', team: 'mem' }, "the host's labels: the agent's overlaid by the admin's");
    assert.equal(row.evaluated_sequence, '-1');
    assert.match(row.host_version, /^\d+$/);
    assert.deepEqual([row.history, row.existing, row.silenced_rules], [null, null, null]);
    assert.equal(await repo.load(randomUUID(), SAMPLES), null);
  });

  it('stores findings, events and host counts in one statement and marks the report evaluated', async () => {
    const { hostId, reportId, row } = await hostWithReports(1);
    const out = await repo.store(
      writeFor(row, reportId, {
        findings: [finding('envoy:a', 'hit', 'warning'), finding('envoy:b', 'pass', null)],
        events: [{ finding_id: null, rule_id: 'r1', subject: 'envoy:a', kind: 'opened', severity: 'warning', previous_severity: null }],
        counts: { critical: 0, warning: 1, info: 0 },
      }),
    );
    assert.deepEqual(out, { stored: 1, events: 1 });
    const [a, b] = await findingsOf(hostId);
    assert.deepEqual([a.subject, a.outcome, a.severity, a.report_id, b.outcome], ['envoy:a', 'hit', 'warning', reportId, 'pass']);
    assert.ok(a.opened_at instanceof Date && b.opened_at === null, 'a hit records when it opened');
    const [ev] = await ds.query(`SELECT finding_id, kind, severity, report_id FROM finding_events WHERE host_id = $1`, [hostId]);
    assert.deepEqual(
      ev,
      { finding_id: a.id, kind: 'opened', severity: 'warning', report_id: reportId },
      'the event points at the finding the statement inserted',
    );
    const [h] = await ds.query(`SELECT critical_count, warning_count, info_count, evaluated_sequence FROM hosts WHERE id = $1`, [hostId]);
    assert.deepEqual(h, { critical_count: 0, warning_count: 1, info_count: 0, evaluated_sequence: '1' });
    const [rep] = await ds.query(`SELECT status, catalogue_revision, attempts, evaluated_at FROM reports WHERE id = $1`, [reportId]);
    assert.deepEqual([rep.status, rep.catalogue_revision, rep.attempts], ['evaluated', 'rev1', 1]);
    const again = await repo.load(reportId, SAMPLES);
    assert.deepEqual(again!.existing!.map((f) => [f.ruleId, f.subject, f.outcome, f.severity]).sort(), [
      ['r1', 'envoy:a', 'hit', 'warning'],
      ['r1', 'envoy:b', 'pass', null],
    ]);
  });

  it('resolves the findings it is told to resolve, deletes the dropped ones, and leaves unchanged results unwritten', async () => {
    const { hostId, reportId, row } = await hostWithReports(1);
    await repo.store(writeFor(row, reportId, { findings: [finding('a', 'hit', 'critical'), finding('b', 'pass', null), finding('c', 'pass', null)] }));
    const [a, b, c] = await findingsOf(hostId);
    const next = (await storedReport(ds, hostId, { sequence: 2 })).report_id!;
    const row2 = (await repo.load(next, SAMPLES))!;
    const out = await repo.store(
      writeFor(row2, next, {
        findings: [finding('c', 'pass', null)],
        resolvedIds: [a.id],
        droppedIds: [b.id],
        events: [{ finding_id: a.id, rule_id: 'r1', subject: 'a', kind: 'resolved', severity: null, previous_severity: 'critical' }],
      }),
    );
    assert.deepEqual(out, { stored: 1, events: 1 });
    const rows = await findingsOf(hostId);
    assert.deepEqual(
      rows.map((f: { subject: string; outcome: string; severity: string | null }) => [f.subject, f.outcome, f.severity]),
      [
        ['a', 'not-applicable', null],
        ['c', 'pass', null],
      ],
    );
    assert.ok(rows[0].resolved_at instanceof Date && rows[0].opened_at === null);
    assert.equal(rows[0].report_id, next);
    assert.equal(rows[1].report_id, c.report_id, 'an unchanged result keeps the report that last changed it');
  });

  it('writes nothing when the host changed since the load, or when the report is older than the evaluated one', async () => {
    const { hostId, reportId, row } = await hostWithReports(1, 2);
    await ds.query(`UPDATE hosts SET hostname = hostname WHERE id = $1`, [hostId]); // any write moves the row version
    const stale = await repo.store(writeFor(row, reportId, { findings: [finding('new', 'hit', 'info')], counts: { critical: 0, warning: 0, info: 1 } }));
    assert.deepEqual(stale, { stored: 0, events: 0 });
    assert.deepEqual(await findingsOf(hostId), []);
    assert.equal((await ds.query(`SELECT status FROM reports WHERE id = $1`, [reportId]))[0].status, 'queued');

    const fresh = (await repo.load(reportId, SAMPLES))!;
    assert.equal((await repo.store(writeFor(fresh, reportId, {}))).stored, 1);
    const [older] = await ds.query(`SELECT id FROM reports WHERE host_id = $1 AND sequence = 1`, [hostId]);
    const olderRow = (await repo.load(older.id, SAMPLES))!;
    assert.equal(olderRow.evaluated_sequence, '2');
    assert.equal(
      (await repo.store(writeFor(olderRow, older.id, { findings: [finding('new', 'hit', 'info')] }))).stored,
      0,
      'sequence 1 is older than the evaluated 2',
    );
    assert.deepEqual(await findingsOf(hostId), []);
  });

  it('names the rules an active silence covers for the host: by host, by label or fleet-wide, not expired or revoked ones', async () => {
    const { hostId, reportId } = await hostWithReports(1);
    const other = await enrolledHost(ds);
    const silences = new SilencesRepository(ds);
    const later = new Date(Date.now() + 3600_000);
    const base = { hostId: null, labelSelector: null, reason: 'known', author: 'test', expiresAt: later };
    await silences.create({ ...base, ruleId: 'by-host', hostId });
    await silences.create({ ...base, ruleId: 'by-label', labelSelector: { team: 'mem' } });
    await silences.create({ ...base, ruleId: 'fleet' });
    await silences.create({ ...base, ruleId: 'other-host', hostId: other.id });
    await silences.create({ ...base, ruleId: 'other-label', labelSelector: { team: 'net' } });
    await silences.revoke(await silences.create({ ...base, ruleId: 'revoked' }));
    await ds.query(`INSERT INTO silences (rule_id, reason, author, expires_at) VALUES ('expired', 'x', 'test', now() - interval '1 minute')`);
    const row = (await repo.load(reportId, SAMPLES))!;
    assert.deepEqual([...row.silenced_rules!].sort(), ['by-host', 'by-label', 'fleet']);
    await ds.query(`DELETE FROM silences`);
  });

  describe('history', () => {
    let hostId: string;
    let machineId: string;
    let seq = 0;

    /** Reports 20 minutes apart, the latest at a fixed instant (reports stored before samples existed get theirs in migration PartitionedReports). */
    async function nextReport() {
      seq++;
      const report = sampleReport({ machineId, sequence: seq });
      report.collectedAt = new Date(Date.parse('2026-11-01T12:00:00Z') + seq * 20 * 60_000).toISOString();
      const { report_id } = await storedReport(ds, hostId, { report });
      return (await repo.load(report_id!, SAMPLES))!;
    }

    before(async () => {
      ({ id: hostId, machineId } = await enrolledHost(ds));
    });

    it('gives history-aware rules one trimmed sample per half-hour of the last 6 h, oldest first', async () => {
      while (seq < 40) await nextReport();
      const row = await nextReport();
      const samples = row.history!;
      // 17 earlier reports in the window fall into 11 or 12 half-hours, depending on where the boundaries lie.
      assert.ok(samples.length >= SAMPLES - 1 && samples.length <= SAMPLES, `${samples.length} samples`);
      const times = samples.map((h) => Date.parse(h.collected_at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
      const spanHours = (times[times.length - 1] - times[0]) / 3600_000;
      assert.ok(spanHours >= 5 && spanHours < 6, `samples span ${spanHours} h`);
      assert.ok(
        samples.every((h) => h.sequence < seq),
        'only earlier reports',
      );
      assert.deepEqual(Object.keys(samples[0].metrics).sort(), ['cpuHotplug', 'processes']);
    });

    it('reads each earlier report’s stored sample from report_samples', async () => {
      const row = await nextReport();
      const samples = row.history!;
      const expected = historySampleOf(sampleReport({ machineId }));
      for (const h of samples) {
        assert.deepEqual(h.metrics, expected.metrics, `sample of report ${h.sequence}`);
        assert.equal(h.cpu_online, expected.cpuOnline);
      }
    });
  });

  it('pages active hosts in id order with their latest report and their current hits of one rule', async () => {
    await ds.query(`UPDATE hosts SET retired_at = now()`);
    const a = await hostWithReports(1, 2);
    const b = await hostWithReports(1);
    const retired = await hostWithReports(1);
    await ds.query(`UPDATE hosts SET retired_at = now() WHERE id = $1`, [retired.hostId]);
    await repo.store(
      writeFor(a.row, a.reportId, {
        findings: [finding('x', 'hit', 'critical'), finding('y', 'hit', 'info'), finding('z', 'pass', null), finding('', 'hit', 'warning', { rule_id: 'r2' })],
      }),
    );
    const [first, second] = [a, b].sort((x, y) => (x.hostId < y.hostId ? -1 : 1));
    const page = await repo.latestReportsPage('00000000-0000-0000-0000-000000000000', 10, 'r1', SAMPLES);
    assert.deepEqual(
      page.map((r) => r.host_id),
      [first.hostId, second.hostId],
    );
    const ofA = page.find((r) => r.host_id === a.hostId)!;
    assert.equal(Number(ofA.sequence), 2, 'the latest report');
    assert.equal(ofA.history!.length, 1);
    assert.deepEqual(
      [...ofA.hits!].sort((x, y) => x.subject.localeCompare(y.subject)),
      [
        { subject: 'x', severity: 'critical' },
        { subject: 'y', severity: 'info' },
      ],
      'only hits, only of the rule asked for, each with its subject',
    );
    assert.equal(page.find((r) => r.host_id === b.hostId)!.hits, null);
    assert.deepEqual(
      (await repo.latestReportsPage(first.hostId, 10, 'r1', SAMPLES)).map((r) => r.host_id),
      [second.hostId],
      'after the cursor',
    );
    assert.equal((await repo.latestReportsPage('00000000-0000-0000-0000-000000000000', 1, 'r1', SAMPLES)).length, 1, 'the limit holds');
  });
});
