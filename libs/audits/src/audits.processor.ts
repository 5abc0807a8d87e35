import os from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditJobId, JobName, type HousekeepingPayload, type RunAuditPayload } from '@memfleet/contracts';
import { AuditsRepository, HousekeepingRunsRepository, isDatabaseUnavailable } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, OnJob, RetryLaterError, type AppConfig, type JobContext, type JobQueue } from '@memfleet/platform';
import { AuditDelivery } from './audit-delivery';
import { runAudit } from './audit-runner';

/** Longer than any audit of the 100,000-host benchmark takes (about 6 s), short enough that a lost one is soon run. */
export const STRANDED_AUDIT_SECONDS = 600;

/** The audit jobs: running one audit, and deleting those past MEMFLEET_AUDIT_RETENTION_DAYS. */
@Injectable()
export class AuditsProcessor {
  private readonly logger = new Logger('audits');
  private readonly process = `${os.hostname()}:${process.pid}`;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audits: AuditsRepository,
    private readonly runs: HousekeepingRunsRepository,
    private readonly delivery: AuditDelivery,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Idempotent: a finished audit is left as it is; a run cut short starts over; the last failed attempt marks it failed. */
  @OnJob(JobName.RunAudit)
  async runAudit(data: RunAuditPayload, ctx: JobContext): Promise<string> {
    const startedAt = Date.now();
    try {
      const result = await runAudit(this.audits, data.auditId);
      if (result === 'done') this.logger.log(`audit ${data.auditId} done in ${Date.now() - startedAt} ms`);
      // Every run sends what is not sent yet: a failure between finishing and sending is completed by the retry.
      const sent = await this.delivery.send(data.auditId);
      if (sent.length) this.logger.log(`audit ${data.auditId} queued for ${sent.length} destination(s)`);
      return result;
    } catch (err) {
      // The database is away: run again once it is back, without using up an attempt.
      if (isDatabaseUnavailable(err)) throw new RetryLaterError(err);
      const message = (err as Error).message;
      const last = ctx.attempt >= ctx.maxAttempts;
      this.logger.warn(`audit ${data.auditId} attempt ${ctx.attempt}/${ctx.maxAttempts} failed: ${message}`);
      if (last) await this.audits.fail(data.auditId, message).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Audits whose job may be lost (queued or running, untouched for STRANDED_AUDIT_SECONDS) get their job again under
   * its fixed id: a no-op while the job still exists in the queue, a fresh run when it does not (a run that died
   * mid-way starts over from its snapshot).
   */
  @OnJob(JobName.SweepStrandedAudits)
  async sweepStrandedAudits(_data: HousekeepingPayload): Promise<number> {
    const ids = await this.audits.stranded(STRANDED_AUDIT_SECONDS, 100);
    if (!ids.length) return 0;
    await this.queue.enqueueMany(ids.map((auditId) => ({ item: { name: JobName.RunAudit, data: { auditId } }, jobId: auditJobId(auditId) })));
    this.logger.log(`re-queued ${ids.length} audit(s) whose job may have been lost`);
    return ids.length;
  }

  @OnJob(JobName.PruneAudits)
  async pruneAudits(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    const days = this.config.auditRetentionDays;
    const startedAt = new Date();
    const record = (affected: number | null, error: string | null) =>
      this.runs
        .record({ job: JobName.PruneAudits, jobId: ctx.jobId, process: this.process, startedAt, affected, error })
        .catch((err: Error) => this.logger.warn(`could not record the ${JobName.PruneAudits} run: ${err.message}`));
    try {
      const n = await this.audits.pruneOlderThan(days);
      if (n) this.logger.log(`pruned ${n} audit(s) older than ${days} days`);
      await record(n, null);
      return n;
    } catch (err) {
      await record(null, (err as Error).message.slice(0, 4000));
      throw err;
    }
  }
}
