import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, MemfleetMetrics, type JobQueue } from '@memfleet/platform';

/** Counts evaluation jobs as they settle, in any worker process (BullMQ reports them to every API). */
@Injectable()
export class JobMetrics implements OnModuleInit {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly metrics: MemfleetMetrics,
  ) {}

  onModuleInit(): void {
    this.queue.onSettled((e) => (e.ok ? this.metrics.jobsCompleted.inc() : this.metrics.jobsFailed.inc()));
  }
}
