import { EventEmitter } from 'node:events';
import { JOB_QUEUES, QueueName, type JobItem } from '@memfleet/contracts';
import {
  BACKOFF_BASE_MS,
  RetryLaterError,
  isEvaluation,
  schedulerId,
  tickJobId,
  type JobHandlers,
  type JobQueue,
  type QueueCounts,
  type QueuesSettings,
  type SettledEvent,
} from './job-queue';
import { nextCronTick, type CronRepeat } from './cron';

// setTimeout's longest delay (about 24.8 days); a later tick waits in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  item: JobItem;
  jobId: string;
  attempt: number;
}

/** One queue's jobs: waiting in order, at most `concurrency` running. */
interface Lane {
  waiting: Pending[];
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Runs jobs in this process through the same handlers the BullMQ workers use. Nothing here is
 * durable: reports stay `queued` in PostgreSQL, and the recovery sweep re-enqueues them at start.
 */
export class InlineQueue implements JobQueue {
  readonly mode = 'inline' as const;
  private readonly events = new EventEmitter();
  private readonly lanes = new Map<QueueName, Lane>(Object.values(QueueName).map((q) => [q, { waiting: [], active: 0, delayed: 0, failed: 0 }]));
  private readonly known = new Set<string>();
  private handlers: JobHandlers | null = null;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The pending timer of each schedule, by scheduler id (interval or next cron tick). */
  private readonly schedulers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly opts: { queues: QueuesSettings; backoffBaseMs?: number }) {
    this.events.setMaxListeners(0);
  }

  async enqueue(item: JobItem, jobId: string): Promise<void> {
    if (this.closed || this.known.has(jobId)) return;
    this.known.add(jobId);
    const queue = JOB_QUEUES[item.name];
    this.lanes.get(queue)!.waiting.push({ item, jobId, attempt: 1 });
    this.pump(queue);
  }

  async enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void> {
    for (const j of jobs) await this.enqueue(j.item, j.jobId);
  }

  // One fixed id per schedule: a tick that finds the previous run still waiting or running adds nothing.
  async schedule(item: JobItem, everyMs: number): Promise<void> {
    const id = schedulerId(item);
    this.clearScheduler(id);
    const timer = setInterval(() => void this.enqueue(item, id), everyMs);
    timer.unref();
    this.schedulers.set(id, timer);
    await this.enqueue(item, id);
  }

  /**
   * An in-process scheduler reading the pattern with the parser BullMQ uses: each tick is one job whose id
   * names the tick, as BullMQ's do. The next tick is computed when one fires, from the later of now and
   * the tick, so a process that was suspended runs one late tick instead of every missed one.
   */
  async scheduleCron(id: string, item: JobItem, repeat: CronRepeat): Promise<void> {
    this.clearScheduler(id);
    const arm = (after: Date): void => {
      if (this.closed) return;
      const tick = nextCronTick(repeat.pattern, repeat.tz, after);
      if (tick) wait(tick);
    };
    const wait = (tick: Date): void => {
      const timer = setTimeout(
        () => {
          if (Date.now() < tick.getTime()) return wait(tick); // a long wait in steps, or a timer that fired early
          void this.enqueue(item, tickJobId(id, tick.getTime()));
          arm(new Date(Math.max(Date.now(), tick.getTime())));
        },
        Math.min(MAX_TIMER_MS, Math.max(0, tick.getTime() - Date.now())),
      );
      timer.unref();
      this.schedulers.set(id, timer);
    };
    nextCronTick(repeat.pattern, repeat.tz, new Date()); // a bad pattern throws here, to the caller
    arm(new Date());
  }

  async unschedule(id: string): Promise<void> {
    this.clearScheduler(id);
  }

  private clearScheduler(id: string): void {
    const timer = this.schedulers.get(id);
    if (!timer) return;
    clearTimeout(timer);
    clearInterval(timer);
    this.schedulers.delete(id);
  }

  async schedulerIds(prefix: string): Promise<string[]> {
    return [...this.schedulers.keys()].filter((id) => id.startsWith(prefix));
  }

  // Nothing to reconnect to: the schedules live in this process.
  onReconnect(): () => void {
    return () => undefined;
  }

  process(handlers: JobHandlers): void {
    this.handlers = handlers;
    for (const queue of this.lanes.keys()) this.pump(queue);
  }

  private pump(queue: QueueName): void {
    const lane = this.lanes.get(queue)!;
    const { concurrency } = this.opts.queues[queue];
    while (this.handlers && !this.closed && lane.active < concurrency && lane.waiting.length > 0) {
      const next = lane.waiting.shift()!;
      lane.active++;
      void this.run(queue, next).finally(() => {
        lane.active--;
        this.pump(queue);
      });
    }
  }

  private async run(queue: QueueName, p: Pending): Promise<void> {
    const lane = this.lanes.get(queue)!;
    const { attempts } = this.opts.queues[queue];
    const handler = this.handlers![p.item.name] as (d: unknown, c: unknown) => Promise<unknown>;
    try {
      await handler(p.item.data, { jobId: p.jobId, attempt: p.attempt, maxAttempts: attempts });
      this.settle(queue, p.jobId, true);
    } catch (err) {
      if (err instanceof RetryLaterError && !this.closed) {
        this.later(queue, p, err.pauseMs()); // not the job's fault: the attempt does not count
      } else if (p.attempt < attempts && !this.closed) {
        this.later(queue, { ...p, attempt: p.attempt + 1 }, (this.opts.backoffBaseMs ?? BACKOFF_BASE_MS) * 2 ** (p.attempt - 1));
      } else {
        lane.failed++;
        this.settle(queue, p.jobId, false);
      }
    }
  }

  private later(queue: QueueName, p: Pending, delayMs: number): void {
    const lane = this.lanes.get(queue)!;
    lane.delayed++;
    const t = setTimeout(() => {
      this.timers.delete(t);
      lane.delayed--;
      lane.waiting.push(p);
      this.pump(queue);
    }, delayMs);
    this.timers.add(t);
  }

  private settle(queue: QueueName, jobId: string, ok: boolean): void {
    this.known.delete(jobId);
    if (isEvaluation(queue)) this.events.emit('settled', { jobId, ok } satisfies SettledEvent);
  }

  async counts(): Promise<QueueCounts> {
    const lane = this.lanes.get(QueueName.Evaluation)!;
    return { waiting: lane.waiting.length, active: lane.active, delayed: lane.delayed, failed: lane.failed };
  }

  // A failed job leaves nothing behind here: its id can be added again, and its handler saw every failure.
  async failedJobs(): Promise<Map<string, string>> {
    return new Map();
  }

  onSettled(listener: (e: SettledEvent) => void): () => void {
    this.events.on('settled', listener);
    return () => this.events.off('settled', listener);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    for (const id of [...this.schedulers.keys()]) this.clearScheduler(id);
    while ([...this.lanes.values()].some((l) => l.active > 0)) await new Promise((r) => setTimeout(r, 20));
  }
}
