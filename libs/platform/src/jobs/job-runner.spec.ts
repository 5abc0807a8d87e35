import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { JobName, QueueName, type EvaluateReportPayload, type HousekeepingPayload } from '@memfleet/contracts';
import { APP_CONFIG, loadConfig } from '../config/env';
import { InlineQueue } from '../queue/inline-queue';
import { JOB_QUEUE } from '../queue/job-queue';
import { JobRunner } from './job-runner';
import { OnJob } from './on-job.decorator';

const ran: string[] = [];

@Injectable()
class EvaluationJobs {
  @OnJob(JobName.EvaluateReport)
  async evaluate(data: EvaluateReportPayload): Promise<void> {
    ran.push(`evaluate ${data.reportId}`);
  }

  @OnJob(JobName.ReevaluateHosts)
  async reevaluate(): Promise<void> {}
}

@Injectable()
class HousekeepingJobs {
  @OnJob(JobName.SweepStrandedReports)
  async sweep(_d: HousekeepingPayload): Promise<void> {}

  @OnJob(JobName.ExpireSilences)
  async expire(): Promise<void> {}

  @OnJob(JobName.PruneHistory)
  async prune(): Promise<void> {}

  @OnJob(JobName.MaintainPartitions)
  async partitions(): Promise<void> {}

  @OnJob(JobName.RetireSilentHosts)
  async retire(): Promise<void> {}

  @OnJob(JobName.RunScheduledAudit)
  async scheduledAudit(): Promise<void> {}
}

@Injectable()
class AuditJobs {
  @OnJob(JobName.RunAudit)
  async run(): Promise<void> {}

  @OnJob(JobName.PruneAudits)
  async prune(): Promise<void> {}

  @OnJob(JobName.SweepStrandedAudits)
  async sweep(): Promise<void> {}
}

@Injectable()
class AlertJobs {
  @OnJob(JobName.DispatchAlerts)
  async dispatch(): Promise<void> {}

  @OnJob(JobName.DeliverMessage)
  async deliver(): Promise<void> {}
}

@Injectable()
class TraceJobs {
  @OnJob(JobName.AnalyzeTrace)
  async analyze(): Promise<void> {}

  @OnJob(JobName.SweepStrandedTraces)
  async sweep(): Promise<void> {}
}

@Injectable()
class SecondPruner {
  @OnJob(JobName.PruneHistory)
  async prune(): Promise<void> {}
}

const queue = () =>
  new InlineQueue({
    queues: {
      [QueueName.Evaluation]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
      [QueueName.Housekeeping]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
      [QueueName.Audits]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
      [QueueName.Alerts]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
      [QueueName.Traces]: { concurrency: 1, attempts: 1, keepCompleted: { count: 0 }, keepFailed: { count: 0 } },
    },
  });

function appWith(...handlers: (new () => object)[]) {
  @Module({
    imports: [DiscoveryModule],
    providers: [JobRunner, { provide: JOB_QUEUE, useFactory: queue }, { provide: APP_CONFIG, useValue: loadConfig({}) }, ...handlers],
  })
  class TestModule {}
  return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
}

describe('job handlers are checked at start', () => {
  it('starts when every job has exactly one handler, and runs them from the queue', async () => {
    const app = await appWith(EvaluationJobs, HousekeepingJobs, AuditJobs, AlertJobs, TraceJobs);
    assert.equal(app.get(JobRunner).start('api'), true, 'the inline queue runs its jobs in the API');
    const q = app.get<InlineQueue>(JOB_QUEUE);
    const settled = new Promise<void>((resolve) => q.onSettled(() => resolve()));
    await q.enqueue({ name: JobName.EvaluateReport, data: { reportId: 'r1', hostId: 'h', catalogueRevision: 'c' } }, 'j1');
    await settled;
    assert.deepEqual(ran, ['evaluate r1']);
    await app.close();
  });

  it('refuses to start when a job has no handler, naming it', async () => {
    await assert.rejects(appWith(EvaluationJobs), (e: Error) => {
      for (const name of [JobName.SweepStrandedReports, JobName.ExpireSilences, JobName.PruneHistory, JobName.MaintainPartitions, JobName.RetireSilentHosts])
        assert.match(e.message, new RegExp(`${name} has no handler`));
      assert.doesNotMatch(e.message, new RegExp(JobName.EvaluateReport));
      return true;
    });
  });

  it('refuses to start when a job has two handlers, naming both', async () => {
    await assert.rejects(
      appWith(EvaluationJobs, HousekeepingJobs, AuditJobs, AlertJobs, TraceJobs, SecondPruner),
      /prune-history has 2 handlers \(HousekeepingJobs\.prune, SecondPruner\.prune\)/,
    );
  });
});
