import { Injectable, Logger } from '@nestjs/common';
import { JobName, type EvaluateReportPayload, type ReevaluateHostsPayload } from '@memfleet/contracts';
import { isDatabaseUnavailable } from '@memfleet/persistence';
import { MemfleetMetrics, OnJob, RetryLaterError, type JobContext } from '@memfleet/platform';
import { EvaluationService } from './evaluation.service';
import { ReevaluationRuns } from './reevaluation';

/** The evaluation queue's handlers; BullMQ workers and the inline queue both run these. */
@Injectable()
export class EvaluationProcessor {
  private readonly logger = new Logger('evaluation');
  private unavailableLoggedAt = 0;

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
      // The report is not at fault while PostgreSQL is away: wait for it, however long, without using an attempt.
      if (isDatabaseUnavailable(err)) throw this.retryLater(err);
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const fields = { reportId: data.reportId, hostId: data.hostId, jobId: ctx.jobId, attempt: ctx.attempt, maxAttempts: ctx.maxAttempts, reason };
      if (ctx.attempt >= ctx.maxAttempts) {
        this.logger.error(fields, `evaluation of report ${data.reportId} failed on its last attempt (${reason}): marked failed`);
        await this.evaluation.markFailed(data.reportId, err);
      } else this.logger.warn(fields, `evaluation of report ${data.reportId} failed, attempt ${ctx.attempt} of ${ctx.maxAttempts} (${reason}): retrying`);
      throw err;
    }
  }

  private retryLater(err: unknown): RetryLaterError {
    const later = new RetryLaterError(err);
    if (Date.now() - this.unavailableLoggedAt > 10_000) {
      this.unavailableLoggedAt = Date.now();
      this.logger.warn({ err: later.message }, 'database unavailable; evaluations wait and retry');
    }
    return later;
  }

  @OnJob(JobName.ReevaluateHosts)
  reevaluateHosts(data: ReevaluateHostsPayload): Promise<void> {
    return this.reevaluations.evaluateHosts(this.evaluation, data);
  }
}
