import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@memfleet/contracts';
import { APP_CONFIG, JOB_QUEUE, type AppConfig, type JobQueue } from '@memfleet/platform';

/** Declares the alert batch every MEMFLEET_ALERT_BATCH_SECONDS in every process: one job scheduler, one run per tick. */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.schedule({ name: JobName.DispatchAlerts, data: {} }, this.config.alertBatchSeconds * 1000);
  }
}
