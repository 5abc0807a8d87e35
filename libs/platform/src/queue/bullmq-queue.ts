import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { DelayedError, Queue, QueueEvents, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import { JOB_QUEUES, QueueName, type JobItem } from '@memfleet/contracts';
import {
  BACKOFF_BASE_MS,
  RetryLaterError,
  schedulerId,
  type JobHandlers,
  type JobQueue,
  type QueueCounts,
  type QueuesSettings,
  type SettledEvent,
} from './job-queue';
import type { CronRepeat } from './cron';

const ENQUEUE_TIMEOUT_MS = 2000;

export interface BullmqQueueOptions {
  redisUrl: string;
  prefix: string;
  queues: QueuesSettings;
  backoffBaseMs?: number;
  /** A running job's lock, renewed by its worker, and the interval of the stalled-job check (BullMQ default 30 s). */
  lockMs?: number;
}

export class BullmqQueue implements JobQueue {
  readonly mode = 'bullmq' as const;
  private readonly queues: Map<QueueName, Queue>;
  private readonly producerConnection: IORedis;
  private readonly workers: Worker[] = [];
  private events?: QueueEvents;
  private readonly emitter = new EventEmitter();
  private readonly schedules = new Map<string, { item: JobItem; repeat: { every: number } | CronRepeat }>();
  private readonly blockingConnections: IORedis[] = [];
  private readonly logger = new Logger('queue');

  constructor(private readonly opts: BullmqQueueOptions) {
    this.emitter.setMaxListeners(0);
    // Enqueue fails fast when Redis is down: the report is already stored and the sweep retries.
    this.producerConnection = new IORedis(opts.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    this.producerConnection.on('error', () => undefined);
    // Schedules live in Redis: (re)declare them whenever it answers again, so a process started while
    // Redis was down, or a Redis that lost its data, still gets them.
    this.producerConnection.on('ready', () => void this.declareSchedules().then(() => this.emitter.emit('reconnect')));
    this.queues = new Map(
      Object.values(QueueName).map((name) => {
        const queue = new Queue(name, { connection: this.producerConnection, prefix: opts.prefix });
        queue.on('error', () => undefined);
        return [name, queue];
      }),
    );
  }

  // BullMQ needs maxRetriesPerRequest null for blocking commands; offline queueing stays on so a
  // short Redis outage delays calls instead of failing them.
  private blockingConnection(): IORedis {
    const conn = new IORedis(this.opts.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
    conn.on('error', () => undefined);
    this.blockingConnections.push(conn);
    return conn;
  }

  private jobOptions(queue: QueueName): JobsOptions {
    const s = this.opts.queues[queue];
    return {
      attempts: s.attempts,
      backoff: { type: 'exponential', delay: this.opts.backoffBaseMs ?? BACKOFF_BASE_MS },
      removeOnComplete: s.keepCompleted,
      removeOnFail: s.keepFailed,
    };
  }

  process(handlers: JobHandlers): void {
    for (const name of this.queues.keys()) {
      const worker = new Worker(
        name,
        async (job: Job, token?: string) => {
          const handler = handlers[job.name as keyof JobHandlers] as ((d: unknown, c: unknown) => Promise<unknown>) | undefined;
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          try {
            return await handler(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
          } catch (err) {
            if (!(err instanceof RetryLaterError) || !token) throw err;
            // Back to the delayed set without counting an attempt (BullMQ's skipAttempt).
            await job.moveToDelayed(Date.now() + err.pauseMs(), token);
            throw new DelayedError();
          }
        },
        {
          connection: this.blockingConnection(),
          prefix: this.opts.prefix,
          concurrency: this.opts.queues[name].concurrency,
          autorun: true,
          ...(this.opts.lockMs ? { lockDuration: this.opts.lockMs, stalledInterval: this.opts.lockMs } : {}),
        },
      );
      worker.on('error', () => undefined);
      // Failures the handler never saw: BullMQ fails a job that stalled too often (its worker died or
      // blocked) before running it again. The stranded-report sweep marks such a report failed.
      worker.on('failed', (job, err) => {
        if (!(err instanceof UnrecoverableError)) return;
        const reportId = (job?.data as { reportId?: unknown } | undefined)?.reportId;
        this.logger.error({ job: job?.name, jobId: job?.id, reportId, reason: err.message }, `job ${job?.id ?? '?'} failed without running: ${err.message}`);
      });
      this.workers.push(worker);
    }
  }

  async enqueue(item: JobItem, jobId: string): Promise<void> {
    await this.enqueueMany([{ item, jobId }]);
  }

  async enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const j of jobs) {
      const queue = JOB_QUEUES[j.item.name];
      const list = byQueue.get(queue) ?? byQueue.set(queue, []).get(queue)!;
      list.push({ name: j.item.name, data: j.item.data, opts: { ...this.jobOptions(queue), jobId: j.jobId } });
    }
    await this.withinTimeout(Promise.all([...byQueue].map(([queue, list]) => this.queues.get(queue)!.addBulk(list))));
  }

  // BullMQ waits for a connection indefinitely; a request must not. The add may still land later,
  // which is harmless: job ids are fixed.
  private async withinTimeout<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue unavailable: Redis did not answer within ${ENQUEUE_TIMEOUT_MS / 1000} s`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async schedule(item: JobItem, everyMs: number): Promise<void> {
    await this.keep(schedulerId(item), item, { every: everyMs });
  }

  async scheduleCron(id: string, item: JobItem, repeat: CronRepeat): Promise<void> {
    await this.keep(id, item, { pattern: repeat.pattern, tz: repeat.tz });
  }

  private async keep(id: string, item: JobItem, repeat: { every: number } | CronRepeat): Promise<void> {
    this.schedules.set(id, { item, repeat });
    if (this.producerConnection.status === 'ready') await this.declare(id, item, repeat).catch(() => undefined);
  }

  // Not kept any more, and removed from Redis if it answers (also one another process declared). While it
  // does not, the owner of the schedule removes it when it is back (see schedulerIds and onReconnect).
  async unschedule(id: string): Promise<void> {
    this.schedules.delete(id);
    if (this.producerConnection.status !== 'ready') return;
    await this.withinTimeout(Promise.all([...this.queues.values()].map((q) => q.removeJobScheduler(id)))).catch(() => undefined);
  }

  async schedulerIds(prefix: string): Promise<string[]> {
    const lists = await this.withinTimeout(Promise.all([...this.queues.values()].map((q) => q.getJobSchedulers(0, -1))));
    return lists
      .flat()
      .map((s) => s.key)
      .filter((key) => key.startsWith(prefix));
  }

  onReconnect(listener: () => void): () => void {
    this.emitter.on('reconnect', listener);
    return () => this.emitter.off('reconnect', listener);
  }

  private async declareSchedules(): Promise<void> {
    try {
      for (const [id, { item, repeat }] of this.schedules) await this.declare(id, item, repeat);
    } catch {
      // Redis went away again: its next 'ready' declares them
    }
  }

  private async declare(id: string, item: JobItem, repeat: { every: number } | CronRepeat): Promise<void> {
    const queue = JOB_QUEUES[item.name];
    const { backoff: _backoff, ...opts } = this.jobOptions(queue);
    await this.queues.get(queue)!.upsertJobScheduler(id, repeat, { name: item.name, data: item.data, opts });
  }

  async failedJobs(jobIds: string[]): Promise<Map<string, string>> {
    const queue = this.queues.get(QueueName.Evaluation)!;
    const states = await this.withinTimeout(Promise.all(jobIds.map((id) => queue.getJobState(id))));
    const failed = jobIds.filter((_, i) => states[i] === 'failed');
    const jobs = await this.withinTimeout(Promise.all(failed.map((id) => queue.getJob(id))));
    return new Map(failed.map((id, i) => [id, jobs[i]?.failedReason || 'failed in the queue']));
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queues.get(QueueName.Evaluation)!.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  /** Opens the completion-event listener (Redis Streams, from any worker process) if not yet open. */
  async listen(): Promise<void> {
    if (!this.events) {
      this.events = new QueueEvents(QueueName.Evaluation, { connection: this.blockingConnection(), prefix: this.opts.prefix });
      this.events.on('error', () => undefined);
      this.events.on('completed', ({ jobId }) => this.emitter.emit('settled', { jobId, ok: true } satisfies SettledEvent));
      this.events.on('failed', ({ jobId }) => this.emitter.emit('settled', { jobId, ok: false } satisfies SettledEvent));
    }
    await this.events.waitUntilReady();
  }

  // The listener opens on first use: worker processes, which never ask, hold no extra connection.
  onSettled(listener: (e: SettledEvent) => void): () => void {
    this.listen().catch(() => undefined);
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
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.producerConnection.disconnect();
    for (const conn of this.blockingConnections) conn.disconnect();
  }
}
