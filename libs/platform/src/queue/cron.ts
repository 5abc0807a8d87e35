import { CronExpressionParser } from 'cron-parser';

/** A cron schedule as BullMQ's job schedulers take it: the expression and the IANA time zone it is read in. */
export interface CronRepeat {
  pattern: string;
  tz: string;
}

export type CronCheck = { ok: true; tz: string; next: Date | null } | { ok: false; field: 'cron' | 'timeZone'; reason: string };

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const IANA_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * The zone's name (in Intl's letter case), or null when `tz` is not an IANA time zone. Intl's list leaves out
 * aliases such as `UTC` and `Etc/GMT+5`, so a name it does not list counts when Intl accepts it;
 * offsets such as `+01:00` do not (cron-parser reads only zone names).
 */
export function canonicalTimeZone(tz: string): string | null {
  if (IANA_ZONES.has(tz)) return tz;
  if (!IANA_NAME.test(tz)) return null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    // Names are case-insensitive (utc is UTC); otherwise keep the name given (ICU still says Asia/Katmandu).
    return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
  } catch {
    return null;
  }
}

/** The first tick of `pattern` in `tz` strictly after `after`; null when it has none left. Throws on a bad expression. */
export function nextCronTick(pattern: string, tz: string, after: Date): Date | null {
  const interval = CronExpressionParser.parse(pattern, { tz, currentDate: after });
  try {
    return interval.next().toDate();
  } catch {
    return null; // past the parser's last year
  }
}

/**
 * Checks a cron expression (5 fields, or 6 with seconds first, as BullMQ's cron-parser reads it) and a time
 * zone; the answer names the field at fault, or gives the zone's canonical name and the next tick.
 */
export function parseCron(expr: string, tz: string, from: Date = new Date()): CronCheck {
  const zone = canonicalTimeZone(tz);
  if (!zone) return { ok: false, field: 'timeZone', reason: `"${tz}" is not an IANA time zone (such as UTC or Europe/Berlin)` };
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  // cron-parser reads an empty text as "* * * * *": refuse it, and any field count BullMQ would not run.
  if (!expr.trim().startsWith('@') && (fields.length < 5 || fields.length > 6))
    return {
      ok: false,
      field: 'cron',
      reason: `"${expr}" is not a cron expression: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first`,
    };
  try {
    return { ok: true, tz: zone, next: nextCronTick(expr, zone, from) };
  } catch (err) {
    return { ok: false, field: 'cron', reason: `"${expr}" is not a cron expression: ${(err as Error).message}` };
  }
}
