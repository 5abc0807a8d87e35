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
