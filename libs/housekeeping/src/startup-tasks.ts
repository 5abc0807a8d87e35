import { Inject, Injectable, Logger } from '@nestjs/common';
import { ReevaluationRuns } from '@memfleet/evaluation';
import { ReportsRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';
import { requeueStranded } from './stranded-reports';

/** Work each process does once at start, after it is ready to serve. */
@Injectable()
export class StartupTasks {
  private readonly logger = new Logger('runtime');

  constructor(
    private readonly reevaluations: ReevaluationRuns,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly reports: ReportsRepository,
  ) {}

  // A failure is logged, not fatal: the process serves on, and the scheduled sweep retries stranded reports.
  async run(): Promise<void> {
    try {
      // Inline, every queued report is stranded at start; with BullMQ, fixed job ids make this harmless.
      const { queued, failed } = await requeueStranded(this.reports, this.queue, 0);
      if (queued) this.logger.log(`re-queued ${queued} report(s) awaiting evaluation`);
      if (failed.length) this.logger.warn(`${failed.length} report(s) awaiting evaluation had failed in the queue: marked failed`);
    } catch (err) {
      this.logger.warn(`re-queueing reports awaiting evaluation failed: ${(err as Error).message}`);
    }
    try {
      // Only the first process to start with a new catalogue starts the run.
      const run = await this.reevaluations.startIfCatalogueChanged();
      if (run) this.logger.log(`rule catalogue changed: re-evaluating every host (run ${run})`);
    } catch (err) {
      this.logger.warn(`re-evaluation after the catalogue change could not be queued (${(err as Error).message}): start one with POST /api/v1/reevaluations`);
    }
  }
}
