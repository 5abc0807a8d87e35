import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';
import { QueueName, auditSchedulerId } from '@memfleet/contracts';
import { AuditSchedulesRepository, type AuditScheduleRow } from '@memfleet/persistence';
import { InlineQueue, loadConfig, type JobContext, type QueuesSettings } from '@memfleet/platform';
import { migratedDataSource } from '../../../test/helpers/throwaway-db';
import { until } from '../../../test/helpers/until';
import { AuditSchedulesSync } from './audit-schedules.sync';
import { ScheduledAuditProcessor } from './scheduled-audit.processor';
import { RecordingAuditStarter, scheduledAuditHandlers } from './scheduled-audit.testing';

const lane = { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } };
// Every queue alike (the tests run one job kind).
const queues = Object.fromEntries(Object.values(QueueName).map((q) => [q, lane])) as QueuesSettings;
const ctx = (jobId: string, attempt = 1): JobContext => ({ jobId, attempt, maxAttempts: 3 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the scheduled-audit job on the real PostgreSQL', { timeout: 60_000 }, () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: AuditSchedulesRepository;
  let queue: InlineQueue;
  let sync: AuditSchedulesSync;
  let starter: RecordingAuditStarter;
  let processor: ScheduledAuditProcessor;

  before(async () => {
    ({ ds, close } = await migratedDataSource(2));
    repo = new AuditSchedulesRepository(ds);
  });
  after(async () => close());
  beforeEach(async () => {
    await ds.query(`DELETE FROM audit_schedules`);
    await queue?.close();
    queue = new InlineQueue({ queues });
    sync = new AuditSchedulesSync(queue, loadConfig({ MEMFLEET_AUDIT_CRON: '' }), repo);
    starter = new RecordingAuditStarter();
    processor = new ScheduledAuditProcessor(repo, sync, starter);
  });

  const create = async (extra: Partial<AuditScheduleRow> = {}): Promise<AuditScheduleRow> => {
    const s = await repo.create({
      name: 'edge nightly',
      cron: '0 6 * * *',
      timeZone: 'Europe/Berlin',
      scope: { team: 'edge' },
      formats: ['pdf', 'csv'],
      destinationIds: ['00000000-0000-4000-8000-0000000000d1'],
      enabled: true,
      createdBy: 'admin',
      ...extra,
    });
    assert.ok(s !== 'name-taken');
    return s;
  };

  it("starts the schedule's audit with its scope, formats and destinations, once per tick", async () => {
    const s = await create();
    const tick = `repeat:${auditSchedulerId(s.id)}:1764568800000`;
    assert.deepEqual(await processor.runScheduledAudit({ scheduleId: s.id }, ctx(tick)), { started: '00000000-0000-4000-8000-000000000001' });
    assert.deepEqual(starter.calls, [
      {
        scope: { team: 'edge' },
        trigger: 'schedule',
        scheduleId: s.id,
        requestedBy: 'schedule:edge nightly',
        formats: ['pdf', 'csv'],
        destinationIds: ['00000000-0000-4000-8000-0000000000d1'],
      },
    ]);
    assert.deepEqual(await processor.runScheduledAudit({ scheduleId: s.id }, ctx(tick, 2)), { skipped: 'duplicate-tick' });
    assert.equal(starter.calls.length, 1, 'the same tick again starts nothing');
    assert.deepEqual(
      (await repo.ticks(s.id)).map((t) => [t.tick, t.auditId]),
      [[tick, '00000000-0000-4000-8000-000000000001']],
    );
    await processor.runScheduledAudit({ scheduleId: s.id }, ctx(`repeat:${auditSchedulerId(s.id)}:1764655200000`));
    assert.equal(starter.calls.length, 2, 'the next tick starts the next audit');
  });

  it('gives the tick back when the audit cannot start, so its retry starts it', async () => {
    const s = await create();
    starter.failNext = 1;
    await assert.rejects(processor.runScheduledAudit({ scheduleId: s.id }, ctx('repeat:t:1', 1)), /audit store away/);
    assert.deepEqual(await processor.runScheduledAudit({ scheduleId: s.id }, ctx('repeat:t:1', 2)), { started: '00000000-0000-4000-8000-000000000001' });
    assert.equal(starter.calls.length, 1);
  });

  it('does nothing for a disabled or deleted schedule, and removes its scheduler', async () => {
    const s = await create({ enabled: false });
    await sync.apply({ ...s, enabled: true }); // a scheduler left from before it was disabled
    assert.deepEqual(await processor.runScheduledAudit({ scheduleId: s.id }, ctx('repeat:t:1')), { skipped: 'disabled' });
    assert.deepEqual(await queue.schedulerIds('audit-schedule-'), [], 'a ghost scheduler removes itself');
    await repo.remove(s.id);
    assert.deepEqual(await processor.runScheduledAudit({ scheduleId: s.id }, ctx('repeat:t:2')), { skipped: 'missing' });
    assert.deepEqual(starter.calls, []);
  });

  it('fails the tick, naming what is missing, when no audit starter is provided', async () => {
    const s = await create();
    const bare = new ScheduledAuditProcessor(repo, sync);
    await assert.rejects(bare.runScheduledAudit({ scheduleId: s.id }, ctx('repeat:t:1')), /AUDIT_STARTER is not provided/);
    assert.deepEqual(await repo.ticks(s.id), [], 'the tick is given back for its retry');
  });

  it('runs on the inline scheduler in the schedule’s pattern until the schedule is disabled', async () => {
    const s = await create({ cron: '* * * * * *', timeZone: 'UTC' });
    queue.process(scheduledAuditHandlers(processor));
    const t0 = Date.now();
    await sync.reconcile();
    // Polled rather than timed: on a loaded machine a tick may come late, but never more than one per second.
    await until('two scheduled audits', async () => starter.calls.length >= 2, 15_000, 50);
    const ran = starter.calls.length;
    assert.ok(ran <= Math.ceil((Date.now() - t0) / 1000) + 1, `one audit per second, got ${ran} in ${Date.now() - t0} ms`);
    const ticks = (await repo.ticks(s.id)).map((t) => t.tick);
    assert.ok(ticks.length >= ran && new Set(ticks).size === ticks.length, 'each audit from its own tick');
    assert.ok(starter.calls.every((c) => c.scheduleId === s.id && c.trigger === 'schedule'));
    await repo.update(s.id, { enabled: false });
    await sync.refresh(s.id);
    await sleep(300); // a tick already running when the schedule was disabled may still finish
    const settled = starter.calls.length;
    await sleep(1500);
    assert.equal(starter.calls.length, settled, 'no audit after the schedule was disabled');
    await queue.close();
  });
});
