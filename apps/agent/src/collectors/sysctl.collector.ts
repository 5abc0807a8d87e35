import type { ThpMode } from '@memfleet/contracts';
import type { HostFs } from './host-fs';

/** The bracketed choice of a sysfs selector such as "always [madvise] never". */
export function bracketed(text: string | null): string | null {
  if (text === null) return null;
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1] : null;
}

export function collectThp(fs: HostFs): { enabled: ThpMode | null; defrag: string | null } {
  const enabled = bracketed(fs.read('/sys/kernel/mm/transparent_hugepage/enabled', 'thp.enabled'));
  const defrag = bracketed(fs.read('/sys/kernel/mm/transparent_hugepage/defrag', 'thp.defrag'));
  const mode = enabled === 'always' || enabled === 'madvise' || enabled === 'never' ? enabled : null;
  return { enabled: mode, defrag };
}

function intOf(fs: HostFs, p: string, fact: string): number | null {
  const t = fs.trimmed(p, fact);
  if (t === null) return null;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) {
    fs.error(p, `not a non-negative integer: ${t.slice(0, 40)}`, fact);
    return null;
  }
  return n;
}

export function collectVmSysctl(fs: HostFs) {
  const om = intOf(fs, '/proc/sys/vm/overcommit_memory', 'vm.overcommitMemory');
  const mode: 0 | 1 | 2 | null = om === 0 || om === 1 || om === 2 ? om : null;
  return {
    overcommitMemory: mode,
    overcommitRatio: intOf(fs, '/proc/sys/vm/overcommit_ratio', 'vm.overcommitRatio'),
    overcommitKbytes: intOf(fs, '/proc/sys/vm/overcommit_kbytes', 'vm.overcommitKbytes'),
    maxMapCount: intOf(fs, '/proc/sys/vm/max_map_count', 'vm.maxMapCount'),
  };
}
