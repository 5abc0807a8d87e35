import { Inject, Injectable } from '@nestjs/common';
import { HealthRepository } from '@memfleet/persistence';
import { JOB_QUEUE, type JobQueue } from '@memfleet/platform';

export interface Readiness {
  status: 'ok' | 'degraded' | 'unavailable';
  database: 'ok' | 'down' | 'timeout';
  queue: 'ok' | 'down';
  queueMode: string;
}

/** PostgreSQL is required to serve (a report must be stored to be accepted); Redis down only degrades. */
@Injectable()
export class HealthService {
  constructor(
    private readonly db: HealthRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async readiness(): Promise<Readiness> {
    const database = await Promise.race([
      this.db.ping().then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2000)),
    ]);
    const queue = (await this.queue.healthy()) ? 'ok' : 'down';
    const status = database !== 'ok' ? 'unavailable' : queue !== 'ok' ? 'degraded' : 'ok';
    return { status, database, queue, queueMode: this.queue.mode };
  }
}
