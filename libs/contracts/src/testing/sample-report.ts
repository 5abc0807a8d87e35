import type { ProcessConfig, Runtime } from '../report/configuration.schema';
import type { ProcessMetrics } from '../report/metrics.schema';
import type { Report } from '../report/report.schema';

const GiB = 1024 ** 3;

/** A valid, healthy 8-CPU KVM host with no runtimes; tests and generators override what they need. */
export function sampleReport(overrides: { machineId?: string; sequence?: number; hostname?: string } = {}): Report {
  const machineId = overrides.machineId ?? '5f1c0ffee0ddba11c0ffee0ddba11c0f';
  return {
    schemaVersion: 2,
    sequence: overrides.sequence ?? 1,
    collectedAt: new Date('2026-11-01T00:00:00Z').toISOString(),
    intervalSeconds: 300,
    agent: { version: '0.1.0', capabilities: ['proc', 'sys', 'proc-environ', 'proc-maps', 'kmsg'] },
    identity: { machineId, dmiProductUuid: null },
    labels: { env: 'test' },
    configuration: {
      host: {
        hostname: overrides.hostname ?? `host-${machineId.slice(0, 8)}`,
        kernelRelease: '6.1.0-26-amd64',
        architecture: 'x86_64',
        bootId: '0b5e1d2c-0000-4000-8000-000000000001',
        bootTimeEpochSeconds: 1_790_000_000,
        containerized: false,
      },
      memory: { memTotalBytes: 16 * GiB, swapTotalBytes: 0, hugePagesTotal: 0, hugePageSizeBytes: 2 * 1024 * 1024, pageSizeBytes: 4096 },
      thp: { enabled: 'madvise', defrag: 'madvise' },
      vm: { overcommitMemory: 0, overcommitRatio: 50, overcommitKbytes: 0, maxMapCount: 65530 },
      cpu: {
        possible: '0-7',
        present: '0-7',
        online: '0-7',
        offline: '',
        possibleCount: 8,
        presentCount: 8,
        onlineCount: 8,
        onlineHasGaps: false,
        model: 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz',
        cgroupCpuLimitCores: null,
        virtualAddressBits: 48,
        userVirtualAddressBits: 47,
        virtualAddressBitsSource: 'cpuinfo',
      },
      virtualization: {
        hypervisorFlag: true,
        sysVendor: 'QEMU',
        productName: 'Standard PC (Q35 + ICH9, 2009)',
        hypervisorType: null,
        clocksource: 'kvm-clock',
        kvmAccelerated: true,
        qemuEmulated: false,
        qemuUserBinfmt: [],
        hypervisor: 'kvm',
      },
      cgroup: { version: 2, path: '/', memoryMaxBytes: null, memoryHighBytes: null, cpuLimitCores: null },
      mounts: [{ mountPoint: '/dev/shm', fsType: 'tmpfs', sizeOption: null }],
      processes: [],
    },
    metrics: {
      uptimeSeconds: 86_400,
      memAvailableBytes: 12 * GiB,
      memFreeBytes: 10 * GiB,
      swapFreeBytes: 0,
      commitLimitBytes: 8 * GiB,
      committedAsBytes: 3 * GiB,
      hugePagesFree: 0,
      filesystems: [
        {
          mountPoint: '/dev/shm',
          blockSizeBytes: 4096,
          totalBytes: 8 * GiB,
          freeBytes: 8 * GiB,
          availableBytes: 8 * GiB,
          inodesTotal: 2_000_000,
          inodesFree: 1_999_990,
        },
      ],
      cpuHotplug: { events: [], windowStartSecondsSinceBoot: 0, windowEndSecondsSinceBoot: 86_400, allowingCpus: 8, allowingHotplugCpus: 0 },
      processes: [],
    },
    collectionErrors: [],
  };
}

/** Adds a process (configuration + metrics halves) to a report and returns the report. */
export function withProcess(
  report: Report,
  proc: Partial<ProcessConfig> & { subject: string; runtimes?: Runtime[] },
  metrics: Partial<Omit<ProcessMetrics, 'subject'>> = {},
): Report {
  const pid = 1000 + report.configuration.processes.length;
  report.configuration.processes.push({
    state: 'running',
    exe: null,
    cmdline: null,
    containerId: null,
    rlimitAsBytes: null,
    cpusAllowedList: report.configuration.cpu.online ?? null,
    cpusAllowedCount: report.configuration.cpu.onlineCount ?? null,
    allocator: 'glibc',
    env: {},
    ...proc,
    runtimes: proc.runtimes ?? [],
  });
  report.metrics.processes.push({
    subject: proc.subject,
    pid,
    startTimeSecondsSinceBoot: 100,
    rssBytes: 100 * 1024 * 1024,
    threads: 8,
    arena64MiBCount: 0,
    allocatorStats: null,
    aeronDir: null,
    envoyAdmin: null,
    ...metrics,
  });
  return report;
}
