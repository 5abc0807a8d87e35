import zlib from 'node:zlib';
import { formatCpuList, hasGaps, parseCpuList } from '@memfleet/contracts/cpu-list';
import type { HostFs } from './host-fs';

export interface CpuFacts {
  possible: string | null;
  present: string | null;
  online: string | null;
  offline: string | null;
  possibleCount: number | null;
  presentCount: number | null;
  onlineCount: number | null;
  onlineHasGaps: boolean | null;
  model: string | null;
  virtualAddressBits: number | null;
  userVirtualAddressBits: number | null;
  virtualAddressBitsSource: 'cpuinfo' | 'kernel-config' | 'maps' | null;
}

const SYS_CPU = '/sys/devices/system/cpu';

export function readCpuSet(fs: HostFs, name: 'possible' | 'present' | 'online' | 'offline', silent = false): number[] | null {
  const p = `${SYS_CPU}/${name}`;
  const text = silent ? fs.tryRead(p) : fs.read(p, `cpu.${name}`);
  if (text === null) return null;
  const set = parseCpuList(text);
  if (set === null) fs.error(p, `unparsable CPU list: ${text.trim().slice(0, 60)}`, `cpu.${name}`);
  return set;
}

/** x86: "address sizes : 46 bits physical, 48 bits virtual"; user space gets half of the canonical range. */
export function cpuinfoVirtualBits(cpuinfo: string): number | null {
  const m = /address sizes\s*:.*?(\d+) bits virtual/.exec(cpuinfo);
  return m ? Number(m[1]) : null;
}

export function cpuModel(cpuinfo: string): string | null {
  const m = /^(?:model name|Model|cpu model|Processor)\s*:\s*(.+)$/m.exec(cpuinfo);
  if (m) return m[1].trim().slice(0, 256);
  // arm64 lists only implementer/part numbers.
  const impl = /^CPU implementer\s*:\s*(\S+)/m.exec(cpuinfo);
  const part = /^CPU part\s*:\s*(\S+)/m.exec(cpuinfo);
  return impl ? `arm64 implementer ${impl[1]} part ${part?.[1] ?? '?'}` : null;
}

function arm64VaBits(fs: HostFs, release: string | null): number | null {
  let config = release ? fs.tryRead(`/boot/config-${release}`) : null;
  if (config === null) {
    const gz = fs.readBuffer('/proc/config.gz');
    if (gz) {
      try {
        config = zlib.gunzipSync(gz).toString('utf8');
      } catch {
        config = null;
      }
    }
  }
  const m = config ? /^CONFIG_ARM64_VA_BITS=(\d+)/m.exec(config) : null;
  return m ? Number(m[1]) : null;
}

/** Bits needed for the highest user mapping end seen in a maps text (the stack sits near the top). */
export function highestMappingBits(maps: string): number | null {
  let max = 0n;
  for (const line of maps.split('\n')) {
    const m = /^[0-9a-f]+-([0-9a-f]+) /.exec(line);
    if (!m) continue;
    const end = BigInt(`0x${m[1]}`);
    // vsyscall page lives in kernel space on x86.
    if (end < 0xffff800000000000n && end > max) max = end;
  }
  return max > 0n ? (max - 1n).toString(2).length : null;
}

export function collectCpu(fs: HostFs, release: string | null, arch: string | null): CpuFacts {
  const possible = readCpuSet(fs, 'possible');
  const present = readCpuSet(fs, 'present');
  const online = readCpuSet(fs, 'online');
  // "offline" is absent on some kernels; derive it from possible − online then.
  let offline = readCpuSet(fs, 'offline', true);
  if (offline === null && possible && online) offline = possible.filter((c) => !online.includes(c));
  const cpuinfo = fs.read('/proc/cpuinfo', 'cpu.model') ?? '';
  let va = cpuinfoVirtualBits(cpuinfo);
  let user: number | null = va === null ? null : va - 1;
  let source: CpuFacts['virtualAddressBitsSource'] = va === null ? null : 'cpuinfo';
  if (va === null && (arch === 'aarch64' || arch === 'arm64' || /CPU architecture\s*:\s*8/.test(cpuinfo))) {
    va = arm64VaBits(fs, release);
    // arm64 user space (TTBR0) spans the whole configured VA size.
    user = va;
    source = va === null ? null : 'kernel-config';
  }
  if (va === null) {
    const maps = fs.tryRead('/proc/1/maps') ?? (fs.isHostRoot ? fs.tryRead('/proc/self/maps') : null);
    const bits = maps ? highestMappingBits(maps) : null;
    if (bits !== null) {
      user = bits;
      source = 'maps';
    } else fs.error('/proc/cpuinfo', 'virtual address bits unknown (no address sizes, kernel config or maps)', 'cpu.virtualAddressBits');
  }
  return {
    possible: possible && formatCpuList(possible),
    present: present && formatCpuList(present),
    online: online && formatCpuList(online),
    offline: offline && formatCpuList(offline),
    possibleCount: possible?.length ?? null,
    presentCount: present?.length ?? null,
    onlineCount: online?.length ?? null,
    onlineHasGaps: online ? hasGaps(online) : null,
    model: cpuModel(cpuinfo),
    virtualAddressBits: va,
    userVirtualAddressBits: user,
    virtualAddressBitsSource: source,
  };
}
