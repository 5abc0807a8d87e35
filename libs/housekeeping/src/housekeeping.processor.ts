import os from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, type HousekeepingPayload } from '@memfleet/contracts';
import { applySilences } from '@memfleet/evaluation';
import {
  AlertsRepository,
  DeliveriesRepository,
  HostsRepository,
  HousekeepingRunsRepository,
  ReportPartitionsRepository,
  ReportsRepository,
  SilencesRepository,
} from '@memfleet/persistence';
import { APP_CONFIG, JOB_QUEUE, OnJob, type AppConfig, type JobContext, type JobQueue } from '@memfleet/platform';
import { requeueStranded } from './stranded-reports';

const PRUNE_BATCH = 10_000;
/** Day partitions made this far ahead: a week without a maintenance run still stores every report in its own day. */
export const PARTITION_DAYS_AHEAD = 7;

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
    private readonly partitions: ReportPartitionsRepository,
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

  /** Finished deliveries, resolved alert states and these runs' records age out with the history samples (rows; reports go by partition). */
  @OnJob(JobName.PruneHistory)
  pruneHistory(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    const days = this.config.historyDays;
    return this.run(
      JobName.PruneHistory,
      ctx,
      async () => {
        const runs = await this.runs.pruneOlderThan(days);
        const deliveries = await this.deliveries.pruneFinishedOlderThan(days, PRUNE_BATCH);
        const states = await this.alerts.pruneResolvedOlderThan(days, PRUNE_BATCH);
        return runs + deliveries + states;
      },
      (k) => `pruned ${k} finished deliveries, resolved alert states and housekeeping runs older than ${days} days`,
    );
  }

  /**
   * Creates the day partitions of reports and samples ahead, and drops the days past retention:
   * MEMFLEET_REPORT_RETENTION_DAYS for full reports (each host's latest is carried forward first),
   * MEMFLEET_HISTORY_DAYS for history samples. Affected: partitions created and dropped.
   */
  @OnJob(JobName.MaintainPartitions)
  maintainPartitions(_data: HousekeepingPayload, ctx: JobContext): Promise<number> {
    const { reportRetentionDays, historyDays } = this.config;
    return this.run(
      JobName.MaintainPartitions,
      ctx,
      async () => {
        const created = await this.partitions.ensureAhead(PARTITION_DAYS_AHEAD);
        const reports = await this.partitions.dropOlderThan('reports', reportRetentionDays);
        const samples = await this.partitions.dropOlderThan('report_samples', historyDays);
        if (reports.length + samples.length)
          this.logger.log(
            `dropped the day partitions of reports ${reports.join(', ') || '(none)'} (older than ${reportRetentionDays} days) and of samples ${samples.join(', ') || '(none)'} (older than ${historyDays} days)`,
          );
        return created + reports.length + samples.length;
      },
      (k) => `created or dropped ${k} day partition(s) of reports and samples`,
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
