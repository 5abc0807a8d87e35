import os from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, type HousekeepingPayload, type RunAuditPayload } from '@memfleet/contracts';
import { AuditsRepository, HousekeepingRunsRepository, isDatabaseUnavailable } from '@memfleet/persistence';
import { APP_CONFIG, OnJob, RetryLaterError, type AppConfig, type JobContext } from '@memfleet/platform';
import { AuditDelivery } from './audit-delivery';
import { runAudit } from './audit-runner';

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
