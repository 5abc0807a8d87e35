import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type JobItem } from '@memfleet/contracts';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';

/** Audit upkeep on the housekeeping queue, every MEMFLEET_SWEEP_SECONDS like the housekeeping jobs. */
export const AUDITS_SCHEDULE: JobItem[] = [
  { name: JobName.PruneAudits, data: {} },
  { name: JobName.SweepStrandedAudits, data: {} },
];

/** Declared in every process; with BullMQ a job scheduler per item, so N processes still mean one run per tick. */
@Injectable()
export class AuditsScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const item of AUDITS_SCHEDULE) await this.queue.schedule(item, this.config.sweepSeconds * 1000);
  }
}
