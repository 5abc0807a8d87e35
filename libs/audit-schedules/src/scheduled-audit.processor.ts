import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_STARTER, JobName, type AuditFormat, type AuditStarter, type RunScheduledAuditPayload } from '@memfleet/contracts';
import { AuditSchedulesRepository } from '@memfleet/persistence';
import { OnJob, type JobContext } from '@memfleet/platform';
import { AuditSchedulesSync } from './audit-schedules.sync';

export type ScheduledAuditOutcome = { started: string } | { skipped: 'missing' | 'disabled' | 'duplicate-tick' };

/**
 * One tick of an audit schedule: reads the schedule as stored and starts its audit. The tick's job id is
 * claimed first, so the same tick delivered twice (a stalled job run again, a retry after the audit
 * started) starts one audit; a crash between the claim and the start loses that one tick rather than
 * doubling it.
 */
@Injectable()
export class ScheduledAuditProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('audit-schedules');

  constructor(
    private readonly schedules: AuditSchedulesRepository,
    private readonly sync: AuditSchedulesSync,
    // Provided by the audits module; absent, a tick fails (and is retried) rather than pass unnoticed.
    @Optional() @Inject(AUDIT_STARTER) private readonly starter?: AuditStarter,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.starter) this.logger.warn('no AUDIT_STARTER is provided: scheduled audits will fail to start (the audits module provides it)');
  }

  @OnJob(JobName.RunScheduledAudit)
  async runScheduledAudit(data: RunScheduledAuditPayload, ctx: JobContext): Promise<ScheduledAuditOutcome> {
    const s = await this.schedules.get(data.scheduleId);
    if (!s || !s.enabled) {
      // A scheduler no stored schedule wants: remove it, then look again, so an enable that landed
      // meanwhile keeps its scheduler.
      await this.sync.remove(data.scheduleId);
      await this.sync.refresh(data.scheduleId);
      return { skipped: s ? 'disabled' : 'missing' };
    }
    if (!(await this.schedules.claimTick(s.id, ctx.jobId))) return { skipped: 'duplicate-tick' };
    try {
      if (!this.starter) throw new Error('no audit starter in this process (AUDIT_STARTER is not provided)');
      const { id } = await this.starter.start({
        scope: s.scope,
        trigger: 'schedule',
        scheduleId: s.id,
        requestedBy: `schedule:${s.name}`,
        formats: s.formats as AuditFormat[],
        destinationIds: s.destinationIds,
      });
      await this.schedules.setTickAudit(s.id, ctx.jobId, id);
      this.logger.log(`schedule "${s.name}" started audit ${id} (tick ${ctx.jobId})`);
      return { started: id };
    } catch (err) {
      await this.schedules.releaseTick(s.id, ctx.jobId).catch(() => undefined);
      this.logger.warn(
        `schedule "${s.name}" could not start its audit (tick ${ctx.jobId}, attempt ${ctx.attempt}/${ctx.maxAttempts}): ${(err as Error).message}`,
      );
      throw err;
    }
  }
}
