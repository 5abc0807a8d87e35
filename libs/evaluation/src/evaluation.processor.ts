import { JobName, type EvaluateReportPayload } from '@memfleet/contracts';
import type { JobContext, JobHandlers, MemfleetMetrics } from '@memfleet/platform';
import type { EvaluationService } from './evaluation.service';

/** The handlers of the evaluation queue; BullMQ workers and the inline queue both run these. */
export function evaluationHandlers(evaluation: EvaluationService, metrics: MemfleetMetrics): JobHandlers {
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
    [JobName.ReevaluateHosts]: async () => {
      throw new Error('re-evaluation runs are not available yet');
    },
  };
}
