import os from 'node:os';
import type { HostFs } from './host-fs';

export interface HostFacts {
  hostname: string;
  machineId: string | null;
  dmiProductUuid: string | null;
  kernelRelease: string | null;
  architecture: string | null;
  bootId: string | null;
  bootTimeEpochSeconds: number | null;
  uptimeSeconds: number | null;
  containerized: boolean | null;
  /** Only when reading the live host: its interfaces are this process's. */
  addresses?: string[];
}

/** The interfaces' IP addresses, sorted so an unchanged set keeps the configuration's hash; loopback and IPv6 link-local left out. */
export function interfaceAddresses(ifaces: ReturnType<typeof os.networkInterfaces>): string[] {
  const out = new Set<string>();
  for (const list of Object.values(ifaces)) for (const a of list ?? []) if (!a.internal && !/^fe80:/i.test(a.address)) out.add(a.address.slice(0, 45));
  return [...out].sort().slice(0, 64);
}

const CONTAINER_CGROUP = /docker|kubepods|containerd|libpod|lxc|cri-o|crio/;

export function isContainerCgroup(cgroupText: string): boolean {
  return cgroupText.split('\n').some((l) => CONTAINER_CGROUP.test(l.split(':').slice(2).join(':')));
}

/** uname machine: /proc/sys/kernel/arch (Linux ≥ 6.1), else this kernel when reading the live host, else cpuinfo. */
function architecture(fs: HostFs): string | null {
  const arch = fs.tryRead('/proc/sys/kernel/arch');
  if (arch) return arch.trim();
  if (fs.isHostRoot) return os.machine();
  const cpuinfo = fs.tryRead('/proc/cpuinfo') ?? '';
  if (/^vendor_id\s*:/m.test(cpuinfo)) return 'x86_64';
  if (/^CPU architecture\s*:\s*8/m.test(cpuinfo)) return 'aarch64';
  fs.error('/proc/sys/kernel/arch', 'architecture unknown', 'host.architecture');
  return null;
}

export function collectHost(fs: HostFs): HostFacts {
  const hostname = (fs.tryRead('/proc/sys/kernel/hostname') ?? fs.tryRead('/etc/hostname') ?? '').trim() || (fs.isHostRoot ? os.hostname() : 'unknown');
  const machineId = (fs.tryRead('/etc/machine-id') ?? fs.tryRead('/var/lib/dbus/machine-id') ?? '').trim() || null;
  if (!machineId) fs.error('/etc/machine-id', 'missing or empty', 'identity.machineId');
  const dmi = fs.tryRead('/sys/class/dmi/id/product_uuid')?.trim().toLowerCase() || null;
  const stat = fs.read('/proc/stat', 'host.bootTimeEpochSeconds');
  const btime = stat ? /^btime\s+(\d+)/m.exec(stat) : null;
  const uptime = fs.trimmed('/proc/uptime', 'metrics.uptimeSeconds');
  const up = uptime ? Number(uptime.split(/\s+/)[0]) : NaN;
  const cgroup = fs.tryRead('/proc/1/cgroup');
  return {
    hostname: hostname.slice(0, 253),
    machineId,
    dmiProductUuid: dmi,
    kernelRelease: fs.trimmed('/proc/sys/kernel/osrelease', 'host.kernelRelease'),
    architecture: architecture(fs),
    bootId: fs.trimmed('/proc/sys/kernel/random/boot_id', 'host.bootId'),
    bootTimeEpochSeconds: btime ? Number(btime[1]) : null,
    uptimeSeconds: Number.isFinite(up) ? up : null,
    containerized: fs.exists('/.dockerenv') || fs.exists('/run/.containerenv') || (cgroup !== null && isContainerCgroup(cgroup)),
    ...(fs.isHostRoot ? { addresses: interfaceAddresses(os.networkInterfaces()) } : {}),
  };
}
