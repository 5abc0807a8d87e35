import fs from 'node:fs';
import path from 'node:path';
import type { StatfsNumbers } from '../collectors/host-fs';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A process in a fixture host tree. */
export interface FixtureProcess {
  pid: number;
  comm: string;
  exe: string;
  argv: string[];
  env?: Record<string, string>;
  rssKb: number;
  threads?: number;
  /** Start time in clock ticks since boot (USER_HZ 100). */
  startTicks: number;
  cpusAllowed?: string;
  cgroup?: string;
  /** RLIMIT_AS soft limit in bytes; unlimited when absent. */
  rlimitAs?: number;
  maps?: string;
  uid?: number;
  /** Files inside the process's own root (its mount namespace): proc/<pid>/root/... */
  rootFiles?: Record<string, string>;
  /** Binary contents placed at the exe path (inside the process root when it has one). */
  binary?: string;
}

/** A fixture host: only what differs from a healthy 8-CPU KVM x86_64 host needs saying. */
export interface FixtureHost {
  hostname?: string;
  machineId?: string;
  arch?: string;
  kernel?: string;
  meminfo?: Partial<
    Record<'MemTotal' | 'MemFree' | 'MemAvailable' | 'SwapTotal' | 'SwapFree' | 'CommitLimit' | 'Committed_AS' | 'HugePages_Total' | 'HugePages_Free', number>
  >;
  overcommit?: [number, number, number];
  maxMapCount?: number;
  thp?: [string, string];
  cpus?: { possible: string; present: string; online: string; offline?: string };
  cpuinfo?: string;
  dmi?: { vendor: string; product: string; uuid?: string } | null;
  clocksource?: string;
  availableClocksource?: string;
  /** Kernel log records as [seconds since boot, message]; the first gets sequence 0 (buffer holds the boot). */
  kmsg?: Array<[number, string]>;
  uptime?: number;
  mounts?: string[];
  statfs?: Record<string, StatfsNumbers>;
  cgroupRoot?: Record<string, string>;
  processes?: FixtureProcess[];
  files?: Record<string, string>;
  /** Symlinks as host path (no leading slash) → target, written after the files (e.g. usr/bin/redis-server → redis-check-rdb). */
  symlinks?: Record<string, string>;
  pageSize?: number;
}

/** x86_64 maps: the exe, the given libraries, n glibc 64 MiB arenas and a stack near the 47-bit top. */
export function mapsFor(exe: string, libs: string[], arenas = 0): string {
  const lines = [`555555554000-555555556000 r-xp 00000000 08:01 1001 ${exe}`, '555555756000-555555777000 rw-p 00000000 00:00 0 [heap]'];
  let base = 0x7f0000000000n;
  for (let i = 0; i < arenas; i++) {
    const start = base + BigInt(i) * 0x4000000n;
    const used = start + 0x21000n;
    const end = start + 0x4000000n;
    lines.push(`${start.toString(16)}-${used.toString(16)} rw-p 00000000 00:00 0 `);
    lines.push(`${used.toString(16)}-${end.toString(16)} ---p 00000000 00:00 0 `);
  }
  base = 0x7f8000000000n;
  libs.forEach((lib, i) =>
    lines.push(
      `${(base + BigInt(i) * 0x200000n).toString(16)}-${(base + BigInt(i) * 0x200000n + 0x1c000n).toString(16)} r-xp 00000000 08:01 ${2000 + i} ${lib}`,
    ),
  );
  lines.push('7ffc0d0e0000-7ffc0d101000 rw-p 00000000 00:00 0 [stack]');
  lines.push('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]');
  return `${lines.join('\n')}\n`;
}

export const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

export const X86_CPUINFO = (n: number, model = 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz') =>
  Array.from(
    { length: n },
    (_, i) =>
      `processor\t: ${i}\nvendor_id\t: GenuineIntel\nmodel name\t: ${model}\nflags\t\t: fpu vme de pse tsc msr pae hypervisor lm\naddress sizes\t: 46 bits physical, 48 bits virtual\n`,
  ).join('\n');

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const tmpfs = (bytes: number, used = 0): StatfsNumbers => ({
  bsize: 4096,
  blocks: bytes / 4096,
  bfree: (bytes - used) / 4096,
  bavail: (bytes - used) / 4096,
  files: 1_000_000,
  ffree: 999_990,
});
export const statfsTmpfs = tmpfs;

/** Writes a host tree under dir (replacing it). */
export function writeFixture(dir: string, h: FixtureHost): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const f = (p: string, c: string) => write(path.join(dir, p), c);
  const mem = {
    MemTotal: 16 * MiB,
    MemFree: 10 * MiB,
    MemAvailable: 12 * MiB,
    SwapTotal: 0,
    SwapFree: 0,
    CommitLimit: 8 * MiB,
    Committed_AS: 3 * MiB,
    HugePages_Total: 0,
    HugePages_Free: 0,
    ...h.meminfo,
  };
  f(
    'proc/meminfo',
    Object.entries(mem)
      .map(([k, v]) => (k.startsWith('HugePages') ? `${k}:       ${v}` : `${k}:       ${v} kB`))
      .join('\n') + '\nHugepagesize:       2048 kB\n',
  );
  f('proc/sys/kernel/hostname', `${h.hostname ?? 'fixture-host'}\n`);
  f('proc/sys/kernel/osrelease', `${h.kernel ?? '6.1.0-26-amd64'}\n`);
  f('proc/sys/kernel/arch', `${h.arch ?? 'x86_64'}\n`);
  f('proc/sys/kernel/random/boot_id', '0b5e1d2c-0000-4000-8000-000000000001\n');
  f('proc/sys/kernel/page_size', `${h.pageSize ?? 4096}\n`);
  f('etc/machine-id', `${h.machineId ?? '5f1c0ffee0ddba11c0ffee0ddba11c0f'}\n`);
  f('proc/stat', 'cpu  1 2 3 4\nbtime 1790000000\n');
  f('proc/uptime', `${h.uptime ?? 86400}.00 100.00\n`);
  const [om, ratio, kb] = h.overcommit ?? [0, 50, 0];
  f('proc/sys/vm/overcommit_memory', `${om}\n`);
  f('proc/sys/vm/overcommit_ratio', `${ratio}\n`);
  f('proc/sys/vm/overcommit_kbytes', `${kb}\n`);
  f('proc/sys/vm/max_map_count', `${h.maxMapCount ?? 65530}\n`);
  const [thpE, thpD] = h.thp ?? ['madvise', 'madvise'];
  const sel = (opts: string[], v: string) => opts.map((o) => (o === v ? `[${o}]` : o)).join(' ');
  f('sys/kernel/mm/transparent_hugepage/enabled', `${sel(['always', 'madvise', 'never'], thpE)}\n`);
  f('sys/kernel/mm/transparent_hugepage/defrag', `${sel(['always', 'defer', 'defer+madvise', 'madvise', 'never'], thpD)}\n`);
  const cpus = h.cpus ?? { possible: '0-7', present: '0-7', online: '0-7' };
  for (const k of ['possible', 'present', 'online'] as const) f(`sys/devices/system/cpu/${k}`, `${cpus[k]}\n`);
  f('sys/devices/system/cpu/offline', `${cpus.offline ?? ''}\n`);
  f('proc/cpuinfo', h.cpuinfo ?? X86_CPUINFO(2));
  if (h.dmi !== null) {
    const dmi = h.dmi ?? { vendor: 'QEMU', product: 'Standard PC (Q35 + ICH9, 2009)' };
    f('sys/class/dmi/id/sys_vendor', `${dmi.vendor}\n`);
    f('sys/class/dmi/id/product_name', `${dmi.product}\n`);
    if (dmi.uuid) f('sys/class/dmi/id/product_uuid', `${dmi.uuid}\n`);
  }
  f('sys/devices/system/clocksource/clocksource0/current_clocksource', `${h.clocksource ?? 'kvm-clock'}\n`);
  f('sys/devices/system/clocksource/clocksource0/available_clocksource', `${h.availableClocksource ?? 'kvm-clock tsc acpi_pm'}\n`);
  const kmsg = h.kmsg ?? [
    [0, 'Linux version 6.1.0-26-amd64'],
    [0.01, 'Hypervisor detected: KVM'],
    [0.02, 'smpboot: Allowing 8 CPUs, 0 hotplug CPUs'],
  ];
  f('dev/kmsg', kmsg.map(([t, m], i) => `6,${i},${Math.round(t * 1e6)},-;${m}`).join('\n') + '\n');
  f(
    'proc/1/mounts',
    (
      h.mounts ?? [
        '/dev/root / ext4 rw,relatime 0 0',
        'tmpfs /dev/shm tmpfs rw,nosuid,nodev,size=8388608k 0 0',
        'tmpfs /run tmpfs rw,nosuid,nodev,size=1638400k,mode=755 0 0',
      ]
    ).join('\n') + '\n',
  );
  f('proc/1/cgroup', '0::/init.scope\n');
  f('proc/1/stat', '1 (systemd) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0\n');
  f('proc/1/cmdline', '/sbin/init\0');
  f('proc/1/status', 'Name:\tsystemd\nUid:\t0\t0\t0\t0\nThreads:\t1\nVmRSS:\t12000 kB\nCpus_allowed_list:\t0-7\n');
  f('proc/1/limits', 'Max address space         unlimited            unlimited            bytes\n');
  f('proc/1/maps', mapsFor('/usr/lib/systemd/systemd', [LIBC]));
  f('proc/1/environ', 'PATH=/usr/bin\0');
  fs.symlinkSync('/usr/lib/systemd/systemd', path.join(dir, 'proc/1/exe'));
  f('statfs.json', JSON.stringify(h.statfs ?? { '/dev/shm': tmpfs(8 * 1024 * MiB), '/run': tmpfs(1600 * MiB, 2 * MiB) }, null, 1) + '\n');
  const cg = { 'cgroup.controllers': 'cpuset cpu io memory pids\n', ...h.cgroupRoot };
  for (const [p, c] of Object.entries(cg)) f(`sys/fs/cgroup/${p}`, c);
  for (const p of h.processes ?? []) writeProcess(dir, p);
  for (const [p, c] of Object.entries(h.files ?? {})) f(p, c);
  for (const [p, target] of Object.entries(h.symlinks ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, p));
  }
}

export function writeProcess(dir: string, p: FixtureProcess): void {
  const pd = path.join(dir, 'proc', String(p.pid));
  const f = (name: string, c: string) => write(path.join(pd, name), c);
  const threads = p.threads ?? 4;
  f(
    'stat',
    `${p.pid} (${p.comm}) S 1 ${p.pid} ${p.pid} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 ${threads} 0 ${p.startTicks} ${p.rssKb * 4096} ${Math.round(p.rssKb / 4)} 0\n`,
  );
  f('cmdline', `${p.argv.join('\0')}\0`);
  f(
    'environ',
    Object.entries(p.env ?? {})
      .map(([k, v]) => `${k}=${v}\0`)
      .join(''),
  );
  f(
    'status',
    `Name:\t${p.comm}\nUid:\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\nThreads:\t${threads}\nVmRSS:\t${p.rssKb} kB\nCpus_allowed_list:\t${p.cpusAllowed ?? '0-7'}\n`,
  );
  f('cgroup', `${p.cgroup ?? '0::/system.slice/app.service'}\n`);
  f('limits', `Max address space         ${p.rlimitAs ?? 'unlimited'}            ${p.rlimitAs ?? 'unlimited'}            bytes\n`);
  f('maps', p.maps ?? mapsFor(p.exe, [LIBC]));
  fs.symlinkSync(p.exe, path.join(pd, 'exe'));
  const rootPrefix = p.rootFiles ? path.join(pd, 'root') : dir;
  for (const [file, c] of Object.entries(p.rootFiles ?? {})) write(path.join(pd, 'root', file), c);
  if (p.binary !== undefined) write(path.join(rootPrefix, p.exe), p.binary);
}
