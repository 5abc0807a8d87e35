import { formatBytes, formatEvidence, formatSinceBoot } from '@memfleet/contracts/evidence-format';
import { browserTimeZone, preferences } from './preferences';

// Unknown facts (null/undefined) render as "unknown", never as 0.
export const UNKNOWN = 'unknown';

export function isKnown<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

/** Sizes as everywhere else (the agent's check, the exports): one formatter in the contracts. */
export function bytes(v: number | null | undefined): string {
  return isKnown(v) ? formatBytes(v) : UNKNOWN;
}

export function num(v: number | null | undefined): string {
  return isKnown(v) ? v.toLocaleString('en-US') : UNKNOWN;
}

export function text(v: string | number | boolean | null | undefined): string {
  if (!isKnown(v)) return UNKNOWN;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === '') return '(empty)';
  return String(v);
}

export function seconds(v: number | null | undefined): string {
  if (!isKnown(v)) return UNKNOWN;
  if (v < 120) return `${Math.round(v)} s`;
  if (v < 7200) return `${Math.round(v / 60)} min`;
  if (v < 172800) return `${(v / 3600).toFixed(1)} h`;
  return `${(v / 86400).toFixed(1)} d`;
}

// One time-zone rule for every time on screen: UTC by default (hosts span regions and the API's day buckets are UTC),
// this browser's zone when the viewer picks it (preferences.ts). Every timestamp goes through dateTime.

/** The zone times are shown in: `UTC`, or the browser's IANA name. */
export function zoneName(): string {
  return preferences().timeZone === 'utc' ? 'UTC' : browserTimeZone();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` of `d` in the chosen zone. */
export function zoneInputValue(d: Date): string {
  if (preferences().timeZone === 'utc') return d.toISOString().slice(0, 16);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `YYYY-MM-DD HH:mm` (as times are shown) read in the chosen zone; null when it is not a time. */
export function fromZoneInput(value: string): Date | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})\s*$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const at = preferences().timeZone === 'utc' ? new Date(Date.UTC(y, mo - 1, d, h, mi)) : new Date(y, mo - 1, d, h, mi);
  // Date rolls 2026-02-31 over into March: such a value is no time.
  const back = zoneInputValue(at);
  return back === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? at : null;
}

/** The short name of the browser's zone at `d`, e.g. `GMT+5:30` or `EST`. */
function zoneAbbreviation(d: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? browserTimeZone();
}

/** `2026-11-30 08:01 UTC` (or `2026-11-30 13:31 GMT+5:30` in the browser's zone). */
export function dateTimeAt(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return UNKNOWN;
  return `${zoneInputValue(d).replace('T', ' ')} ${preferences().timeZone === 'utc' ? 'UTC' : zoneAbbreviation(d)}`;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? dateTimeAt(new Date(iso).getTime()) : UNKNOWN;
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  // Seconds matter: a host that reports every few seconds is stale after a few seconds.
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export const OVERCOMMIT_MODES: Record<string, string> = {
  '0': '0 (heuristic)',
  '1': '1 (always)',
  '2': '2 (strict)',
};

export function overcommit(v: number | null | undefined): string {
  return isKnown(v) ? (OVERCOMMIT_MODES[String(v)] ?? String(v)) : UNKNOWN;
}

/** An evidence row's value in its unit, a time since boot also as a time in the chosen zone: the formatter the agent's check uses too. */
export function evidenceValue(e: { label?: string; value: number | string | boolean | null; unit: string }, bootTimeEpochSeconds?: number | null): string {
  return formatEvidence(e, { bootTimeEpochSeconds, formatTime: dateTimeAt });
}

/** A time counted from boot: `2026-11-30 08:01 UTC, 10 s after boot` (in the chosen zone) when the boot time is known, else `10 s after boot`. */
export function sinceBoot(secondsSinceBoot: number | null | undefined, bootTimeEpochSeconds?: number | null): string {
  return isKnown(secondsSinceBoot) ? formatSinceBoot(secondsSinceBoot, bootTimeEpochSeconds, dateTimeAt) : UNKNOWN;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
