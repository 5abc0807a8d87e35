import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobItem } from '@memfleet/contracts';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';

/** The housekeeping jobs, each repeated every MEMFLEET_SWEEP_SECONDS. */
export const HOUSEKEEPING_SCHEDULE: JobItem[] = [
  { name: JobName.SweepStrandedReports, data: {} },
  { name: JobName.ExpireSilences, data: {} },
  { name: JobName.PruneHistory, data: {} },
  { name: JobName.MaintainPartitions, data: {} },
  { name: JobName.RetireSilentHosts, data: {} },
];

/**
 * Declares the schedules in every process: with BullMQ they are job schedulers in Redis (declaring one
 * again keeps the one schedule, so N processes still mean one run per tick); inline, timers here.
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const item of HOUSEKEEPING_SCHEDULE) await this.queue.schedule(item, this.config.sweepSeconds * 1000);
  }
}
