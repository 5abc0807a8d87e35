import { QueueName } from '@memfleet/contracts';
import type { AppConfig } from '../config/env';
import type { QueuesSettings } from '../queue/job-queue';

/**
 * Evaluation jobs retry with backoff and are kept a while for ?wait= and debugging; a housekeeping run
 * is not retried (the next tick is the retry) and runs one at a time per process; alerts and deliveries run on their own queue.
 */
export function queuesSettings(config: AppConfig, embedded: boolean): QueuesSettings {
  return {
    [QueueName.Evaluation]: {
      // The embedded database has one connection: more than one job at a time only waits on it.
      concurrency: embedded ? 1 : config.workerConcurrency,
      attempts: config.jobAttempts,
      keepCompleted: { age: 3600, count: 50_000 },
      keepFailed: { age: 7 * 86400 },
    },
    [QueueName.Housekeeping]: { concurrency: 1, attempts: 1, keepCompleted: { count: 100 }, keepFailed: { count: 100 } },
    // One audit at a time per process: each is a handful of fleet-wide statements.
    [QueueName.Audits]: { concurrency: 1, attempts: 3, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
    // A delivery counts its own attempts in PostgreSQL and waits between them with RetryLaterError; the
    // queue's attempts only cover a handler that failed before it could record anything.
    [QueueName.Alerts]: { concurrency: embedded ? 1 : 4, attempts: 3, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
    // One replay at a time per process: each is seconds of CPU and up to a few hundred MB of block maps.
    [QueueName.Traces]: { concurrency: 1, attempts: 3, keepCompleted: { count: 1000 }, keepFailed: { count: 1000 } },
  };
}
