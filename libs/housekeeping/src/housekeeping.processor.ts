import os from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, type HousekeepingPayload } from '@memfleet/contracts';
import { applySilences } from '@memfleet/evaluation';
import {
  AlertsRepository,
  DeliveriesRepository,
  HostsRepository,
  HousekeepingRunsRepository,
  ReportsRepository,
  SilencesRepository,
} from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, OnJob, type AppConfig, type JobContext, type JobQueue } from '@memfleet/platform';
import { requeueStranded } from './stranded-reports';

const PRUNE_BATCH = 10_000;

/**
 * The housekeeping jobs. Each tick of a schedule is one job, taken by one worker of whichever process
 * runs the housekeeping queue, and each run is recorded in housekeeping_runs.
 */
@Injectable()
export class HousekeepingProcessor {
  private readonly logger = new Logger('housekeeping');
  private readonly process = `${os.hostname()}:${process.pid}`;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsRepository,
    private readonly hosts: HostsRepository,
    private readonly silences: SilencesRepository,
    private readonly runs: HousekeepingRunsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  /**
   * Reports accepted while Redis was down (older than one interval, so their own job had its chance), and
   * reports whose job the queue failed without running it (stalled twice): those are marked failed.
   */
  @OnJob(JobName.SweepStrandedReports)
  sweepStrandedReports(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    return this.run(
      JobName.SweepStrandedReports,
      ctx,
      async () => {
        const { queued, failed } = await requeueStranded(this.reports, this.queue, this.config.sweepSeconds);
        for (const f of failed)
          this.logger.error({ reportId: f.reportId, reason: f.reason }, `evaluation of report ${f.reportId} failed in the queue (${f.reason}): marked failed`);
        return queued + failed.length;
      },
      (k) => `swept ${k} stranded report(s) (re-queued, or marked failed when the queue had failed their job)`,
    );
  }

  /** Silences that ran out since the previous tick (two intervals, so a late tick misses none) reopen their findings. */
  @OnJob(JobName.ExpireSilences)
  expireSilences(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    return this.run(
      JobName.ExpireSilences,
      ctx,
      async () => {
        let hosts = 0;
        for (const ruleId of await this.silences.rulesExpiredWithin(this.config.sweepSeconds * 2))
          hosts += await applySilences(this.silences, this.hosts, ruleId);
        return hosts;
      },
      (k) => `expired silences reopened findings on ${k} host(s)`,
    );
  }

  @OnJob(JobName.PruneHistory)
  pruneHistory(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    const days = this.config.historyDays;
    return this.run(
      JobName.PruneHistory,
      ctx,
      async () => {
        await this.runs.pruneOlderThan(days);
        // Finished deliveries and resolved alert states age out with the reports.
        const deliveries = await this.deliveries.pruneFinishedOlderThan(days, PRUNE_BATCH);
        const states = await this.alerts.pruneResolvedOlderThan(days, PRUNE_BATCH);
        if (deliveries + states) this.logger.log(`pruned ${deliveries} finished deliveries and ${states} resolved alert states older than ${days} days`);
        return this.reports.pruneOlderThan(days, PRUNE_BATCH);
      },
      (k) => `pruned ${k} report(s) older than ${days} days`,
    );
  }

  @OnJob(JobName.RetireSilentHosts)
  retireSilentHosts(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    const days = this.config.retireDays;
    return this.run(
      JobName.RetireSilentHosts,
      ctx,
      () => this.hosts.retireSilent(days),
      (k) => `retired ${k} host(s) silent for ${days} days`,
    );
  }

  private async run(job: JobName, ctx: JobContext, task: () => Promise<number>, done: (k: number) => string): Promise<number> {
    const startedAt = new Date();
    const record = (affected: number | null, error: string | null) =>
      this.runs
        .record({ job, jobId: ctx.jobId, process: this.process, startedAt, affected, error })
        .catch((err: Error) => this.logger.warn(`could not record the ${job} run: ${err.message}`));
    try {
      const k = await task();
      if (k) this.logger.log(done(k));
      await record(k, null);
      return k;
    } catch (err) {
      const message = (err as Error).message;
      this.logger.warn(`${job} failed: ${message}`);
      await record(null, message.slice(0, 4000));
      throw err;
    }
  }
}
