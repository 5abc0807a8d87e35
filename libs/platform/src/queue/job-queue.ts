import type { JobItem, JobName } from '@memfleet/contracts';

export interface JobContext {
  jobId: string;
  /** 1-based attempt number. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<N extends JobName = JobName> = (data: Extract<JobItem, { name: N }>['data'], ctx: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface SettledEvent {
  jobId: string;
  ok: boolean;
}

/** The evaluation queue: BullMQ on Redis, or inline in this process. Same handlers either way. */
export interface JobQueue {
  readonly mode: 'bullmq' | 'inline';
  /** Adds a job under its fixed id; adding an id that exists is a no-op. */
  enqueue(item: JobItem, jobId: string): Promise<void>;
  /** Adds many jobs in one round trip; same per-id semantics as enqueue. */
  enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** Fires when any job completes or fails for good (in any worker process, for BullMQ). */
  onSettled(listener: (e: SettledEvent) => void): () => void;
  /** Whether the backing store answers (always true inline). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const BACKOFF_BASE_MS = 1000;
