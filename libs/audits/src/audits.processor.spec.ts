import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { JobName, type AuditRequest, type JobItem } from '@memfleet/contracts';
import { AuditsRepository, HousekeepingRunsRepository } from '@memfleet/persistence';
import { loadConfig, type JobQueue } from '@memfleet/platform';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { QueuedAuditStarter } from './audit-starter';
import type { AuditDelivery } from './audit-delivery';
import { AuditsProcessor, STRANDED_AUDIT_SECONDS } from './audits.processor';

/** Records which audits the processor hands on for sending (the sending itself has its own spec). */
class SentAudits {
  readonly ids: string[] = [];
  async send(id: string): Promise<string[]> {
    this.ids.push(id);
    return [];
  }
}
const delivery = (sent = new SentAudits()) => sent as unknown as AuditDelivery;

/** A queue that records what is added to it. */
function recordingQueue() {
  const added: { item: JobItem; jobId: string }[] = [];
  const queue = { enqueueMany: async (jobs: { item: JobItem; jobId: string }[]) => void added.push(...jobs) } as unknown as JobQueue;
  return { added, queue };
}

const request: AuditRequest = { scope: {}, trigger: 'manual', scheduleId: null, requestedBy: 'test', formats: [], destinationIds: [] };

/** A repository whose fleet statement fails, as a section that breaks mid-run. */
class BrokenFleet extends AuditsRepository {
  override fleet(): never {
    throw new Error('fleet section broke');
  }
}

describe('the audit jobs on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: AuditsRepository;
  const config = loadConfig({ MEMFLEET_AUDIT_RETENTION_DAYS: '30' });
  const ctx = (attempt: number) => ({ jobId: `j${attempt}`, attempt, maxAttempts: 3 });

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    repo = new AuditsRepository(ds);
    await ds.query(`INSERT INTO hosts (machine_id, hostname, last_seen_at) VALUES ('m1', 'h1', now())`);
  });
  after(async () => close());

  it('queues an audit under the fixed job id audit-<id>, and marks it failed when the queue refuses it', async () => {
    const added: { item: JobItem; jobId: string }[] = [];
    const queue = { enqueue: async (item: JobItem, jobId: string) => void added.push({ item, jobId }) } as unknown as JobQueue;
    const { id } = await new QueuedAuditStarter(repo, queue).start(request);
    assert.deepEqual(added, [{ item: { name: JobName.RunAudit, data: { auditId: id } }, jobId: `audit-${id}` }]);
    assert.equal((await repo.get(id))?.status, 'queued');

    const down = { enqueue: () => Promise.reject(new Error('Redis is away')) } as unknown as JobQueue;
    await assert.rejects(new QueuedAuditStarter(repo, down).start(request), /Redis is away/);
    const [{ id: lost }]: { id: string }[] = await ds.query(`SELECT id FROM audits WHERE status = 'failed'`);
    assert.match((await repo.get(lost))!.error!, /could not be queued: Redis is away/);
  });

  it('runs an audit once: the same job again leaves the stored audit as it was', async () => {
    const sent = new SentAudits();
    const jobs = new AuditsProcessor(config, repo, new HousekeepingRunsRepository(ds), delivery(sent), recordingQueue().queue);
    const id = await repo.create(request);
    assert.equal(await jobs.runAudit({ auditId: id }, ctx(1)), 'done');
    assert.deepEqual(sent.ids, [id], 'the run that finished it sends it');
    const done = await repo.get(id);
    assert.equal(done?.status, 'done');
    assert.deepEqual((done?.summary as { fleet: unknown }).fleet, { total: 1, reporting: 1, stale: 0, retired: 0 });
    assert.equal(await jobs.runAudit({ auditId: id }, ctx(2)), 'already-done');
    assert.deepEqual(await repo.get(id), done);
    assert.deepEqual(sent.ids, [id, id], 'every run hands it on: the sending completes what is missing and never doubles it (audit-delivery.spec)');
  });

  it('leaves a failing run to its retries, and marks the audit failed with the error on the last attempt', async () => {
    const jobs = new AuditsProcessor(config, new BrokenFleet(ds), new HousekeepingRunsRepository(ds), delivery(), recordingQueue().queue);
    const id = await repo.create(request);
    await assert.rejects(jobs.runAudit({ auditId: id }, ctx(1)), /fleet section broke/);
    assert.equal((await repo.get(id))?.status, 'running', 'not failed while attempts remain');
    await assert.rejects(jobs.runAudit({ auditId: id }, ctx(3)), /fleet section broke/);
    const failed = await repo.get(id);
    assert.deepEqual([failed?.status, failed?.error, failed?.summary], ['failed', 'fleet section broke', null]);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM audit_hits WHERE audit_id = $1`, [id]);
    assert.equal(n, 0, 'the hits of a failed run are dropped');
  });

  it('prunes audits older than MEMFLEET_AUDIT_RETENTION_DAYS and records the run', async () => {
    const jobs = new AuditsProcessor(config, repo, new HousekeepingRunsRepository(ds), delivery(), recordingQueue().queue);
    const old = await repo.create(request);
    const recent = await repo.create(request);
    await ds.query(`UPDATE audits SET created_at = now() - interval '31 days' WHERE id = $1`, [old]);
    await ds.query(`UPDATE audits SET created_at = now() - interval '29 days' WHERE id = $1`, [recent]);
    assert.equal(await jobs.pruneAudits({}, ctx(1)), 1);
    assert.equal(await repo.get(old), null);
    assert.ok(await repo.get(recent));
    const runs: { job: string; affected: number }[] = await ds.query(`SELECT job, affected FROM housekeeping_runs`);
    assert.deepEqual(runs, [{ job: JobName.PruneAudits, affected: 1 }]);
  });
  it('gives a queued or running audit whose job may be lost its job again, under its fixed id, after STRANDED_AUDIT_SECONDS', async () => {
    const { added, queue } = recordingQueue();
    const jobs = new AuditsProcessor(config, repo, new HousekeepingRunsRepository(ds), delivery(), queue);
    const lostQueued = await repo.create(request);
    const lostRunning = await repo.create(request);
    const fresh = await repo.create(request);
    const finished = await repo.create(request);
    await ds.query(`UPDATE audits SET status = 'done', summary = '{}' WHERE id = $1`, [finished]);
    await ds.query(`UPDATE audits SET created_at = now() - make_interval(secs => $2) WHERE id = ANY($1)`, [
      [lostQueued, lostRunning, finished],
      STRANDED_AUDIT_SECONDS + 5,
    ]);
    await ds.query(`UPDATE audits SET status = 'running', started_at = now() - make_interval(secs => $2) WHERE id = $1`, [
      lostRunning,
      STRANDED_AUDIT_SECONDS + 5,
    ]);
    await ds.query(`UPDATE audits SET status = 'failed' WHERE status IN ('queued', 'running') AND id <> ALL($1)`, [[lostQueued, lostRunning, fresh]]);
    assert.equal(await jobs.sweepStrandedAudits({}), 2);
    assert.deepEqual(
      added.map((a) => a.jobId).sort(),
      [`audit-${lostQueued}`, `audit-${lostRunning}`].sort(),
      'the fresh and the finished audit are left alone',
    );
    assert.deepEqual(added[0].item.name, JobName.RunAudit);
  });
});
