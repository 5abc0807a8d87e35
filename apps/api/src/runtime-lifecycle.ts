import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { reevaluateIfCatalogueChanged, requeueStranded, retireSilentHosts, type Runtime } from '@memfleet/evaluation';
import type { SilencesService } from './silences/silences.service';

/** Re-queues stranded reports and retires silent hosts, at start and every sweep; closes queue and database last. */
@Injectable()
export class RuntimeLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('runtime');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly rt: Runtime,
    private readonly silences: SilencesService,
  ) {}

  async start(): Promise<void> {
    // At start every queued report is stranded in inline mode; with BullMQ, fixed job ids make this harmless.
    const n = await requeueStranded(this.rt, 0);
    if (n) this.logger.log(`re-queued ${n} report(s) awaiting evaluation`);
    const run = await reevaluateIfCatalogueChanged(this.rt.ds, this.rt.queue);
    if (run) this.logger.log(`rule catalogue changed: re-evaluating every host (run ${run})`);
    const every = this.rt.config.sweepSeconds;
    this.timer = setInterval(() => {
      requeueStranded(this.rt, every).then(
        (k) => k && this.logger.warn(`re-queued ${k} stranded report(s)`),
        (err: Error) => this.logger.warn(`stranded-report sweep failed: ${err.message}`),
      );
      this.silences.applyExpired(every * 2).then(
        (k) => k && this.logger.log(`expired silences reopened findings on ${k} host(s)`),
        (err: Error) => this.logger.warn(`silence expiry sweep failed: ${err.message}`),
      );
      retireSilentHosts(this.rt).then(
        (k) => k && this.logger.log(`retired ${k} host(s) silent for ${this.rt.config.retireDays} days`),
        (err: Error) => this.logger.warn(`retirement sweep failed: ${err.message}`),
      );
    }, every * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.rt.close();
  }
}
