import { HttpException } from '@nestjs/common';
import type { Problem } from '@memfleet/contracts';
import { isDatabaseUnavailable } from '@memfleet/persistence';
import { problemType } from './problem.exception';

/** Long enough for a PostgreSQL restart or failover, short enough that agents resume soon after. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * A request that failed because PostgreSQL is unreachable (down, restarting, connection lost) is not the
 * client's fault: 503 with Retry-After, so the agent keeps the report and sends it again once the database
 * is back. Its Idempotency-Key stores it once even if the write committed just before the connection broke.
 */
export function databaseUnavailable(exception: unknown): { problem: Problem; retryAfterSeconds: number } | null {
  if (exception instanceof HttpException || !isDatabaseUnavailable(exception)) return null;
  return {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    problem: {
      type: problemType('database-unavailable'),
      title: 'Service Unavailable',
      status: 503,
      detail: `The database is unavailable; retry after ${DATABASE_RETRY_AFTER_SECONDS} s with the same Idempotency-Key.`,
    },
  };
}
