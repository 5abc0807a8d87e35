import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobName, QueueName, type JobItem } from '@memfleet/contracts';
import { freePort } from '../../../../test/helpers/processes';
import { REDIS_TEST_URL, uniqueQueuePrefix } from '../../../../test/helpers/throwaway-db';
import { BullmqQueue } from './bullmq-queue';
import { RetryLaterError, type JobContext, type JobHandlers, type QueuesSettings, type SettledEvent } from './job-queue';

const settings = (attempts: number, concurrency = 4): QueuesSettings => ({
  [QueueName.Evaluation]: { concurrency, attempts, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
  [QueueName.Housekeeping]: { concurrency: 1, attempts: 1, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
  [QueueName.Audits]: { concurrency: 1, attempts: 1, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
  [QueueName.Alerts]: { concurrency: 1, attempts: 1, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
  [QueueName.Traces]: { concurrency: 1, attempts: 1, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
});

interface Call {
  name: JobName;
  data: unknown;
  ctx: JobContext;
}

/** Handlers that record every call; `behave` decides what each call does (default: succeed at once). */
function recorder(behave: (c: Call) => Promise<unknown> = async () => 'ok') {
  const calls: Call[] = [];
  const handler = (name: JobName) => (data: unknown, ctx: JobContext) => {
    const call = { name, data, ctx };
    calls.push(call);
    return behave(call);
  };
  const handlers = Object.fromEntries(Object.values(JobName).map((n) => [n, handler(n)])) as unknown as JobHandlers;
  return { calls, handlers };
}

const evaluate = (reportId: string): JobItem => ({ name: JobName.EvaluateReport, data: { reportId, hostId: 'h', catalogueRevision: 'r' } });

async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves when the job settles; the listener is open when this returns. */
async function settled(queue: BullmqQueue, jobId: string): Promise<{ event: Promise<SettledEvent> }> {
  const event = new Promise<SettledEvent>((resolve) => {
    const off = queue.onSettled((e) => {
      if (e.jobId !== jobId) return;
      off();
      resolve(e);
    });
  });
  await queue.listen();
  await new Promise((r) => setTimeout(r, 100)); // its first read of the event stream
  return { event };
}

describe('BullMQ queue adapter on the real Redis', { timeout: 120_000 }, () => {
  const open: BullmqQueue[] = [];
  const queue = (attempts = 3, prefix = uniqueQueuePrefix(), concurrency = 4) => {
    const q = new BullmqQueue({ redisUrl: REDIS_TEST_URL, prefix, queues: settings(attempts, concurrency), backoffBaseMs: 20 });
    open.push(q);
    return q;
  };
  after(async () => {
    await Promise.all(open.map((q) => q.close()));
  });

  it('runs an enqueued job once with its data, and reports it settled', async () => {
    const q = queue();
    const { calls, handlers } = recorder();
    q.process(handlers);
    const { event: done } = await settled(q, 'job-1');
    await q.enqueue(evaluate('r1'), 'job-1');
    assert.deepEqual(await done, { jobId: 'job-1', ok: true });
    assert.deepEqual(
      calls.map((c) => [c.name, c.data, c.ctx]),
      [[JobName.EvaluateReport, { reportId: 'r1', hostId: 'h', catalogueRevision: 'r' }, { jobId: 'job-1', attempt: 1, maxAttempts: 3 }]],
    );
  });

  it('ignores a job whose fixed id is already queued or kept, and counts waiting jobs', async () => {
    const q = queue();
    await q.enqueue(evaluate('r1'), 'same-id');
    await q.enqueueMany([
      { item: evaluate('r1'), jobId: 'same-id' },
      { item: evaluate('r2'), jobId: 'other-id' },
    ]);
    assert.deepEqual(await q.counts(), { waiting: 2, active: 0, delayed: 0, failed: 0 });
    const { calls, handlers } = recorder();
    q.process(handlers);
    await until('both jobs', () => calls.length === 2);
    await q.enqueue(evaluate('r1'), 'same-id'); // completed and kept: still a duplicate
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(calls.map((c) => c.ctx.jobId).sort(), ['other-id', 'same-id']);
  });

  it('retries a failing job with backoff and passes the attempt number, until it succeeds', async () => {
    const q = queue(3);
    const { calls, handlers } = recorder(async (c) => {
      if (c.ctx.attempt < 3) throw new Error(`attempt ${c.ctx.attempt} fails`);
      return 'ok';
    });
    q.process(handlers);
    const { event: done } = await settled(q, 'flaky');
    await q.enqueue(evaluate('r1'), 'flaky');
    assert.deepEqual(await done, { jobId: 'flaky', ok: true });
    assert.deepEqual(
      calls.map((c) => [c.ctx.attempt, c.ctx.maxAttempts]),
      [
        [1, 3],
        [2, 3],
        [3, 3],
      ],
    );
  });

  it('fails a job for good after its last attempt and counts it failed', async () => {
    const q = queue(2);
    const { calls, handlers } = recorder(async () => {
      throw new Error('always');
    });
    q.process(handlers);
    const { event: done } = await settled(q, 'doomed');
    await q.enqueue(evaluate('r1'), 'doomed');
    assert.deepEqual(await done, { jobId: 'doomed', ok: false });
    assert.equal(calls.length, 2);
    assert.equal((await q.counts()).failed, 1);
  });

  it('runs a job that asks to retry later again without using up an attempt, however often it asks', async () => {
    const q = queue(2);
    const { calls, handlers } = recorder(async () => {
      if (calls.length <= 4) throw new RetryLaterError(new Error('database away'), 20);
      return 'ok';
    });
    q.process(handlers);
    const { event: done } = await settled(q, 'patient');
    await q.enqueue(evaluate('r1'), 'patient');
    assert.deepEqual(await done, { jobId: 'patient', ok: true });
    assert.deepEqual(
      calls.map((c) => c.ctx.attempt),
      [1, 1, 1, 1, 1],
      'five runs, all the first attempt of a job allowed two',
    );
  });

  it('routes housekeeping jobs to their own queue: evaluation counts leave them out, and they run once', async () => {
    const q = queue();
    await q.enqueue({ name: JobName.PruneHistory, data: {} }, 'prune-1');
    assert.deepEqual(await q.counts(), { waiting: 0, active: 0, delayed: 0, failed: 0 });
    const { calls, handlers } = recorder();
    q.process(handlers);
    await until('the housekeeping job', () => calls.length === 1);
    assert.deepEqual([calls[0].name, calls[0].ctx.maxAttempts], [JobName.PruneHistory, 1]);
  });

  it('runs a schedule once per tick however many processes declare and work it', async () => {
    const prefix = uniqueQueuePrefix();
    const processes = [queue(1, prefix), queue(1, prefix)];
    const every = 400;
    const seen: { process: number; jobId: string; at: number }[] = [];
    processes.forEach((q, i) =>
      q.process(
        recorder(async (c) => {
          seen.push({ process: i, jobId: c.ctx.jobId, at: Date.now() });
        }).handlers,
      ),
    );
    const started = Date.now();
    await processes[0].schedule({ name: JobName.RetireSilentHosts, data: {} }, every);
    await new Promise((r) => setTimeout(r, every * 1.5));
    await processes[1].schedule({ name: JobName.RetireSilentHosts, data: {} }, every); // a second process starting later
    await new Promise((r) => setTimeout(r, every * 8));
    const elapsed = Date.now() - started;
    const ids = seen.map((s) => s.jobId);
    assert.equal(new Set(ids).size, ids.length, `no tick runs twice: ${JSON.stringify(ids)}`);
    assert.ok(seen.length <= Math.ceil(elapsed / every) + 1, `${seen.length} runs in ${elapsed} ms at one per ${every} ms`);
    assert.ok(seen.length >= 4, `the schedule ran (${seen.length} runs in ${elapsed} ms)`);
  });

  it('runs each tick of a cron scheduler exactly once when two processes declare and work it', async () => {
    const prefix = uniqueQueuePrefix();
    const processes = [queue(1, prefix), queue(1, prefix)];
    const id = 'audit-schedule-once';
    const item: JobItem = { name: JobName.RunScheduledAudit, data: { scheduleId: 'once' } };
    const repeat = { pattern: '*/2 * * * * *', tz: 'UTC' };
    const seen: { process: number; jobId: string; at: number }[] = [];
    processes.forEach((q, i) =>
      q.process(
        recorder(async (c) => {
          seen.push({ process: i, jobId: c.ctx.jobId, at: Date.now() });
        }).handlers,
      ),
    );
    await Promise.all(processes.map((q) => q.scheduleCron(id, item, repeat))); // both start at once
    await new Promise((r) => setTimeout(r, 3000));
    await processes[1].scheduleCron(id, item, repeat); // one restarts and declares it again
    await new Promise((r) => setTimeout(r, 7500));
    assert.deepEqual(await processes[1].schedulerIds('audit-schedule-'), [id], 'one scheduler in Redis');

    const perTick = new Map<number, number>();
    for (const s of seen) {
      const m = new RegExp(`^repeat:${id}:(\\d+)$`).exec(s.jobId);
      assert.ok(m, `a tick's job id: ${s.jobId}`);
      perTick.set(Number(m[1]), (perTick.get(Number(m[1])) ?? 0) + 1);
    }
    const ticks = [...perTick.keys()].sort((a, b) => a - b);
    assert.deepEqual(
      [...perTick.values()].filter((n) => n !== 1),
      [],
      `every tick handled exactly once: ${JSON.stringify([...perTick])}`,
    );
    assert.ok(ticks.length >= 4, `about five ticks in 10 s, got ${ticks.length}`);
    assert.ok(
      ticks.every((t) => t % 2000 === 0),
      'ticks on even seconds',
    );
    assert.deepEqual(
      ticks.slice(1).map((t, i) => t - ticks[i]),
      Array(ticks.length - 1).fill(2000),
      'no tick missed',
    );
    for (const s of seen) assert.ok(s.at - Number(s.jobId.split(':')[2]) < 1500, 'each ran at its tick');

    await processes[0].unschedule(id);
    assert.deepEqual(await processes[1].schedulerIds('audit-schedule-'), [], 'gone from Redis for every process');
    await new Promise((r) => setTimeout(r, 500)); // a tick already taken may finish
    const after = seen.length;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(seen.length, after, 'no tick after unschedule');
  });

  it('declares schedules (interval and cron) made while Redis was down once it answers', async () => {
    const port = await freePort();
    const { spawn } = await import('node:child_process');
    const q = new BullmqQueue({ redisUrl: `redis://127.0.0.1:${port}`, prefix: uniqueQueuePrefix(), queues: settings(1), backoffBaseMs: 20 });
    const { calls, handlers } = recorder();
    q.process(handlers);
    await q.schedule({ name: JobName.ExpireSilences, data: {} }, 300);
    await q.scheduleCron('audit-schedule-down', { name: JobName.RunScheduledAudit, data: { scheduleId: 'down' } }, { pattern: '* * * * * *', tz: 'UTC' });
    let reconnects = 0;
    q.onReconnect(() => reconnects++);
    assert.equal(await q.healthy(), false);
    await assert.rejects(q.enqueue(evaluate('r1'), 'while-down'), /queue unavailable|writeable|Connection/);
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      await until('the schedule to run after Redis came up', () => calls.some((c) => c.name === JobName.ExpireSilences), 20_000);
      await until('the cron schedule to run after Redis came up', () => calls.some((c) => c.name === JobName.RunScheduledAudit), 20_000);
      assert.equal(await q.healthy(), true);
      assert.ok(reconnects >= 1, 'reconnect listeners were told, once the schedules were declared');
    } finally {
      await q.close();
      redis.kill('SIGKILL');
    }
  });

  it('close() lets a running job finish and takes no more', async () => {
    const q = new BullmqQueue({ redisUrl: REDIS_TEST_URL, prefix: uniqueQueuePrefix(), queues: settings(1, 1), backoffBaseMs: 20 });
    const finished: string[] = [];
    const { calls, handlers } = recorder(async (c) => {
      await new Promise((r) => setTimeout(r, 500));
      finished.push(c.ctx.jobId);
    });
    await q.enqueueMany([
      { item: evaluate('r1'), jobId: 'slow-1' },
      { item: evaluate('r2'), jobId: 'slow-2' },
    ]);
    q.process(handlers);
    await until('the first job to start', () => calls.length === 1);
    await q.close();
    assert.deepEqual(finished, ['slow-1'], 'the running job finished before close() returned');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(calls.length, 1, 'nothing started after close');
  });

  it('names the jobs it failed for good with their reason; a failed id cannot be added again', async () => {
    const q = queue(1);
    const { calls, handlers } = recorder(async () => {
      throw new Error('boom');
    });
    q.process(handlers);
    const { event } = await settled(q, 'doomed');
    await q.enqueueMany([
      { item: evaluate('r1'), jobId: 'doomed' },
      { item: evaluate('r2'), jobId: 'fine-later' },
    ]);
    await event;
    await until('both jobs failed', async () => (await q.failedJobs(['doomed', 'fine-later'])).size === 2);
    assert.deepEqual([...(await q.failedJobs(['doomed', 'never-added']))], [['doomed', 'boom']]);
    const before = calls.length;
    await q.enqueue(evaluate('r1'), 'doomed');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calls.length, before, 'the failed job id stays taken: a sweep re-adding it runs nothing');
  });
});
