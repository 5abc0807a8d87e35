// Evidence values in words, one implementation for the agent's `check`, the dashboard and the exports. Pure and
// without Node imports: the dashboard bundles this file.

/** What a missing fact reads as everywhere: never `null`, `—` or 0. */
export const UNKNOWN_TEXT = 'unknown';

/**
 * short: `1.96 GiB`, for tables and exports; long: bytes also exact, `1.96 GiB (2,101,248,000 B)`, for the CLI,
 * where a person may compare the number with what another tool prints.
 */
export type EvidenceForm = 'short' | 'long';

export interface EvidenceFormatOptions {
  form?: EvidenceForm;
  /** The host's boot time (epoch seconds): a value counted in seconds since boot is also shown as a UTC time. */
  bootTimeEpochSeconds?: number | null;
  /** How that point in time reads (default: the UTC minute); the dashboard passes its own time zone's. */
  formatTime?: (epochMs: number) => string;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `2,304`; at most `digits` decimals. */
export const formatNumber = (n: number, digits = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** `1.96 GiB`, or in the long form `1.96 GiB (2,101,248,000 B)`; under 1 KiB exact either way. */
export function formatBytes(n: number, form: EvidenceForm = 'short', suffix = ''): string {
  const sign = n < 0 ? '−' : '';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return `${sign}${formatNumber(v)} B${suffix}`;
  const shown = `${sign}${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${BYTE_UNITS[i]}${suffix}`;
  return form === 'long' ? `${shown} (${sign}${formatNumber(Math.abs(n), 0)} B${suffix})` : shown;
}

/** A duration for people: `45 s`, `12 min`, `5.5 h`, `3.2 d`. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 120) return `${sign}${Math.round(s)} s`;
  if (s < 7200) return `${sign}${Math.round(s / 60)} min`;
  if (s < 172800) return `${sign}${(s / 3600).toFixed(1)} h`;
  return `${sign}${(s / 86400).toFixed(1)} d`;
}

/** `2026-11-30 08:01 UTC`: hosts span regions, so times are UTC everywhere. */
export function formatUtcMinute(epochMs: number): string {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? UNKNOWN_TEXT : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-30 08:01 UTC, 10 s after boot`; without the boot time only the second half. */
export function formatSinceBoot(seconds: number, bootTimeEpochSeconds?: number | null, formatTime: (epochMs: number) => string = formatUtcMinute): string {
  const after = `${formatDuration(seconds)} after boot`;
  return typeof bootTimeEpochSeconds === 'number' ? `${formatTime((bootTimeEpochSeconds + seconds) * 1000)}, ${after}` : after;
}

/** One evidence value in its unit (units outside the contract's list read as plain numbers). */
export function formatEvidenceValue(value: number | string | boolean | null | undefined, unit: string, opts: EvidenceFormatOptions = {}): string {
  const form = opts.form ?? 'short';
  if (value === null || value === undefined) return UNKNOWN_TEXT;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  switch (unit) {
    case 'bytes':
      return formatBytes(value, form);
    case 'bytes/s':
      return formatBytes(value, form, '/s');
    case 'bytes/h':
      return formatBytes(value, form, '/h');
    case 'seconds':
      return formatDuration(value);
    case 'cpus':
      return `${formatNumber(value)} ${value === 1 ? 'CPU' : 'CPUs'}`;
    case 'bits':
      return `${formatNumber(value)} bits`;
    case 'percent':
      return `${formatNumber(value, 1)}%`;
    case 'flag':
      return value ? 'yes' : 'no';
    case 'text':
      return String(value);
    default:
      // count, ratio: the number alone, a count is not a unit
      return formatNumber(value);
  }
}

// Rules label a time counted from boot so (e.g. "Process started (s since boot)"); its value is a point in time.
const SINCE_BOOT = /since boot/i;

/** An evidence row's value: as formatEvidenceValue, and a time since boot also as a UTC time. */
export function formatEvidence(
  e: { label?: string; value: number | string | boolean | null | undefined; unit: string },
  opts: EvidenceFormatOptions = {},
): string {
  if (e.unit === 'seconds' && typeof e.value === 'number' && SINCE_BOOT.test(e.label ?? ''))
    return formatSinceBoot(e.value, opts.bootTimeEpochSeconds, opts.formatTime);
  return formatEvidenceValue(e.value, e.unit, opts);
}
