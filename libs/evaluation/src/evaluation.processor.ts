import { Injectable, Logger } from '@nestjs/common';
import { JobName, type EvaluateReportPayload, type ReevaluateHostsPayload } from '@memfleet/contracts';
import { MemfleetMetrics, OnJob, type JobContext } from '@memfleet/platform';
import { EvaluationService } from './evaluation.service';
import { ReevaluationRuns } from './reevaluation';

/** The evaluation queue's handlers; BullMQ workers and the inline queue both run these. */
@Injectable()
export class EvaluationProcessor {
  private readonly logger = new Logger('evaluation');

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
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const fields = { reportId: data.reportId, hostId: data.hostId, jobId: ctx.jobId, attempt: ctx.attempt, maxAttempts: ctx.maxAttempts, reason };
      if (ctx.attempt >= ctx.maxAttempts) {
        this.logger.error(fields, `evaluation of report ${data.reportId} failed on its last attempt (${reason}): marked failed`);
        await this.evaluation.markFailed(data.reportId, err);
      } else this.logger.warn(fields, `evaluation of report ${data.reportId} failed, attempt ${ctx.attempt} of ${ctx.maxAttempts} (${reason}): retrying`);
      throw err;
    }
  }

  @OnJob(JobName.ReevaluateHosts)
  reevaluateHosts(data: ReevaluateHostsPayload): Promise<void> {
    return this.reevaluations.evaluateHosts(this.evaluation, data);
  }
}
