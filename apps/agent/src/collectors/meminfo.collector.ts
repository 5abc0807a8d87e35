import type { HostFs } from './host-fs';

export interface Meminfo {
  memTotalBytes: number | null;
  memFreeBytes: number | null;
  memAvailableBytes: number | null;
  swapTotalBytes: number | null;
  swapFreeBytes: number | null;
  commitLimitBytes: number | null;
  committedAsBytes: number | null;
  hugePagesTotal: number | null;
  hugePagesFree: number | null;
  hugePageSizeBytes: number | null;
}

export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (m) out.set(m[1], Number(m[2]) * (m[3] ? 1024 : 1));
  }
  return out;
}

export function collectMeminfo(fs: HostFs): Meminfo {
  const text = fs.read('/proc/meminfo', 'memory');
  const m = text === null ? new Map<string, number>() : parseMeminfo(text);
  const get = (k: string) => {
    const v = m.get(k);
    if (v === undefined && text !== null) fs.error('/proc/meminfo', `no ${k} line`, k);
    return v ?? null;
  };
  return {
    memTotalBytes: get('MemTotal'),
    memFreeBytes: get('MemFree'),
    memAvailableBytes: get('MemAvailable'),
    swapTotalBytes: get('SwapTotal'),
    swapFreeBytes: get('SwapFree'),
    commitLimitBytes: get('CommitLimit'),
    committedAsBytes: get('Committed_AS'),
    hugePagesTotal: get('HugePages_Total'),
    hugePagesFree: get('HugePages_Free'),
    hugePageSizeBytes: get('Hugepagesize'),
  };
}
