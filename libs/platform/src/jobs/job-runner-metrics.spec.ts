import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobName } from '@memfleet/contracts';
import { MemfleetMetrics } from '../metrics/metrics';
import { RetryLaterError, type JobHandler, type JobHandlers } from '../queue/job-queue';
import { counted } from './job-runner';

describe('counted job handlers', () => {
  it('count each run by job name and outcome: completed, retried (attempts left or postponed), failed (last attempt)', async () => {
    const metrics = new MemfleetMetrics({ defaultMetrics: false });
    let outcome: 'ok' | 'throw' | 'later' = 'ok';
    const handler: JobHandler = async () => {
      if (outcome === 'throw') throw new Error('boom');
      if (outcome === 'later') throw new RetryLaterError(new Error('database away'));
      return 'done';
    };
    const handlers = counted({ [JobName.EvaluateReport]: handler, [JobName.PruneHistory]: handler } as unknown as JobHandlers, metrics);
    const run = (name: JobName, attempt: number) => (handlers[name] as JobHandler)({} as never, { jobId: 'j', attempt, maxAttempts: 3 });

    assert.equal(await run(JobName.EvaluateReport, 1), 'done');
    await run(JobName.PruneHistory, 1);
    outcome = 'throw';
    await assert.rejects(run(JobName.EvaluateReport, 1), /boom/);
    await assert.rejects(run(JobName.EvaluateReport, 3), /boom/);
    outcome = 'later';
    await assert.rejects(run(JobName.EvaluateReport, 3), RetryLaterError);

    const values = (await metrics.jobRuns.get()).values.map((v) => [v.labels.job, v.labels.outcome, v.value]);
    assert.deepEqual(
      values.sort(),
      [
        ['evaluate-report', 'completed', 1],
        ['evaluate-report', 'failed', 1],
        ['evaluate-report', 'retried', 2],
        ['prune-history', 'completed', 1],
      ].sort(),
    );
  });
});
