import { Injectable } from '@nestjs/common';
import { JobName, type EvaluateReportPayload, type ReevaluateHostsPayload } from '@memfleet/contracts';
import { MemfleetMetrics, OnJob, type JobContext } from '@memfleet/platform';
import { EvaluationService } from './evaluation.service';
import { ReevaluationRuns } from './reevaluation';

/** The evaluation queue's handlers; BullMQ workers and the inline queue both run these. */
@Injectable()
export class EvaluationProcessor {
  constructor(
    private readonly reevaluations: ReevaluationRuns,
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
    return this.reevaluations.evaluateHosts(this.evaluation, data);
  }
}
