import { JobName, type AuditRequest, type AuditStarter } from '@memfleet/contracts';
import type { JobHandlers } from '@memfleet/platform';
import type { ScheduledAuditProcessor } from './scheduled-audit.processor';

/** An AuditStarter for tests: records each request (and may fail), answering made-up ids. */
export class RecordingAuditStarter implements AuditStarter {
  readonly calls: AuditRequest[] = [];
  failNext = 0;

  async start(req: AuditRequest): Promise<{ id: string }> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('audit store away');
    }
    this.calls.push(req);
    return { id: `00000000-0000-4000-8000-${String(this.calls.length).padStart(12, '0')}` };
  }
}

/** Handlers that run the scheduled-audit job with this processor and nothing else. */
export function scheduledAuditHandlers(processor: ScheduledAuditProcessor, onRun?: (jobId: string, outcome: unknown) => void): JobHandlers {
  const none = async () => undefined;
  const handlers = Object.fromEntries(Object.values(JobName).map((n) => [n, none])) as unknown as JobHandlers;
  handlers[JobName.RunScheduledAudit] = async (data, ctx) => {
    const outcome = await processor.runScheduledAudit(data, ctx);
    onRun?.(ctx.jobId, outcome);
    return outcome;
  };
  return handlers;
}
