import { Injectable } from '@nestjs/common';

/** What the runtime connected to, for the start log. */
@Injectable()
export class RuntimeInfo {
  readonly lines: string[] = [];
  redis: { host: string; prefix: string } | null = null;

  /** The mode lines: database, migrations, and the queue with whether this process runs its jobs. */
  modeLines(runsJobs: boolean, concurrency: number): string[] {
    const queue = this.redis
      ? `queue: BullMQ on ${this.redis.host} (prefix ${this.redis.prefix})${runsJobs ? `, ${concurrency} workers in this process` : ' — run `npm run start:worker` for workers'}`
      : 'queue: inline — set REDIS_URL for BullMQ workers';
    return [...this.lines, queue];
  }
}
