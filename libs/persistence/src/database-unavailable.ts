/** Socket errors of a connection attempt or a connection that broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server shutting down, crashed or starting (57P01-57P03), of a lost or refused connection
 * (class 08 but 08P01, a protocol violation) and of a full connection table (53300).
 */
const SERVER_CODES = /^(57P0[123]|0800[01346]|08007|53300)$/;

// pg and pg-pool report a broken or timed-out connection by message only.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
];

/**
 * Whether an error means PostgreSQL cannot be reached right now (down, restarting, connection lost), as
 * opposed to a statement it refused. Such a request can be retried unchanged once the database is back.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; syscall?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  // A socket error names its syscall; an HTTP client aborting its upload is ECONNRESET without one.
  if (typeof e.code === 'string' && SOCKET_CODES.has(e.code) && typeof e.syscall === 'string') return true;
  if (typeof e.code === 'string' && SERVER_CODES.test(e.code)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM wraps the driver's error; Node wraps per-address connect failures in an AggregateError.
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((n) => n !== err && isDatabaseUnavailable(n, depth + 1));
}
