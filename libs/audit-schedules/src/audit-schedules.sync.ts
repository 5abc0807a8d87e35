import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AUDIT_SCHEDULER_PREFIX, JobName, auditSchedulerId, type AuditFormat } from '@memfleet/contracts';
import { AuditSchedulesRepository, type AuditScheduleState } from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';

/** The formats of the default schedule, and of a schedule created without any. */
export const DEFAULT_SCHEDULE_FORMATS: AuditFormat[] = ['html', 'pdf', 'csv', 'json'];

/**
 * Keeps the job schedulers equal to the stored schedules: one BullMQ job scheduler (inline: a timer)
 * `audit-schedule-<id>` per enabled schedule, none for a disabled or deleted one. Every write goes through
 * apply/remove; every process declares them all again at start and whenever Redis answers again (a Redis
 * that lost its data), and removes the schedulers no stored schedule wants (a row deleted while Redis was
 * away), so neither leaves a ghost.
 */
@Injectable()
export class AuditSchedulesSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit-schedules');
  private stopListening?: () => void;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedules: AuditSchedulesRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.considerDefault();
    await this.reconcile();
    this.stopListening = this.queue.onReconnect(() => void this.reconcile());
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /**
   * On a new install, the default schedule from MEMFLEET_AUDIT_CRON; considered once per database (recorded
   * in settings), so later starts never read the variable again and a deleted default stays deleted.
   */
  async considerDefault(): Promise<void> {
    try {
      const { considered, createdId } = await this.schedules.considerDefault(this.config.auditCron, DEFAULT_SCHEDULE_FORMATS);
      if (createdId) this.logger.log(`created the default audit schedule "daily" (${this.config.auditCron}, UTC) from MEMFLEET_AUDIT_CRON`);
      else if (considered) this.logger.log('no default audit schedule: MEMFLEET_AUDIT_CRON is empty, or schedules already exist');
    } catch (err) {
      // Not considered yet: the next start tries again.
      this.logger.warn(`the default audit schedule could not be considered: ${(err as Error).message}`);
    }
  }

  /** Declares the scheduler of an enabled schedule (replacing its pattern), removes that of a disabled one. */
  async apply(s: AuditScheduleState): Promise<void> {
    const id = auditSchedulerId(s.id);
    if (!s.enabled) return this.queue.unschedule(id);
    await this.queue.scheduleCron(id, { name: JobName.RunScheduledAudit, data: { scheduleId: s.id } }, { pattern: s.cron, tz: s.timeZone });
  }

  async remove(scheduleId: string): Promise<void> {
    await this.queue.unschedule(auditSchedulerId(scheduleId));
  }

  /** Applies the stored state of one schedule (gone: removed). */
  async refresh(scheduleId: string): Promise<void> {
    const s = await this.schedules.get(scheduleId);
    await (s ? this.apply(s) : this.remove(scheduleId));
  }

  /** Every stored schedule applied, and every scheduler of a schedule that is gone or disabled removed. */
  async reconcile(): Promise<void> {
    let states: AuditScheduleState[];
    try {
      states = await this.schedules.states();
    } catch (err) {
      this.logger.warn(`audit schedules not declared (database: ${(err as Error).message}); the next start or reconnect declares them`);
      return;
    }
    for (const s of states) {
      try {
        await this.apply(s);
      } catch (err) {
        this.logger.error(`audit schedule ${s.id} (${s.cron} ${s.timeZone}) cannot be declared: ${(err as Error).message}`);
      }
    }
    const wanted = new Set(states.filter((s) => s.enabled).map((s) => auditSchedulerId(s.id)));
    try {
      for (const id of await this.queue.schedulerIds(AUDIT_SCHEDULER_PREFIX)) if (!wanted.has(id)) await this.queue.unschedule(id);
    } catch {
      // Redis is away: its reconnect runs this again
    }
  }
}
