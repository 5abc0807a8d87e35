import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobName, QueueName, type JobItem } from '@memfleet/contracts';
import { InlineQueue } from './inline-queue';
import { RetryLaterError, type JobContext, type JobHandlers, type QueuesSettings } from './job-queue';

const settings = (attempts: number): QueuesSettings => ({
  [QueueName.Evaluation]: { concurrency: 2, attempts, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
  [QueueName.Housekeeping]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
  [QueueName.Audits]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
  [QueueName.Alerts]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
  [QueueName.Traces]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
});

function handlersDoing(behave: (name: JobName, ctx: JobContext) => Promise<unknown>): JobHandlers {
  return Object.fromEntries(Object.values(JobName).map((n) => [n, (_d: unknown, ctx: JobContext) => behave(n, ctx)])) as unknown as JobHandlers;
}

const evaluate = (reportId: string): JobItem => ({ name: JobName.EvaluateReport, data: { reportId, hostId: 'h', catalogueRevision: 'r' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inline queue', () => {
  it('holds jobs until handlers are given, runs each fixed id once, and retries a failing job with backoff', async () => {
    const q = new InlineQueue({ queues: settings(3), backoffBaseMs: 5 });
    const calls: [JobName, number][] = [];
    await q.enqueue(evaluate('a'), 'a');
    await q.enqueue(evaluate('a'), 'a');
    assert.equal((await q.counts()).waiting, 1, 'a duplicate id adds nothing');
    const settled: { jobId: string; ok: boolean }[] = [];
    q.onSettled((e) => settled.push(e));
    q.process(
      handlersDoing(async (name, ctx) => {
        calls.push([name, ctx.attempt]);
        if (ctx.attempt < 2) throw new Error('first attempt fails');
      }),
    );
    await sleep(50);
    assert.deepEqual(calls, [
      [JobName.EvaluateReport, 1],
      [JobName.EvaluateReport, 2],
    ]);
    assert.deepEqual(settled, [{ jobId: 'a', ok: true }]);
    await q.close();
  });

  it('fails a job for good after its last attempt', async () => {
    const q = new InlineQueue({ queues: settings(2), backoffBaseMs: 5 });
    const settled: boolean[] = [];
    q.onSettled((e) => settled.push(e.ok));
    q.process(handlersDoing(async () => Promise.reject(new Error('always'))));
    await q.enqueue(evaluate('b'), 'b');
    await sleep(50);
    assert.deepEqual(settled, [false]);
    assert.equal((await q.counts()).failed, 1);
    await q.close();
  });

  it('runs a job that asks to retry later again without using up an attempt, however often it asks', async () => {
    const q = new InlineQueue({ queues: settings(2), backoffBaseMs: 5 });
    const attempts: number[] = [];
    const settled: boolean[] = [];
    q.onSettled((e) => settled.push(e.ok));
    q.process(
      handlersDoing(async (_name, ctx) => {
        attempts.push(ctx.attempt);
        if (attempts.length <= 4) throw new RetryLaterError(new Error('database away'), 5);
      }),
    );
    await q.enqueue(evaluate('c'), 'c');
    await sleep(150);
    assert.deepEqual(attempts, [1, 1, 1, 1, 1], 'five runs, all the first attempt of a job allowed two');
    assert.deepEqual(settled, [true]);
    await q.close();
  });

  it('runs a schedule every interval without stacking a slow run, and stops it on close', async () => {
    const q = new InlineQueue({ queues: settings(1) });
    let running = 0;
    let most = 0;
    let runs = 0;
    q.process(
      handlersDoing(async (name) => {
        assert.equal(name, JobName.PruneHistory);
        running++;
        most = Math.max(most, running);
        await sleep(60);
        running--;
        runs++;
      }),
    );
    await q.schedule({ name: JobName.PruneHistory, data: {} }, 20);
    await sleep(400);
    assert.equal(most, 1, 'never two runs of one schedule at once');
    assert.ok(runs >= 3 && runs <= 8, `about one run per 60 ms, got ${runs}`);
    await q.close();
    const after = runs;
    await sleep(100);
    assert.equal(runs, after, 'no run after close');
    assert.deepEqual(await q.counts(), { waiting: 0, active: 0, delayed: 0, failed: 0 }, 'housekeeping is not counted as evaluation');
  });
});

describe('inline cron scheduler', () => {
  const tick = { name: JobName.RunScheduledAudit, data: { scheduleId: 's1' } } as const;

  it('runs a job on each tick of its pattern, named by the tick, until unscheduled', async () => {
    const q = new InlineQueue({ queues: settings(1) });
    const seen: { jobId: string; at: number }[] = [];
    q.process(
      handlersDoing(async (name, ctx) => {
        assert.equal(name, JobName.RunScheduledAudit);
        seen.push({ jobId: ctx.jobId, at: Date.now() });
      }),
    );
    await q.scheduleCron('audit-schedule-s1', tick, { pattern: '* * * * * *', tz: 'UTC' });
    assert.deepEqual(await q.schedulerIds('audit-schedule-'), ['audit-schedule-s1']);
    await sleep(2300);
    assert.ok(seen.length >= 2 && seen.length <= 3, `one run per second, got ${seen.length}`);
    for (const s of seen) {
      const m = /^repeat:audit-schedule-s1:(\d+)$/.exec(s.jobId);
      assert.ok(m, `tick job id ${s.jobId}`);
      const tickMs = Number(m[1]);
      assert.equal(tickMs % 1000, 0, 'a tick of the seconds field');
      assert.ok(s.at >= tickMs && s.at - tickMs < 500, `ran at its tick (${s.at - tickMs} ms late)`);
    }
    await q.unschedule('audit-schedule-s1');
    assert.deepEqual(await q.schedulerIds('audit-schedule-'), []);
    const after = seen.length;
    await sleep(1300);
    assert.equal(seen.length, after, 'no run after unschedule');
    await q.close();
  });

  it('replaces a scheduler declared again, stops on close, and refuses a bad pattern', async () => {
    const q = new InlineQueue({ queues: settings(1) });
    const seen: string[] = [];
    q.process(
      handlersDoing(async (_name, ctx) => {
        seen.push(ctx.jobId);
      }),
    );
    await q.scheduleCron('audit-schedule-s2', tick, { pattern: '0 6 1 1 *', tz: 'UTC' });
    await q.scheduleCron('audit-schedule-s2', tick, { pattern: '* * * * * *', tz: 'UTC' });
    await sleep(1200);
    assert.ok(seen.length >= 1 && seen.length <= 2, `the second pattern replaced the first: ${JSON.stringify(seen)}`);
    await q.close();
    const after = seen.length;
    await sleep(1200);
    assert.equal(seen.length, after, 'no run after close');
    await assert.rejects(q.scheduleCron('audit-schedule-s3', tick, { pattern: '61 * * * *', tz: 'UTC' }), /61/);
  });
});
