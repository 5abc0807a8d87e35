import type { Allocator } from '@memfleet/contracts';

const ARENA = 64n * 1024n * 1024n;

export interface MapsFacts {
  allocatorLib: Allocator | null;
  libcMapped: boolean;
  arena64MiBCount: number;
}

/**
 * glibc's secondary arenas are 64 MiB (HEAP_MAX_SIZE on 64-bit), 64 MiB-aligned anonymous reservations that show
 * as an rw-p part plus a ---p remainder; counted when contiguous anonymous regions fill one aligned 64 MiB exactly.
 */
export function analyseMaps(text: string): MapsFacts {
  let allocatorLib: Allocator | null = null;
  let libcMapped = false;
  let arenas = 0;
  const lines = text.split('\n');
  const anon: Array<{ start: bigint; end: bigint }> = [];
  for (const line of lines) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const file = m[4];
    if (file === '' && m[3] === '0') anon.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`) });
    if (!file.startsWith('/')) continue;
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (/^libjemalloc/.test(base)) allocatorLib = 'jemalloc';
    else if (/^libtcmalloc/.test(base)) allocatorLib ??= 'tcmalloc-gperftools';
    else if (/^libmimalloc/.test(base)) allocatorLib ??= 'mimalloc';
    else if (/^libc[.-]/.test(base)) libcMapped = true;
  }
  for (let i = 0; i < anon.length; i++) {
    const start = anon[i].start;
    if (start % ARENA !== 0n) continue;
    let end = anon[i].end;
    let j = i;
    while (end - start < ARENA && j + 1 < anon.length && anon[j + 1].start === end) end = anon[++j].end;
    if (end - start === ARENA) {
      arenas++;
      i = j;
    }
  }
  return { allocatorLib, libcMapped, arena64MiBCount: arenas };
}
