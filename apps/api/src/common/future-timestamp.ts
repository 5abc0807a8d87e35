import { invalidFields } from './problem.exception';

/**
 * An expiry given as an ISO 8601 timestamp (validated by the DTO): it has to be in the future and at most
 * `maxAheadMs` ahead, so no stored expiry is out of the range every reader can take.
 */
export function futureTimestamp(value: string, path: string, maxAheadMs: number, now = Date.now()): Date {
  const at = new Date(value);
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw invalidFields([{ path, reason: 'must be an ISO 8601 timestamp' }]);
  if (ms <= now) throw invalidFields([{ path, reason: 'must be in the future' }]);
  if (ms > now + maxAheadMs) throw invalidFields([{ path, reason: `must be at most ${Math.round(maxAheadMs / 86_400_000)} days ahead` }]);
  return at;
}
