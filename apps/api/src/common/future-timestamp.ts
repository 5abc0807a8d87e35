import { parseTimestamp } from '@memfleet/contracts';
import { invalidFields } from './problem.exception';

/**
 * An expiry: an RFC 3339 date-time of the contract (libs/contracts/src/timestamp.ts, as `@IsTimestamp`
 * checks it in the DTO) that is in the future and, when `maxAheadMs` is given, at most that far ahead,
 * so no stored expiry is out of the range every reader can take. Every `expiresAt` goes through here.
 */
export function futureTimestamp(value: string, path: string, maxAheadMs?: number, now = Date.now()): Date {
  const parsed = parseTimestamp(value);
  if (!parsed.ok) throw invalidFields([{ path, reason: parsed.reason }]);
  const ms = parsed.epochMs;
  if (ms <= now) throw invalidFields([{ path, reason: 'must be in the future' }]);
  if (maxAheadMs !== undefined && ms > now + maxAheadMs) {
    throw invalidFields([{ path, reason: `must be at most ${Math.round(maxAheadMs / 86_400_000)} days ahead` }]);
  }
  return new Date(ms);
}
