import { EventEmitter } from 'node:events';
import type { JobItem } from '@memfleet/contracts';
import { BACKOFF_BASE_MS, type JobHandlers, type JobQueue, type QueueCounts, type SettledEvent } from './job-queue';

interface Pending {
  item: JobItem;
  jobId: string;
  attempt: number;
}

/**
 * Runs jobs in this process through the same handlers the BullMQ workers use. Nothing here is
 * durable: reports stay `queued` in PostgreSQL, and the recovery sweep re-enqueues them at start.
 */
export class InlineQueue implements JobQueue {
  readonly mode = 'inline' as const;
  private readonly events = new EventEmitter();
  private readonly waiting: Pending[] = [];
  private readonly known = new Set<string>();
  private active = 0;
  private delayed = 0;
  private failed = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly handlers: JobHandlers,
    private readonly opts: { concurrency: number; attempts: number; backoffBaseMs?: number },
  ) {
    this.events.setMaxListeners(0);
  }

  async enqueue(item: JobItem, jobId: string): Promise<void> {
    if (this.closed || this.known.has(jobId)) return;
    this.known.add(jobId);
    this.waiting.push({ item, jobId, attempt: 1 });
    this.pump();
  }

  async enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void> {
    for (const j of jobs) await this.enqueue(j.item, j.jobId);
  }

  private pump(): void {
    while (!this.closed && this.active < this.opts.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.active++;
      void this.run(next).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(p: Pending): Promise<void> {
    const handler = this.handlers[p.item.name] as (d: unknown, c: unknown) => Promise<unknown>;
    try {
      await handler(p.item.data, { jobId: p.jobId, attempt: p.attempt, maxAttempts: this.opts.attempts });
      this.known.delete(p.jobId);
      this.events.emit('settled', { jobId: p.jobId, ok: true } satisfies SettledEvent);
    } catch {
      if (p.attempt < this.opts.attempts && !this.closed) {
        const delay = (this.opts.backoffBaseMs ?? BACKOFF_BASE_MS) * 2 ** (p.attempt - 1);
        this.delayed++;
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.delayed--;
          this.waiting.push({ ...p, attempt: p.attempt + 1 });
          this.pump();
        }, delay);
        this.timers.add(t);
      } else {
        this.failed++;
        this.known.delete(p.jobId);
        this.events.emit('settled', { jobId: p.jobId, ok: false } satisfies SettledEvent);
      }
    }
  }

  async counts(): Promise<QueueCounts> {
    return { waiting: this.waiting.length, active: this.active, delayed: this.delayed, failed: this.failed };
  }

  onSettled(listener: (e: SettledEvent) => void): () => void {
    this.events.on('settled', listener);
    return () => this.events.off('settled', listener);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    while (this.active > 0) await new Promise((r) => setTimeout(r, 20));
  }
}
