import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sampleReport, withProcess } from '@memfleet/contracts';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { configHashOf, enrolledHost, storedReport } from '../testing/repository-fixtures';
import { HostsRepository } from './hosts.repository';
import { ingestRowOf } from './report-rows';
import { ReportsRepository } from './reports.repository';

describe('ReportsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: ReportsRepository;

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new ReportsRepository(ds);
  });
  after(async () => close());

  const hostRow = async (id: string) => (await ds.query(`SELECT * FROM hosts WHERE id = $1`, [id]))[0];
  const setReceived = (id: string, daysAgo: number) =>
    ds.query(`UPDATE reports SET received_at = now() - make_interval(days => $2) WHERE id = $1`, [id, daysAgo]);

  describe('ingestBatch', () => {
    it('stores each report with its configuration once per hash, and advances each host to it', async () => {
      const a = await enrolledHost(ds);
      const b = await enrolledHost(ds);
      await new HostsRepository(ds).updateLabels(a.id, { owner: 'mem' }, []);
      const report = withProcess(sampleReport({ sequence: 7, hostname: 'node-a' }), { subject: 'envoy:/usr/local/bin/envoy' });
      const rows = await repo.ingestBatch([
        ingestRowOf(a.id, report, configHashOf(report), true, null),
        ingestRowOf(b.id, sampleReport({ sequence: 1 }), 'b'.repeat(64), true, null),
      ]);
      assert.deepEqual(
        rows.map((r) => [r.host_id, r.config_inserted, r.advanced]).sort(),
        [
          [a.id, true, 2],
          [b.id, true, 2],
        ].sort(),
      );
      const row = rows.find((r) => r.host_id === a.id)!;
      const h = await hostRow(a.id);
      assert.deepEqual([h.latest_report_id, h.latest_config_id, Number(h.last_sequence), h.hostname], [row.report_id, row.config_id, 7, 'node-a']);
      assert.deepEqual(h.labels, { env: 'test', owner: 'mem' }, "the agent's labels overlaid by the admin's");
      assert.deepEqual([h.architecture, h.hypervisor, h.thp_enabled, h.cpu_online_count, h.allocator_counts], ['x86_64', 'kvm', 'madvise', 8, { glibc: 1 }]);
      const [stored] = await ds.query(
        `SELECT r.status, r.schema_version, s.sample, r.metrics, s.host_id, s.epoch, s.sequence::int, s.collected_at
           FROM reports r JOIN report_samples s ON s.report_id = r.id WHERE r.id = $1`,
        [row.report_id],
      );
      assert.deepEqual([stored.status, stored.schema_version], ['queued', 2]);
      assert.deepEqual(stored.metrics, report.metrics);
      assert.deepEqual(stored.sample.metrics.processes, [{ subject: 'envoy:/usr/local/bin/envoy', rssBytes: report.metrics.processes[0].rssBytes }]);
      assert.deepEqual(
        [stored.host_id, stored.epoch, stored.sequence, stored.collected_at.toISOString()],
        [a.id, 0, 7, report.collectedAt],
        'its sample beside it',
      );

      // The same configuration again, its JSON not even sent: the row is reused.
      const [again] = await repo.ingestBatch([ingestRowOf(a.id, { ...report, sequence: 8 }, configHashOf(report), false, null)]);
      assert.deepEqual([again.config_id, again.config_inserted], [row.config_id, false]);
      assert.equal((await ds.query(`SELECT count(*)::int AS n FROM host_configs WHERE host_id = $1`, [a.id]))[0].n, 1);
    });

    it('stores an older report without moving the host back, and nothing for a replayed Idempotency-Key', async () => {
      const h = await enrolledHost(ds);
      const newer = await storedReport(ds, h.id, { sequence: 5, idempotencyKey: 'k5' });
      const older = await storedReport(ds, h.id, { sequence: 4 });
      assert.ok(older.report_id);
      assert.equal(older.advanced, 0);
      assert.equal((await hostRow(h.id)).latest_report_id, newer.report_id);
      const replay = await storedReport(ds, h.id, { sequence: 6, idempotencyKey: 'k5' });
      assert.equal(replay.report_id, null);
      assert.equal((await ds.query(`SELECT count(*)::int AS n FROM reports WHERE host_id = $1`, [h.id]))[0].n, 2);
      const [{ config_hash: configHash }] = await ds.query(`SELECT config_hash FROM host_configs WHERE id = $1`, [newer.config_id]);
      assert.deepEqual(await repo.byIdempotencyKey(h.id, 'k5'), { id: newer.report_id, status: 'queued', payloadHash: null, configHash });
      assert.equal(await repo.byIdempotencyKey(h.id, 'k6'), null);
    });

    it('stores nothing of a report sent without a configuration whose hash the host holds none under, and says so', async () => {
      const h = await enrolledHost(ds);
      const report = sampleReport({ sequence: 1 });
      const [missing] = await repo.ingestBatch([ingestRowOf(h.id, report, 'd'.repeat(64), false, 'k1')]);
      assert.deepEqual([missing.report_id, missing.configuration_required], [null, true]);
      assert.equal((await ds.query(`SELECT count(*)::int AS n FROM reports WHERE host_id = $1`, [h.id]))[0].n, 0);
      assert.equal(await repo.heldConfiguration(h.id, 'd'.repeat(64)), null);
      const [whole] = await repo.ingestBatch([ingestRowOf(h.id, report, 'd'.repeat(64), true, 'k1')]);
      assert.deepEqual([Boolean(whole.report_id), whole.configuration_required], [true, false]);
      assert.deepEqual(await repo.heldConfiguration(h.id, 'd'.repeat(64)), { id: whole.config_id, configuration: report.configuration });
      // a replayed key is no missing configuration
      const [replay] = await repo.ingestBatch([ingestRowOf(h.id, report, 'e'.repeat(64), false, 'k1')]);
      assert.deepEqual([replay.report_id, replay.configuration_required], [null, false]);
    });

    it('fails the whole statement for a host that does not exist', async () => {
      await assert.rejects(repo.ingestBatch([ingestRowOf(randomUUID(), sampleReport(), 'c'.repeat(64), true, null)]), /foreign key/);
    });
  });

  it('reads a report: status, detail, the latest of its host, the host history and one report’s facts', async () => {
    const h = await enrolledHost(ds);
    const other = await enrolledHost(ds);
    const first = await storedReport(ds, h.id, { sequence: 1 });
    const second = await storedReport(ds, h.id, { sequence: 2 });
    assert.equal(await repo.status(second.report_id!), 'queued');
    assert.equal(await repo.status(randomUUID()), null);

    const detail = (await repo.detail(second.report_id!))!;
    assert.deepEqual(
      [detail.id, detail.hostId, detail.sequence, detail.status, detail.attempts, detail.error, detail.evaluatedAt, detail.catalogueRevision],
      [second.report_id, h.id, 2, 'queued', 0, null, null, null],
    );
    assert.equal(detail.configHash, configHashOf(second.report));
    assert.ok(detail.collectedAt instanceof Date && detail.receivedAt instanceof Date);
    assert.equal(await repo.detail(randomUUID()), null);

    const latest = (await repo.latestOfHost(h.id))!;
    assert.deepEqual([latest.id, latest.sequence, latest.status, latest.config_hash], [second.report_id, 2, 'queued', configHashOf(second.report)]);
    assert.deepEqual(latest.configuration, second.report.configuration);
    assert.deepEqual(latest.metrics, second.report.metrics);
    assert.equal(await repo.latestOfHost((await enrolledHost(ds)).id), null, 'a host that never reported');

    const history = await repo.historyOfHost(h.id);
    assert.deepEqual(
      history.map((r) => [r.reportId, r.sequence, r.status]),
      [
        [second.report_id, 2, 'queued'],
        [first.report_id, 1, 'queued'],
      ],
    );

    const facts = (await repo.factsOf(h.id, first.report_id!))!;
    assert.deepEqual([facts.reportId, facts.sequence], [first.report_id, 1]);
    assert.deepEqual(facts.configuration, first.report.configuration);
    assert.equal(await repo.factsOf(other.id, first.report_id!), null, "another host's report");
  });

  it('marks a report failed unless evaluated, and superseded only while queued', async () => {
    const h = await enrolledHost(ds);
    const a = (await storedReport(ds, h.id, { sequence: 1 })).report_id!;
    const b = (await storedReport(ds, h.id, { sequence: 2 })).report_id!;
    await repo.markFailed(a, 'Error: boom');
    const [failed] = await ds.query(`SELECT status, error FROM reports WHERE id = $1`, [a]);
    assert.deepEqual(failed, { status: 'failed', error: 'Error: boom' });
    await repo.markSuperseded(a, 'rev9');
    assert.equal(await repo.status(a), 'failed', 'only a queued report is superseded');
    await repo.markSuperseded(b, 'rev9');
    const [sup] = await ds.query(`SELECT status, catalogue_revision, attempts, evaluated_at FROM reports WHERE id = $1`, [b]);
    assert.deepEqual([sup.status, sup.catalogue_revision, sup.attempts], ['superseded', 'rev9', 1]);
    assert.ok(sup.evaluated_at instanceof Date);
    await ds.query(`UPDATE reports SET status = 'evaluated' WHERE id = $1`, [b]);
    await repo.markFailed(b, 'late');
    assert.equal(await repo.status(b), 'evaluated', 'an evaluated report is never marked failed');
  });

  it('lists reports still queued after a while, oldest first, up to the limit', async () => {
    await ds.query(`UPDATE reports SET status = 'evaluated'`);
    const h = await enrolledHost(ds);
    const old = (await storedReport(ds, h.id, { sequence: 1 })).report_id!;
    const older = (await storedReport(ds, h.id, { sequence: 2 })).report_id!;
    await storedReport(ds, h.id, { sequence: 3 }); // received just now
    const done = (await storedReport(ds, h.id, { sequence: 4 })).report_id!;
    await setReceived(old, 1);
    await setReceived(older, 2);
    await setReceived(done, 3);
    await ds.query(`UPDATE reports SET status = 'evaluated' WHERE id = $1`, [done]);
    assert.deepEqual(await repo.stranded(60, 10), [
      { id: older, host_id: h.id, retries: 0 },
      { id: old, host_id: h.id, retries: 0 },
    ]);
    assert.deepEqual(await repo.stranded(60, 1), [{ id: older, host_id: h.id, retries: 0 }]);
    assert.equal((await repo.stranded(0, 10)).length, 3, 'with no delay every queued report');
  });

  it('marks a queued report abandoned by the queue failed, lists failed reports newest first by cursor, and re-runs one', async () => {
    const h = await enrolledHost(ds);
    const a = (await storedReport(ds, h.id, { sequence: 1 })).report_id!;
    const b = (await storedReport(ds, h.id, { sequence: 2 })).report_id!;
    assert.equal(await repo.markAbandoned(a, 1, 'wrong re-run'), false, 'a re-run moved on: its old job says nothing');
    assert.equal(await repo.markAbandoned(a, 0, 'evaluation job failed in the queue: job stalled more than allowable limit'), true);
    assert.equal(await repo.markAbandoned(a, 0, 'again'), false, 'only while queued');
    await new Promise((r) => setTimeout(r, 5));
    await repo.markFailed(b, 'Error: boom');
    const page1 = await repo.failedPage(null, 1);
    assert.deepEqual(
      page1.map((r) => [r.id, r.hostId, r.retries, r.error]),
      [[b, h.id, 0, 'Error: boom']],
    );
    const page2 = await repo.failedPage({ failedAt: page1[0].failedAt!.toISOString(), id: page1[0].id }, 10);
    assert.deepEqual(
      page2.filter((r) => r.hostId === h.id).map((r) => [r.id, r.error]),
      [[a, 'evaluation job failed in the queue: job stalled more than allowable limit']],
    );
    assert.deepEqual(await repo.requeueFailed(a), { hostId: h.id, retries: 1 });
    assert.equal(await repo.requeueFailed(a), null, 'a queued report is not re-run twice');
    const [row] = await ds.query(`SELECT status, error, failed_at FROM reports WHERE id = $1`, [a]);
    assert.deepEqual(row, { status: 'queued', error: null, failed_at: null });
  });

  it('orders reports per agent instance and refuses a sequence jump within one, storing nothing of it', async () => {
    const h = await enrolledHost(ds);
    const withInstance = (sequence: number, instanceId?: string) => {
      const r = sampleReport({ sequence });
      return { ...r, agent: { ...r.agent, ...(instanceId ? { instanceId } : {}) } };
    };
    const x = '11111111-1111-4111-8111-111111111111';
    const y = '22222222-2222-4222-8222-222222222222';
    const order = async () => (await ds.query(`SELECT instance_id, instance_epoch, last_sequence::int FROM hosts WHERE id = $1`, [h.id]))[0];
    await storedReport(ds, h.id, { report: withInstance(7) });
    assert.deepEqual(await order(), { instance_id: null, instance_epoch: 0, last_sequence: 7 });
    await storedReport(ds, h.id, { report: withInstance(500, x) });
    assert.deepEqual(await order(), { instance_id: x, instance_epoch: 1, last_sequence: 500 }, 'a new instance starts a new order');
    const jump = await storedReport(ds, h.id, { report: withInstance(1_000_501, x) });
    assert.deepEqual([jump.report_id, jump.sequence_jump, jump.last_sequence], [null, true, 500]);
    assert.equal((await ds.query(`SELECT count(*)::int AS n FROM reports WHERE host_id = $1`, [h.id]))[0].n, 2);
    assert.equal((await storedReport(ds, h.id, { report: withInstance(1_000_500, x) })).sequence_jump, false, 'exactly the limit is accepted');
    await storedReport(ds, h.id, { report: withInstance(1, y) });
    assert.deepEqual(await order(), { instance_id: y, instance_epoch: 2, last_sequence: 1 }, 'a wiped state directory is newest');
    const late = await storedReport(ds, h.id, { report: withInstance(1_000_001, y) });
    assert.equal(late.report_id !== null && !late.sequence_jump, true);
    assert.deepEqual(await order(), { instance_id: y, instance_epoch: 2, last_sequence: 1_000_001 });
    // A late report of x keeps x's epoch: older than y's, the host stays with y.
    const fromX = await storedReport(ds, h.id, { report: withInstance(1_000_502, x) });
    assert.equal((await ds.query(`SELECT epoch FROM reports WHERE id = $1`, [fromX.report_id]))[0].epoch, 1);
    assert.deepEqual(await order(), { instance_id: y, instance_epoch: 2, last_sequence: 1_000_001 });
  });
});
