import type { ProcessConfig, ProcessMetrics, RuntimeKind } from '@memfleet/contracts';
import { parseCpuList } from '@memfleet/contracts/cpu-list';
import { basename } from './argv';
import { scanBinary } from './binary-scan';
import { limitsFor, systemdUnitOf } from './cgroup.collector';
import type { HostFs } from './host-fs';
import { analyseMaps } from './maps';
import type { NetworkProbes } from './network-probes';
import type { ProcBasics } from './process-scan.collector';
import { redactArgv } from './redact';
import { programName } from './runtime-detect';
import { buildRuntimes, type RuntimeExtras } from './runtimes.collector';
import { mountContaining, processMounts, usageOf } from './mounts.collector';
import { runArg, type CollectedEntry, type SubjectParts } from './subject-parts';

export interface ProcessContext {
  fs: HostFs;
  cgroupVersion: 1 | 2 | null;
  clockTicks: number;
  /** /proc under the root is a live procfs (magic exe/root links work), not a fixture tree. */
  liveProc: boolean;
  probes: NetworkProbes;
}

export interface CollectedProcess extends CollectedEntry {
  /** Loopback probes still running; they fill the metrics in place. */
  pending: Promise<void>[];
  /** The runtime kinds it was recognised as. */
  kinds: RuntimeKind[];
  /** /proc/<pid>/exe (inside its root), to tell whether a systemd unit's ExecStart is this process. */
  binary: string | null;
}

/** "Max address space  unlimited  unlimited  bytes" → soft limit, null when unlimited. */
export function rlimitAs(limits: string): number | null | undefined {
  const m = /^Max address space\s+(\S+)/m.exec(limits);
  if (!m) return undefined;
  return m[1] === 'unlimited' ? null : Number(m[1]);
}

export function containerIdOf(cgroupText: string | null): string | null {
  return cgroupText ? (/([0-9a-f]{64})/.exec(cgroupText)?.[1] ?? null) : null;
}

/**
 * The mount aeron.dir lives on, as the process sees it (its mountinfo), so rules name the filesystem to grow
 * (/dev/shm), not the directory; the directory itself when the process's mount table is unreadable.
 */
function aeronMountOf(fs: HostFs, pid: number, procRoot: string, dir: string): string {
  const mounts = processMounts(fs, pid);
  const real = fs.realpath(dir, procRoot) ?? dir;
  return (mounts && mountContaining(mounts, real)?.mountPoint) ?? dir;
}

export function collectProcess(ctx: ProcessContext, p: ProcBasics): CollectedProcess {
  const { fs } = ctx;
  const dir = `/proc/${p.pid}`;
  const procRoot = fs.exists(`${dir}/root/`) ? `${dir}/root` : '';
  const cgroupText = fs.read(`${dir}/cgroup`, `process(${p.pid}).cgroup`);
  const limitsText = fs.read(`${dir}/limits`, `process(${p.pid}).rlimitAsBytes`);
  // absent, not null, when not read: null says unlimited
  const rlimit = limitsText === null ? undefined : rlimitAs(limitsText);
  const mapsText = fs.read(`${dir}/maps`, `process(${p.pid}).allocator`);
  const maps = mapsText === null ? null : analyseMaps(mapsText);
  if (!p.environReadable) fs.error(`${dir}/environ`, 'not readable (needs CAP_SYS_PTRACE or the same user)', `process(${p.pid}).env`);

  const emulator = basename(p.exe).startsWith('qemu-') ? basename(p.exe) : null;
  const primary = p.kinds[0] ?? null;
  // The binary is read, never run: the live magic link first, else the path inside the process's root.
  let binPath: string | null = null;
  if (p.kinds.length > 0 && !emulator) {
    if (ctx.liveProc && p.binary) binPath = fs.abs(`${dir}/exe`);
    else if (p.binary) binPath = fs.abs(`${procRoot}${p.binary}`);
  }
  // JVM-hosted runtimes take their version elsewhere; the java binary says nothing about them.
  const kindForVersion = p.kinds.find((k) => k !== 'jvm' && k !== 'elasticsearch' && (k !== 'aeron' || basename(p.exe) === 'aeronmd')) ?? null;
  const marks = binPath && kindForVersion ? scanBinary(binPath, kindForVersion) : null;
  if (binPath && kindForVersion && marks === null) fs.error(`${dir}/exe`, 'binary not readable', `process(${p.pid}).version`);

  const extras: RuntimeExtras = {};
  const runtimes = buildRuntimes(
    fs,
    p.kinds,
    {
      pid: p.pid,
      argv: p.argv,
      env: p.env,
      exe: p.exe,
      uid: p.uid,
      procRoot,
      version: marks?.version ?? null,
      googleTcmalloc: marks?.googleTcmalloc ?? false,
      gperftools: marks?.gperftools ?? false,
    },
    extras,
  );

  let allocator: ProcessConfig['allocator'] = null;
  if (maps) {
    if (maps.allocatorLib) allocator = maps.allocatorLib;
    else if (marks?.googleTcmalloc && !marks.gperftools) allocator = 'tcmalloc-google';
    else if (marks?.jemalloc && p.kinds.includes('redis')) allocator = 'jemalloc';
    else allocator = maps.libcMapped ? 'glibc' : 'static/unknown';
  }

  const containerId = containerIdOf(cgroupText);
  const program = emulator ? programName({ exe: p.exe, argv: p.argv, env: p.env }) : (p.exe ?? p.argv[0] ?? p.comm);
  const systemdUnit = systemdUnitOf(cgroupText);
  let subject = `${primary ?? 'process'}:${program}`;
  if (containerId) subject += `@${containerId.slice(0, 12)}`;
  if (extras.envoyConfigPath) subject += `#${extras.envoyConfigPath}`;
  const startTime = p.startTicks === null ? null : Math.round((p.startTicks / ctx.clockTicks) * 100) / 100;
  const naming: SubjectParts = {
    base: subject.slice(0, 500),
    port: extras.redisPort ?? null,
    arg: runArg(p.kinds, redactArgv(p.argv)),
    unit: systemdUnit,
    stableKey: redactArgv(p.argv).join(' '),
    startTime,
    pid: p.pid,
  };
  const allowed = p.cpusAllowedList ? parseCpuList(p.cpusAllowedList) : null;

  const config: ProcessConfig = {
    subject: subject.slice(0, 500),
    state: 'running',
    exe: p.exe,
    cmdline: redactArgv(p.argv).join(' ').slice(0, 4096),
    containerId,
    // absent when the cgroup was not read; null when it names no system service
    ...(cgroupText === null ? {} : { systemdUnit }),
    ...(rlimit === undefined ? {} : { rlimitAsBytes: rlimit }),
    cgroup: limitsFor(fs, cgroupText, ctx.cgroupVersion),
    cpusAllowedList: p.cpusAllowedList,
    cpusAllowedCount: allowed ? allowed.length : null,
    allocator,
    emulator,
    env: p.env,
    runtimes,
  };
  const metrics: ProcessMetrics = {
    subject: config.subject,
    pid: p.pid,
    startTimeSecondsSinceBoot: startTime,
    rssBytes: p.rssBytes,
    threads: p.threads,
    arena64MiBCount: maps ? maps.arena64MiBCount : null,
    allocatorStats: null,
    aeronDir: null,
    envoyAdmin: null,
  };

  if (extras.aeronDir !== undefined) {
    const resolved = `${procRoot}${extras.aeronDir}`;
    const entries = fs.readdir(resolved);
    let count = 0;
    let bytes = 0;
    for (const sub of ['publications', 'images']) {
      for (const f of fs.readdir(`${resolved}/${sub}`) ?? []) {
        if (!f.endsWith('.logbuffer')) continue;
        count++;
        bytes += fs.fileSize(`${resolved}/${sub}/${f}`) ?? 0;
      }
    }
    if (entries === null) fs.error(resolved, 'aeron.dir missing or unreadable', `process(${p.pid}).aeronDir`);
    metrics.aeronDir = {
      resolvedPath: resolved,
      exists: fs.exists(resolved),
      readable: entries !== null,
      logBufferCount: entries === null ? null : count,
      logBufferBytes: entries === null ? null : bytes,
      usage:
        entries === null
          ? null
          : usageOf(fs, resolved, `${config.subject}:${aeronMountOf(fs, p.pid, procRoot, extras.aeronDir)}`, `process(${p.pid}).aeronDir.usage`),
    };
  }

  const pending: Promise<void>[] = [];
  if (extras.redisPort !== undefined) {
    pending.push(
      ctx.probes.redisInfo(extras.redisPort).then((info) => {
        if (!info) return;
        if (info.usedMemory !== null && info.usedMemoryRss !== null) {
          metrics.allocatorStats = {
            allocatedBytes: info.usedMemory,
            residentBytes: info.usedMemoryRss,
            source: 'redis-info',
            allocatorName: info.memAllocator,
          };
        }
        const rt = runtimes.find((r) => r.kind === 'redis');
        if (rt && rt.version == null && info.version) Object.assign(rt, { version: info.version, versionSource: 'info' });
        if (info.memAllocator && config.allocator !== 'jemalloc' && /^jemalloc/.test(info.memAllocator)) config.allocator = 'jemalloc';
      }),
    );
  }
  if (extras.envoyAdminPort !== undefined) {
    pending.push(
      ctx.probes.envoyStats(extras.envoyAdminPort).then((stats) => {
        if (stats) metrics.envoyAdmin = stats;
      }),
    );
  }
  return { config, metrics, naming, pending, kinds: p.kinds, binary: p.binary };
}
