import { QueueName, type JobItem, type JobName, type JobPayload } from '@memfleet/contracts';
import type { CronRepeat } from './cron';

export interface JobContext {
  jobId: string;
  /** 1-based attempt number. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<N extends JobName = JobName> = (data: JobPayload<N>, ctx: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Finished jobs kept for up to `age` seconds and/or the last `count` of them. */
export type KeepJobs = { age: number; count?: number } | { age?: number; count: number };

/** How the jobs of one queue run: in parallel per process, retried, and how long finished ones are kept (BullMQ). */
export interface QueueSettings {
  concurrency: number;
  attempts: number;
  keepCompleted: KeepJobs;
  keepFailed: KeepJobs;
}

export type QueuesSettings = Record<QueueName, QueueSettings>;

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

/**
 * Every queue of the system (job names map to queues in libs/contracts): BullMQ on Redis, or inline in
 * this process. The same handlers run either way; nothing runs until process() hands them over.
 */
export interface JobQueue {
  readonly mode: 'bullmq' | 'inline';
  /** Adds a job under its fixed id; adding an id that exists is a no-op. */
  enqueue(item: JobItem, jobId: string): Promise<void>;
  /** Adds many jobs in one round trip; same per-id semantics as enqueue. */
  enqueueMany(jobs: { item: JobItem; jobId: string }[]): Promise<void>;
  /**
   * Runs `item` every `everyMs` however many processes share the queue: one job per tick, taken by
   * one worker. Calling it again (another process, a restart) keeps the one schedule.
   */
  schedule(item: JobItem, everyMs: number): Promise<void>;
  /**
   * Runs `item` on the ticks of a cron expression in a time zone, under one named scheduler: one job per
   * tick (id `repeat:<schedulerId>:<tick ms>`) however many processes declare it; declaring it again
   * replaces its pattern. Kept by this process and declared again whenever Redis answers again.
   */
  scheduleCron(schedulerId: string, item: JobItem, repeat: CronRepeat): Promise<void>;
  /** Ends a scheduler (cron or interval), also one this process never declared; unknown ids are a no-op. */
  unschedule(schedulerId: string): Promise<void>;
  /** The ids of the schedulers that exist (BullMQ: in Redis, from any process) starting with `prefix`. */
  schedulerIds(prefix: string): Promise<string[]>;
  /** Runs `listener` each time the backing store answers again after being away (never inline), once its schedules are declared. */
  onReconnect(listener: () => void): () => void;
  /** Runs jobs in this process with these handlers (BullMQ: starts one worker per queue). */
  process(handlers: JobHandlers): void;
  /** Evaluation jobs by state. */
  counts(): Promise<QueueCounts>;
  /**
   * Which of these jobs the queue failed for good, with the reason. BullMQ keeps a failed job under its id
   * (so adding the id again is a no-op), and fails a job that stalled twice without its handler seeing it.
   */
  failedJobs(jobIds: string[]): Promise<Map<string, string>>;
  /** Fires when an evaluation job completes or fails for good (in any worker process, for BullMQ). */
  onSettled(listener: (e: SettledEvent) => void): () => void;
  /** Whether the backing store answers (always true inline). */
  healthy(): Promise<boolean>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const BACKOFF_BASE_MS = 1000;
export const RETRY_LATER_MS = 5000;

/**
 * Thrown by a handler that could not run for a reason outside its job (the database is away): the job
 * runs again after `delayMs` (plus up to a fifth more, jitter) without using up an attempt, however long
 * the outage lasts. Its `reason` is the original error.
 */
export class RetryLaterError extends Error {
  constructor(
    readonly reason: unknown,
    readonly delayMs = RETRY_LATER_MS,
  ) {
    super(`retry later: ${reason instanceof Error ? reason.message : String(reason)}`);
  }

  /** The pause before the next run; jittered so that jobs held back together do not all return at once. */
  pauseMs(random: () => number = Math.random): number {
    return Math.round(this.delayMs * (1 + random() / 5));
  }
}

/** One scheduler per job name: every process upserting it means the same schedule. */
export const schedulerId = (item: JobItem): string => `every-${item.name}`;

/** The job id of one tick of a scheduler, as BullMQ names it; the inline queue uses the same. */
export const tickJobId = (schedulerId: string, tickMs: number): string => `repeat:${schedulerId}:${tickMs}`;

export const isEvaluation = (queue: QueueName): boolean => queue === QueueName.Evaluation;
