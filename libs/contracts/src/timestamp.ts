/**
 * Date-times the contract accepts: RFC 3339 (`2026-11-01T12:00:00Z`, `…+05:30`, fractions up to
 * nanoseconds) that PostgreSQL's timestamptz and JavaScript's Date both represent exactly. Refused:
 * leap seconds (PostgreSQL rolls `23:59:60` over into the next minute, `9999-12-31T23:59:60Z` into
 * year 10000), offsets beyond ±14:00 (no zone has more; PostgreSQL refuses some), and instants outside
 * the field's window.
 */

export interface TimestampWindow {
  /** Earliest instant, epoch milliseconds. */
  notBeforeMs: number;
  /** Latest instant relative to the server's clock, or absolute. */
  notAfter: { aheadOfNowMs: number } | { epochMs: number };
}

/** No agent, host or token of this system predates 2000. */
export const EARLIEST_TIMESTAMP = '2000-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST_TIMESTAMP);

/** `collectedAt`: from 2000 to one day after the server's clock (a host clock may run ahead, not by days). */
export const COLLECTED_AT_WINDOW: TimestampWindow = { notBeforeMs: EARLIEST_MS, notAfter: { aheadOfNowMs: 86_400_000 } };

/** Any other date-time (e.g. an expiry): from 2000 to the end of year 9999. */
export const STORABLE_WINDOW: TimestampWindow = { notBeforeMs: EARLIEST_MS, notAfter: { epochMs: Date.parse('9999-12-31T23:59:59.999Z') } };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const MAX_OFFSET_MINUTES = 14 * 60;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Epoch milliseconds of an RFC 3339 date-time, or the reason it is not one this system can store. */
export function parseTimestamp(
  text: unknown,
  window: TimestampWindow = STORABLE_WINDOW,
  nowMs = Date.now(),
): { ok: true; epochMs: number } | { ok: false; reason: string } {
  const m = typeof text === 'string' && text.length <= 64 ? RFC3339.exec(text) : null;
  if (!m) return { ok: false, reason: 'must be an RFC 3339 date-time such as 2026-11-01T12:00:00Z' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59) {
    return { ok: false, reason: 'is not a calendar date and time' };
  }
  if (second > 59) return { ok: false, reason: 'must not be a leap second (seconds 00-59)' };
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES || Number(m[10]) > 59) return { ok: false, reason: 'must have a UTC offset within ±14:00' };
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
  if (epochMs < window.notBeforeMs) return { ok: false, reason: `must not be before ${new Date(window.notBeforeMs).toISOString()}` };
  if ('aheadOfNowMs' in window.notAfter) {
    if (epochMs > nowMs + window.notAfter.aheadOfNowMs) {
      return { ok: false, reason: `must not be more than ${window.notAfter.aheadOfNowMs / 3_600_000} hours after the server's clock` };
    }
  } else if (epochMs > window.notAfter.epochMs) {
    return { ok: false, reason: `must not be after ${new Date(window.notAfter.epochMs).toISOString()}` };
  }
  return { ok: true, epochMs };
}

/** Why `text` is not a date-time of the window, or null when it is one. */
export function timestampProblem(text: unknown, window: TimestampWindow = STORABLE_WINDOW, nowMs = Date.now()): string | null {
  const parsed = parseTimestamp(text, window, nowMs);
  return parsed.ok ? null : parsed.reason;
}

/**
 * A date-time read back from storage as an ISO string, or null when JavaScript cannot represent it
 * (PostgreSQL keeps years up to 294276; rows written before the contract bounded them may hold any).
 */
export function storedTimestampIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  const ms = date.getTime();
  return Number.isFinite(ms) ? date.toISOString() : null;
}
