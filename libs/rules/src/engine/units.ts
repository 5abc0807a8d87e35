export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

const BINARY_UNITS = [
  ['TiB', TiB],
  ['GiB', GiB],
  ['MiB', MiB],
  ['KiB', KiB],
] as const;

/**
 * Binary units, two decimals: what SREs compare with `free -h` and `df -h`. Every size in a summary or
 * remediation text uses this form; evidence carries the exact byte count.
 */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'unknown';
  const abs = Math.abs(n);
  for (const [unit, size] of BINARY_UNITS) {
    if (abs >= size) return `${(n / size).toFixed(2)} ${unit}`;
  }
  return `${n} B`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** Truncates (never rounds up) to `digits` decimals, so 1.999 never reads as a 2.00 that crossed a line. */
export function floorTo(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.floor(n * f) / f;
}

const VERSION_PREFIX = /^v/;
const VERSION_SEPARATORS = /[.+_-]/;

/** Compares dotted versions ("1.25.9" < "1.34"); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(VERSION_PREFIX, '').split(VERSION_SEPARATORS);
  const pb = b.replace(VERSION_PREFIX, '').split(VERSION_SEPARATORS);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = parseInt(pa[i] ?? '0', 10) || 0;
    const y = parseInt(pb[i] ?? '0', 10) || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A wall-clock minute in UTC, `2026-11-30 08:01 UTC`: what an SRE matches against logs. */
export function utcMinute(epochSeconds: number): string {
  return `${new Date(Math.floor(epochSeconds) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A time since boot, with its wall-clock time when the boot time is known: `2026-11-30 08:01 UTC, 10 s after boot`,
 * else `10 s after boot`.
 */
export function sinceBoot(seconds: number, bootTimeEpochSeconds: number | null): string {
  const after = `${Math.round(seconds)} s after boot`;
  return bootTimeEpochSeconds === null ? after : `${utcMinute(bootTimeEpochSeconds + seconds)}, ${after}`;
}
