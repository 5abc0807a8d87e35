import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EmbeddedPostgres } from '../database/embedded-postgres';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue';
import { EMBEDDED_POSTGRES } from './runtime.providers';

/**
 * Closes the runtime after everything that uses it (feature modules shut down first): the queue, so
 * running jobs finish while the database is still there; then the database; then embedded PGlite.
 */
@Injectable()
export class RuntimeShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger('runtime');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly ds: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: finishing running jobs`);
    await this.queue.close();
    await this.ds.destroy();
    await this.embedded?.stop();
  }
}
