import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { JobName, QueueName, auditSchedulerId, type JobItem } from '@memfleet/contracts';
import { AuditSchedulesRepository, type AuditScheduleRow } from '@memfleet/persistence';
import { BullmqQueue, loadConfig, type QueuesSettings } from '@memfleet/platform';
import { createOwnRedis } from '../../../test/helpers/own-redis';
import { REDIS_TEST_URL, migratedDataSource, uniqueQueuePrefix } from '../../../test/helpers/throwaway-db';
import { until } from '../../../test/helpers/until';
import { AuditSchedulesSync } from './audit-schedules.sync';
import { ScheduledAuditProcessor, type ScheduledAuditOutcome } from './scheduled-audit.processor';
import { RecordingAuditStarter, scheduledAuditHandlers } from './scheduled-audit.testing';

const lane = { concurrency: 2, attempts: 1, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } };
// Every queue alike (the tests run one job kind).
const queues = Object.fromEntries(Object.values(QueueName).map((q) => [q, lane])) as QueuesSettings;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('audit schedules as BullMQ job schedulers on the real PostgreSQL and Redis', { timeout: 120_000 }, () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: AuditSchedulesRepository;
  const open: { close(): Promise<void> }[] = [];

  before(async () => {
    ({ ds, close } = await migratedDataSource(6));
    repo = new AuditSchedulesRepository(ds);
  });
  after(async () => {
    for (const o of open.reverse()) await o.close();
    await close();
  });
  beforeEach(async () => {
    await ds.query(`DELETE FROM audit_schedules`);
    await ds.query(`DELETE FROM settings`);
  });

  /** One process: its queue and its schedules sync, started as Nest starts it. */
  const startProcess = async (prefix: string, env: Record<string, string> = { MEMFLEET_AUDIT_CRON: '' }, redisUrl = REDIS_TEST_URL) => {
    const queue = new BullmqQueue({ redisUrl, prefix, queues });
    const sync = new AuditSchedulesSync(queue, loadConfig(env), repo);
    open.push({ close: async () => (sync.onModuleDestroy(), await queue.close()) });
    await until('Redis answers', () => queue.healthy());
    await sync.onApplicationBootstrap();
    return { queue, sync };
  };
  const create = async (name: string, extra: Partial<AuditScheduleRow> = {}): Promise<AuditScheduleRow> => {
    const s = await repo.create({
      name,
      cron: '0 6 * * *',
      timeZone: 'UTC',
      scope: {},
      formats: ['json'],
      destinationIds: [],
      enabled: true,
      createdBy: 'admin',
      ...extra,
    });
    assert.ok(s !== 'name-taken');
    return s;
  };

  it('creates the default schedule on a new install only; later starts and other values change nothing, a deleted default stays deleted', async () => {
    const prefix = uniqueQueuePrefix();
    const first = await startProcess(prefix, {});
    const [daily] = (await repo.list(null, 10)).rows;
    assert.deepEqual(
      [daily.name, daily.cron, daily.timeZone, daily.formats, daily.scope, daily.enabled],
      ['daily', '0 6 * * *', 'UTC', ['html', 'pdf', 'csv', 'json'], {}, true],
    );
    assert.deepEqual(await first.queue.schedulerIds('audit-schedule-'), [auditSchedulerId(daily.id)]);

    await startProcess(prefix, { MEMFLEET_AUDIT_CRON: '30 5 * * *' });
    assert.deepEqual(
      (await repo.list(null, 10)).rows.map((r) => [r.name, r.cron]),
      [['daily', '0 6 * * *']],
      'a second start with another MEMFLEET_AUDIT_CRON changes nothing',
    );

    await repo.remove(daily.id); // deleted while no process could remove its scheduler
    const third = await startProcess(prefix, {});
    assert.equal((await repo.list(null, 10)).total, 0, 'a restart does not recreate a deleted default');
    assert.deepEqual(await third.queue.schedulerIds('audit-schedule-'), [], 'nor keeps the scheduler of the deleted row');
  });

  it('declares every enabled schedule at start and removes schedulers no stored schedule wants', async () => {
    const prefix = uniqueQueuePrefix();
    const on = await create('on');
    const off = await create('off', { enabled: false });
    const ghost = new BullmqQueue({ redisUrl: REDIS_TEST_URL, prefix, queues });
    open.push(ghost);
    const gone = randomUUID();
    const tickOf = (scheduleId: string): JobItem => ({ name: JobName.RunScheduledAudit, data: { scheduleId } });
    await until('Redis answers', () => ghost.healthy());
    // Left by a process that died before removing them: a deleted schedule's, and a disabled one's.
    await ghost.scheduleCron(auditSchedulerId(gone), tickOf(gone), { pattern: '0 6 * * *', tz: 'UTC' });
    await ghost.scheduleCron(auditSchedulerId(off.id), tickOf(off.id), { pattern: '0 6 * * *', tz: 'UTC' });
    const { queue } = await startProcess(prefix);
    assert.deepEqual(await queue.schedulerIds('audit-schedule-'), [auditSchedulerId(on.id)]);
  });

  it('declares the stored schedules again when Redis comes back without its data, as they are now', async () => {
    const redis = await createOwnRedis();
    open.push({ close: () => redis.kill() });
    const prefix = uniqueQueuePrefix();
    const changed = await create('changed');
    const deleted = await create('deleted');
    const a = await startProcess(prefix, undefined, redis.url);
    const b = await startProcess(prefix, undefined, redis.url);
    // B changes one and deletes the other; A still holds them as they were when it declared them.
    await repo.update(changed.id, { cron: '30 7 * * *', timeZone: 'Europe/Berlin' });
    await b.sync.refresh(changed.id);
    await repo.remove(deleted.id);
    await b.sync.remove(deleted.id);

    await redis.kill();
    await redis.start();
    const conn = new IORedis(redis.url, { maxRetriesPerRequest: null });
    const raw = new Queue(QueueName.Audits, { connection: conn, prefix });
    open.push({ close: async () => (await raw.close(), conn.disconnect()) });
    const scheduler = () => raw.getJobScheduler(auditSchedulerId(changed.id));
    await until('the schedules are declared again', async () => (await scheduler())?.pattern === '30 7 * * *', 20_000);
    await sleep(500); // both processes have reconnected and reconciled
    const s = await scheduler();
    assert.deepEqual([s?.pattern, s?.tz], ['30 7 * * *', 'Europe/Berlin'], 'the stored pattern, not the one A declared first');
    assert.deepEqual(await a.queue.schedulerIds('audit-schedule-'), [auditSchedulerId(changed.id)], 'the deleted schedule is not back');
  });

  it('starts exactly one audit per tick with two worker processes on one Redis', async () => {
    const prefix = uniqueQueuePrefix();
    const s = await create('every two seconds', { cron: '*/2 * * * * *' });
    const starter = new RecordingAuditStarter(); // shared, to count the audits of both processes
    const runs: { process: number; jobId: string; outcome: ScheduledAuditOutcome }[] = [];
    for (const i of [0, 1]) {
      const { queue, sync } = await startProcess(prefix);
      queue.process(
        scheduledAuditHandlers(new ScheduledAuditProcessor(repo, sync, starter), (jobId, outcome) =>
          runs.push({ process: i, jobId, outcome: outcome as ScheduledAuditOutcome }),
        ),
      );
    }
    await sleep(10_000);
    const perTick = new Map<string, number>();
    for (const r of runs) perTick.set(r.jobId, (perTick.get(r.jobId) ?? 0) + 1);
    assert.deepEqual(
      [...perTick.values()].filter((n) => n !== 1),
      [],
      `each tick handled once: ${JSON.stringify([...perTick])}`,
    );
    assert.ok(perTick.size >= 4, `about five ticks in 10 s, got ${perTick.size}`);
    assert.ok(runs.every((r) => 'started' in r.outcome));
    assert.equal(starter.calls.length, runs.length, 'one audit per tick');
    const ticks = await repo.ticks(s.id);
    assert.deepEqual(ticks.map((t) => t.tick).sort(), [...perTick.keys()].sort(), 'each tick recorded with its audit');
    assert.ok(ticks.every((t) => t.auditId));
  });
});
