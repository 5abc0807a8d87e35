import fs from 'node:fs';
import type { CollectionError, HotplugEvent, Report } from '@memfleet/contracts';
import { MAX_REPORT_PROCESSES } from '@memfleet/contracts/report/limits';
import { cgroupVersion, limitsFor } from '../collectors/cgroup.collector';
import { clockTicks } from '../collectors/clock-ticks';
import { collectCpu } from '../collectors/cpu.collector';
import { applyDeclarations, readDeclarations } from '../collectors/declarations.collector';
import { collectHost } from '../collectors/host.collector';
import { HostFs, type StatfsSource } from '../collectors/host-fs';
import { hotplugEvents, readKernelLog } from '../collectors/kernel-log.collector';
import { collectMeminfo } from '../collectors/meminfo.collector';
import { collectFilesystems, collectShmMounts } from '../collectors/mounts.collector';
import { loopbackProbes, type NetworkProbes } from '../collectors/network-probes';
import { collectProcess, type CollectedProcess } from '../collectors/process.collector';
import { scanProcesses } from '../collectors/process-scan.collector';
import type { CollectedEntry } from '../collectors/subject-parts';
import { collectThp, collectVmSysctl } from '../collectors/sysctl.collector';
import { collectConfiguredUnits } from '../collectors/systemd-units.collector';
import { collectVirtualization } from '../collectors/virtualization.collector';
import { AGENT_VERSION } from '../version';
import { nameSubjects } from './subjects';

export interface CollectOptions {
  root?: string;
  topN?: number;
  intervalSeconds?: number;
  labels?: Record<string, string>;
  sequence?: number;
  /** The agent instance (its state directory) the sequence counts in; `run` sends it, `collect` and `check` do not. */
  instanceId?: string;
  probes?: NetworkProbes;
  statfs?: StatfsSource;
  /** Online-set changes seen by `run`'s sampler, with the uptime it started sampling at. */
  sampled?: { events: HotplugEvent[]; sinceSecondsSinceBoot: number };
  spool?: { pending: number; dropped: number; rejected: number };
  now?: Date;
}

const PROC_SUPER_MAGIC = 0x9fa0;
const MAX_ERRORS = 2000;

function isLiveProc(root: string): boolean {
  try {
    return fs.statfsSync(root === '/' ? '/proc' : `${root}/proc`).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

export async function collectReport(opts: CollectOptions = {}): Promise<Report> {
  const hfs = new HostFs(opts.root ?? '/', opts.statfs);
  const host = collectHost(hfs);
  const mem = collectMeminfo(hfs);
  const kernelLog = readKernelLog(hfs, host.uptimeSeconds);
  const cpu = collectCpu(hfs, host.kernelRelease, host.architecture);
  const version = cgroupVersion(hfs);
  const hostCgroup = limitsFor(hfs, hfs.tryRead('/proc/1/cgroup'), version);
  const virt = collectVirtualization(
    hfs,
    kernelLog
      ? kernelLog.lines
          .slice(0, 3000)
          .map((l) => l.message)
          .join('\n')
      : null,
  );
  const mounts = collectShmMounts(hfs);

  const ctx = { fs: hfs, cgroupVersion: version, clockTicks: clockTicks(), liveProc: isLiveProc(hfs.root), probes: opts.probes ?? loopbackProbes };
  const { selected } = scanProcesses(hfs, opts.topN ?? 50);
  const collected: CollectedProcess[] = selected.map((p) => collectProcess(ctx, p));
  await Promise.all(collected.flatMap((c) => c.pending));
  const procs: CollectedEntry[] = collected.map((c) => ({ config: c.config, metrics: c.metrics, naming: c.naming }));
  procs.push(...collectConfiguredUnits(hfs, collected));
  procs.push(...applyDeclarations(readDeclarations(hfs), procs));
  nameSubjects(procs);
  const limited = procs.slice(0, MAX_REPORT_PROCESSES);

  // Hotplug: kernel log events plus the sampler's; the window is the union both cover.
  const fromLog = kernelLog ? hotplugEvents(kernelLog, host.bootId) : { events: [], allowingCpus: null, allowingHotplugCpus: null };
  const events = [...fromLog.events, ...(opts.sampled?.events ?? [])].sort((a, b) => a.atSecondsSinceBoot - b.atSecondsSinceBoot);
  const starts = [kernelLog?.windowStart, opts.sampled?.sinceSecondsSinceBoot].filter((v): v is number => typeof v === 'number');
  const ends = [kernelLog?.windowEnd, opts.sampled ? host.uptimeSeconds : null].filter((v): v is number => typeof v === 'number');
  // keep the boot-time "allowing" line even when a long log is cut to the newest events
  const keep = events.length > 1024 ? [...events.filter((e) => e.action === 'allowing').slice(0, 1), ...events.slice(-1023)] : events;

  const errors: CollectionError[] = hfs.errors;
  const caps = ['proc', 'sys'];
  if (selected.some((p) => p.environReadable && p.pid !== 1) || selected.length === 0) caps.push('proc-environ');
  if (collected.some((c) => c.metrics.arena64MiBCount !== null)) caps.push('proc-maps');
  if (kernelLog) caps.push(kernelLog.source);
  if (opts.sampled) caps.push('cpu-sampler');

  return {
    schemaVersion: 2,
    sequence: opts.sequence ?? 0,
    collectedAt: (opts.now ?? new Date()).toISOString(),
    intervalSeconds: opts.intervalSeconds ?? 300,
    agent: {
      version: AGENT_VERSION,
      ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
      capabilities: caps,
      ...(opts.spool ? { spool: opts.spool } : {}),
    },
    identity: { machineId: host.machineId ?? `unknown-${host.hostname}`.slice(0, 64), dmiProductUuid: host.dmiProductUuid },
    labels: opts.labels ?? {},
    configuration: {
      host: {
        hostname: host.hostname,
        kernelRelease: host.kernelRelease,
        architecture: host.architecture,
        bootId: host.bootId,
        bootTimeEpochSeconds: host.bootTimeEpochSeconds,
        containerized: host.containerized,
        ...(host.addresses ? { addresses: host.addresses } : {}),
      },
      memory: {
        memTotalBytes: mem.memTotalBytes,
        swapTotalBytes: mem.swapTotalBytes,
        hugePagesTotal: mem.hugePagesTotal,
        hugePageSizeBytes: mem.hugePageSizeBytes,
        // The kernel page size: what statfs of a tmpfs reports as its block size, else 4 KiB on x86/arm64 defaults.
        pageSizeBytes: pageSize(hfs),
      },
      thp: collectThp(hfs),
      vm: collectVmSysctl(hfs),
      cpu: { ...cpu, cgroupCpuLimitCores: hostCgroup.cpuLimitCores },
      virtualization: virt,
      cgroup: hostCgroup,
      mounts,
      processes: limited.map((p) => p.config),
    },
    metrics: {
      uptimeSeconds: host.uptimeSeconds,
      memAvailableBytes: mem.memAvailableBytes,
      memFreeBytes: mem.memFreeBytes,
      swapFreeBytes: mem.swapFreeBytes,
      commitLimitBytes: mem.commitLimitBytes,
      committedAsBytes: mem.committedAsBytes,
      hugePagesFree: mem.hugePagesFree,
      filesystems: collectFilesystems(hfs, mounts),
      cpuHotplug: {
        events: keep,
        windowStartSecondsSinceBoot: starts.length ? Math.min(...starts) : null,
        windowEndSecondsSinceBoot: ends.length ? Math.max(...ends) : null,
        allowingCpus: fromLog.allowingCpus,
        allowingHotplugCpus: fromLog.allowingHotplugCpus,
      },
      processes: limited.map((p) => p.metrics),
    },
    collectionErrors: errors.slice(0, MAX_ERRORS),
    ...(errors.length > MAX_ERRORS ? { collectionErrorCount: errors.length } : {}),
  };
}

/** Page size from the kernel's own numbers: KernelPageSize in /proc/self/smaps, else statfs of /proc's tmpfs-like block size. */
function pageSize(hfs: HostFs): number | null {
  const smaps = hfs.tryRead('/proc/1/smaps_rollup') ?? hfs.tryRead('/proc/1/smaps');
  const m = smaps ? /^KernelPageSize:\s+(\d+) kB/m.exec(smaps) : null;
  if (m) return Number(m[1]) * 1024;
  if (hfs.isHostRoot) {
    const self = hfs.tryRead('/proc/self/smaps');
    const s = self ? /^KernelPageSize:\s+(\d+) kB/m.exec(self) : null;
    if (s) return Number(s[1]) * 1024;
  }
  const fixture = hfs.tryRead('/proc/sys/kernel/page_size');
  if (fixture) return Number(fixture.trim());
  hfs.error('/proc/1/smaps', 'page size unknown', 'memory.pageSizeBytes');
  return null;
}
