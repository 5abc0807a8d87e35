import { InvalidArgumentError } from 'commander';
import { MAX_LABELS, parseLabel } from '@memfleet/contracts/labels';

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;

/** "30s", "5m", "1h", "500ms", "300" (seconds) → seconds; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_SECONDS[(m[2] ?? 's') as keyof typeof UNIT_SECONDS] : null;
}

const showSeconds = (s: number) => (s > 0 && s % 3600 === 0 ? `${s / 3600}h` : s > 0 && s % 60 === 0 ? `${s / 60}m` : `${s}s`);

/** A commander value parser for a duration from `min` to `max` seconds (commander names the flag in its error). */
export function durationArg(min: number, max: number): (value: string) => number {
  return (value) => {
    const s = parseDuration(value);
    if (s === null) throw new InvalidArgumentError('not a duration (use e.g. 30s, 5m, 1h).');
    if (s < min || s > max) throw new InvalidArgumentError(`must be from ${showSeconds(min)} to ${showSeconds(max)}.`);
    return s;
  };
}

/** A commander value parser for a whole number from `min` to `max`. */
export function countArg(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('not a whole number.');
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be from ${min} to ${max}.`);
    return n;
  };
}

/** Repeatable `--label k=v`, checked like the server checks labels (libs/contracts). */
export function labelArg(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const parsed = parseLabel(value);
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.reason}.`);
  const labels = { ...previous, [parsed.key]: parsed.value };
  if (Object.keys(labels).length > MAX_LABELS) throw new InvalidArgumentError(`at most ${MAX_LABELS} labels.`);
  return labels;
}

/** An http(s) server URL. */
export function serverArg(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('not a URL (e.g. https://memfleet.example:3000).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http:// or https:// URL.');
  return value;
}
