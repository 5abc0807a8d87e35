import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, type EvaluateReportPayload, type ReevaluateHostsPayload } from '@memfleet/contracts';
import { MemfleetMetrics, OnJob, type JobContext } from '@memfleet/platform';
import { EvaluationService } from './evaluation.service';
import { reevaluateHosts } from './reevaluation';

/** The evaluation queue's handlers; BullMQ workers and the inline queue both run these. */
@Injectable()
export class EvaluationProcessor {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly evaluation: EvaluationService,
    private readonly metrics: MemfleetMetrics,
  ) {}

  @OnJob(JobName.EvaluateReport)
  async evaluateReport(data: EvaluateReportPayload, ctx: JobContext): Promise<{ status: string }> {
    const stop = this.metrics.evaluationDuration.startTimer();
    try {
      const result = await this.evaluation.evaluate(data.reportId, data.catalogueRevision);
      stop();
      return { status: result.status };
    } catch (err) {
      if (ctx.attempt >= ctx.maxAttempts) await this.evaluation.markFailed(data.reportId, err);
      throw err;
    }
  }

  @OnJob(JobName.ReevaluateHosts)
  reevaluateHosts(data: ReevaluateHostsPayload): Promise<void> {
    return reevaluateHosts(this.ds, this.evaluation, data);
  }
}
