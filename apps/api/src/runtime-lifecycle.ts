import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { pruneHistory, reevaluateIfCatalogueChanged, requeueStranded, retireSilentHosts, type Runtime } from '@memfleet/evaluation';
import type { SilencesService } from './silences/silences.service';

/**
 * Housekeeping at start and every MEMFLEET_SWEEP_SECONDS: re-queue stranded reports, reopen findings of
 * expired silences, prune old metrics, retire silent hosts. Closes queue and database last on shutdown.
 */
@Injectable()
export class RuntimeLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('runtime');
  private timer?: NodeJS.Timeout;
  private sweeping = false;

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
    this.timer = setInterval(() => void this.sweep(), this.rt.config.sweepSeconds * 1000);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return; // a slow sweep is not stacked on
    this.sweeping = true;
    const every = this.rt.config.sweepSeconds;
    const tasks: [string, () => Promise<number>, (k: number) => string][] = [
      ['stranded-report sweep', () => requeueStranded(this.rt, every), (k) => `re-queued ${k} stranded report(s)`],
      ['silence expiry', () => this.silences.applyExpired(every * 2), (k) => `expired silences reopened findings on ${k} host(s)`],
      ['history pruning', () => pruneHistory(this.rt), (k) => `pruned ${k} report(s) older than ${this.rt.config.historyDays} days`],
      ['retirement', () => retireSilentHosts(this.rt), (k) => `retired ${k} host(s) silent for ${this.rt.config.retireDays} days`],
    ];
    for (const [name, task, done] of tasks) {
      try {
        const k = await task();
        if (k) this.logger.log(done(k));
      } catch (err) {
        this.logger.warn(`${name} failed: ${(err as Error).message}`);
      }
    }
    this.sweeping = false;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.sweeping) await new Promise((r) => setTimeout(r, 20));
    await this.rt.close();
  }
}
