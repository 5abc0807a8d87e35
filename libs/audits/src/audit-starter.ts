import { Inject, Injectable } from '@nestjs/common';
import { auditJobId, JobName, type AuditRequest, type AuditStarter } from '@memfleet/contracts';
import { AuditsRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';

/** Starts an audit: a queued row, then its RunAudit job under a fixed id (enqueueing it again is a no-op). */
@Injectable()
export class QueuedAuditStarter implements AuditStarter {
  constructor(
    private readonly audits: AuditsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async start(req: AuditRequest): Promise<{ id: string }> {
    const id = await this.audits.create(req);
    try {
      await this.queue.enqueue({ name: JobName.RunAudit, data: { auditId: id } }, auditJobId(id));
    } catch (err) {
      // No job will ever run it: say so on the audit rather than leave it queued for good.
      await this.audits.fail(id, `could not be queued: ${(err as Error).message}`);
      throw err;
    }
    return { id };
  }
}
