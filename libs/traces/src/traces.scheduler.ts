import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@memfleet/contracts';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';

/** The trace sweep on the housekeeping queue, every MEMFLEET_SWEEP_SECONDS; one run per tick however many processes declare it. */
@Injectable()
export class TracesScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.schedule({ name: JobName.SweepStrandedTraces, data: {} }, this.config.sweepSeconds * 1000);
  }
}
