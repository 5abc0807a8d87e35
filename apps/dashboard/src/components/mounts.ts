import { bytes, isKnown } from '../format';

/** Shared memory proper: /dev/shm (and the old /run/shm) and mounts below it; other tmpfs mounts are not. */
export function isSharedMemory(mountPoint: string): boolean {
  return ['/dev/shm', '/run/shm'].some((m) => mountPoint === m || mountPoint.startsWith(`${m}/`));
}

const SUFFIX: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

/**
 * A tmpfs size= option as people read it: `4g` → 4.00 GiB, `65536k` → 64.0 MiB, `10%` → 10% of RAM
 * (1.60 GiB); anything else as written. tmpfs reads the suffixes as binary multiples.
 */
export function mountSize(option: string, memTotalBytes?: number | null): string {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(option);
  if (pct) return `${pct[1]}% of RAM${isKnown(memTotalBytes) ? ` (${bytes((memTotalBytes * Number(pct[1])) / 100)})` : ''}`;
  const m = /^(\d+)([kmgtpe]?)$/i.exec(option);
  if (!m) return option;
  return bytes(Number(m[1]) * (m[2] ? SUFFIX[m[2].toLowerCase()] : 1));
}
