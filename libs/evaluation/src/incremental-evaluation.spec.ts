import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { sampleReport, withProcess, type Report } from '@memfleet/contracts';
import { EvaluationRepository, HostsRepository, ingestRowOf, ReportsRepository, SettingsRepository, SilencesRepository } from '@memfleet/persistence';
import { catalogue, catalogueRevision, inputsDigest, isPeriodic, runtimeKindsOf, type FactKey } from '@memfleet/rules';
import { configHashOf, enrolledHost } from '../../persistence/src/testing/repository-fixtures';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { EvaluationService } from './evaluation.service';

const MiB = 1024 ** 2;
const readersOf = (key: FactKey) =>
  catalogue
    .filter((r) => (r.inputs as readonly FactKey[]).includes(key))
    .map((r) => r.id)
    .sort();
const periodic = catalogue
  .filter(isPeriodic)
  .map((r) => r.id)
  .sort();

describe('incremental evaluation: settled at ingest, only changed rules in a job (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let reports: ReportsRepository;
  let evaluation: EvaluationService;
  let settings: SettingsRepository;
  let hostId: string;
  let report: Report;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    reports = new ReportsRepository(ds);
    settings = new SettingsRepository(ds);
    evaluation = new EvaluationService(new EvaluationRepository(ds), reports, settings, { historyRuleMinutes: 30 });
    hostId = (await enrolledHost(ds)).id;
    report = sampleReport();
    // Redis under overcommit 0 (a hit of redis-overcommit-bgsave), and a glibc process with many arenas.
    withProcess(report, { subject: 'redis:a', allocator: 'jemalloc', runtimes: [{ kind: 'redis', version: '7.2.4' }] });
    withProcess(report, { subject: 'app:b' }, { arena64MiBCount: 4, rssBytes: 300 * MiB });
  });
  after(async () => close());

  /** The host's next report (one more sequence, five minutes on), changed by `change`, through the real ingest statement. */
  async function ingest(change: (r: Report) => void = () => undefined): Promise<{ reportId: string; settled: boolean }> {
    report = structuredClone(report);
    report.sequence++;
    report.collectedAt = new Date(Date.parse(report.collectedAt) + 300_000).toISOString();
    change(report);
    const hash = configHashOf(report);
    const row = {
      ...ingestRowOf(hostId, report, hash, true, null),
      inputs_digest: inputsDigest({
        configurationHash: hash,
        metrics: report.metrics,
        labels: report.labels,
        runtimeKinds: runtimeKindsOf(report.configuration),
      }),
    };
    const [out] = await reports.ingestBatch([row]);
    assert.ok(out.report_id);
    return { reportId: out.report_id, settled: out.settled };
  }

  /** Ingests a report that must be queued, and runs its job: the ids of the rules that ran (null: every rule). */
  async function evaluated(change?: (r: Report) => void): Promise<string[] | null> {
    const { reportId, settled } = await ingest(change);
    assert.equal(settled, false, 'queued for a job');
    assert.equal(await reports.status(reportId), 'queued');
    const result = await evaluation.evaluate(reportId, catalogueRevision);
    assert.equal(result.status, 'evaluated');
    return result.ran ? [...result.ran].sort() : null;
  }

  async function settledReport(change?: (r: Report) => void): Promise<string> {
    const { reportId, settled } = await ingest(change);
    assert.equal(settled, true, 'settled without a job');
    assert.equal(await reports.status(reportId), 'settled');
    return reportId;
  }

  const host = async () =>
    (
      await ds.query(
        `SELECT latest_report_id, evaluated_sequence::int AS evaluated_sequence, last_sequence::int AS last_sequence, warning_count,
                history_due_at > now() + interval '29 minutes' AS due_later
           FROM hosts WHERE id = $1`,
        [hostId],
      )
    )[0];
  const findingReport = async (ruleId: string) =>
    (await ds.query(`SELECT report_id, outcome FROM findings WHERE host_id = $1 AND rule_id = $2 ORDER BY subject LIMIT 1`, [hostId, ruleId]))[0];

  it('runs every rule for a host never evaluated, then settles a report that changes nothing', async () => {
    assert.equal(await evaluated(), null);
    const before = await host();
    assert.equal(before.warning_count, 1, 'the Redis overcommit hit');
    const id = await settledReport();
    const now = await host();
    assert.equal(now.latest_report_id, id, 'the host moved on to the settled report');
    assert.equal(now.evaluated_sequence, report.sequence, 'and counts it as evaluated');
    assert.equal(now.warning_count, 1);
    assert.deepEqual(
      (await reports.stranded(-60, 100)).filter((r) => r.id === id),
      [],
      'the stranded-report sweep never re-queues a settled report',
    );
  });

  it('runs exactly the rules that read a changed configuration fact, and leaves the others findings untouched', async () => {
    const redisBefore = await findingReport('redis-overcommit-bgsave');
    assert.deepEqual(await evaluated((r) => (r.configuration.vm.maxMapCount = 262_144)), readersOf('maxMapCount'));
    const redisAfter = await findingReport('redis-overcommit-bgsave');
    assert.deepEqual(redisAfter, redisBefore, 'a rule that did not run keeps its finding (and its hit) as it was');
    assert.equal((await host()).warning_count, 1, 'its hit still counts');
    await settledReport();
  });

  it('runs the rules that judge a process metric when it moves beyond their tolerance, and none within it', async () => {
    await settledReport((r) => (r.metrics.processes[1].rssBytes = Math.round(r.metrics.processes[1].rssBytes! * 1.0001)));
    const judgesRss = catalogue
      .filter(
        (r) =>
          r.inputs.some((k) => k === 'processes' || k === 'processMetrics') &&
          (r.metrics?.process === undefined || (r.metrics.process.rssBytes !== undefined && r.metrics.process.rssBytes !== 'evidence')),
      )
      .map((r) => r.id)
      .sort();
    assert.ok(judgesRss.length > 0);
    assert.deepEqual(await evaluated((r) => (r.metrics.processes[1].rssBytes = 600 * MiB)), judgesRss);
    await settledReport();
  });

  it('re-runs the periodic rules when they are due (MEMFLEET_HISTORY_RULE_MINUTES), and moves the due time', async () => {
    await ds.query(`UPDATE hosts SET history_due_at = now() - interval '1 second' WHERE id = $1`, [hostId]);
    assert.deepEqual(await evaluated(), periodic);
    assert.equal((await host()).due_later, true);
    await settledReport();
  });

  it('re-runs every rule after a threshold change or a silence change', async () => {
    await settings.setRuleThresholds('glibc-arena-bloat', { warningArenas: 2 });
    await settings.bumpEvaluationContext(); // what starting the re-evaluation run does
    assert.equal(await evaluated(), null);
    await settledReport();
    const silences = new SilencesRepository(ds);
    await silences.create({
      ruleId: 'redis-overcommit-bgsave',
      hostId,
      labelSelector: null,
      reason: 'known',
      author: 'test',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    await silences.applyToFindings('redis-overcommit-bgsave');
    assert.equal(await evaluated(), null);
    assert.equal((await host()).warning_count, 1, 'glibc now warns; the silenced Redis hit does not count');
    await settledReport();
  });

  it("re-runs every rule after a label change, the agent's or an admin's: labels select silences", async () => {
    await settledReport();
    const all = catalogue.map((r) => r.id).sort();
    assert.deepEqual(await evaluated((r) => (r.labels = { ...r.labels, team: 'edge' })), all, 'the agent relabelled the host');
    await settledReport();
    assert.ok(await new HostsRepository(ds).updateLabels(hostId, { owner: 'sre' }, []));
    assert.equal(await evaluated(), null, 'an admin label edit clears the context: the next report runs every rule');
    await settledReport();
  });

  it('does not settle while a report of the host is still queued, nor an older report', async () => {
    const { settled } = await ingest((r) => (r.configuration.thp.enabled = 'always'));
    assert.equal(settled, false);
    // Unchanged from the queued one, but the host's findings are not yet evaluated for it.
    const next = await ingest();
    assert.equal(next.settled, false);
    assert.equal((await evaluation.evaluate(next.reportId, catalogueRevision)).status, 'evaluated');
  });

  it('settles nothing for a host evaluated under another catalogue revision', async () => {
    await settledReport();
    await ds.query(`UPDATE hosts SET evaluated_inputs_digest = repeat('0', 64) WHERE id = $1`, [hostId]);
    const { settled } = await ingest();
    assert.equal(settled, false);
  });
});
