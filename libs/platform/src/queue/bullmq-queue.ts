import { EventEmitter } from 'node:events';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { QueueName, type JobItem } from '@memfleet/contracts';
import { BACKOFF_BASE_MS, type JobHandlers, type JobQueue, type QueueCounts, type SettledEvent } from './job-queue';

const ENQUEUE_TIMEOUT_MS = 2000;

export interface BullmqQueueOptions {
  redisUrl: string;
  prefix: string;
  attempts: number;
  /** Run workers in this process (the worker app; the API only with MEMFLEET_RUN_WORKERS). */
  handlers?: JobHandlers;
  concurrency?: number;
  /** Listen for completions (the API, for ?wait=). */
  listen?: boolean;
  backoffBaseMs?: number;
}

function connection(url: string): IORedis {
  // BullMQ needs maxRetriesPerRequest null for blocking commands; offline queueing stays on so a
  // short Redis outage delays calls instead of failing them.
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export class BullmqQueue implements JobQueue {
  readonly mode = 'bullmq' as const;
  private readonly queue: Queue;
  private readonly producerConnection: IORedis;
  private readonly workers: Worker[] = [];
  private events?: QueueEvents;
  private readonly emitter = new EventEmitter();

  constructor(private readonly opts: BullmqQueueOptions) {
    this.emitter.setMaxListeners(0);
    // Enqueue fails fast when Redis is down: the report is already stored and the sweep retries.
    this.producerConnection = new IORedis(opts.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.producerConnection.on('error', () => undefined);
    this.queue = new Queue(QueueName.Evaluation, { connection: this.producerConnection, prefix: opts.prefix });
    this.queue.on('error', () => undefined);
    if (opts.handlers) this.startWorker(opts.handlers, opts.concurrency ?? 4);
    if (opts.listen) {
      const conn = connection(opts.redisUrl);
      conn.on('error', () => undefined);
      this.events = new QueueEvents(QueueName.Evaluation, { connection: conn, prefix: opts.prefix });
      this.events.on('error', () => undefined);
      this.events.on('completed', ({ jobId }) => this.emitter.emit('settled', { jobId, ok: true } satisfies SettledEvent));
      this.events.on('failed', ({ jobId }) => this.emitter.emit('settled', { jobId, ok: false } satisfies SettledEvent));
    }
  }

  private startWorker(handlers: JobHandlers, concurrency: number): void {
    const conn = connection(this.opts.redisUrl);
    conn.on('error', () => undefined);
    const worker = new Worker(
      QueueName.Evaluation,
      async (job: Job) => {
        const handler = handlers[job.name as keyof JobHandlers] as ((d: unknown, c: unknown) => Promise<unknown>) | undefined;
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        return handler(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
      },
      { connection: conn, prefix: this.opts.prefix, concurrency, autorun: true },
    );
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  async enqueue(item: JobItem, jobId: string): Promise<void> {
    await this.enqueueMany([{ item, jobId }]);
  }

  async enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void> {
    // BullMQ waits for a connection indefinitely; a request must not. The add may still land later,
    // which is harmless: job ids are fixed.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue unavailable: Redis did not answer within ${ENQUEUE_TIMEOUT_MS / 1000} s`)), ENQUEUE_TIMEOUT_MS);
    });
    const opts = {
      attempts: this.opts.attempts,
      backoff: { type: 'exponential', delay: this.opts.backoffBaseMs ?? BACKOFF_BASE_MS },
      removeOnComplete: { age: 3600, count: 50_000 },
      removeOnFail: { age: 7 * 86400 },
    };
    const add = this.queue.addBulk(jobs.map((j) => ({ name: j.item.name, data: j.item.data, opts: { ...opts, jobId: j.jobId } })));
    add.catch(() => undefined);
    try {
      await Promise.race([add, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  onSettled(listener: (e: SettledEvent) => void): () => void {
    this.emitter.on('settled', listener);
    return () => this.emitter.off('settled', listener);
  }

  async healthy(): Promise<boolean> {
    try {
      return (await Promise.race([this.producerConnection.ping(), new Promise((r) => setTimeout(() => r('timeout'), 1000))])) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.events?.close();
    await this.queue.close();
    this.producerConnection.disconnect();
  }
}
