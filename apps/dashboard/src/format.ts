import { formatBytes, formatEvidence, formatSinceBoot } from '@memfleet/contracts/evidence-format';

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

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  const d = new Date(iso);
  // UTC everywhere: hosts span regions and the API's day buckets are UTC.
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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

/** An evidence row's value in its unit, a time since boot also as a UTC time: the formatter the agent's check uses too. */
export function evidenceValue(e: { label?: string; value: number | string | boolean | null; unit: string }, bootTimeEpochSeconds?: number | null): string {
  return formatEvidence(e, { bootTimeEpochSeconds });
}

/** A time counted from boot: `2026-11-30 08:01 UTC, 10 s after boot` when the boot time is known, else `10 s after boot`. */
export function sinceBoot(secondsSinceBoot: number | null | undefined, bootTimeEpochSeconds?: number | null): string {
  return isKnown(secondsSinceBoot) ? formatSinceBoot(secondsSinceBoot, bootTimeEpochSeconds) : UNKNOWN;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
