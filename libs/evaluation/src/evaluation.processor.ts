import type { DataSource } from 'typeorm';
import { JobName, type EvaluateReportPayload, type ReevaluateHostsPayload } from '@memfleet/contracts';
import type { JobContext, JobHandlers, MemfleetMetrics } from '@memfleet/platform';
import type { EvaluationService } from './evaluation.service';
import { reevaluateHosts } from './reevaluation';

/** The handlers of the evaluation queue; BullMQ workers and the inline queue both run these. */
export function evaluationHandlers(ds: DataSource, evaluation: EvaluationService, metrics: MemfleetMetrics): JobHandlers {
  return {
    [JobName.EvaluateReport]: async (data: EvaluateReportPayload, ctx: JobContext) => {
      const stop = metrics.evaluationDuration.startTimer();
      try {
        const result = await evaluation.evaluate(data.reportId, data.catalogueRevision);
        stop();
        return { status: result.status };
      } catch (err) {
        if (ctx.attempt >= ctx.maxAttempts) await evaluation.markFailed(data.reportId, err);
        throw err;
      }
    },
    [JobName.ReevaluateHosts]: (data: ReevaluateHostsPayload) => reevaluateHosts(ds, evaluation, data),
  };
}
