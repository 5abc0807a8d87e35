import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { requeueStranded, type Runtime } from '@memfleet/evaluation';

const SWEEP_EVERY_MS = 60_000;
const STRANDED_AFTER_SECONDS = 60;

/** Re-queues stranded reports at start and every minute; closes queue and database last on shutdown. */
@Injectable()
export class RuntimeLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('runtime');
  private timer?: NodeJS.Timeout;

  constructor(private readonly rt: Runtime) {}

  async start(): Promise<void> {
    // At start every queued report is stranded in inline mode; with BullMQ, fixed job ids make this harmless.
    const n = await requeueStranded(this.rt, 0);
    if (n) this.logger.log(`re-queued ${n} report(s) awaiting evaluation`);
    this.timer = setInterval(() => {
      requeueStranded(this.rt, STRANDED_AFTER_SECONDS).then(
        (k) => k && this.logger.warn(`re-queued ${k} stranded report(s)`),
        (err: Error) => this.logger.warn(`stranded-report sweep failed: ${err.message}`),
      );
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.rt.close();
  }
}
